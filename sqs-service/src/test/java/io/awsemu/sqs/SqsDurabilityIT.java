package io.awsemu.sqs;

import io.awsemu.core.testing.EmulatorProcess;
import io.awsemu.core.testing.TestFiles;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acknowledged sends survive kill -9; deleted messages stay deleted; in-flight state survives. */
class SqsDurabilityIT {

    private static SqsClient client(EmulatorProcess p) {
        return SqsClient.builder().endpointOverride(p.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void killNineLosesNoAcknowledgedMessage() throws Exception {
        Path dir = Files.createTempDirectory("sqs-durability");
        try (EmulatorProcess p = EmulatorProcess.start(dir, Map.of("services", "sqs"))) {
            SqsClient sqs = client(p);
            String url = sqs.createQueue(b -> b.queueName("durable").attributesWithStrings(Map.of("VisibilityTimeout", "600"))).queueUrl();
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                sent.add(sqs.sendMessage(b -> b.queueUrl(url).messageBody("m" + n)).messageId());
            }
            // a body large enough to live only in its record (SqsMessage.HELD_BODY_CHARS)
            String big = "große ".repeat(2_000);
            String bigId = sqs.sendMessage(b -> b.queueUrl(url).messageBody(big)).messageId();
            // one deleted, one in flight for 600 s
            Message del = sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0);
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(del.receiptHandle()));
            sent.remove(del.messageId());
            Message inFlight = sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0);
            // delayed for 15 minutes: the one state of a never-received message that needs its own record
            String delayed = sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(900)).messageId();
            p.kill9();
            p.restart();
            SqsClient again = client(p);
            Map<String, String> attrs = again.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                    .attributesAsStrings();
            assertEquals("49", attrs.get("ApproximateNumberOfMessages"));
            assertEquals("1", attrs.get("ApproximateNumberOfMessagesNotVisible"));
            assertEquals("1", attrs.get("ApproximateNumberOfMessagesDelayed"));
            assertEquals("600", attrs.get("VisibilityTimeout"));
            Set<String> got = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                for (Message m : again.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages()) {
                    got.add(m.messageId());
                    if (m.messageId().equals(bigId)) assertEquals(big, m.body());
                }
            }
            assertTrue(!got.contains(del.messageId()));
            assertTrue(!got.contains(inFlight.messageId()));
            assertTrue(!got.contains(delayed));
            assertTrue(got.remove(bigId));
            got.add(inFlight.messageId());
            assertEquals(sent, got);
            // the in-flight message's receipt handle still works after the restart
            again.deleteMessage(b -> b.queueUrl(url).receiptHandle(inFlight.receiptHandle()));
            // the 49 just received are in flight now; the deleted one is gone
            assertEquals("49", again.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributesAsStrings().get("ApproximateNumberOfMessagesNotVisible"));
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }

    /**
     * Sends and deletes from several threads at once share group commits: every acknowledged send is
     * there after kill -9 and every acknowledged delete stays deleted.
     */
    @Test
    void groupCommittedWritesSurviveKillNine() throws Exception {
        Path dir = Files.createTempDirectory("sqs-durability-group");
        try (EmulatorProcess p = EmulatorProcess.start(dir, Map.of("services", "sqs"))) {
            SqsClient sqs = client(p);
            String url = sqs.createQueue(b -> b.queueName("group").attributesWithStrings(Map.of("VisibilityTimeout", "600"))).queueUrl();
            Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Set<String> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        int n = i;
                        sent.add(sqs.sendMessage(b -> b.queueUrl(url).messageBody("t" + thread + "-" + n)).messageId());
                        java.util.List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> batch = new java.util.ArrayList<>();
                        for (int k = 0; k < 4; k++) {
                            batch.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                                    .id("e" + k).messageBody("b" + thread + "-" + n + "-" + k).build());
                        }
                        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(batch)).successful().forEach(e -> sent.add(e.messageId()));
                        if (n % 5 == 0) {
                            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(3)).messages()) {
                                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                                deleted.add(m.messageId());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) f.get();
            pool.shutdown();
            p.kill9();
            p.restart();
            SqsClient again = client(p);
            Set<String> expected = new HashSet<>(sent);
            expected.removeAll(deleted);
            Set<String> got = new HashSet<>();
            for (Message m : again.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages()) got.add(m.messageId());
            while (true) {
                java.util.List<Message> ms = again.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
                if (ms.isEmpty()) break;
                ms.forEach(m -> got.add(m.messageId()));
            }
            assertEquals(1000, sent.size());
            assertTrue(!deleted.isEmpty());
            assertEquals(expected, got);
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }
}
