package io.awsemu.core.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ServiceModelTest {
    private static ServiceModel load(String name) {
        return ServiceModel.load("awsemu/models/" + name, ServiceModelTest.class.getClassLoader());
    }

    @Test
    void sqsJsonMetadata() {
        ServiceModel m = load("sqs-2012-11-05-model.json");
        assertEquals("2012-11-05", m.apiVersion());
        assertEquals("json", m.protocol());
        assertEquals("1.0", m.jsonVersion());
        assertEquals("AmazonSQS", m.targetPrefix());
        assertEquals("sqs", m.signingName());
        assertTrue(m.awsQueryCompatible());
        assertNull(m.xmlNamespace());
        OperationModel send = m.operation("SendMessage");
        assertEquals("SendMessageRequest", send.input().name());
        assertEquals(java.util.Set.of("QueueUrl", "MessageBody"), send.input().required());
        assertTrue(send.errors().stream().anyMatch(s -> s.name().equals("QueueDoesNotExist")));
    }

    @Test
    void sqsQueryTraits() {
        ServiceModel m = load("query/sqs-2012-11-05-model.json");
        assertEquals("query", m.protocol());
        assertEquals("http://queue.amazonaws.com/doc/2012-11-05/", m.xmlNamespace());
        assertFalse(m.awsQueryCompatible());
        assertEquals("ReceiveMessageResult", m.operation("ReceiveMessage").resultWrapper());
        Shape list = m.shape("MessageList");
        assertTrue(list.flattened());
        assertEquals("Message", list.listMember().locationName());
        assertEquals("Message", list.listMember().shape().name());
        Shape.ErrorInfo err = m.shape("QueueDoesNotExist").error();
        assertEquals("AWS.SimpleQueueService.NonExistentQueue", err.code());
        assertEquals(400, err.httpStatus());
        assertTrue(err.senderFault());
    }

    @Test
    void sdbToleratesMissingServiceIdAndProtocols() {
        ServiceModel m = load("sdb-2009-04-15-model.json");
        assertNull(m.serviceId());
        assertEquals("query", m.protocol());
        assertEquals("sdb", m.signingName());
        Member attrs = m.shape("PutAttributesRequest").member("Attributes");
        assertTrue(attrs.flattened());
        assertEquals("Attribute", attrs.shape().listMember().locationName());
        assertEquals(Shape.Type.FLOAT, m.shape("NoSuchDomain").member("BoxUsage").shape().type());
    }

    @Test
    void ec2LoadsAndIsFastEnough() {
        long t0 = System.nanoTime();
        ServiceModel m = load("ec2-2016-11-15-model.json");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("EC2 model (3 MB) cold load: " + ms + " ms");
        for (int i = 0; i < 3; i++) {
            long t1 = System.nanoTime();
            load("ec2-2016-11-15-model.json");
            System.out.println("EC2 model warm load: " + (System.nanoTime() - t1) / 1_000_000 + " ms");
        }
        assertEquals("ec2", m.protocol());
        assertTrue(m.operations().size() > 600, "operations: " + m.operations().size());
        Member ids = m.shape("DescribeInstancesRequest").member("InstanceIds");
        assertEquals("InstanceId", ids.locationName());
        Member dry = m.shape("DescribeInstancesRequest").member("DryRun");
        assertEquals("dryRun", dry.locationName());
        assertEquals(Shape.Type.TIMESTAMP, m.shape("Instance").member("LaunchTime").shape().type());
    }

    @Test
    void cloudFrontRestBindings() {
        ServiceModel m = load("cloudfront-2020-05-31-model.json");
        OperationModel create = m.operation("CreateDistribution");
        assertEquals("POST", create.httpMethod());
        assertEquals("/2020-05-31/distribution", create.requestUri());
        assertEquals(201, create.responseCode());
        Shape in = create.input();
        assertEquals("DistributionConfig", in.payload());
        assertEquals("http://cloudfront.amazonaws.com/doc/2020-05-31/", in.member("DistributionConfig").xmlNamespace());
        Member etag = create.output().member("ETag");
        assertEquals(Member.Location.HEADER, etag.location());
        assertEquals(Member.Location.URI, m.operation("GetDistribution").input().member("Id").location());
        assertEquals(404, m.shape("NoSuchDistribution").error().httpStatus());
        assertNull(m.shape("NoSuchDistribution").error().code());
    }

    @Test
    void registryLoadsOnce() throws Exception {
        ModelRegistry r = new ModelRegistry();
        ServiceModel a = r.get("awsemu/models/sdb-2009-04-15-model.json", getClass().getClassLoader());
        assertSame(a, r.get("awsemu/models/sdb-2009-04-15-model.json", getClass().getClassLoader()));
        assertSame(a, r.preload("awsemu/models/sdb-2009-04-15-model.json", getClass().getClassLoader(), Runnable::run).get());
    }

    @Test
    void missingResourceIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("nope-model.json"));
        assertTrue(e.getMessage().contains("nope-model.json"));
    }
}
