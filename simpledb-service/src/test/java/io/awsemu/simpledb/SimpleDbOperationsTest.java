package io.awsemu.simpledb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.RequestContext;
import io.awsemu.simpledb.api.GetAttributesRequest;
import io.awsemu.simpledb.api.PutAttributesRequest;
import io.awsemu.simpledb.api.SelectRequest;
import io.awsemu.simpledb.api.SelectResult;
import io.awsemu.simpledb.engine.SimpleDbEngine;
import io.awsemu.simpledb.engine.SimpleDbLimits;
import io.awsemu.simpledb.store.H2SimpleDbStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canonical tree contract: inputs keyed by model member names, outputs serialised with valueToTree. */
class SimpleDbOperationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RequestContext ctx(String op) {
        return new RequestContext("req-1", "000000000000", "us-east-1", "sdb", Protocol.QUERY, op,
                Instant.EPOCH, null, "test", "2009-04-15");
    }

    @Test
    void treesBindToRecordsAndResultsSerialiseByMemberName() throws Exception {
        try (H2MetadataDb db = H2MetadataDb.inMemory()) {
            SimpleDbOperations ops = new SimpleDbOperations(
                    new SimpleDbEngine(new H2SimpleDbStore(db), Clock.systemUTC(), SimpleDbLimits.defaults()));
            ops.createDomain(ctx("CreateDomain"), new io.awsemu.simpledb.api.CreateDomainRequest("dom"));
            JsonNode put = JSON.readTree("{\"DomainName\":\"dom\",\"ItemName\":\"i\",\"Attributes\":["
                    + "{\"Name\":\"a\",\"Value\":\"1\",\"Replace\":true},{\"Name\":\"ctl\",\"Value\":\"x\\u0001y\"}],"
                    + "\"Expected\":{\"Name\":\"a\",\"Exists\":false}}");
            ops.putAttributes(ctx("PutAttributes"), JSON.treeToValue(put, PutAttributesRequest.class));

            JsonNode got = JSON.valueToTree(ops.getAttributes(ctx("GetAttributes"), JSON.treeToValue(
                    JSON.readTree("{\"DomainName\":\"dom\",\"ItemName\":\"i\",\"AttributeNames\":[\"a\"],\"ConsistentRead\":true}"),
                    GetAttributesRequest.class)));
            assertEquals(JSON.readTree("{\"Attributes\":[{\"Name\":\"a\",\"Value\":\"1\"}]}"), got);

            SelectResult sel = ops.select(ctx("Select"), JSON.treeToValue(
                    JSON.readTree("{\"SelectExpression\":\"select ctl from dom\"}"), SelectRequest.class));
            assertEquals(JSON.readTree("{\"Items\":[{\"Name\":\"i\",\"Attributes\":[{\"Name\":\"ctl\",\"Value\":\"eAF5\","
                    + "\"AlternateValueEncoding\":\"base64\"}]}]}"), JSON.valueToTree(sel));

            JsonNode meta = JSON.valueToTree(ops.domainMetadata(ctx("DomainMetadata"),
                    new io.awsemu.simpledb.api.DomainMetadataRequest("dom")));
            assertEquals(1, meta.get("ItemCount").asInt());
            assertEquals(2, meta.get("AttributeValueCount").asInt());
            assertTrue(meta.has("Timestamp"));
        }
    }

    @Test
    void quirksAnswerBoxUsageAndEc2StyleErrors() {
        SimpleDbQuirks q = new SimpleDbQuirks();
        assertTrue(q.ec2StyleErrors());
        assertEquals(Map.of("BoxUsage", "0.0055590278"), q.responseMetadata("CreateDomain", ctx("CreateDomain")));
        for (String op : new String[] {"CreateDomain", "DeleteDomain", "ListDomains", "DomainMetadata", "PutAttributes",
                "BatchPutAttributes", "GetAttributes", "DeleteAttributes", "BatchDeleteAttributes", "Select"}) {
            Double.parseDouble(q.responseMetadata(op, ctx(op)).get("BoxUsage"));
        }
    }

    @Test
    void descriptorNamesTheModelOnTheClasspath() {
        var d = new SimpleDbService().descriptor();
        assertEquals("sdb", d.serviceId());
        assertEquals(Protocol.QUERY, d.primaryProtocol());
        assertTrue(d.queryApiVersions().contains("2007-11-07"));
        assertTrue(SimpleDbService.class.getClassLoader().getResource(d.models().get(0)) != null);
    }
}
