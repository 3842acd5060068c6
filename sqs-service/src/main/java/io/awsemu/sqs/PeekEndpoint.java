package io.awsemu.sqs;

import io.awsemu.core.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RawHandler;
import io.awsemu.core.service.RequestContext;
import io.awsemu.sqs.engine.MessageAttribute;
import io.awsemu.sqs.engine.Queue;
import io.awsemu.sqs.engine.SqsEngine;
import io.awsemu.sqs.engine.SqsMessage;

import java.util.Base64;
import java.util.Map;

/**
 * {@code GET /_aws/sqs/messages?QueueUrl=...}: every message of a queue with its delivery state, as
 * JSON, without receiving anything (no receive count, no visibility change).
 */
final class PeekEndpoint implements RawHandler {
    private final SqsEngine engine;
    private final SqsOperations ops;

    PeekEndpoint(SqsEngine engine, SqsOperations ops) {
        this.engine = engine;
        this.ops = ops;
    }

    @Override
    public AwsResponse handle(RequestContext ctx, RequestBody body) {
        String url = ctx.request().queryParam("QueueUrl");
        if (url == null) {
            return AwsResponse.of(400, "application/json", "{\"__type\":\"MissingParameter\",\"message\":\"QueueUrl is required\"}");
        }
        Queue q;
        try {
            q = ops.resolve(ctx, url);
        } catch (io.awsemu.core.error.AwsException e) {
            return AwsResponse.of(400, "application/json", "{\"__type\":\"" + e.code() + "\",\"message\":\"" + e.getMessage() + "\"}");
        }
        long now = ctx.receivedAt().toEpochMilli();
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode list = root.putArray("Messages");
        for (SqsMessage m : engine.peek(q)) {
            String text = engine.peekBody(q, m);
            if (text == null) continue; // deleted since the peek
            ObjectNode n = list.addObject();
            n.put("MessageId", m.id());
            n.put("Body", text);
            n.put("MD5OfBody", m.md5OfBody(text));
            ObjectNode a = n.putObject("Attributes");
            a.put("SentTimestamp", String.valueOf(m.sentAt));
            a.put("ApproximateReceiveCount", String.valueOf(m.receiveCount));
            if (m.firstReceiveAt > 0) a.put("ApproximateFirstReceiveTimestamp", String.valueOf(m.firstReceiveAt));
            if (m.groupId != null) a.put("MessageGroupId", m.groupId);
            if (m.sequenceNumber != null) a.put("SequenceNumber", m.sequenceNumber);
            a.put("IsVisible", String.valueOf(m.visibleAt <= now));
            if (!m.attributes.isEmpty()) {
                ObjectNode ma = n.putObject("MessageAttributes");
                for (Map.Entry<String, MessageAttribute> e : m.attributes.entrySet()) {
                    ObjectNode v = ma.putObject(e.getKey());
                    v.put("DataType", e.getValue().dataType());
                    if (e.getValue().stringValue() != null) v.put("StringValue", e.getValue().stringValue());
                    if (e.getValue().binaryValue() != null) v.put("BinaryValue", Base64.getEncoder().encodeToString(e.getValue().binaryValue()));
                }
            }
        }
        return AwsResponse.of(200, "application/json", root.toString());
    }
}
