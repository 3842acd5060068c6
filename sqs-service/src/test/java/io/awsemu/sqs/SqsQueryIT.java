package io.awsemu.sqs;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import com.amazonaws.services.sqs.model.*;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract under SDK v1 1.12.580 (Query protocol), plus the legacy-version details. */
class SqsQueryIT extends SqsContract {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("sqs").build();

    @Override
    Client client(String accessKey) {
        AmazonSQS s = AmazonSQSClientBuilder.standard()
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey, "test")))
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(emu.endpoint().toString(), "us-east-1"))
                .build();
        return new Client() {
            public String createQueue(String name, Map<String, String> a) {
                return s.createQueue(new CreateQueueRequest(name).withAttributes(a)).getQueueUrl();
            }
            public String getQueueUrl(String name) { return s.getQueueUrl(name).getQueueUrl(); }
            public void deleteQueue(String url) { s.deleteQueue(url); }
            public List<String> listQueues(String prefix) { return s.listQueues(prefix).getQueueUrls(); }
            public Map<String, String> getAttributes(String url, String... names) {
                return s.getQueueAttributes(url, List.of(names)).getAttributes();
            }
            public void setAttributes(String url, Map<String, String> a) { s.setQueueAttributes(url, a); }
            public String send(String url, String body, Map<String, String> attrs) {
                Map<String, MessageAttributeValue> m = new LinkedHashMap<>();
                attrs.forEach((k, v) -> m.put(k, new MessageAttributeValue().withDataType("String").withStringValue(v)));
                return s.sendMessage(new SendMessageRequest(url, body).withMessageAttributes(m)).getMessageId();
            }
            public String sendFifo(String url, String body, String group, String dedup) {
                return s.sendMessage(new SendMessageRequest(url, body).withMessageGroupId(group).withMessageDeduplicationId(dedup)).getMessageId();
            }
            public List<Received> receive(String url, int max, Integer wait, Integer vt) {
                List<Received> out = new ArrayList<>();
                for (Message m : s.receiveMessage(new ReceiveMessageRequest(url).withMaxNumberOfMessages(max).withWaitTimeSeconds(wait)
                        .withVisibilityTimeout(vt).withAttributeNames("All").withMessageAttributeNames("All")).getMessages()) {
                    Map<String, String> attrs = new LinkedHashMap<>();
                    m.getMessageAttributes().forEach((k, v) -> attrs.put(k, v.getStringValue()));
                    out.add(new Received(m.getMessageId(), m.getBody(), m.getReceiptHandle(), m.getAttributes(), attrs));
                }
                return out;
            }
            public void delete(String url, String receipt) { s.deleteMessage(url, receipt); }
            public void changeVisibility(String url, String receipt, int sec) { s.changeMessageVisibility(url, receipt, sec); }
            public List<String> sendBatch(String url, List<String> bodies) {
                List<SendMessageBatchRequestEntry> e = new ArrayList<>();
                for (int i = 0; i < bodies.size(); i++) e.add(new SendMessageBatchRequestEntry("m" + i, bodies.get(i)));
                SendMessageBatchResult r = s.sendMessageBatch(url, e);
                assertTrue(r.getFailed().isEmpty());
                return r.getSuccessful().stream().map(SendMessageBatchResultEntry::getMessageId).toList();
            }
            public int deleteBatch(String url, List<String> receipts) {
                List<DeleteMessageBatchRequestEntry> e = new ArrayList<>();
                for (int i = 0; i < receipts.size(); i++) e.add(new DeleteMessageBatchRequestEntry("d" + i, receipts.get(i)));
                return s.deleteMessageBatch(url, e).getSuccessful().size();
            }
            public void purge(String url) { s.purgeQueue(new PurgeQueueRequest(url)); }
            public void tag(String url, Map<String, String> tags) { s.tagQueue(url, tags); }
            public Map<String, String> tags(String url) { return s.listQueueTags(url).getTags(); }
            public List<String> deadLetterSources(String url) {
                return s.listDeadLetterSourceQueues(new ListDeadLetterSourceQueuesRequest(url)).getQueueUrls();
            }
            public String startMoveTask(String arn, String destination, Integer rate) {
                return s.startMessageMoveTask(new StartMessageMoveTaskRequest().withSourceArn(arn).withDestinationArn(destination)
                        .withMaxNumberOfMessagesPerSecond(rate)).getTaskHandle();
            }
            public List<MoveTask> moveTasks(String arn, int max) {
                List<MoveTask> out = new ArrayList<>();
                for (ListMessageMoveTasksResultEntry e : s.listMessageMoveTasks(new ListMessageMoveTasksRequest()
                        .withSourceArn(arn).withMaxResults(max)).getResults()) {
                    out.add(new MoveTask(e.getTaskHandle(), e.getStatus(), e.getApproximateNumberOfMessagesMoved(),
                            e.getApproximateNumberOfMessagesToMove(), e.getFailureReason()));
                }
                return out;
            }
            public long cancelMoveTask(String handle) {
                return s.cancelMessageMoveTask(new CancelMessageMoveTaskRequest().withTaskHandle(handle))
                        .getApproximateNumberOfMessagesMoved();
            }
            public Map.Entry<List<String>, String> deadLetterSourcesPage(String url, int max, String token) {
                ListDeadLetterSourceQueuesResult r = s.listDeadLetterSourceQueues(new ListDeadLetterSourceQueuesRequest(url)
                        .withMaxResults(max).withNextToken(token));
                return new java.util.AbstractMap.SimpleEntry<>(r.getQueueUrls(), r.getNextToken());
            }
            public Map.Entry<List<String>, String> listQueuesPage(String prefix, int max, String token) {
                ListQueuesResult r = s.listQueues(new ListQueuesRequest(prefix).withMaxResults(max).withNextToken(token));
                return new java.util.AbstractMap.SimpleEntry<>(r.getQueueUrls(), r.getNextToken());
            }
            public void addPermission(String url, String label, String account, String... actions) {
                s.addPermission(url, label, List.of(account), List.of(actions));
            }
            public void removePermission(String url, String label) {
                s.removePermission(url, label);
            }
            public String errorCode(Runnable r) {
                try {
                    r.run();
                    return null;
                } catch (AmazonServiceException e) {
                    return e.getErrorCode();
                }
            }
        };
    }

    @Test
    void legacyVersionAnswersInItsNamespaceAtTheQueueUrl() throws Exception {
        String url = client().createQueue(name(), Map.of());
        HttpClient http = HttpClient.newHttpClient();
        // a 2008-era client: unsigned-looking Query POST to the queue URL itself, no QueueUrl parameter
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + URI.create(url).getPath()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=SendMessage&Version=2009-02-01&MessageBody=old+client"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("xmlns=\"http://queue.amazonaws.com/doc/2009-02-01/\""), r.body());
        assertTrue(r.body().contains("<MD5OfMessageBody>"), r.body());
        assertEquals("old client", client().receive(url, 1, null, null).get(0).body());
    }
}
