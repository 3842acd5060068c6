package io.awsemu.core.protocol;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static io.awsemu.core.protocol.WireHarness.bodyText;
import static org.junit.jupiter.api.Assertions.*;

/** SQS through both wire protocols, with the real SDKs (v2 JSON, v1 1.12.580 Query) as oracles. */
class SqsSdkTest {
    static final ObjectMapper M = new ObjectMapper();
    static final String QUEUE_URL = "http://localhost:4566/000000000000/q1";

    /** The SQS quirk this layer must support: Query speaks the old error codes. */
    static final ProtocolQuirks SQS_QUIRKS = new ProtocolQuirks() {
        @Override
        public String errorCode(Protocol protocol, AwsException e) {
            if (protocol == Protocol.QUERY && e.code().equals("QueueDoesNotExist")) return "AWS.SimpleQueueService.NonExistentQueue";
            return e.code();
        }

        // SDK v1 and boto post to the queue URL and leave QueueUrl out of the form
        @Override
        public ObjectNode adjustInput(String operation, io.awsemu.core.http.HttpRequestHead head, ObjectNode input) {
            if (!input.has("QueueUrl") && head.rawPath().matches("/\\d{12}/[^/]+"))
                input.put("QueueUrl", "http://" + head.header("Host") + head.rawPath());
            return input;
        }
    };

    WireHarness harness;

    @AfterEach
    void stop() { if (harness != null) harness.stop(); }

    static final byte[] BIN = {0, 1, 2, (byte) 0xff, 'x'};

    private static JsonNode sendAnswer(ObjectNode in) {
        ObjectNode o = M.createObjectNode();
        o.put("MessageId", "5fea7756-0ea4-451a-a703-a558b933e274");
        o.put("MD5OfMessageBody", SqsMd5.ofBody(in.get("MessageBody").asText()));
        if (in.has("MessageAttributes")) o.put("MD5OfMessageAttributes", SqsMd5.ofAttributes(in.get("MessageAttributes")));
        return o;
    }

    private static ObjectNode receiveAnswer() {
        ObjectNode attrs = M.createObjectNode();
        attrs.set("color", M.createObjectNode().put("DataType", "String").put("StringValue", "blue"));
        attrs.set("raw", M.createObjectNode().put("DataType", "Binary").put("BinaryValue", Base64.getEncoder().encodeToString(BIN)));
        ObjectNode msg = M.createObjectNode();
        msg.put("MessageId", "m-1").put("ReceiptHandle", "rh+1/=").put("Body", "hello <&> world")
                .put("MD5OfBody", SqsMd5.ofBody("hello <&> world"))
                .put("MD5OfMessageAttributes", SqsMd5.ofAttributes(attrs));
        msg.set("Attributes", M.createObjectNode().put("SentTimestamp", "1700000000000").put("ApproximateReceiveCount", "3"));
        msg.set("MessageAttributes", attrs);
        ObjectNode o = M.createObjectNode();
        o.set("Messages", M.createArrayNode().add(msg));
        return o;
    }

    private static void assertSendInput(ObjectNode in, String queueUrl) {
        assertEquals(queueUrl, in.get("QueueUrl").asText());
        assertEquals("hello <&> world", in.get("MessageBody").asText());
        assertEquals(7, in.get("DelaySeconds").asInt());
        assertTrue(in.get("DelaySeconds").isInt());
        JsonNode attrs = in.get("MessageAttributes");
        assertEquals("String", attrs.get("color").get("DataType").asText());
        assertEquals("blue", attrs.get("color").get("StringValue").asText());
        assertEquals("Binary", attrs.get("raw").get("DataType").asText());
        assertArrayEquals(BIN, Base64.getDecoder().decode(attrs.get("raw").get("BinaryValue").asText()));
    }

    // ------------------------------------------------------------------ JSON, SDK v2

