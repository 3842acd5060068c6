package io.awsemu.sqs.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.sqs.engine.SqsEngine.Delivery;
import io.awsemu.sqs.engine.SqsEngine.SendRequest;
import io.awsemu.core.storage.InMemoryKeyValueStore;
import io.awsemu.sqs.store.RecordsQueueStore;
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
    private final InMemoryKeyValueStore records = new InMemoryKeyValueStore();
    private final FakeClock clock = new FakeClock();
    private SqsEngine engine = new SqsEngine(new RecordsQueueStore(db, records), clock);

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

    /** Receives start past the in-flight head they walked before (Queue.hiddenBelow); nothing is skipped that shows. */
    @Test
    void receivesSkipTheInFlightHeadYetMissNothingThatBecomesVisible() {
        Queue q = engine.createQueue(key("q"), Map.of("VisibilityTimeout", "30"), null);
        for (int i = 0; i < 30; i++) engine.send(q, msg("m" + i));
        java.util.Set<String> bodies = new java.util.HashSet<>();
        List<Delivery> first = engine.receive(q, 10, null, null);
        first.forEach(d -> bodies.add(d.body()));
        for (int i = 0; i < 2; i++) engine.receive(q, 10, null, null).forEach(d -> bodies.add(d.body()));
        assertEquals(30, bodies.size());
        assertTrue(engine.receive(q, 10, null, null).isEmpty());
        assertEquals(clock.millis() + 30_000, engine.nextVisibleAt(q));
        // a message made visible inside the skipped head is found, and its new timeout is the next wake-up
        engine.changeVisibility(q, first.get(3).receiptHandle(), 0);
        assertEquals(List.of(first.get(3).body()), engine.receive(q, 10, 5, null).stream().map(Delivery::body).toList());
        assertEquals(clock.millis() + 5_000, engine.nextVisibleAt(q));
        engine.send(q, msg("late"));
        assertEquals(List.of("late"), engine.receive(q, 10, 60, null).stream().map(Delivery::body).toList());
        clock.advanceSeconds(5);
        assertEquals(List.of(first.get(3).body()), engine.receive(q, 10, 60, null).stream().map(Delivery::body).toList());
        // past the head's timeout the walk starts from the head again
        clock.advanceSeconds(26);
        assertEquals(10, engine.receive(q, 10, null, null).size());
        assertEquals(19, engine.receive(q, 10, null, null).size() + engine.receive(q, 10, null, null).size());
        // a timeout of 0 hides nothing
        Queue z = engine.createQueue(key("z"), Map.of("VisibilityTimeout", "0"), null);
        engine.send(z, msg("again"));
        for (int i = 0; i < 3; i++) assertEquals(1, engine.receive(z, 10, null, null).size());
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

    /**
     * Retention counts from a message's first SentTimestamp, also in a dead-letter queue where a moved message
     * comes after younger ones; a check that finds nothing old enough must not stop a later one.
     */
    @Test
    void retentionByFirstSentTimeAcrossChecksAndMoves() {
        Queue dlq = engine.createQueue(key("dlq"), Map.of("MessageRetentionPeriod", "60"), null);
        Queue q = engine.createQueue(key("src"), Map.of("MessageRetentionPeriod", "60", "VisibilityTimeout", "1",
                "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\",\"maxReceiveCount\":\"1\"}"), null);
        engine.send(q, msg("old"));
        clock.advanceSeconds(20);
        engine.send(dlq, msg("young"));
        assertEquals(1, engine.receive(q, 1, null, null).size());
        clock.advanceSeconds(1);
        assertTrue(engine.receive(q, 1, null, null).isEmpty()); // "old" moves to the DLQ, behind "young"
        assertEquals("2", approximate(dlq));
        clock.advanceSeconds(30); // 51 s: nothing expired, and the check says so
        assertEquals("2", approximate(dlq));
        clock.advanceSeconds(9); // 60 s after "old" was first sent
        assertEquals("1", approximate(dlq));
        assertEquals("young", engine.receive(dlq, 1, 0, null).get(0).body());
        clock.advanceSeconds(19); // 59 s after "young"
        assertEquals("1", approximate(dlq));
        clock.advanceSeconds(1);
        assertEquals("0", approximate(dlq));
    }

    private String approximate(Queue q) {
        return engine.getAttributes(q, List.of("ApproximateNumberOfMessages")).get("ApproximateNumberOfMessages");
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

    private static List<String> bodies(List<Delivery> ds) {
        return ds.stream().map(Delivery::body).toList();
    }

    @Test
    void fifoGroupsInFlightBlockAcrossDeletesPurgesAndARestart() {
        Queue q = engine.createQueue(key("g.fifo"), Map.of("FifoQueue", "true", "VisibilityTimeout", "30"), null);
        for (String m : List.of("a1:A", "b1:B", "a2:A", "c1:C", "b2:B")) {
            String[] p = m.split(":");
            engine.send(q, fifo(p[0], p[1], p[0]));
        }
        List<Delivery> first = engine.receive(q, 1, null, null);
        assertEquals(List.of("a1"), bodies(first));
        // A waits behind a1; B's and C's messages come in order, several of one group in one receive
        List<Delivery> rest = engine.receive(q, 10, null, null);
        assertEquals(List.of("b1", "c1", "b2"), bodies(rest));
        assertEquals(List.of(), engine.receive(q, 10, null, null), "every group is in flight");
        // a group with any message in flight waits, even when an earlier one of it is visible again
        engine.changeVisibility(q, rest.get(0).receiptHandle(), 0);
        assertEquals(List.of(), engine.receive(q, 10, null, null), "b2 in flight holds b1 back");

        // a restart keeps the in-flight messages blocking their groups
        engine = new SqsEngine(new RecordsQueueStore(db, records), clock);
        Queue again = engine.queue(key("g.fifo"));
        assertEquals(List.of(), engine.receive(again, 10, null, null));
        engine.deleteMessage(again, first.get(0).receiptHandle());
        assertEquals(List.of("a2"), bodies(engine.receive(again, 10, null, null)));

        // visibility running out frees every group: all come, in send order
        clock.advanceSeconds(31);
        assertEquals(List.of("b1", "a2", "c1", "b2"), bodies(engine.receive(again, 10, null, null)));

        // a purge empties every group: new messages of any group come at once
        engine.purge(again, "http://localhost:4566/000000000000/g.fifo");
        engine.send(again, fifo("a3", "A", "a3"));
        assertEquals(List.of("a3"), bodies(engine.receive(again, 10, null, null)));
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

    /** A large body leaves the heap once stored and is read back for each receive, peek, dead-letter move and restart. */
    /** The large body at the head of {@code q}, moved there, leaves memory once the move is written (not waited for). */
    private void awaitBodyStored(Queue q) {
        long until = System.nanoTime() + 10_000_000_000L;
        while (engine.peek(q).get(0).heldBody() != null && System.nanoTime() < until) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        assertEquals(null, engine.peek(q).get(0).heldBody());
    }

    @Test
    void largeBodiesAreReadFromTheStore() {
        String big = "ä".repeat(SqsMessage.HELD_BODY_CHARS) + "!", small = "x".repeat(SqsMessage.HELD_BODY_CHARS - 1);
        Queue dlq = engine.createQueue(key("dlq"), null, null);
        Queue q = engine.createQueue(key("src"), Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\",\"maxReceiveCount\":\"1\"}", "VisibilityTimeout", "1"), null);
        engine.send(q, msg(big));
        engine.send(q, msg(small));
        List<SqsMessage> held = engine.peek(q);
        assertEquals(null, held.get(0).heldBody());
        assertEquals(small, held.get(1).heldBody());
        assertEquals(big, engine.peekBody(q, held.get(0)));
        List<Delivery> got = engine.receive(q, 10, null, null);
        assertEquals(List.of(big, small), got.stream().map(Delivery::body).toList());
        assertEquals(Md5s.body(big), got.get(0).md5OfBody());
        // past maxReceiveCount both move to the dead-letter queue, the large one read from the store for its new record
        clock.advanceSeconds(1);
        assertTrue(engine.receive(q, 10, null, null).isEmpty());
        awaitBodyStored(dlq);
        engine = new SqsEngine(new RecordsQueueStore(db, records), clock);
        Queue again = engine.queue(key("dlq"));
        assertEquals(null, engine.peek(again).get(0).heldBody());
        List<Delivery> moved = engine.receive(again, 10, null, null);
        assertEquals(List.of(big, small), moved.stream().map(Delivery::body).toList());
        assertEquals(Md5s.body(big), moved.get(0).md5OfBody());
    }

    @Test
    void aReceiveReadsLargeBodiesOnItsExecutorAfterTheDeliveryStateIsWritten() throws Exception {
        java.util.concurrent.BlockingQueue<Runnable> reads = new java.util.concurrent.LinkedBlockingQueue<>();
        engine = new SqsEngine(new RecordsQueueStore(db, records), clock, reads::add);
        Queue q = engine.createQueue(key("q"), null, null);
        String big = "b".repeat(SqsMessage.HELD_BODY_CHARS), gone = "g".repeat(SqsMessage.HELD_BODY_CHARS + 1);
        engine.send(q, msg(big));
        engine.send(q, msg("small"));
        SqsEngine.Received r = engine.receiveAsync(q, 2, null, null);
        // the receiving thread (an event loop) read nothing from the store: the large body waits for the executor
        assertEquals(java.util.Arrays.asList(null, "small"), r.deliveries().stream().map(Delivery::body).toList());
        Runnable read = reads.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(read != null, "the body read was not handed to the executor");
        assertTrue(!r.written().isDone(), "the answer completed before its large body was read");
        read.run();
        r.written().join();
        assertEquals(List.of(big, "small"), r.deliveries().stream().map(Delivery::body).toList());
        assertEquals(Md5s.body(big), r.deliveries().get(0).md5OfBody());

        // a large message whose record goes before its body is read leaves the answer
        engine.send(q, msg(gone));
        SqsEngine.Received late = engine.receiveAsync(q, 10, null, null);
        Runnable lateRead = reads.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        engine.purge(q, "http://localhost/000000000000/q");
        lateRead.run();
        late.written().join();
        assertEquals(List.of(), late.deliveries());
    }

    @Test
    void aReceiveMovesLargeBodiesToTheDeadLetterQueueOnItsExecutor() throws Exception {
        java.util.concurrent.BlockingQueue<Runnable> reads = new java.util.concurrent.LinkedBlockingQueue<>();
        engine = new SqsEngine(new RecordsQueueStore(db, records), clock, reads::add);
        Queue dlq = engine.createQueue(key("dlq"), null, null);
        Queue q = engine.createQueue(key("src"), Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\",\"maxReceiveCount\":\"1\"}", "VisibilityTimeout", "1"), null);
        String big = "b".repeat(SqsMessage.HELD_BODY_CHARS);
        engine.send(q, msg(big));
        engine.send(q, msg("small"));
        SqsEngine.Received first = engine.receiveAsync(q, 10, null, null);
        reads.poll(10, java.util.concurrent.TimeUnit.SECONDS).run();
        first.written().join();
        clock.advanceSeconds(1);
        // past maxReceiveCount: both leave the source at once, and the move waits for the executor
        assertTrue(engine.receiveAsync(q, 10, null, null).deliveries().isEmpty());
        assertEquals(List.of(), engine.peek(q));
        assertEquals(List.of(), engine.peek(dlq));
        Runnable move = reads.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(move != null, "the dead-letter move was not handed to the executor");
        move.run();
        assertEquals(2, engine.peek(dlq).size());
        awaitBodyStored(dlq);
        SqsEngine.Received moved = engine.receiveAsync(dlq, 10, null, null);
        reads.poll(10, java.util.concurrent.TimeUnit.SECONDS).run();
        moved.written().join();
        assertEquals(List.of(big, "small"), moved.deliveries().stream().map(Delivery::body).toList());
        assertEquals(q.arn(), engine.peek(dlq).get(0).deadLetterSourceArn);
    }

    @Test
    void stateSurvivesReload() {
        Queue q = engine.createQueue(key("q"), Map.of("VisibilityTimeout", "100"), Map.of("team", "x"));
        engine.send(q, msg("kept"));
        engine.send(q, msg("inflight"));
        Delivery gone = engine.receive(q, 1, null, null).get(0);
        engine.deleteMessage(q, gone.receiptHandle());
        engine.receive(q, 1, null, null);
        engine = new SqsEngine(new RecordsQueueStore(db, records), clock);
        Queue again = engine.queue(key("q"));
        Map<String, String> attrs = engine.getAttributes(again, List.of("All"));
        assertEquals("0", attrs.get("ApproximateNumberOfMessages"));
        assertEquals("1", attrs.get("ApproximateNumberOfMessagesNotVisible"));
        assertEquals("100", attrs.get("VisibilityTimeout"));
        assertEquals(Map.of("team", "x"), engine.tags(again));
    }

    @Test
    void aDeletedNameWaitsSixtySecondsAcrossARestart() {
        engine.deleteQueue(engine.createQueue(key("q"), null, null));
        assertEquals("QueueDeletedRecently", assertThrows(AwsException.class, () -> engine.createQueue(key("q"), null, null)).code());
        clock.advanceSeconds(30);
        engine = new SqsEngine(new RecordsQueueStore(db, records), clock);
        assertEquals("QueueDeletedRecently", assertThrows(AwsException.class, () -> engine.createQueue(key("q"), null, null)).code());
        engine.createQueue(key("other"), null, null);
        clock.advanceSeconds(30);
        Queue back = engine.createQueue(key("q"), null, null);
        assertTrue(engine.receive(back, 10, null, null).isEmpty());
    }

    @Test
    void fifoDedupIdsOutliveTheirMessageAndARestart() {
        Queue q = engine.createQueue(key("q.fifo"), null, null);
        String first = engine.send(q, fifo("a", "g", "d1")).messageId();
        Delivery d = engine.receive(q, 1, null, null).get(0);
        engine.deleteMessage(q, d.receiptHandle());
        clock.advanceSeconds(60);
        engine = new SqsEngine(new RecordsQueueStore(db, records), clock);
        Queue again = engine.queue(key("q.fifo"));
        // inside the 5-minute window a resend is accepted, answered with the first id and not delivered
        assertEquals(first, engine.send(again, fifo("a", "g", "d1")).messageId());
        assertTrue(engine.receive(again, 10, null, null).isEmpty());
        clock.advanceSeconds(241);
        assertTrue(!first.equals(engine.send(again, fifo("a", "g", "d1")).messageId()));
        assertEquals(1, engine.receive(again, 10, null, null).size());
    }

    @Test
    void aRunningMoveTaskGoesOnAfterARestart() throws Exception {
        java.util.concurrent.ScheduledExecutorService pool = java.util.concurrent.Executors.newScheduledThreadPool(2);
        try {
            RecordsQueueStore store = new RecordsQueueStore(db, records);
            engine = new SqsEngine(store, clock);
            Queue dlq = engine.createQueue(key("dlq"), null, null);
            Queue src = engine.createQueue(key("src"), Map.of("RedrivePolicy",
                    "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\",\"maxReceiveCount\":1}"), null);
            for (int i = 0; i < 5; i++) engine.send(src, msg("m" + i));
            assertEquals(5, engine.receive(src, 10, 0, null).size());
            assertTrue(engine.receive(src, 10, null, null).isEmpty());
            assertEquals(5, engine.movable(dlq));
            // 1 message per second: still running when the "process" stops
            MessageMoveTasks tasks = new MessageMoveTasks(engine, store, clock, pool, pool);
            tasks.start(dlq.arn(), null, 1);
            assertEquals("RUNNING", tasks.list(dlq.arn(), 1).get(0).status());
            pool.shutdownNow();
            pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            store.close();

            pool = java.util.concurrent.Executors.newScheduledThreadPool(2);
            RecordsQueueStore reopened = new RecordsQueueStore(db, records);
            engine = new SqsEngine(reopened, clock);
            MessageMoveTasks resumed = new MessageMoveTasks(engine, reopened, clock, pool, pool);
            MessageMoveTasks.Listed t = resumed.list(dlq.arn(), 1).get(0);
            for (int i = 0; i < 200 && "RUNNING".equals(t.status()); i++) {
                Thread.sleep(100);
                t = resumed.list(dlq.arn(), 1).get(0);
            }
            assertEquals("COMPLETED", t.status());
            assertEquals(5, t.moved());
            assertEquals(5, t.toMove());
            assertEquals(5, engine.movable(engine.queue(key("src"))));
            assertEquals(0, engine.movable(engine.queue(key("dlq"))));
            // listed for 14 days only
            clock.advanceSeconds(15L * 24 * 3600);
            assertTrue(resumed.list(dlq.arn(), 10).isEmpty());
        } finally {
            pool.shutdownNow();
        }
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

    /** Receives until {@code q} yields nothing more (a long poll's attempts: never OverLimit). */
    private List<Delivery> receiveAll(Queue q) {
        List<Delivery> got = new java.util.ArrayList<>();
        for (List<Delivery> r; !(r = engine.receiveAsync(q, 10, null, null).deliveries()).isEmpty(); ) got.addAll(r);
        return got;
    }

    @Test
    void theInFlightQuotaIsOverLimitForAShortPollAndNothingForOthers() {
        engine = new SqsEngine(new RecordsQueueStore(db, records), clock, 5);
        Queue q = engine.createQueue(key("quota"), Map.of("VisibilityTimeout", "30"), null);
        for (int i = 0; i < 8; i++) engine.send(q, msg("m" + i));
        List<Delivery> first = engine.receiveAsync(q, 3, null, null, true).deliveries();
        List<Delivery> second = engine.receiveAsync(q, 2, null, null, true).deliveries();
        assertEquals(5, first.size() + second.size());

        AwsException e = assertThrows(AwsException.class, () -> engine.receiveAsync(q, 1, null, null, true));
        assertEquals("OverLimit", e.code());
        assertEquals(403, e.httpStatus());
        assertTrue(engine.receiveAsync(q, 10, null, null).deliveries().isEmpty(), "a long poll gets nothing, no error");
        assertEquals("5", engine.getAttributes(q, List.of("All")).get("ApproximateNumberOfMessagesNotVisible"));

        // a deleted message frees its place; so does one whose visibility timed out
        engine.deleteMessage(q, first.get(0).receiptHandle());
        assertEquals(1, engine.receiveAsync(q, 10, null, null, true).deliveries().size());
        assertThrows(AwsException.class, () -> engine.receiveAsync(q, 1, null, null, true));
        clock.advanceSeconds(30);
        assertEquals(5, engine.receiveAsync(q, 10, null, null, true).deliveries().size(),
                "the expired ones are visible again, up to the quota");

        // FIFO: the same quota, no error
        Queue f = engine.createQueue(key("quota.fifo"), Map.of("FifoQueue", "true", "VisibilityTimeout", "30"), null);
        for (int i = 0; i < 8; i++) engine.send(f, fifo("f" + i, "g" + i, "d" + i));
        assertEquals(5, receiveAll(f).size());
        assertTrue(engine.receiveAsync(f, 10, null, null, true).deliveries().isEmpty());
    }

    @Test
    void theQuotaCountsMessagesReceivedBeforeARestart() {
        engine = new SqsEngine(new RecordsQueueStore(db, records), clock, 3);
        Queue q = engine.createQueue(key("restarted"), Map.of("VisibilityTimeout", "60"), null);
        for (int i = 0; i < 5; i++) engine.send(q, msg("m" + i));
        assertEquals(3, receiveAll(q).size());
        engine = new SqsEngine(new RecordsQueueStore(db, records), clock, 3);
        Queue again = engine.queue(key("restarted"));
        assertThrows(AwsException.class, () -> engine.receiveAsync(again, 1, null, null, true));
    }
}
