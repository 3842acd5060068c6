package io.awsemu.core.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.Headers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.net.URI;
import java.time.Instant;

import static io.awsemu.core.protocol.WireHarness.bodyText;
import static org.junit.jupiter.api.Assertions.*;

/** EC2 with SDK v2: capitalised query names, X.N lists, item lists, requestId, the Response/Errors envelope. */
class Ec2SdkTest {
    static final ObjectMapper M = new ObjectMapper();
    static final Instant LAUNCH = Instant.parse("2026-11-22T04:07:22Z");

    WireHarness harness = new WireHarness("ec2", Protocol.EC2, "awsemu/models/ec2-2016-11-15-model.json", ProtocolQuirks.NONE);

    Ec2Client client() {
        return Ec2Client.builder().httpClient(harness).endpointOverride(URI.create("http://localhost:4566"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    static ObjectNode describeAnswer(boolean pojoTime) {
        ObjectNode out = M.createObjectNode();
        ObjectNode res = out.putArray("Reservations").addObject();
        res.put("ReservationId", "r-0123456789abcdef0").put("OwnerId", "000000000000");
        ObjectNode i = res.putArray("Instances").addObject();
        i.put("InstanceId", "i-0123456789abcdef0").put("ImageId", "ami-12345678").put("InstanceType", "t3.micro");
        if (pojoTime) i.set("LaunchTime", new POJONode(LAUNCH)); else i.put("LaunchTime", LAUNCH.toString());
        i.putObject("State").put("Code", 16).put("Name", "running");
        i.putArray("SecurityGroups").addObject().put("GroupId", "sg-1").put("GroupName", "default");
        i.putArray("Tags").addObject().put("Key", "Name").put("Value", "web & db");
        i.put("EbsOptimized", false);
        return out;
    }

    @Test
    void describeInstances() {
        harness.answer((op, in) -> describeAnswer(true));
        try (Ec2Client ec2 = client()) {
            DescribeInstancesResponse r = ec2.describeInstances(b -> b.instanceIds("i-0123456789abcdef0", "i-2")
                    .filters(Filter.builder().name("instance-state-name").values("running", "pending").build()).maxResults(10));
            assertEquals("DescribeInstances", harness.lastOperation);
            assertEquals("{\"Filters\":[{\"Name\":\"instance-state-name\",\"Values\":[\"running\",\"pending\"]}],"
                    + "\"InstanceIds\":[\"i-0123456789abcdef0\",\"i-2\"],\"MaxResults\":10}", harness.lastInput.toString());
            var inst = r.reservations().get(0).instances().get(0);
            assertEquals("r-0123456789abcdef0", r.reservations().get(0).reservationId());
            assertEquals("i-0123456789abcdef0", inst.instanceId());
            assertEquals(LAUNCH, inst.launchTime());
            assertEquals(InstanceStateName.RUNNING, inst.state().name());
            assertEquals(16, inst.state().code());
            assertEquals("sg-1", inst.securityGroups().get(0).groupId());
            assertEquals("web & db", inst.tags().get(0).value());
            assertFalse(inst.ebsOptimized());
            assertEquals(WireHarness.REQUEST_ID, r.responseMetadata().requestId());
        }
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<requestId>" + WireHarness.REQUEST_ID + "</requestId><reservationSet><item><instancesSet><item><imageId>ami-12345678</imageId><instanceId>i-0123456789abcdef0</instanceId>"
                + "<instanceType>t3.micro</instanceType><launchTime>2026-11-22T04:07:22.000Z</launchTime>"
                + "<instanceState><code>16</code><name>running</name></instanceState><ebsOptimized>false</ebsOptimized>"
                + "<groupSet><item><groupName>default</groupName><groupId>sg-1</groupId></item></groupSet>"
                + "<tagSet><item><key>Name</key><value>web &amp; db</value></item></tagSet></item></instancesSet>"
                + "<ownerId>000000000000</ownerId><reservationId>r-0123456789abcdef0</reservationId></item></reservationSet>"
                + "</DescribeInstancesResponse>", bodyText(harness.lastResponse));
    }

    @Test
    void ec2Error() {
        harness.answer((op, in) -> {
            throw new AwsException("InvalidInstanceID.NotFound", 400, "The instance ID 'i-1' does not exist");
        });
        try (Ec2Client ec2 = client()) {
            Ec2Exception e = assertThrows(Ec2Exception.class, () -> ec2.terminateInstances(b -> b.instanceIds("i-1")));
            assertEquals("InvalidInstanceID.NotFound", e.awsErrorDetails().errorCode());
            assertEquals("The instance ID 'i-1' does not exist", e.awsErrorDetails().errorMessage());
            assertEquals(400, e.statusCode());
            assertEquals(WireHarness.REQUEST_ID, e.requestId());
        }
        assertEquals("[\"i-1\"]", harness.lastInput.get("InstanceIds").toString());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>"
                + "<Message>The instance ID 'i-1' does not exist</Message></Error></Errors><RequestID>" + WireHarness.REQUEST_ID
                + "</RequestID></Response>", bodyText(harness.lastResponse));
    }

    @Test
    void oldApiVersionAnswersInItsNamespace() {
        harness.answer((op, in) -> describeAnswer(false));
        var r = harness.exchange("POST", "/", Headers.of("Content-Type", "application/x-www-form-urlencoded"),
                "Action=DescribeInstances&Version=2010-08-31&InstanceId.1=i-0123456789abcdef0".getBytes());
        assertEquals(200, r.status());
        assertEquals("[\"i-0123456789abcdef0\"]", harness.lastInput.get("InstanceIds").toString());
        assertTrue(bodyText(r).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2010-08-31/\"><requestId>"),
                bodyText(r));
        assertTrue(bodyText(r).contains("<launchTime>2026-11-22T04:07:22.000Z</launchTime>"));
    }

    @Test
    void missingRequiredUsesTheEc2Name() {
        var r = harness.exchange("POST", "/", Headers.of("Content-Type", "application/x-www-form-urlencoded"),
                "Action=CreateKeyPair&Version=2016-11-15".getBytes());
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>MissingParameter</Code><Message>The request must contain the parameter KeyName</Message>"), bodyText(r));
        r = harness.exchange("POST", "/", Headers.of("Content-Type", "application/x-www-form-urlencoded"),
                "Action=DescribeInstances&Version=2016-11-15&MaxResults=lots".getBytes());
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>InvalidParameterValue</Code>"), bodyText(r));
    }
}
