package io.awsemu.core.protocol.json;

import io.awsemu.core.json.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.error.CommonErrors;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.model.Member;
import io.awsemu.core.model.OperationModel;
import io.awsemu.core.model.ServiceModel;
import io.awsemu.core.model.Shape;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.protocol.ProtocolCodec;
import io.awsemu.core.protocol.ProtocolQuirks;
import io.awsemu.core.protocol.RequiredMembers;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.service.RequestContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * AWS JSON 1.0/1.1: {@code X-Amz-Target: <targetPrefix>.<Operation>}, member names as JSON keys,
 * timestamps as epoch seconds, errors as {@code {"__type": "<namespace>#<Code>", "message": ...}}.
 * For {@code awsQueryCompatible} models (SQS) errors also carry {@code x-amzn-query-error:
 * <QueryCode>;Sender|Receiver}, which SDKs use as the error code.
 */
public final class AwsJsonCodec implements ProtocolCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ServiceModel model;
    private final ProtocolQuirks quirks;
    private final Protocol protocol;
    private final String contentType;
    private final String typePrefix;

    public AwsJsonCodec(Protocol protocol, ServiceModel model, ProtocolQuirks quirks) {
        this.protocol = protocol;
        this.model = model;
        this.quirks = quirks == null ? ProtocolQuirks.NONE : quirks;
        this.contentType = protocol == Protocol.JSON_1_1 ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0";
        // AWS sends the Smithy shape id (com.amazonaws.sqs#QueueDoesNotExist); SDKs keep what follows '#'.
        this.typePrefix = "com.amazonaws." + model.endpointPrefix() + "#";
    }

    @Override
    public Protocol protocol() { return protocol; }

    @Override
    public String operationName(HttpRequestHead head, Map<String, List<String>> params) {
        String target = head.header("X-Amz-Target");
        if (target == null) return null;
        int dot = target.lastIndexOf('.');
        if (dot < 0) return null;
        if (model.targetPrefix() != null && !model.targetPrefix().equals(target.substring(0, dot))) return null;
        String name = target.substring(dot + 1);
        return model.operation(name) != null ? name : null;
    }

    @Override
    public AwsException unknownOperation(HttpRequestHead head, Map<String, List<String>> params) {
        String target = head.header("X-Amz-Target");
        return CommonErrors.unknownOperation(target == null ? "(no X-Amz-Target)" : target);
    }

    @Override
    public ObjectNode parseInput(String operation, HttpRequestHead head, Map<String, List<String>> params, byte[] body) {
        OperationModel op = op(operation);
        ObjectNode tree = op.input() == null || body == null || body.length == 0 ? null : stream(op.input(), body);
        if (tree == null) tree = copied(op, body);
        tree = quirks.adjustInput(operation, head, tree);
        if (op.input() != null) RequiredMembers.check(op.input(), tree, (m, n) -> n);
        return tree;
    }

    /** Why {@link #stream} gives up: the input is malformed or of the wrong types, and {@link #copied} says how. */
    private static final class Irregular extends Exception {
        Irregular() { super(null, null, false, false); }
    }

    private static final Irregular IRREGULAR = new Irregular();

    /**
     * The input tree in one pass over the bytes, built by the shape as {@link #readValue} would copy it, or
     * null if anything is irregular (malformed JSON, a value of the wrong type, a body that is not an object):
     * then the slower {@link #copied} runs and reports the error exactly as before. (Parsing to a tree and
     * copying the tree were a fifth of the workers' CPU under the SQS bench.)
     */
    private ObjectNode stream(Shape input, byte[] body) {
        try (JsonParser p = Json.mapper().getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            return (ObjectNode) streamValue(input, p);
        } catch (Irregular | IOException | RuntimeException e) {
            return null;
        }
    }

    /** The value at the parser's current token (not null), as {@link #readValue} copies it. */
    private JsonNode streamValue(Shape s, JsonParser p) throws IOException, Irregular {
        JsonToken t = p.currentToken();
        switch (s.type()) {
            case STRUCTURE -> {
                if (t != JsonToken.START_OBJECT) throw IRREGULAR;
                Map<String, Member> members = s.members();
                JsonNode[] values = null; // by member position: the tree holds them in the shape's order
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    JsonToken v = p.nextToken();
                    Member m = members.get(name);
                    if (m == null) {
                        p.skipChildren();
                        continue;
                    }
                    if (values == null) values = new JsonNode[members.size()];
                    // a repeated name: the last value counts, as in the tree Jackson reads
                    values[indexOf(members, name)] = v == JsonToken.VALUE_NULL ? null : streamValue(m.shape(), p);
                }
                if (p.currentToken() != JsonToken.END_OBJECT) throw IRREGULAR;
                ObjectNode out = F.objectNode();
                if (values != null) {
                    int i = 0;
                    for (String name : members.keySet()) {
                        if (values[i] != null) out.set(name, values[i]);
                        i++;
                    }
                }
                return out;
            }
            case LIST -> {
                if (t != JsonToken.START_ARRAY) throw IRREGULAR;
                ArrayNode out = F.arrayNode();
                for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
                    if (x == null) throw IRREGULAR;
                    if (x != JsonToken.VALUE_NULL) out.add(streamValue(s.listMember().shape(), p));
                }
                return out;
            }
            case MAP -> {
                if (t != JsonToken.START_OBJECT) throw IRREGULAR;
                ObjectNode out = F.objectNode();
                boolean nulls = false;
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    // a repeated key keeps its first place and its last value, as in the tree Jackson reads
                    if (p.nextToken() == JsonToken.VALUE_NULL) {
                        out.set(name, F.nullNode());
                        nulls = true;
                    } else {
                        out.set(name, streamValue(s.mapValue().shape(), p));
                    }
                }
                if (p.currentToken() != JsonToken.END_OBJECT) throw IRREGULAR;
                if (nulls) out.properties().removeIf(e -> e.getValue().isNull()); // the copy leaves them out
                return out;
            }
            case STRING -> {
                if (t != JsonToken.VALUE_STRING) throw IRREGULAR;
                return F.textNode(p.getText());
            }
            case BLOB -> {
                if (t != JsonToken.VALUE_STRING) throw IRREGULAR;
                String text = p.getText();
                Base64.getDecoder().decode(text); // IllegalArgumentException: irregular
                return F.textNode(text);
            }
            case BOOLEAN -> {
                if (t == JsonToken.VALUE_TRUE) return F.booleanNode(true);
                if (t == JsonToken.VALUE_FALSE) return F.booleanNode(false);
                throw IRREGULAR;
            }
            case INTEGER, LONG -> {
                if (t != JsonToken.VALUE_NUMBER_INT) throw IRREGULAR;
                return intNode(p);
            }
            case DOUBLE, FLOAT, BIGDECIMAL -> {
                if (t == JsonToken.VALUE_NUMBER_INT) return intNode(p);
                if (t != JsonToken.VALUE_NUMBER_FLOAT) throw IRREGULAR;
                return Json.mapper().readTree(p);
            }
            case TIMESTAMP -> {
                JsonNode raw = switch (t) {
                    case VALUE_STRING -> F.textNode(p.getText());
                    case VALUE_NUMBER_INT -> intNode(p);
                    case VALUE_NUMBER_FLOAT -> Json.mapper().readTree(p);
                    default -> throw IRREGULAR;
                };
                return F.textNode(Timestamps.fromNode(raw).toString());
            }
            default -> {
                return Json.mapper().readTree(p);
            }
        }
    }

    /** An integer as Jackson's tree holds it. */
    private static JsonNode intNode(JsonParser p) throws IOException {
        return switch (p.getNumberType()) {
            case INT -> F.numberNode(p.getIntValue());
            case LONG -> F.numberNode(p.getLongValue());
            default -> F.numberNode(p.getBigIntegerValue());
        };
    }

    private static int indexOf(Map<String, Member> members, String name) {
        int i = 0;
        for (String m : members.keySet()) {
            if (m.equals(name)) return i;
            i++;
        }
        throw new IllegalStateException(name);
    }

    /**
     * The input parsed to a tree, then copied by the shape ({@link #readValue}); errors as AWS reports them.
     * (Package-private: the tests hold {@link #stream} to it.)
     */
    ObjectNode copied(OperationModel op, byte[] body) {
        JsonNode raw;
        if (body == null || body.length == 0) {
            raw = F.objectNode();
        } else {
            try {
                raw = Json.mapper().readTree(body);
            } catch (IOException e) {
                throw serialization("Start of structure or map found where not expected.");
            }
        }
        if (raw == null || raw.isNull() || raw.isMissingNode()) raw = F.objectNode();
        if (!raw.isObject()) throw serialization("Start of structure or map found where not expected.");
        return op.input() == null ? F.objectNode() : (ObjectNode) readValue(op.input(), raw, "");
    }

    /** Copies {@code v} by the shape, checking JSON types and turning epoch-second timestamps into ISO text. */
    private JsonNode readValue(Shape s, JsonNode v, String path) {
        if (v.isNull()) return null;
        switch (s.type()) {
            case STRUCTURE -> {
                if (!v.isObject()) throw typeError(path, "structure");
                ObjectNode out = F.objectNode();
                for (Map.Entry<String, Member> e : s.members().entrySet()) {
                    JsonNode x = v.get(e.getKey());
                    if (x == null) continue;
                    JsonNode r = readValue(e.getValue().shape(), x, path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                    if (r != null) out.set(e.getKey(), r);
                }
                return out;
            }
            case LIST -> {
                if (!v.isArray()) throw typeError(path, "list");
                ArrayNode out = F.arrayNode();
                for (JsonNode x : v) { JsonNode r = readValue(s.listMember().shape(), x, path); if (r != null) out.add(r); }
                return out;
            }
            case MAP -> {
                if (!v.isObject()) throw typeError(path, "map");
                ObjectNode out = F.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode r = readValue(s.mapValue().shape(), e.getValue(), path);
                    if (r != null) out.set(e.getKey(), r);
                }
                return out;
            }
            case STRING -> { if (!v.isTextual()) throw typeError(path, "string"); return v; }
            case BLOB -> {
                if (!v.isTextual()) throw typeError(path, "blob");
                try { Base64.getDecoder().decode(v.asText()); } catch (IllegalArgumentException e) { throw typeError(path, "base64 blob"); }
                return v;
            }
            case BOOLEAN -> { if (!v.isBoolean()) throw typeError(path, "boolean"); return v; }
            case INTEGER, LONG -> { if (!v.isIntegralNumber()) throw typeError(path, "integer"); return v; }
            case DOUBLE, FLOAT, BIGDECIMAL -> { if (!v.isNumber()) throw typeError(path, "number"); return v; }
            case TIMESTAMP -> {
                try {
                    return F.textNode(Timestamps.fromNode(v).toString());
                } catch (IllegalArgumentException e) {
                    throw typeError(path, "timestamp");
                }
            }
            default -> { return v; }
        }
    }

    @Override
    public AwsResponse writeOutput(String operation, JsonNode output, RequestContext ctx) {
        OperationModel op = op(operation);
        byte[] body;
        if (op.output() == null || output == null) {
            body = EMPTY_OBJECT.clone();
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
                if (absent(output)) g.writeNull();
                else writeValue(g, op.output(), output);
            } catch (IOException e) {
                throw new IllegalStateException(e); // a byte array does not fail
            }
            body = out.toByteArray();
        }
        return AwsResponse.of(200, contentType, body).header("x-amzn-RequestId", ctx.requestId());
    }

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    /**
     * Writes {@code v} (present) by the shape: members and entries without a value left out, timestamps as
     * epoch seconds, binary as base64. Straight to the generator, with no copy of the tree: the copy and its
     * serialization were a tenth of the workers' CPU under the SQS bench.
     */
    private void writeValue(JsonGenerator g, Shape s, JsonNode v) throws IOException {
        switch (s.type()) {
            case STRUCTURE -> {
                g.writeStartObject();
                for (Map.Entry<String, Member> e : s.members().entrySet()) {
                    JsonNode x = v.get(e.getKey());
                    if (absent(x)) continue;
                    g.writeFieldName(e.getKey());
                    writeValue(g, e.getValue().shape(), x);
                }
                g.writeEndObject();
            }
            case LIST -> {
                g.writeStartArray();
                for (JsonNode x : v) if (!absent(x)) writeValue(g, s.listMember().shape(), x);
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (absent(e.getValue())) continue;
                    g.writeFieldName(e.getKey());
                    writeValue(g, s.mapValue().shape(), e.getValue());
                }
                g.writeEndObject();
            }
            case TIMESTAMP -> {
                BigDecimal secs = Timestamps.epochSeconds(Timestamps.fromNode(v));
                if (secs.scale() <= 0) g.writeNumber(secs.longValueExact());
                else writeNode(g, F.numberNode(secs));
            }
            case BLOB -> {
                if (v instanceof BinaryNode b) g.writeString(Base64.getEncoder().encodeToString(b.binaryValue()));
                else writeNode(g, v);
            }
            default -> writeNode(g, v);
        }
    }

    /** A node as it is (what {@code ObjectMapper} writes for it). */
    private static void writeNode(JsonGenerator g, JsonNode v) throws IOException {
        if (v.isTextual()) g.writeString(v.textValue());
        else if (v.isBoolean()) g.writeBoolean(v.booleanValue());
        else if (v.isInt()) g.writeNumber(v.intValue());
        else if (v.isLong()) g.writeNumber(v.longValue());
        else Json.mapper().writeTree(g, v);
    }

    @Override
    public AwsResponse writeError(AwsException e, RequestContext ctx) {
        ObjectNode body = F.objectNode();
        body.put("__type", typePrefix + quirks.errorCode(protocol, e));
        if (e.getMessage() != null) body.put("message", e.getMessage());
        for (Map.Entry<String, String> x : e.extra().entrySet()) body.put(x.getKey(), x.getValue());
        AwsResponse r = AwsResponse.of(e.httpStatus(), contentType, bytes(body)).header("x-amzn-RequestId", ctx.requestId());
        if (model.awsQueryCompatible())
            r.header("x-amzn-query-error", quirks.errorCode(Protocol.QUERY, e) + ";" + (e.senderFault() ? "Sender" : "Receiver"));
        for (Map.Entry<String, String> h : e.headers().entrySet()) r.header(h.getKey(), h.getValue());
        return r;
    }

    private static AwsException serialization(String message) {
        return new AwsException("SerializationException", 400, message);
    }

    private static AwsException typeError(String path, String expected) {
        return serialization("Unexpected value type for " + (path.isEmpty() ? "input" : path) + ": expected " + expected + ".");
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return Json.mapper().writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private OperationModel op(String operation) {
        OperationModel op = model.operation(operation);
        if (op == null) throw new IllegalArgumentException("not an operation of this model: " + operation);
        return op;
    }
}
