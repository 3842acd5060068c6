package io.awsemu.core.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.model.Member;
import io.awsemu.core.model.ServiceModel;
import io.awsemu.core.model.Shape;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.protocol.ProtocolQuirks;
import io.awsemu.core.protocol.Timestamps;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JSON codec reads input in one streaming pass; it must give the tree (members in the same order) and the
 * error that reading a tree and copying it by the shape gave.
 */
class AwsJsonCodecInputTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ServiceModel model = ServiceModel.load("awsemu/testmodels/json-shapes-model.json", getClass().getClassLoader());
    private final AwsJsonCodec codec = new AwsJsonCodec(Protocol.JSON_1_0, model, ProtocolQuirks.NONE);

    private static final List<String> BODIES = List.of(
            "", " ", "null", "{}", "[]", "5", "\"x\"", "{", "{} trailing", "{\"Name\":\"n\"}x", "{\"Name\":}",
            "{\"Name\":\"n\",\"Count\":7,\"Size\":1099511627776,\"On\":true,\"Ratio\":0.25,\"When\":1700000000,\"Data\":\"AQID\"}",
            "{\"Count\":3000000000,\"Size\":123456789012345678901234567890}",
            "{\"Ratio\":1,\"Big\":1.50,\"F\":1e400,\"When\":1700000000.125}",
            "{\"When\":\"2024-05-06T07:08:09.5Z\"}", "{\"When\":\"not a time\"}", "{\"When\":{}}", "{\"When\":true}",
            "{\"Data\":\"not base64!\"}", "{\"Data\":5}", "{\"Name\":5}", "{\"Count\":1.5}", "{\"On\":\"true\"}",
            "{\"Name\":null,\"Count\":null}", "{\"Name\":\"a\",\"Name\":\"b\"}", "{\"Name\":5,\"Name\":\"b\"}", "{\"Name\":\"a\",\"Name\":null}",
            "{\"Unknown\":{\"deep\":[1,{\"x\":[]}]},\"Name\":\"n\",\"Other\":[1,2,{}]}", "{\"Unknown\":{\"deep\":[1,}}",
            "{\"Tags\":{\"a\":\"1\",\"b\":null,\"c\":\"\",\"a\":\"2\"}}", "{\"Tags\":{\"a\":\"1\",\"a\":null,\"b\":\"2\",\"a\":\"3\"}}",
            "{\"Tags\":{\"a\":5}}", "{\"Tags\":[]}", "{\"Ids\":[\"x\",null,\"y\"]}", "{\"Ids\":[\"x\",5]}", "{\"Ids\":{}}", "{\"Ids\":[\"x\",]}",
            "{\"Things\":[{\"Id\":\"t\",\"Inner\":{\"Id\":\"u\",\"When\":\"2024-01-01T00:00:00Z\",\"Inner\":null}},null,{}]}",
            "{\"Things\":[{\"Id\":\"t\",\"Inner\":{\"Id\":7}}]}", "{\"ByName\":{\"k\":{\"Id\":\"v\",\"Data\":\"AA==\"},\"n\":null}}",
            "{\"Doc\":{\"free\":[1,2]},\"Name\":\"after\"}", "{\"Name\":\"n\\u00e9\\ud83d\\ude00\\\"\"}", "{\"F\":\"1.5\"}", "{\"Big\":true}");

    @Test
    void givesWhatTheTreeCopyGave() {
        for (String body : BODIES) check(body);
    }

    @Test
    void givesWhatTheTreeCopyGaveOnMutatedBodies() {
        Random r = new Random(7);
        String tokens = "{}[],:\"0.5e-1nultrefas\\ ";
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(BODIES.get(r.nextInt(BODIES.size())));
            for (int k = r.nextInt(3); k >= 0 && b.length() > 0; k--) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, tokens.charAt(r.nextInt(tokens.length())));
                    default -> b.setCharAt(at, tokens.charAt(r.nextInt(tokens.length())));
                }
            }
            bodies.add(b.toString());
        }
        for (String body : bodies) check(body);
    }

    private void check(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertEquals(outcome(() -> reference("PutThing", bytes)), outcome(() -> codec.parseInput("PutThing", null, Map.of(), bytes)), body);
    }

    private interface Parse {
        JsonNode run();
    }

    private static String outcome(Parse p) {
        try {
            return "tree " + p.run();
        } catch (AwsException e) {
            return "error " + e.code() + " " + e.httpStatus() + " " + e.getMessage();
        } catch (RuntimeException e) {
            return "failure " + e.getClass().getName();
        }
    }

    // ---- what parseInput did before: the whole body to a tree, then a copy by the shape ----

    private ObjectNode reference(String operation, byte[] body) {
        Shape input = model.operation(operation).input();
        JsonNode raw;
        if (body == null || body.length == 0) {
            raw = F.objectNode();
        } else {
            try {
                raw = MAPPER.readTree(body);
            } catch (IOException e) {
                throw serialization("Start of structure or map found where not expected.");
            }
        }
        if (raw == null || raw.isNull() || raw.isMissingNode()) raw = F.objectNode();
        if (!raw.isObject()) throw serialization("Start of structure or map found where not expected.");
        ObjectNode tree = input == null ? F.objectNode() : (ObjectNode) copy(input, raw, "");
        if (input != null) io.awsemu.core.protocol.RequiredMembers.check(input, tree, (m, n) -> n);
        return tree;
    }

    private static JsonNode copy(Shape s, JsonNode v, String path) {
        if (v.isNull()) return null;
        switch (s.type()) {
            case STRUCTURE -> {
                if (!v.isObject()) throw typeError(path, "structure");
                ObjectNode out = F.objectNode();
                for (Map.Entry<String, Member> e : s.members().entrySet()) {
                    JsonNode x = v.get(e.getKey());
                    if (x == null) continue;
                    JsonNode r = copy(e.getValue().shape(), x, path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                    if (r != null) out.set(e.getKey(), r);
                }
                return out;
            }
            case LIST -> {
                if (!v.isArray()) throw typeError(path, "list");
                ArrayNode out = F.arrayNode();
                for (JsonNode x : v) { JsonNode r = copy(s.listMember().shape(), x, path); if (r != null) out.add(r); }
                return out;
            }
            case MAP -> {
                if (!v.isObject()) throw typeError(path, "map");
                ObjectNode out = F.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode r = copy(s.mapValue().shape(), e.getValue(), path);
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

    private static AwsException serialization(String message) {
        return new AwsException("SerializationException", 400, message);
    }

    private static AwsException typeError(String path, String expected) {
        return serialization("Unexpected value type for " + (path.isEmpty() ? "input" : path) + ": expected " + expected + ".");
    }
}
