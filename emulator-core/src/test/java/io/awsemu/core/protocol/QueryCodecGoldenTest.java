package io.awsemu.core.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.model.ServiceModel;
import io.awsemu.core.service.RequestContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.awsemu.core.protocol.WireHarness.bodyText;
import static org.junit.jupiter.api.Assertions.*;

/** Exact bytes for the Query rules that the real models above do not exercise: member lists, entry maps, X= lists. */
class QueryCodecGoldenTest {
    static final ObjectMapper M = new ObjectMapper();
    final ServiceModel model = ServiceModel.load("awsemu/testmodels/query-shapes-model.json", getClass().getClassLoader());
    final ProtocolCodec codec = ProtocolCodecs.create(ProtocolCodecs.protocolOf(model), model, ProtocolQuirks.NONE);

    private static Map<String, java.util.List<String>> form(String body) {
        return HttpRequestHead.decodeQuery(body, true);
    }

    private RequestContext ctx(String version) {
        return new RequestContext("req-1", "000000000000", "us-east-1", "demo", Protocol.QUERY, null, Instant.EPOCH,
                new HttpRequestHead("POST", "/", new Headers(), null, null), null, version);
    }

    @Test
    void parsesMemberListsEntryMapsAndScalars() {
        var p = form("Action=PutThing&Version=2011-01-01&Name=n+1&Tags.entry.2.key=b&Tags.entry.2.value=2&Tags.entry.1.key=a&Tags.entry.1.value=1"
                + "&Ids.member.10=z&Ids.member.2=y&Ids.member.1=x&Empty=&When=2026-11-22T04%3A07%3A22Z&Size=9007199254740993&Ratio=0.25&Data=AAEC");
        assertEquals("PutThing", codec.operationName(null, p));
        ObjectNode in = codec.parseInput("PutThing", null, p, null);
        assertEquals("{\"Name\":\"n 1\",\"Tags\":{\"a\":\"1\",\"b\":\"2\"},\"Ids\":[\"x\",\"y\",\"z\"],\"Empty\":[],"
                + "\"When\":\"2026-11-22T04:07:22Z\",\"Size\":9007199254740993,\"Ratio\":0.25,\"Data\":\"AAEC\"}", in.toString());
    }

    @Test
    void writesMemberListsEntryMapsAndScalars() {
        ObjectNode out = M.createObjectNode();
        out.putObject("Tags").put("a", "1").put("b", "<2>");
        out.putArray("Ids").add("x").add("y");
        out.putArray("NoIds");
        out.set("When", new POJONode(Instant.parse("2026-11-22T04:07:22.5Z")));
        out.put("Ratio", 0.0000219907);
        out.put("Data", "AAEC");
        out.putNull("Missing");
        var r = codec.writeOutput("PutThing", out, ctx("2011-01-01"));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PutThingResponse xmlns=\"http://demo.amazonaws.com/doc/2011-01-01/\"><PutThingResult>"
                + "<Tags><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>&lt;2&gt;</value></entry></Tags>"
                + "<Ids><member>x</member><member>y</member></Ids><NoIds></NoIds><When>2026-11-22T04:07:22.500Z</When>"
                + "<Ratio>0.0000219907</Ratio><Data>AAEC</Data></PutThingResult>"
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PutThingResponse>", bodyText(r));
        assertEquals("req-1", r.headers().get("x-amzn-RequestId"));
    }

    @Test
    void operationWithoutOutputAndQuirkNamespace() {
        ProtocolCodec c = ProtocolCodecs.create(Protocol.QUERY, model, new ProtocolQuirks() {
            @Override public String xmlNamespace(String modelNamespace, String requestVersion) {
                return "2009-01-01".equals(requestVersion) ? "http://demo.amazonaws.com/doc/2009-01-01/" : modelNamespace;
            }
        });
        var r = c.writeOutput("Ping", null, ctx("2009-01-01"));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PingResponse xmlns=\"http://demo.amazonaws.com/doc/2009-01-01/\">"
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PingResponse>", bodyText(r));
    }

    @Test
    void errorsAndValidation() {
        var e = assertThrows(AwsException.class, () -> codec.parseInput("PutThing", null, form("Action=PutThing"), null));
        assertEquals("MissingParameter", e.code());
        assertEquals("The request must contain the parameter Name", e.getMessage());
        e = assertThrows(AwsException.class, () -> codec.parseInput("PutThing", null, form("Name=a&Size=big"), null));
        assertEquals("InvalidParameterValue", e.code());
        e = assertThrows(AwsException.class, () -> codec.parseInput("PutThing", null, form("Name=a&When=someday"), null));
        assertEquals("InvalidParameterValue", e.code());
        assertEquals("MissingAction", assertThrows(AwsException.class, () -> codec.operationName(null, form("Version=1"))).code());
        assertNull(codec.operationName(null, form("Action=Nope")));
        AwsException unknown = codec.unknownOperation(null, form("Action=Nope"));
        assertEquals("InvalidAction", unknown.code());
        assertEquals(400, unknown.httpStatus());

        var r = codec.writeError(new AwsException("InternalFailure", 500, false, "boom", null), ctx(null));
        assertEquals(500, r.status());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"http://demo.amazonaws.com/doc/2011-01-01/\"><Error>"
                + "<Type>Receiver</Type><Code>InternalFailure</Code><Message>boom</Message></Error><RequestId>req-1</RequestId></ErrorResponse>", bodyText(r));
    }
}