    private SqsClient v2() {
        harness = new WireHarness("sqs", Protocol.JSON_1_0, "awsemu/models/sqs-2012-11-05-model.json", SQS_QUIRKS);
        return SqsClient.builder().httpClient(harness).endpointOverride(URI.create("http://localhost:4566"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @Test
    void jsonSendMessage() {
        try (SqsClient sqs = v2()) {
            harness.answer((op, in) -> sendAnswer(in));
            SendMessageResponse r = sqs.sendMessage(b -> b.queueUrl(QUEUE_URL).messageBody("hello <&> world").delaySeconds(7)
                    .messageAttributes(Map.of(
                            "color", MessageAttributeValue.builder().dataType("String").stringValue("blue").build(),
                            "raw", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(BIN)).build())));
            assertEquals("SendMessage", harness.lastOperation);
            assertSendInput(harness.lastInput, QUEUE_URL);
            assertEquals("5fea7756-0ea4-451a-a703-a558b933e274", r.messageId());
            assertEquals(WireHarness.REQUEST_ID, r.responseMetadata().requestId());
            assertEquals("application/x-amz-json-1.0", harness.lastResponse.headers().get("Content-Type"));
        }
    }

    @Test
    void jsonReceiveMessage() {
        try (SqsClient sqs = v2()) {
            harness.answer((op, in) -> receiveAnswer());
            ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(QUEUE_URL).maxNumberOfMessages(5).waitTimeSeconds(0)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL));
            assertEquals(5, harness.lastInput.get("MaxNumberOfMessages").asInt());
            assertEquals("All", harness.lastInput.get("MessageAttributeNames").get(0).asText());
            assertEquals(1, r.messages().size());
            var m = r.messages().get(0);
            assertEquals("hello <&> world", m.body());
            assertEquals("rh+1/=", m.receiptHandle());
            assertEquals("3", m.attributesAsStrings().get("ApproximateReceiveCount"));
            assertEquals("blue", m.messageAttributes().get("color").stringValue());
            assertArrayEquals(BIN, m.messageAttributes().get("raw").binaryValue().asByteArray());
        }
    }

    @Test
    void jsonQueueDoesNotExist() {
        try (SqsClient sqs = v2()) {
            harness.answer((op, in) -> { throw new AwsException("QueueDoesNotExist", 400, "The specified queue does not exist."); });
            SqsException e = assertThrows(SqsException.class, () -> sqs.getQueueUrl(b -> b.queueName("nope")));
            assertInstanceOf(QueueDoesNotExistException.class, e, e.getClass().getName());
            assertEquals(400, e.statusCode());
            assertEquals("The specified queue does not exist.", e.awsErrorDetails().errorMessage());
            assertEquals(WireHarness.REQUEST_ID, e.requestId());
            assertEquals("AWS.SimpleQueueService.NonExistentQueue;Sender", harness.lastResponse.headers().get("x-amzn-query-error"));
            assertEquals("{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"The specified queue does not exist.\"}",
                    bodyText(harness.lastResponse));
        }
    }

