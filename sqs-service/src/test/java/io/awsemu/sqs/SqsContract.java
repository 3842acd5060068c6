package io.awsemu.sqs;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One behaviour suite, run by every client (SDK v2 over JSON, SDK v1 over Query) through a small
 * adapter: the same queue semantics must hold whatever the wire.
 */
abstract class SqsContract {

    /** What the suite needs from a client; errors surface as {@link Failure} with the wire's code. */
    interface Client {
        String createQueue(String name, Map<String, String> attributes);
        String getQueueUrl(String name);
        void deleteQueue(String url);
        List<String> listQueues(String prefix);
        Map<String, String> getAttributes(String url, String... names);
        void setAttributes(String url, Map<String, String> attributes);
        String send(String url, String body, Map<String, String> stringAttributes);
        String sendFifo(String url, String body, String group, String dedup);
        List<Received> receive(String url, int max, Integer wait, Integer visibility);
        void delete(String url, String receipt);
        void changeVisibility(String url, String receipt, int seconds);
        List<String> sendBatch(String url, List<String> bodies);
        int deleteBatch(String url, List<String> receipts);
        void purge(String url);
        void tag(String url, Map<String, String> tags);
        Map<String, String> tags(String url);
        List<String> deadLetterSources(String url);
        /** StartMessageMoveTask from a dead-letter queue (back to the sources when destination is null); the handle. */
        String startMoveTask(String dlqArn, String destinationArn, Integer rate);
        /** ListMessageMoveTasks, most recent first. */
        List<MoveTask> moveTasks(String dlqArn, int max);
        /** CancelMessageMoveTask: ApproximateNumberOfMessagesMoved. */
        long cancelMoveTask(String handle);
        /** One ListDeadLetterSourceQueues page: the URLs and the next token (null on the last page). */
        Map.Entry<List<String>, String> deadLetterSourcesPage(String url, int max, String token);
        /** One ListQueues page: the URLs and the next token (null on the last page). */
        Map.Entry<List<String>, String> listQueuesPage(String prefix, int max, String token);
        void addPermission(String url, String label, String account, String... actions);
        void removePermission(String url, String label);
        /** Runs {@code r} and returns the error code it failed with, or null. */
        String errorCode(Runnable r);
    }

    record MoveTask(String handle, String status, long moved, long toMove, String failureReason) {}

    record Received(String id, String body, String receipt, Map<String, String> system, Map<String, String> attributes) {}

    /** A client signing with {@code accessKey} (secret "test"): a 12-digit key acts as its own account. */
    abstract Client client(String accessKey);

    Client client() { return client("test"); }

    /**
     * The error code a client reports for a JSON code: SDK v1 reads the Query code from the XML, and SDK
     * v2 takes it from x-amzn-query-error (the model is awsQueryCompatible), so both see the legacy ones.
     */
    String code(String jsonCode) { return SqsQuirks.queryCode(jsonCode); }

