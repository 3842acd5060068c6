package io.awsemu.core.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.net.URI;
import java.time.Instant;

import static io.awsemu.core.protocol.WireHarness.bodyText;
import static org.junit.jupiter.api.Assertions.*;

/** RDS (Query) with SDK v2: result wrapper, member-wrapped lists with locationName, errors with Type. */
class RdsSdkTest {
    static final ObjectMapper M = new ObjectMapper();
    WireHarness harness = new WireHarness("rds", Protocol.QUERY, "awsemu/models/rds-2014-10-31-model.json", ProtocolQuirks.NONE);

    RdsClient client() {
        return RdsClient.builder().httpClient(harness).endpointOverride(URI.create("http://localhost:4566"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @Test
    void createDbInstance() {
        harness.answer((op, in) -> {
            ObjectNode out = M.createObjectNode();
            ObjectNode db = out.putObject("DBInstance");
            db.put("DBInstanceIdentifier", in.get("DBInstanceIdentifier").asText()).put("DBInstanceClass", "db.t3.micro")
                    .put("Engine", "postgres").put("DBInstanceStatus", "creating").put("AllocatedStorage", 20)
                    .put("InstanceCreateTime", 1_795_320_442L).put("MultiAZ", false);
            db.putObject("Endpoint").put("Address", "db1.local").put("Port", 5432);
            db.putArray("VpcSecurityGroups").addObject().put("VpcSecurityGroupId", "sg-1").put("Status", "active");
            db.putArray("TagList").addObject().put("Key", "env").put("Value", "test");
            return out;
        });
        try (RdsClient rds = client()) {
            CreateDbInstanceResponse r = rds.createDBInstance(b -> b.dbInstanceIdentifier("db1").dbInstanceClass("db.t3.micro")
                    .engine("postgres").allocatedStorage(20).masterUsername("admin").masterUserPassword("secret123")
                    .vpcSecurityGroupIds("sg-1", "sg-2").tags(Tag.builder().key("env").value("test").build()));
            assertEquals("CreateDBInstance", harness.lastOperation);
            assertEquals("db1", harness.lastInput.get("DBInstanceIdentifier").asText());
            assertEquals(20, harness.lastInput.get("AllocatedStorage").intValue());
            assertEquals("[\"sg-1\",\"sg-2\"]", harness.lastInput.get("VpcSecurityGroupIds").toString());
            assertEquals("[{\"Key\":\"env\",\"Value\":\"test\"}]", harness.lastInput.get("Tags").toString());
            var db = r.dbInstance();
            assertEquals("db1", db.dbInstanceIdentifier());
            assertEquals("creating", db.dbInstanceStatus());
            assertEquals(20, db.allocatedStorage());
            assertEquals(Instant.ofEpochSecond(1_795_320_442L), db.instanceCreateTime());
            assertEquals(5432, db.endpoint().port());
            assertEquals("sg-1", db.vpcSecurityGroups().get(0).vpcSecurityGroupId());
            assertEquals("test", db.tagList().get(0).value());
            assertEquals(WireHarness.REQUEST_ID, r.responseMetadata().requestId());
        }
        String xml = bodyText(harness.lastResponse);
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateDBInstanceResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                + "<CreateDBInstanceResult><DBInstance><DBInstanceIdentifier>db1</DBInstanceIdentifier>"), xml);
        assertTrue(xml.contains("<InstanceCreateTime>2026-11-22T04:07:22.000Z</InstanceCreateTime>"), xml);
        assertTrue(xml.contains("<VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-1</VpcSecurityGroupId>"), xml);
        assertTrue(xml.endsWith("</DBInstance></CreateDBInstanceResult><ResponseMetadata><RequestId>" + WireHarness.REQUEST_ID
                + "</RequestId></ResponseMetadata></CreateDBInstanceResponse>"), xml);
    }

    @Test
    void alreadyExists() {
        harness.answer((op, in) -> { throw new AwsException("DBInstanceAlreadyExists", 400, "DB instance already exists"); });
        try (RdsClient rds = client()) {
            var e = assertThrows(DbInstanceAlreadyExistsException.class, () -> rds.createDBInstance(b -> b.dbInstanceIdentifier("db1")
                    .dbInstanceClass("db.t3.micro").engine("postgres")));
            assertEquals("DBInstanceAlreadyExists", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            assertEquals(WireHarness.REQUEST_ID, e.requestId());
        }
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error>"
                + "<Type>Sender</Type><Code>DBInstanceAlreadyExists</Code><Message>DB instance already exists</Message></Error>"
                + "<RequestId>" + WireHarness.REQUEST_ID + "</RequestId></ErrorResponse>", bodyText(harness.lastResponse));
    }
}