    @Test
    void jsonUnknownTargetAndMissingMember() {
        harness = new WireHarness("sqs", Protocol.JSON_1_0, "awsemu/models/sqs-2012-11-05-model.json", SQS_QUIRKS);
        var r = harness.exchange("POST", "/", io.awsemu.core.http.Headers.of("X-Amz-Target", "AmazonSQS.Frobnicate",
                "Content-Type", "application/x-amz-json-1.0"), "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("#UnknownOperationException\""), bodyText(r));
        r = harness.exchange("POST", "/", io.awsemu.core.http.Headers.of("X-Amz-Target", "AmazonSQS.SendMessage"),
                "{\"QueueUrl\":\"u\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertEquals("{\"__type\":\"com.amazonaws.sqs#MissingParameter\",\"message\":\"The request must contain the parameter MessageBody\"}", bodyText(r));
        assertEquals("MissingParameter;Sender", r.headers().get("x-amzn-query-error"));
        r = harness.exchange("POST", "/", io.awsemu.core.http.Headers.of("X-Amz-Target", "AmazonSQS.SendMessage"),
                "{\"QueueUrl\":\"u\",\"MessageBody\":\"b\",\"DelaySeconds\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("#SerializationException\""), bodyText(r));
        r = harness.exchange("POST", "/", io.awsemu.core.http.Headers.of("X-Amz-Target", "AmazonSQS.SendMessage"),
                "{not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("#SerializationException\""), bodyText(r));
    }

    // ------------------------------------------------------------------ Query, SDK v1 1.12.580

    String queueUrl;

    private AmazonSQS v1() throws Exception {
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        harness = new WireHarness("sqs", Protocol.QUERY, "awsemu/models/query/sqs-2012-11-05-model.json", SQS_QUIRKS);
        URI uri = harness.start();
        queueUrl = uri + "/000000000000/q1"; // SDK v1 posts to the queue URL itself
        return AmazonSQSClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(uri.toString(), "us-east-1"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("test", "test"))).build();
    }

    @Test
    void querySendMessage() throws Exception {
        AmazonSQS sqs = v1();
        harness.answer((op, in) -> sendAnswer(in));
        var req = new com.amazonaws.services.sqs.model.SendMessageRequest(queueUrl, "hello <&> world").withDelaySeconds(7);
        req.addMessageAttributesEntry("color", new com.amazonaws.services.sqs.model.MessageAttributeValue().withDataType("String").withStringValue("blue"));
        req.addMessageAttributesEntry("raw", new com.amazonaws.services.sqs.model.MessageAttributeValue().withDataType("Binary")
                .withBinaryValue(java.nio.ByteBuffer.wrap(BIN)));
        var r = sqs.sendMessage(req);
        assertEquals("SendMessage", harness.lastOperation);
        assertSendInput(harness.lastInput, queueUrl);
        assertEquals("5fea7756-0ea4-451a-a703-a558b933e274", r.getMessageId());
        assertEquals(WireHarness.REQUEST_ID, r.getSdkResponseMetadata().getRequestId());
        String xml = bodyText(harness.lastResponse);
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SendMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                + "<SendMessageResult><MD5OfMessageBody>944c7251f7e9c00429f04f037c7b8f8d</MD5OfMessageBody>"
                + "<MD5OfMessageAttributes>d6de8ca1392b9ad473286f24762ef4c8</MD5OfMessageAttributes>"
                + "<MessageId>5fea7756-0ea4-451a-a703-a558b933e274</MessageId></SendMessageResult>"
                + "<ResponseMetadata><RequestId>6a7b8c9d-0000-4000-8000-123456789abc</RequestId></ResponseMetadata></SendMessageResponse>", xml);
        assertEquals("text/xml", harness.lastResponse.headers().get("Content-Type"));
        assertEquals(WireHarness.REQUEST_ID, harness.lastResponse.headers().get("x-amzn-RequestId"));
        sqs.shutdown();
    }

    @Test
    void queryReceiveMessage() throws Exception {
        AmazonSQS sqs = v1();
        harness.answer((op, in) -> receiveAnswer());
        var r = sqs.receiveMessage(new com.amazonaws.services.sqs.model.ReceiveMessageRequest(queueUrl)
                .withMaxNumberOfMessages(5).withMessageAttributeNames("All").withAttributeNames("All"));
        assertEquals(5, harness.lastInput.get("MaxNumberOfMessages").asInt());
        assertEquals("[\"All\"]", harness.lastInput.get("MessageAttributeNames").toString());
        assertEquals("[\"All\"]", harness.lastInput.get("AttributeNames").toString());
        var m = r.getMessages().get(0);
        assertEquals("hello <&> world", m.getBody());
        assertEquals("rh+1/=", m.getReceiptHandle());
        assertEquals("1700000000000", m.getAttributes().get("SentTimestamp"));
        assertEquals("blue", m.getMessageAttributes().get("color").getStringValue());
        byte[] got = new byte[BIN.length];
        m.getMessageAttributes().get("raw").getBinaryValue().get(got);
        assertArrayEquals(BIN, got);
        sqs.shutdown();
    }

    @Test
    void queryQueueAttributesAreFlattenedNameValueMaps() throws Exception {
        AmazonSQS sqs = v1();
        harness.answer((op, in) -> {
            if (op.equals("SetQueueAttributes")) return null;
            ObjectNode out = M.createObjectNode();
            out.putObject("Attributes").put("VisibilityTimeout", "30").put("DelaySeconds", "0");
            return out;
        });
        sqs.setQueueAttributes(queueUrl, Map.of("VisibilityTimeout", "30"));
        assertEquals("{\"VisibilityTimeout\":\"30\"}", harness.lastInput.get("Attributes").toString());
        var r = sqs.getQueueAttributes(queueUrl, java.util.List.of("All"));
        assertEquals(Map.of("VisibilityTimeout", "30", "DelaySeconds", "0"), r.getAttributes());
        assertTrue(bodyText(harness.lastResponse).contains("<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>30</Value></Attribute>"),
                bodyText(harness.lastResponse));
        sqs.shutdown();
    }

    @Test
    void queryQueueDoesNotExist() throws Exception {
        AmazonSQS sqs = v1();
        harness.answer((op, in) -> { throw new AwsException("QueueDoesNotExist", 400, "The specified queue does not exist."); });
        var e = assertThrows(com.amazonaws.services.sqs.model.QueueDoesNotExistException.class, () -> sqs.getQueueUrl("nope"));
        assertEquals("AWS.SimpleQueueService.NonExistentQueue", e.getErrorCode());
        assertEquals(400, e.getStatusCode());
        assertEquals(WireHarness.REQUEST_ID, e.getRequestId());
        assertEquals(com.amazonaws.AmazonServiceException.ErrorType.Client, e.getErrorType());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error>"
                + "<Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist.</Message>"
                + "</Error><RequestId>" + WireHarness.REQUEST_ID + "</RequestId></ErrorResponse>", bodyText(harness.lastResponse));
        sqs.shutdown();
    }
}
