package io.awsemu.core.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.model.Member;
import io.awsemu.core.model.ServiceModel;
import io.awsemu.core.model.Shape;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.protocol.ProtocolQuirks;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.service.RequestContext;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JSON codec writes output straight to a generator; it must write what the tree copy it replaced wrote. */
class AwsJsonCodecOutputTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ServiceModel model = ServiceModel.load("awsemu/testmodels/json-shapes-model.json", getClass().getClassLoader());
    private final AwsJsonCodec codec = new AwsJsonCodec(Protocol.JSON_1_0, model, ProtocolQuirks.NONE);
    private final RequestContext ctx = new RequestContext("req-1", "000000000000", "us-east-1", "demo", Protocol.JSON_1_0,
            null, Instant.EPOCH, null, null, null);

    @Test
    void writesWhatTheTreeCopyWrote() throws Exception {
        ObjectNode thing = F.objectNode().put("Id", "t1").put("Unknown", "dropped").put("When", "2024-05-06T07:08:09.5Z");
        thing.set("Data", new BinaryNode(new byte[] {1, 2, 3, (byte) 0xff}));
        thing.set("Inner", F.objectNode().put("Id", "t2").putNull("Data").put("When", 1_700_000_000L));
        ObjectNode full = F.objectNode().put("Name", "n \"quoted\" \u00e9 \ud83d\ude00").put("Count", 7).put("Size", 1L << 40)
                .put("On", true).put("Ratio", 0.25).put("When", "2024-05-06T07:08:09Z").put("Data", "AQID");
        full.putObject("Tags").put("a", "1").putNull("b").put("c", "");
        full.putArray("Ids").add("x").addNull().add("y");
        ArrayNode things = full.putArray("Things");
        things.add(thing);
        things.addNull();
        things.add(F.objectNode());
        full.putObject("ByName").set("k", thing);
        full.putObject("Doc").put("free", 1).putArray("form").add(F.numberNode(new BigDecimal("1.50"))).add(false);

        ObjectNode odd = F.objectNode().put("Ratio", new BigDecimal("2.000")).put("Count", 3_000_000_000L)
                .put("When", "2024-05-06T07:08:09.123456Z");
        odd.put("Name", 5);
        odd.put("Tags", "not a map");
        odd.put("Ids", "not a list");
        odd.set("Things", F.objectNode().set("v", F.objectNode().put("Id", "from an object")));
        odd.set("Data", F.nullNode());
        odd.set("ByName", F.arrayNode().add(1));

        for (JsonNode output : List.of(full, odd, F.objectNode(), F.nullNode(), F.missingNode(), F.textNode("not a structure"))) {
            assertEquals(reference("GetThing", output), written("GetThing", output), output.toString());
        }
        assertEquals("{}", written("GetThing", null));
        assertEquals("{}", written("Ping", full));
    }

    private String written(String op, JsonNode output) {
        ResponseBody.Bytes b = (ResponseBody.Bytes) codec.writeOutput(op, output, ctx).body();
        return new String(b.bytes(), StandardCharsets.UTF_8);
    }

    // ---- the tree copy that writeOutput did before, kept as the reference ----

    private String reference(String op, JsonNode output) throws Exception {
        Shape out = model.operation(op).output();
        JsonNode body = out == null || output == null ? F.objectNode() : copy(out, output);
        return new String(MAPPER.writeValueAsBytes(body), StandardCharsets.UTF_8);
    }

    private static JsonNode copy(Shape s, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        switch (s.type()) {
            case STRUCTURE -> {
                ObjectNode out = F.objectNode();
                for (Map.Entry<String, Member> e : s.members().entrySet()) {
                    JsonNode r = copy(e.getValue().shape(), v.get(e.getKey()));
                    if (r != null) out.set(e.getKey(), r);
                }
                return out;
            }
            case LIST -> {
                ArrayNode out = F.arrayNode();
                for (JsonNode x : v) { JsonNode r = copy(s.listMember().shape(), x); if (r != null) out.add(r); }
                return out;
            }
            case MAP -> {
                ObjectNode out = F.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode r = copy(s.mapValue().shape(), e.getValue());
                    if (r != null) out.set(e.getKey(), r);
                }
                return out;
            }
            case TIMESTAMP -> {
                BigDecimal secs = Timestamps.epochSeconds(Timestamps.fromNode(v));
                return secs.scale() <= 0 ? F.numberNode(secs.longValueExact()) : F.numberNode(secs);
            }
            case BLOB -> {
                return v instanceof BinaryNode b ? F.textNode(Base64.getEncoder().encodeToString(b.binaryValue())) : v;
            }
            default -> { return v; }
        }
    }
}
