package io.awsemu.sqs;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract under SDK v2 (JSON 1.0 protocol, MD5 checks on), plus the JSON-only details. */
class SqsJsonIT extends SqsContract {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("sqs").build();

    private static SqsClient sqs() {
        return sqs("test");
    }

    private static SqsClient sqs(String accessKey) {
        return SqsClient.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    Client client(String accessKey) {
        SqsClient s = sqs(accessKey);
        return new Client() {
            public String createQueue(String name, Map<String, String> a) {
                return s.createQueue(b -> b.queueName(name).attributesWithStrings(a)).queueUrl();
            }
            public String getQueueUrl(String name) { return s.getQueueUrl(b -> b.queueName(name)).queueUrl(); }
            public void deleteQueue(String url) { s.deleteQueue(b -> b.queueUrl(url)); }
            public List<String> listQueues(String prefix) { return s.listQueues(b -> b.queueNamePrefix(prefix)).queueUrls(); }
            public Map<String, String> getAttributes(String url, String... names) {
                return s.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(names)).attributesAsStrings();
            }
            public void setAttributes(String url, Map<String, String> a) {
                s.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(a));
            }
            public String send(String url, String body, Map<String, String> attrs) {
                Map<String, MessageAttributeValue> m = new LinkedHashMap<>();
                attrs.forEach((k, v) -> m.put(k, MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
                return s.sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(m)).messageId();
            }
            public String sendFifo(String url, String body, String group, String dedup) {
                return s.sendMessage(b -> b.queueUrl(url).messageBody(body).messageGroupId(group).messageDeduplicationId(dedup)).messageId();
            }
            public List<Received> receive(String url, int max, Integer wait, Integer vt) {
                List<Received> out = new ArrayList<>();
                for (Message m : s.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max).waitTimeSeconds(wait)
                        .visibilityTimeout(vt).messageSystemAttributeNamesWithStrings("All").messageAttributeNames("All")).messages()) {
                    Map<String, String> attrs = new LinkedHashMap<>();
                    m.messageAttributes().forEach((k, v) -> attrs.put(k, v.stringValue()));
                    out.add(new Received(m.messageId(), m.body(), m.receiptHandle(), m.attributesAsStrings(), attrs));
                }
                return out;
            }
            public void delete(String url, String receipt) { s.deleteMessage(b -> b.queueUrl(url).receiptHandle(receipt)); }
            public void changeVisibility(String url, String receipt, int sec) {
                s.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(receipt).visibilityTimeout(sec));
            }
            public List<String> sendBatch(String url, List<String> bodies) {
                List<SendMessageBatchRequestEntry> e = new ArrayList<>();
                for (int i = 0; i < bodies.size(); i++) e.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
                SendMessageBatchResponse r = s.sendMessageBatch(b -> b.queueUrl(url).entries(e));
                assertTrue(r.failed().isEmpty());
                return r.successful().stream().map(SendMessageBatchResultEntry::messageId).toList();
            }
            public int deleteBatch(String url, List<String> receipts) {
                List<DeleteMessageBatchRequestEntry> e = new ArrayList<>();
                for (int i = 0; i < receipts.size(); i++) e.add(DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(receipts.get(i)).build());
                return s.deleteMessageBatch(b -> b.queueUrl(url).entries(e)).successful().size();
            }
            public void purge(String url) { s.purgeQueue(b -> b.queueUrl(url)); }
            public void tag(String url, Map<String, String> tags) { s.tagQueue(b -> b.queueUrl(url).tags(tags)); }
            public Map<String, String> tags(String url) { return s.listQueueTags(b -> b.queueUrl(url)).tags(); }
            public List<String> deadLetterSources(String url) {
                return s.listDeadLetterSourceQueues(b -> b.queueUrl(url)).queueUrls();
            }
            public String startMoveTask(String arn, String destination, Integer rate) {
                return s.startMessageMoveTask(b -> b.sourceArn(arn).destinationArn(destination).maxNumberOfMessagesPerSecond(rate))
                        .taskHandle();
            }
            public List<MoveTask> moveTasks(String arn, int max) {
                List<MoveTask> out = new ArrayList<>();
                for (ListMessageMoveTasksResultEntry e : s.listMessageMoveTasks(b -> b.sourceArn(arn).maxResults(max)).results()) {
                    out.add(new MoveTask(e.taskHandle(), e.status(), e.approximateNumberOfMessagesMoved(),
                            e.approximateNumberOfMessagesToMove(), e.failureReason()));
                }
                return out;
            }
            public long cancelMoveTask(String handle) {
                return s.cancelMessageMoveTask(b -> b.taskHandle(handle)).approximateNumberOfMessagesMoved();
            }
            public Map.Entry<List<String>, String> deadLetterSourcesPage(String url, int max, String token) {
                ListDeadLetterSourceQueuesResponse r = s.listDeadLetterSourceQueues(b -> b.queueUrl(url).maxResults(max).nextToken(token));
                return new java.util.AbstractMap.SimpleEntry<>(r.queueUrls(), r.nextToken());
            }
            public Map.Entry<List<String>, String> listQueuesPage(String prefix, int max, String token) {
                ListQueuesResponse r = s.listQueues(b -> b.queueNamePrefix(prefix).maxResults(max).nextToken(token));
                return new java.util.AbstractMap.SimpleEntry<>(r.queueUrls(), r.nextToken());
            }
            public void addPermission(String url, String label, String account, String... actions) {
                s.addPermission(b -> b.queueUrl(url).label(label).awsAccountIds(account).actions(actions));
            }
            public void removePermission(String url, String label) {
                s.removePermission(b -> b.queueUrl(url).label(label));
            }
            public String errorCode(Runnable r) {
                try {
                    r.run();
                    return null;
                } catch (SqsException e) {
                    return e.awsErrorDetails().errorCode();
                }
            }
        };
    }

    @Test
    void queryErrorHeaderAndPeekEndpoint() throws Exception {
        SqsClient s = sqs();
        String url = s.createQueue(b -> b.queueName(name())).queueUrl();
        s.sendMessage(b -> b.queueUrl(url).messageBody("peeked"));
        String big = "P".repeat(3_000); // kept only in its record: the peek reads it back
        String bigMd5 = s.sendMessage(b -> b.queueUrl(url).messageBody(big)).md5OfMessageBody();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> peek = http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + "/_aws/sqs/messages?QueueUrl="
                + java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, peek.statusCode());
        assertTrue(peek.body().contains("\"Body\":\"peeked\""), peek.body());
        assertTrue(peek.body().contains("\"Body\":\"" + big + "\",\"MD5OfBody\":\"" + bigMd5 + "\""), peek.body());
        // peeking did not receive them
        assertEquals("2", s.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings().get("ApproximateNumberOfMessages"));
        HttpResponse<String> err = http.send(HttpRequest.newBuilder(emu.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS.GetQueueUrl")
                .POST(HttpRequest.BodyPublishers.ofString("{\"QueueName\":\"missing-q\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, err.statusCode());
        assertEquals("AWS.SimpleQueueService.NonExistentQueue;Sender", err.headers().firstValue("x-amzn-query-error").orElse(null));
        assertTrue(err.body().contains("QueueDoesNotExist"), err.body());
    }

    @Test
    void anotherAccountsRefusalOnTheWire() {
        String url = sqs().createQueue(b -> b.queueName(name())).queueUrl();
        SqsException e = assertThrows(SqsException.class, () -> sqs("111122223333").sendMessage(b -> b.queueUrl(url).messageBody("x")));
        assertEquals(403, e.statusCode());
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals("Access to the resource " + url + " is denied.", e.awsErrorDetails().errorMessage());
        assertEquals("AccessDenied;Sender", e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amzn-query-error").orElse(null));
        String raw = new String(e.awsErrorDetails().rawResponse().asByteArray());
        assertTrue(raw.contains("#AccessDeniedException\""), raw);
    }

    @Test
    void batchEntryIdsAndAPartlyFailedVisibilityBatch() {
        SqsClient s = sqs();
        String url = s.createQueue(b -> b.queueName(name())).queueUrl();
        String longest = "a".repeat(77) + "_-9";
        SendMessageBatchResponse sent = s.sendMessageBatch(b -> b.queueUrl(url).entries(
                e -> e.id(longest).messageBody("one"), e -> e.id("Z2").messageBody("two")));
        assertEquals(2, sent.successful().size());
        for (String bad : List.of(longest + "x", "a.b", "a b")) {
            SqsException e = assertThrows(SqsException.class, () -> s.sendMessageBatch(b -> b.queueUrl(url).entries(
                    x -> x.id(bad).messageBody("m"))));
            assertEquals("AWS.SimpleQueueService.InvalidBatchEntryId", e.awsErrorDetails().errorCode(), bad);
            assertEquals(400, e.statusCode());
        }
        SqsException dup = assertThrows(SqsException.class, () -> s.sendMessageBatch(b -> b.queueUrl(url).entries(
                x -> x.id("same").messageBody("m"), x -> x.id("same").messageBody("n"))));
        assertEquals("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", dup.awsErrorDetails().errorCode());

        List<Message> got = s.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertEquals(2, got.size());
        ChangeMessageVisibilityBatchResponse r = s.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(
                e -> e.id("ok").receiptHandle(got.get(0).receiptHandle()).visibilityTimeout(0),
                e -> e.id("bad").receiptHandle("not-a-handle").visibilityTimeout(0)));
        assertEquals(List.of("ok"), r.successful().stream().map(ChangeMessageVisibilityBatchResultEntry::id).toList());
        assertEquals(1, r.failed().size());
        assertEquals("bad", r.failed().get(0).id());
        assertEquals("ReceiptHandleIsInvalid", r.failed().get(0).code());
        assertTrue(r.failed().get(0).senderFault());
        // the changed message is visible again at once, the other still in flight
        List<Message> again = s.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
        assertEquals(List.of(got.get(0).messageId()), again.stream().map(Message::messageId).toList());
    }
}
