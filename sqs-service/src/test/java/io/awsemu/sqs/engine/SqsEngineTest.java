package io.awsemu.sqs.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.sqs.engine.SqsEngine.Delivery;
import io.awsemu.sqs.engine.SqsEngine.SendRequest;
import io.awsemu.sqs.store.H2QueueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqsEngineTest {
    /** A clock tests move by hand. */
    static final class FakeClock extends Clock {
        long millis = 1_700_000_000_000L;
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis); }
        void advanceSeconds(long s) { millis += s * 1000; }
    }

    private final H2MetadataDb db = H2MetadataDb.inMemory();
    private final FakeClock clock = new FakeClock();
    private SqsEngine engine = new SqsEngine(new H2QueueStore(db), clock);

    @AfterEach
    void close() { db.close(); }

    private static QueueKey key(String name) { return new QueueKey("000000000000", "us-east-1", name); }

    private static SendRequest msg(String body) { return new SendRequest(body, null, Map.of(), null, null, null, "000000000000"); }

    private static SendRequest fifo(String body, String group, String dedup) {
        return new SendRequest(body, null, Map.of(), null, group, dedup, "000000000000");
    }

    @Test
    void visibilityTimeoutHidesThenRedelivers() {
        Queue q = engine.createQueue(key("q"), Map.of("VisibilityTimeout", "10"), null);
        engine.send(q, msg("hello"));
        List<Delivery> first = engine.receive(q, 10, null, null);
        assertEquals(1, first.size());
        assertEquals("1", first.get(0).systemAttributes().get("ApproximateReceiveCount"));
        assertTrue(engine.receive(q, 10, null, null).isEmpty());
        assertEquals("1", engine.getAttributes(q, List.of("All")).get("ApproximateNumberOfMessagesNotVisible"));
        clock.advanceSeconds(10);
        List<Delivery> second = engine.receive(q, 10, null, null);
        assertEquals("2", second.get(0).systemAttributes().get("ApproximateReceiveCount"));
        // the first handle is stale: deleting with it is accepted but deletes nothing
        engine.deleteMessage(q, first.get(0).receiptHandle());
        assertEquals("1", engine.getAttributes(q, List.of("ApproximateNumberOfMessagesNotVisible"))
                .get("ApproximateNumberOfMessagesNotVisible"));
        engine.deleteMessage(q, second.get(0).receiptHandle());
        clock.advanceSeconds(60);
        assertTrue(engine.receive(q, 10, null, null).isEmpty());
    }

    @Test
    void changeVisibilityAndErrors() {
        Queue q = engine.createQueue(key("q"), null, null);
        engine.send(q, msg("a"));
        Delivery d = engine.receive(q, 1, 100, null).get(0);
        engine.changeVisibility(q, d.receiptHandle(), 0);
        assertEquals(1, engine.receive(q, 1, 5, null).size());
        clock.advanceSeconds(6);
        AwsException e = assertThrows(AwsException.class, () -> engine.changeVisibility(q, d.receiptHandle(), 5));
        assertEquals("ReceiptHandleIsInvalid", e.code());
        assertEquals("ReceiptHandleIsInvalid", assertThrows(AwsException.class,
                () -> engine.deleteMessage(q, "garbage")).code());
    }

    @Test
    void delayAndRetention() {
        Queue q = engine.createQueue(key("q"), Map.of("DelaySeconds", "5", "MessageRetentionPeriod", "60"), null);
        engine.send(q, msg("late"));
        assertEquals("1", engine.getAttributes(q, List.of("ApproximateNumberOfMessagesDelayed")).get("ApproximateNumberOfMessagesDelayed"));
        assertTrue(engine.receive(q, 1, null, null).isEmpty());
        clock.advanceSeconds(5);
        assertEquals(1, engine.receive(q, 1, 0, null).size());
        clock.advanceSeconds(55);
        assertTrue(engine.receive(q, 1, null, null).isEmpty());
        assertEquals("0", engine.getAttributes(q, List.of("All")).get("ApproximateNumberOfMessages"));
    }

    @Test
    void createQueueIsIdempotentOnlyForSameAttributes() {
        Queue a = engine.createQueue(key("q"), Map.of("VisibilityTimeout", "10"), null);
        assertEquals(a, engine.createQueue(key("q"), Map.of("VisibilityTimeout", "10"), null));
        assertEquals("QueueNameExists", assertThrows(AwsException.class,
                () -> engine.createQueue(key("q"), Map.of("VisibilityTimeout", "11"), null)).code());
        assertEquals("InvalidAttributeName", assertThrows(AwsException.class,
                () -> engine.createQueue(key("r"), Map.of("Bogus", "1"), null)).code());
        assertEquals("InvalidAttributeValue", assertThrows(AwsException.class,
                () -> engine.createQueue(key("r"), Map.of("DelaySeconds", "901"), null)).code());
    }

    @Test
    void fifoOrderGroupsAndDeduplication() {
        Queue q = engine.createQueue(key("f.fifo"), Map.of("FifoQueue", "true"), null);
        assertEquals("MissingParameter", assertThrows(AwsException.class, () -> engine.send(q, msg("x"))).code());
        SqsEngine.SendResult r1 = engine.send(q, fifo("a1", "A", "d1"));
        SqsEngine.SendResult dup = engine.send(q, fifo("a1-again", "A", "d1"));
        assertEquals(r1.messageId(), dup.messageId());
        engine.send(q, fifo("a2", "A", "d2"));
        engine.send(q, fifo("b1", "B", "d3"));
        List<Delivery> got = engine.receive(q, 1, null, null);
        assertEquals("a1", got.get(0).body());
        // group A is blocked while a1 is in flight; B is free
        List<Delivery> next = engine.receive(q, 10, null, null);
        assertEquals(List.of("b1"), next.stream().map(Delivery::body).toList());
        engine.deleteMessage(q, got.get(0).receiptHandle());
        assertEquals("a2", engine.receive(q, 10, null, null).get(0).body());
        clock.advanceSeconds(301);
        assertTrue(!engine.send(q, fifo("a1", "A", "d1")).messageId().equals(r1.messageId()));
    }

    @Test
    void deadLetterAfterMaxReceives() {
        Queue dlq = engine.createQueue(key("dlq"), null, null);
        Queue q = engine.createQueue(key("src"), Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\",\"maxReceiveCount\":\"2\"}", "VisibilityTimeout", "1"), null);
        engine.send(q, msg("poison"));
        for (int i = 0; i < 2; i++) {
            assertEquals(1, engine.receive(q, 1, null, null).size());
            clock.advanceSeconds(1);
        }
        assertTrue(engine.receive(q, 1, null, null).isEmpty());
        Delivery d = engine.receive(dlq, 1, null, null).get(0);
        assertEquals("poison", d.body());
        assertEquals(q.arn(), d.systemAttributes().get("DeadLetterQueueSourceArn"));
        assertEquals(List.of(q), engine.deadLetterSources(dlq));
        assertEquals("InvalidParameterValue", assertThrows(AwsException.class, () -> engine.createQueue(key("x"),
                Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:nope\",\"maxReceiveCount\":1}"),
                null)).code());
    }

    @Test
    void stateSurvivesReload() {
        Queue q = engine.createQueue(key("q"), Map.of("VisibilityTimeout", "100"), Map.of("team", "x"));
        engine.send(q, msg("kept"));
        engine.send(q, msg("inflight"));
        Delivery gone = engine.receive(q, 1, null, null).get(0);
        engine.deleteMessage(q, gone.receiptHandle());
        engine.receive(q, 1, null, null);
        engine = new SqsEngine(new H2QueueStore(db), clock);
        Queue again = engine.queue(key("q"));
        Map<String, String> attrs = engine.getAttributes(again, List.of("All"));
        assertEquals("0", attrs.get("ApproximateNumberOfMessages"));
        assertEquals("1", attrs.get("ApproximateNumberOfMessagesNotVisible"));
        assertEquals("100", attrs.get("VisibilityTimeout"));
        assertEquals(Map.of("team", "x"), engine.tags(again));
    }

    @Test
    void purgeOncePerMinute() {
        Queue q = engine.createQueue(key("q"), null, null);
        engine.send(q, msg("a"));
        engine.purge(q, "url");
        assertEquals("PurgeQueueInProgress", assertThrows(AwsException.class, () -> engine.purge(q, "url")).code());
        clock.advanceSeconds(60);
        engine.purge(q, "url");
        assertTrue(engine.receive(q, 1, null, null).isEmpty());
    }

    @Test
    void md5OfAttributesMatchesAwsExample() {
        // value from AWS SDK's own checksum tests: one String attribute
        String md5 = Md5s.attributes(Map.of("attr", new MessageAttribute("String", "value", null)));
        assertEquals(32, md5.length());
        assertEquals(Md5s.body("hello"), "5d41402abc4b2a76b9719d911017c592");
    }
}
