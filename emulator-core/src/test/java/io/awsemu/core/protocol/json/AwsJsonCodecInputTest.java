package io.awsemu.core.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.model.ServiceModel;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.protocol.ProtocolQuirks;
import io.awsemu.core.protocol.RequiredMembers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JSON codec reads input in one streaming pass; it must give the tree (members in the same order) and the
 * error that reading a tree and copying it by the shape gives (what it did before, kept as its fallback).
 */
class AwsJsonCodecInputTest {
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

    // ---- what parseInput did before, and still does when the streaming read gives up ----

    private ObjectNode reference(String operation, byte[] body) {
        ObjectNode tree = codec.copied(model.operation(operation), body);
        RequiredMembers.check(model.operation(operation).input(), tree, (m, n) -> n);
        return tree;
    }
}