    static String name() {
        return "c" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void queueLifecycle() {
        Client c = client();
        String n = name();
        String url = c.createQueue(n, Map.of("VisibilityTimeout", "45"));
        assertTrue(url.endsWith("/000000000000/" + n), url);
        assertEquals(url, c.createQueue(n, Map.of("VisibilityTimeout", "45")));
        assertEquals(code("QueueNameExists"), c.errorCode(() -> c.createQueue(n, Map.of("VisibilityTimeout", "46"))));
        assertEquals(url, c.getQueueUrl(n));
        assertTrue(c.listQueues(n).contains(url));
        Map<String, String> all = c.getAttributes(url, "All");
        assertEquals("45", all.get("VisibilityTimeout"));
        assertEquals("arn:aws:sqs:us-east-1:000000000000:" + n, all.get("QueueArn"));
        assertEquals("1048576", all.get("MaximumMessageSize"));
        c.setAttributes(url, Map.of("DelaySeconds", "3"));
        assertEquals(Map.of("DelaySeconds", "3"), c.getAttributes(url, "DelaySeconds"));
        assertEquals(code("InvalidAttributeName"), c.errorCode(() -> c.setAttributes(url, Map.of("Nope", "1"))));
        c.deleteQueue(url);
        assertEquals(code("QueueDoesNotExist"), c.errorCode(() -> c.getQueueUrl(n)));
        assertEquals(code("QueueDoesNotExist"), c.errorCode(() -> c.send(url, "x", Map.of())));
    }

    /** AWS's quota of 120,000 in-flight messages: a short poll is OverLimit, a long poll gets nothing. */
    @Test
    void theInFlightQuotaIsOverLimit() {
        Client c = client();
        String url = c.createQueue(name(), Map.of("VisibilityTimeout", "600"));
        List<String> ten = java.util.Collections.nCopies(10, "m");
        for (int i = 0; i < 12_001; i++) c.sendBatch(url, ten);
        int inFlight = 0;
        for (List<Received> r; inFlight < 120_000 && !(r = c.receive(url, 10, 0, null)).isEmpty(); ) inFlight += r.size();
        assertEquals(120_000, inFlight);
        assertEquals(code("OverLimit"), c.errorCode(() -> c.receive(url, 1, 0, null)));
        assertTrue(c.receive(url, 10, 1, null).isEmpty(), "a long poll gets nothing at the quota");
        c.purge(url);
    }

    @Test
    void sendReceiveDelete() {
        Client c = client();
        String url = c.createQueue(name(), Map.of());
        String id = c.send(url, "héllo wörld", Map.of("color", "blue", "size", "L"));
        List<Received> got = c.receive(url, 10, null, 30);
        assertEquals(1, got.size());
        Received r = got.get(0);
        assertEquals(id, r.id());
        assertEquals("héllo wörld", r.body());
        assertEquals("1", r.system().get("ApproximateReceiveCount"));
        assertEquals("000000000000", r.system().get("SenderId"));
        assertEquals(Map.of("color", "blue", "size", "L"), r.attributes());
        assertTrue(c.receive(url, 10, null, null).isEmpty());
        c.changeVisibility(url, r.receipt(), 0);
        Received again = c.receive(url, 1, null, null).get(0);
        assertEquals("2", again.system().get("ApproximateReceiveCount"));
        c.delete(url, again.receipt());
        assertEquals(code("ReceiptHandleIsInvalid"), c.errorCode(() -> c.delete(url, "not-a-handle")));
        assertTrue(c.receive(url, 10, null, null).isEmpty());
    }

    @Test
    void batchesAndPurge() {
        Client c = client();
        String url = c.createQueue(name(), Map.of());
        List<String> ids = c.sendBatch(url, List.of("a", "b", "c"));
        assertEquals(3, ids.size());
        List<Received> got = c.receive(url, 10, 1, null);
        List<String> receipts = got.stream().map(Received::receipt).toList();
        while (got.size() < 3) {
            List<Received> more = c.receive(url, 10, 1, null);
            got = new java.util.ArrayList<>(got);
            got.addAll(more);
            receipts = got.stream().map(Received::receipt).toList();
        }
        assertEquals(3, c.deleteBatch(url, receipts));
        assertEquals(code("EmptyBatchRequest"), c.errorCode(() -> c.sendBatch(url, List.of())));
        assertEquals(code("TooManyEntriesInBatchRequest"), c.errorCode(() -> c.sendBatch(url,
                List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"))));
        c.send(url, "x", Map.of());
        c.purge(url);
        assertEquals("0", c.getAttributes(url, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
        assertEquals(code("PurgeQueueInProgress"), c.errorCode(() -> c.purge(url)));
    }

    @Test
    void longPollReturnsWhenAMessageArrives() throws Exception {
        Client c = client();
        String url = c.createQueue(name(), Map.of());
        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            c.send(url, "late", Map.of());
        });
        sender.start();
        List<Received> got = c.receive(url, 1, 10, null);
        sender.join();
        assertEquals(1, got.size());
        assertEquals("late", got.get(0).body());
        // nothing arrives: an empty answer after the wait
        assertTrue(c.receive(url, 1, 1, null).isEmpty());
    }

    @Test
    void longPollWakesWhenADelayedMessageTurnsVisible() {
        Client c = client();
        String url = c.createQueue(name(), Map.of("DelaySeconds", "1", "ReceiveMessageWaitTimeSeconds", "10"));
        c.send(url, "delayed", Map.of());
        assertEquals("1", c.getAttributes(url, "ApproximateNumberOfMessagesDelayed").get("ApproximateNumberOfMessagesDelayed"));
        // no WaitTimeSeconds: the queue's ReceiveMessageWaitTimeSeconds applies
        List<Received> got = c.receive(url, 1, null, null);
        assertEquals(List.of("delayed"), got.stream().map(Received::body).toList());
    }

    @Test
    void fifoQueue() {
        Client c = client();
        String n = name() + ".fifo";
        String url = c.createQueue(n, Map.of("FifoQueue", "true"));
        String first = c.sendFifo(url, "one", "g", "d1");
        assertEquals(first, c.sendFifo(url, "one again", "g", "d1"));
        c.sendFifo(url, "two", "g", "d2");
        List<Received> got = c.receive(url, 10, null, null);
        assertEquals(List.of("one", "two"), got.stream().map(Received::body).toList());
        assertEquals("g", got.get(0).system().get("MessageGroupId"));
        assertNotEquals(null, got.get(0).system().get("SequenceNumber"));
        assertEquals(code("MissingParameter"), c.errorCode(() -> c.send(url, "no group", Map.of())));
    }

    @Test
    void tags() {
        Client c = client();
        String url = c.createQueue(name(), Map.of());
        c.tag(url, Map.of("env", "test"));
        assertEquals(Map.of("env", "test"), c.tags(url));
    }

    @Test
    void deadLetterQueueAndRedrive() {
        Client c = client();
        String dlqName = name();
        String dlq = c.createQueue(dlqName, Map.of());
        String dlqArn = c.getAttributes(dlq, "QueueArn").get("QueueArn");
        String src = c.createQueue(name(), Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"1\"}"));
        c.send(src, "poison", Map.of());
        Received r = c.receive(src, 1, null, null).get(0);
        c.changeVisibility(src, r.receipt(), 0);
        assertTrue(c.receive(src, 1, null, null).isEmpty());
        assertEquals(List.of(src), c.deadLetterSources(dlq));
        assertEquals("1", c.getAttributes(dlq, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
        c.startMoveTask(dlqArn, null, null);
        MoveTask done = awaitFinished(c, dlqArn);
        assertEquals("COMPLETED", done.status());
        assertEquals(1L, done.moved());
        assertEquals(1L, done.toMove());
        assertEquals(null, done.handle(), "finished tasks are listed without a handle");
        Received back = c.receive(src, 1, null, null).get(0);
        assertEquals("poison", back.body());
        assertEquals(r.id(), back.id());
    }

    /** Polls ListMessageMoveTasks until the latest task is no longer RUNNING (bounded: 30 s). */
    static MoveTask awaitFinished(Client c, String arn) {
        for (int i = 0; i < 300; i++) {
            MoveTask t = c.moveTasks(arn, 1).get(0);
            if (!"RUNNING".equals(t.status())) return t;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("move task still RUNNING after 30 s");
    }

    /** A dead-letter queue with {@code n} messages that came from {@code src}; returns the DLQ's ARN. */
    private static String deadLetters(Client c, String dlq, String src, int n) {
        String dlqArn = c.getAttributes(dlq, "QueueArn").get("QueueArn");
        c.setAttributes(src, Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"1\"}"));
        List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) bodies.add("m" + i);
        for (int i = 0; i < n; i += 10) c.sendBatch(src, bodies.subList(i, Math.min(n, i + 10)));
        int received = 0;
        while (received < n) {
            List<Received> got = c.receive(src, 10, null, 0);
            received += got.size();
            if (got.isEmpty()) break;
        }
        // the next receive finds every message past maxReceiveCount and moves it to the DLQ
        assertTrue(c.receive(src, 10, null, null).isEmpty());
        assertEquals(String.valueOf(n), c.getAttributes(dlq, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
        return dlqArn;
    }

    @Test
    void moveTaskHonoursItsRateAndCanBeCancelled() {
        Client c = client();
        String dlq = c.createQueue(name(), Map.of());
        String src = c.createQueue(name(), Map.of());
        String dlqArn = deadLetters(c, dlq, src, 30);
        // 1 message per second: 30 messages take 30 s, so the task is still running when cancelled
        String handle = c.startMoveTask(dlqArn, null, 1);
        MoveTask running = c.moveTasks(dlqArn, 1).get(0);
        assertEquals("RUNNING", running.status());
        assertEquals(handle, running.handle());
        assertEquals(30L, running.toMove());
        // one active task per source queue
        assertEquals(code("UnsupportedOperation"), c.errorCode(() -> c.startMoveTask(dlqArn, null, null)));
        long moved = c.cancelMoveTask(handle);
        assertTrue(moved < 30, "moved " + moved);
        MoveTask cancelled = c.moveTasks(dlqArn, 1).get(0);
        assertEquals("CANCELLED", cancelled.status());
        assertEquals(null, cancelled.handle());
        // a finished task cannot be cancelled; an unknown one does not exist
        assertEquals(code("UnsupportedOperation"), c.errorCode(() -> c.cancelMoveTask(handle)));
        assertEquals(code("ResourceNotFoundException"), c.errorCode(() -> c.cancelMoveTask(
                java.util.Base64.getEncoder().encodeToString("{\"taskId\":\"nope\"}".getBytes()))));
        // the rest moves with a second task, to an explicit destination; both are listed, most recent first
        String other = c.createQueue(name(), Map.of());
        String otherArn = c.getAttributes(other, "QueueArn").get("QueueArn");
        c.startMoveTask(dlqArn, otherArn, null);
        MoveTask second = awaitFinished(c, dlqArn);
        assertEquals("COMPLETED", second.status());
        assertEquals(30L - moved, second.moved());
        assertEquals(String.valueOf(30 - moved), c.getAttributes(other, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
        List<MoveTask> both = c.moveTasks(dlqArn, 10);
        assertEquals(List.of("COMPLETED", "CANCELLED"), both.stream().map(MoveTask::status).toList());
        assertEquals(code("InvalidParameterValue"), c.errorCode(() -> c.moveTasks(dlqArn, 11)));
        assertEquals(code("InvalidParameterValue"), c.errorCode(() -> c.startMoveTask(dlqArn, null, 501)));
        assertEquals(code("ResourceNotFoundException"), c.errorCode(() -> c.startMoveTask(dlqArn + "-missing", null, null)));
    }

    @Test
    void deadLetterSourcesArePaged() {
        Client c = client();
        String dlq = c.createQueue(name(), Map.of());
        String dlqArn = c.getAttributes(dlq, "QueueArn").get("QueueArn");
        String prefix = name();
        for (int i = 0; i < 3; i++) {
            c.createQueue(prefix + "-" + i, Map.of("RedrivePolicy",
                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}"));
        }
        Map.Entry<List<String>, String> p1 = c.deadLetterSourcesPage(dlq, 2, null);
        assertEquals(2, p1.getKey().size());
        assertTrue(p1.getKey().get(0).endsWith(prefix + "-0"));
        assertTrue(p1.getValue() != null);
        Map.Entry<List<String>, String> p2 = c.deadLetterSourcesPage(dlq, 2, p1.getValue());
        assertEquals(1, p2.getKey().size());
        assertTrue(p2.getKey().get(0).endsWith(prefix + "-2"));
        assertEquals(null, p2.getValue());
        assertEquals(3, c.deadLetterSources(dlq).size());
        assertEquals(code("InvalidParameterValue"), c.errorCode(() -> c.deadLetterSourcesPage(dlq, 1001, null)));
    }

    @Test
    void aDeletedQueuesNameWaits60Seconds() {
        Client c = client();
        String name = name();
        String url = c.createQueue(name, Map.of());
        c.deleteQueue(url);
        assertEquals(code("QueueDeletedRecently"), c.errorCode(() -> c.createQueue(name, Map.of())));
        // another name is not affected
        c.deleteQueue(c.createQueue(name + "x", Map.of()));
    }

    @Test
    void listQueuesPaging() {
        Client c = client();
        String prefix = name();
        for (int i = 0; i < 5; i++) c.createQueue(prefix + "-" + i, Map.of());
        Map.Entry<List<String>, String> p1 = c.listQueuesPage(prefix, 2, null);
        assertEquals(2, p1.getKey().size());
        assertTrue(p1.getKey().get(0).endsWith(prefix + "-0"));
        Map.Entry<List<String>, String> p2 = c.listQueuesPage(prefix, 2, p1.getValue());
        assertTrue(p2.getKey().get(0).endsWith(prefix + "-2"));
        Map.Entry<List<String>, String> p3 = c.listQueuesPage(prefix, 2, p2.getValue());
        assertEquals(1, p3.getKey().size());
        assertEquals(null, p3.getValue());
    }

    @Test
    void permissionsLandInThePolicy() {
        Client c = client();
        String url = c.createQueue(name(), Map.of());
        c.addPermission(url, "allow-send", "111122223333", "SendMessage");
        String policy = c.getAttributes(url, "Policy").get("Policy");
        assertTrue(policy.contains("\"Sid\":\"allow-send\""), policy);
        assertTrue(policy.contains("arn:aws:iam::111122223333:root"), policy);
        assertEquals(code("InvalidParameterValue"), c.errorCode(() -> c.addPermission(url, "allow-send", "111122223333", "SendMessage")));
    }

    /** AWS's policy quotas: 7 actions per statement, 20 statements per policy. */
    @Test
    void addPermissionIsOverLimitPastSevenActionsOrTwentyStatements() {
        Client c = client();
        String url = c.createQueue(name(), Map.of());
        String[] eight = {"SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes",
                "GetQueueUrl", "ListQueueTags", "ListDeadLetterSourceQueues"};
        assertEquals(code("OverLimit"), c.errorCode(() -> c.addPermission(url, "eight", OTHER, eight)));
        assertEquals(null, c.getAttributes(url, "Policy").get("Policy"));
        c.addPermission(url, "seven", OTHER, java.util.Arrays.copyOf(eight, 7));
        for (int i = 1; i < 20; i++) c.addPermission(url, "p" + i, OTHER, "SendMessage");
        assertEquals(code("OverLimit"), c.errorCode(() -> c.addPermission(url, "p20", OTHER, "SendMessage")));
        String policy = c.getAttributes(url, "Policy").get("Policy");
        assertTrue(policy.contains("\"Sid\":\"p19\"") && !policy.contains("\"Sid\":\"p20\""), policy);
        c.removePermission(url, "p1");
        c.addPermission(url, "p20", OTHER, "SendMessage");
    }

    private static final String OTHER = "111122223333";

    @Test
    void anotherAccountGetsWhatThePolicyAllowsAndNoMore() {
        Client owner = client();
        Client other = client(OTHER);
        String url = owner.createQueue(name(), Map.of());
        String denied = code("AccessDeniedException");
        // no policy: the queue is its owner's alone
        assertEquals(denied, other.errorCode(() -> other.send(url, "x", Map.of())));
        assertEquals(denied, other.errorCode(() -> other.receive(url, 1, 0, null)));
        assertEquals(denied, other.errorCode(() -> other.getAttributes(url, "All")));

        owner.addPermission(url, "send", OTHER, "SendMessage");
        other.send(url, "one", Map.of());
        other.sendBatch(url, List.of("two", "three")); // a batch is authorized as sqs:SendMessage
        assertEquals(denied, other.errorCode(() -> other.receive(url, 1, 0, null)));
        Client third = client("444455556666");
        assertEquals(denied, third.errorCode(() -> third.send(url, "x", Map.of())));

        owner.addPermission(url, "everything", OTHER, "*");
        List<Received> got = other.receive(url, 10, 0, 30);
        assertEquals(3, got.size());
        other.delete(url, got.get(0).receipt());
        // cross-account permissions never reach the operations that manage the queue
        assertEquals(denied, other.errorCode(() -> other.setAttributes(url, Map.of("VisibilityTimeout", "5"))));
        assertEquals(denied, other.errorCode(() -> other.tag(url, Map.of("k", "v"))));
        assertEquals(denied, other.errorCode(() -> other.tags(url)));
        assertEquals(denied, other.errorCode(() -> other.addPermission(url, "mine", OTHER, "*")));
        assertEquals(denied, other.errorCode(() -> other.deleteQueue(url)));
        assertEquals("2", owner.getAttributes(url, "ApproximateNumberOfMessagesNotVisible")
                .get("ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void anExplicitDenyBindsTheOwnerTooButNeverLocksItOut() {
        Client owner = client();
        String url = owner.createQueue(name(), Map.of());
        String arn = owner.getAttributes(url, "QueueArn").get("QueueArn");
        owner.setAttributes(url, Map.of("Policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":[\"sqs:SendMessage\",\"sqs:SetQueueAttributes\"],\"Resource\":\"" + arn + "\"}]}"));
        assertEquals(code("AccessDeniedException"), owner.errorCode(() -> owner.send(url, "x", Map.of())));
        assertEquals(0, owner.receive(url, 1, 0, null).size());
        owner.setAttributes(url, Map.of("Policy", "")); // the owner may always manage its queue's policy
        owner.send(url, "x", Map.of());
        assertEquals(1, owner.receive(url, 1, 0, null).size());
    }

    @Test
    void policyConditionsAreEvaluated() {
        Client owner = client();
        Client other = client(OTHER);
        String url = owner.createQueue(name(), Map.of());
        String arn = owner.getAttributes(url, "QueueArn").get("QueueArn");
        String policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + OTHER + ":role/r\"},"
                + "\"Action\":\"SQS:Send*\",\"Resource\":\"" + arn + "\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"%s\"}}}]}";
        owner.setAttributes(url, Map.of("Policy", String.format(policy, "10.0.0.0/8")));
        assertEquals(code("AccessDeniedException"), other.errorCode(() -> other.send(url, "x", Map.of())));
        owner.setAttributes(url, Map.of("Policy", String.format(policy, "127.0.0.0/8")));
        other.send(url, "x", Map.of());
    }

    @Test
    void aPolicySqsCannotReadIsRefused() {
        Client c = client();
        String url = c.createQueue(name(), Map.of());
        String invalid = code("InvalidAttributeValue");
        assertEquals(invalid, c.errorCode(() -> c.setAttributes(url, Map.of("Policy", "{not json"))));
        assertEquals(invalid, c.errorCode(() -> c.setAttributes(url, Map.of("Policy",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\"}]}"))));
        assertEquals(invalid, c.errorCode(() -> c.setAttributes(url, Map.of("Policy",
                "{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"sqs:*\"}]}"))));
        assertEquals(invalid, c.errorCode(() -> c.createQueue(name(), Map.of("Policy", "[]"))));
        assertEquals(null, c.getAttributes(url, "Policy").get("Policy"));
    }
}
