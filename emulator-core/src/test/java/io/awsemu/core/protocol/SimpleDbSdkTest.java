package io.awsemu.core.protocol;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.simpledb.AmazonSimpleDB;
import com.amazonaws.services.simpledb.AmazonSimpleDBClientBuilder;
import com.amazonaws.services.simpledb.model.NoSuchDomainException;
import com.amazonaws.services.simpledb.model.PutAttributesRequest;
import com.amazonaws.services.simpledb.model.ReplaceableAttribute;
import com.amazonaws.services.simpledb.model.SelectRequest;
import com.amazonaws.services.simpledb.model.SelectResult;
import com.amazonaws.services.simpledb.model.UpdateCondition;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.service.RequestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.awsemu.core.protocol.WireHarness.bodyText;
import static org.junit.jupiter.api.Assertions.*;

/** SimpleDB (Query, SigV2) with SDK v1: flattened attribute lists, BoxUsage, EC2-style errors via quirks. */
class SimpleDbSdkTest {
    static final ObjectMapper M = new ObjectMapper();

    static final ProtocolQuirks SDB_QUIRKS = new ProtocolQuirks() {
        @Override public boolean ec2StyleErrors() { return true; }
        @Override public Map<String, String> responseMetadata(String operation, RequestContext ctx) {
            return Map.of("BoxUsage", "0.0000219907");
        }
    };

    WireHarness harness;
    AmazonSimpleDB sdb;

    @BeforeEach
    void start() throws Exception {
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        harness = new WireHarness("sdb", Protocol.QUERY, "awsemu/models/sdb-2009-04-15-model.json", SDB_QUIRKS);
        var uri = harness.start();
        sdb = AmazonSimpleDBClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(uri.toString(), "us-east-1"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("test", "test"))).build();
    }

    @AfterEach
    void stop() {
        ((com.amazonaws.AmazonWebServiceClient) sdb).shutdown();
        harness.stop();
    }

    @Test
    void putAttributesParsesFlattenedListsAndExpected() {
        harness.answer((op, in) -> null);
        sdb.putAttributes(new PutAttributesRequest("books", "item1", java.util.List.of(
                new ReplaceableAttribute("title", "Dune", true),
                new ReplaceableAttribute("author", "Herbert & co", false)),
                new UpdateCondition("version", "3", true)));
        assertEquals("PutAttributes", harness.lastOperation);
        assertEquals("{\"DomainName\":\"books\",\"ItemName\":\"item1\",\"Attributes\":["
                        + "{\"Name\":\"title\",\"Value\":\"Dune\",\"Replace\":true},"
                        + "{\"Name\":\"author\",\"Value\":\"Herbert & co\",\"Replace\":false}],"
                        + "\"Expected\":{\"Name\":\"version\",\"Value\":\"3\",\"Exists\":true}}",
                harness.lastInput.toString());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PutAttributesResponse xmlns=\"http://sdb.amazonaws.com/doc/2009-04-15/\">"
                + "<ResponseMetadata><RequestId>" + WireHarness.REQUEST_ID + "</RequestId><BoxUsage>0.0000219907</BoxUsage>"
                + "</ResponseMetadata></PutAttributesResponse>", bodyText(harness.lastResponse));
    }

    @Test
    void selectWritesFlattenedItems() {
        harness.answer((op, in) -> {
            assertEquals("select * from books where title = 'Dune'", in.get("SelectExpression").asText());
            assertTrue(in.get("ConsistentRead").booleanValue());
            ObjectNode out = M.createObjectNode();
            var items = out.putArray("Items");
            var i1 = items.addObject().put("Name", "item1");
            i1.putArray("Attributes").add(M.createObjectNode().put("Name", "title").put("Value", "Dune"))
                    .add(M.createObjectNode().put("Name", "tag").put("Value", "sf"))
                    .add(M.createObjectNode().put("Name", "tag").put("Value", "classic"));
            items.addObject().put("Name", "item2").putArray("Attributes");
            out.put("NextToken", "tok==");
            return out;
        });
        SelectResult r = sdb.select(new SelectRequest("select * from books where title = 'Dune'", true));
        assertEquals(2, r.getItems().size());
        assertEquals("item1", r.getItems().get(0).getName());
        assertEquals(3, r.getItems().get(0).getAttributes().size());
        assertEquals("classic", r.getItems().get(0).getAttributes().get(2).getValue());
        assertEquals("item2", r.getItems().get(1).getName());
        assertEquals("tok==", r.getNextToken());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SelectResponse xmlns=\"http://sdb.amazonaws.com/doc/2009-04-15/\"><SelectResult>"
                + "<Item><Name>item1</Name><Attribute><Name>title</Name><Value>Dune</Value></Attribute>"
                + "<Attribute><Name>tag</Name><Value>sf</Value></Attribute><Attribute><Name>tag</Name><Value>classic</Value></Attribute></Item>"
                + "<Item><Name>item2</Name></Item><NextToken>tok==</NextToken></SelectResult>"
                + "<ResponseMetadata><RequestId>" + WireHarness.REQUEST_ID + "</RequestId><BoxUsage>0.0000219907</BoxUsage>"
                + "</ResponseMetadata></SelectResponse>", bodyText(harness.lastResponse));
    }

    @Test
    void noSuchDomainUsesTheEc2Envelope() {
        harness.answer((op, in) -> {
            throw new AwsException("NoSuchDomain", 400, "The specified domain does not exist.").with("BoxUsage", "0.0000055590");
        });
        NoSuchDomainException e = assertThrows(NoSuchDomainException.class, () -> sdb.domainMetadata(
                new com.amazonaws.services.simpledb.model.DomainMetadataRequest("nope")));
        assertEquals("NoSuchDomain", e.getErrorCode());
        assertEquals(400, e.getStatusCode());
        assertEquals(WireHarness.REQUEST_ID, e.getRequestId());
        assertEquals(5.559E-6, e.getBoxUsage(), 1e-12);
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>NoSuchDomain</Code>"
                + "<Message>The specified domain does not exist.</Message><BoxUsage>0.0000055590</BoxUsage></Error></Errors>"
                + "<RequestID>" + WireHarness.REQUEST_ID + "</RequestID></Response>", bodyText(harness.lastResponse));
    }

    @Test
    void missingParameterAndActionErrors() {
        var h = io.awsemu.core.http.Headers.of("Content-Type", "application/x-www-form-urlencoded");
        var r = harness.exchange("POST", "/", h, "Action=PutAttributes&Version=2009-04-15&DomainName=d".getBytes());
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>MissingParameter</Code><Message>The request must contain the parameter ItemName</Message>"), bodyText(r));
        r = harness.exchange("POST", "/", h, "Version=2009-04-15&DomainName=d".getBytes());
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>MissingAction</Code>"), bodyText(r));
        r = harness.exchange("POST", "/", h, "Action=Frob&Version=2009-04-15".getBytes());
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>InvalidAction</Code>"), bodyText(r));
        r = harness.exchange("POST", "/", h, "Action=Select&SelectExpression=x&ConsistentRead=maybe".getBytes());
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>InvalidParameterValue</Code>"), bodyText(r));
    }
}
