package io.awsemu.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.Headers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CreateDistributionResponse;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionResponse;
import software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.Origins;
import software.amazon.awssdk.services.cloudfront.model.S3OriginConfig;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.awsemu.core.protocol.WireHarness.bodyText;
import static org.junit.jupiter.api.Assertions.*;

/** CloudFront (model-routed REST-XML) with SDK v2: templates, payload members, header members, 201. */
class CloudFrontSdkTest {
    static final ObjectMapper M = new ObjectMapper();
    static final Instant MODIFIED = Instant.parse("2026-11-22T04:07:22Z");

    WireHarness harness = new WireHarness("cloudfront", Protocol.REST_XML, "awsemu/models/cloudfront-2020-05-31-model.json", ProtocolQuirks.NONE);

    CloudFrontClient client() {
        return CloudFrontClient.builder().httpClient(harness).endpointOverride(URI.create("http://localhost:4566"))
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    static DistributionConfig config() {
        return DistributionConfig.builder().callerReference("ref-1").comment("my <site>").enabled(true)
                .origins(Origins.builder().quantity(1).items(Origin.builder().id("o1").domainName("bucket.s3.amazonaws.com")
                        .s3OriginConfig(S3OriginConfig.builder().originAccessIdentity("").build()).build()).build())
                .defaultCacheBehavior(DefaultCacheBehavior.builder().targetOriginId("o1")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.ALLOW_ALL).cachePolicyId("658327ea").build())
                .build();
    }

    static ObjectNode distribution(JsonNode config) {
        ObjectNode d = M.createObjectNode();
        d.put("Id", "E2QWRUHAPOMQZL").put("ARN", "arn:aws:cloudfront::000000000000:distribution/E2QWRUHAPOMQZL")
                .put("Status", "InProgress").put("LastModifiedTime", MODIFIED.toString()).put("InProgressInvalidationBatches", 0)
                .put("DomainName", "E2QWRUHAPOMQZL.cloudfront.localhost");
        d.set("DistributionConfig", config);
        return d;
    }

    @Test
    void createDistribution() {
        harness.answer((op, in) -> {
            ObjectNode out = M.createObjectNode();
            out.set("Distribution", distribution(in.get("DistributionConfig")));
            out.put("Location", "https://cloudfront.amazonaws.com/2020-05-31/distribution/E2QWRUHAPOMQZL");
            out.put("ETag", "E1ETAG");
            return out;
        });
        try (CloudFrontClient cf = client()) {
            CreateDistributionResponse r = cf.createDistribution(b -> b.distributionConfig(config()));
            assertEquals("CreateDistribution", harness.lastOperation);
            JsonNode cfg = harness.lastInput.get("DistributionConfig");
            assertEquals("ref-1", cfg.get("CallerReference").asText());
            assertEquals("my <site>", cfg.get("Comment").asText());
            assertTrue(cfg.get("Enabled").booleanValue());
            assertEquals(1, cfg.get("Origins").get("Quantity").intValue());
            assertEquals("bucket.s3.amazonaws.com", cfg.get("Origins").get("Items").get(0).get("DomainName").asText());
            assertEquals("allow-all", cfg.get("DefaultCacheBehavior").get("ViewerProtocolPolicy").asText());

            assertEquals(201, harness.lastResponse.status());
            assertEquals(201, r.sdkHttpResponse().statusCode());
            assertEquals("E1ETAG", r.eTag());
            assertEquals("https://cloudfront.amazonaws.com/2020-05-31/distribution/E2QWRUHAPOMQZL", r.location());
            assertEquals("E2QWRUHAPOMQZL", r.distribution().id());
            assertEquals(MODIFIED, r.distribution().lastModifiedTime());
            assertEquals("my <site>", r.distribution().distributionConfig().comment());
            assertEquals("o1", r.distribution().distributionConfig().origins().items().get(0).id());
            assertEquals(WireHarness.REQUEST_ID, r.responseMetadata().requestId());
        }
        String xml = bodyText(harness.lastResponse);
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Distribution xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
                + "<Id>E2QWRUHAPOMQZL</Id>"), xml);
        assertTrue(xml.contains("<LastModifiedTime>2026-11-22T04:07:22.000Z</LastModifiedTime>"), xml);
        assertTrue(xml.contains("<Origins><Quantity>1</Quantity><Items><Origin><Id>o1</Id>"), xml);
    }

    @Test
    void getDistributionAndItsError() {
        harness.answer((op, in) -> {
            if (!in.get("Id").asText().equals("E2QWRUHAPOMQZL")) {
                throw new AwsException("NoSuchDistribution", 404, "The specified distribution does not exist.");
            }
            ObjectNode cfg = M.createObjectNode().put("CallerReference", "ref-1").put("Comment", "").put("Enabled", false);
            ObjectNode out = M.createObjectNode();
            out.set("Distribution", distribution(cfg));
            out.put("ETag", "E2ETAG");
            return out;
        });
        try (CloudFrontClient cf = client()) {
            GetDistributionResponse r = cf.getDistribution(b -> b.id("E2QWRUHAPOMQZL"));
            assertEquals("GetDistribution", harness.lastOperation);
            assertEquals("E2ETAG", r.eTag());
            assertEquals("InProgress", r.distribution().status());
            assertFalse(r.distribution().distributionConfig().enabled());
            assertEquals(200, harness.lastResponse.status());

            var e = assertThrows(NoSuchDistributionException.class, () -> cf.getDistribution(b -> b.id("ENOPE")));
            assertEquals("NoSuchDistribution", e.awsErrorDetails().errorCode());
            assertEquals(404, e.statusCode());
            assertEquals("The specified distribution does not exist.", e.awsErrorDetails().errorMessage());
            assertEquals(WireHarness.REQUEST_ID, e.requestId());
        }
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
                + "<Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message>"
                + "</Error><RequestId>" + WireHarness.REQUEST_ID + "</RequestId></ErrorResponse>", bodyText(harness.lastResponse));
    }

    @Test
    void routesByTemplateQueryKeysAndOldVersions() {
        harness.answer((op, in) -> null);
        var h = new Headers();
        assertEquals("GetDistributionConfig", harness.codec.operationName(new io.awsemu.core.http.HttpRequestHead("GET",
                "/2020-05-31/distribution/E1/config", h, null, null), java.util.Map.of()));
        var head = new io.awsemu.core.http.HttpRequestHead("POST", "/2020-05-31/distribution?WithTags", h, null, null);
        assertEquals("CreateDistributionWithTags", harness.codec.operationName(head, head.query()));
        head = new io.awsemu.core.http.HttpRequestHead("POST", "/2020-05-31/tagging?Operation=Tag&Resource=arn%3Ax", h, null, null);
        assertEquals("TagResource", harness.codec.operationName(head, head.query()));
        head = new io.awsemu.core.http.HttpRequestHead("POST", "/2020-05-31/tagging?Operation=Untag&Resource=arn%3Ax", h, null, null);
        assertEquals("UntagResource", harness.codec.operationName(head, head.query()));
        head = new io.awsemu.core.http.HttpRequestHead("GET", "/2010-11-01/distribution/E1", h, null, null);
        assertEquals("GetDistribution", harness.codec.operationName(head, head.query()));
        head = new io.awsemu.core.http.HttpRequestHead("DELETE", "/2020-05-31/nothing-here", h, null, null);
        assertNull(harness.codec.operationName(head, head.query()));

        // an old-version request answers in its own namespace
        harness.answer((op, in) -> { throw new AwsException("NoSuchDistribution", 404, "nope"); });
        var r = harness.exchange("GET", "/2010-11-01/distribution/E1", h, new byte[0]);
        assertEquals(404, r.status());
        assertTrue(bodyText(r).contains("<ErrorResponse xmlns=\"http://cloudfront.amazonaws.com/doc/2010-11-01/\">"), bodyText(r));
        assertEquals("E1", harness.lastInput.get("Id").asText());
    }

    @Test
    void listDistributionsAndTagResource() {
        harness.answer((op, in) -> {
            if (op.equals("TagResource")) return null;
            ObjectNode list = M.createObjectNode().put("Marker", in.get("Marker").asText()).put("MaxItems", 10)
                    .put("IsTruncated", false).put("Quantity", 1);
            list.putArray("Items").addObject().put("Id", "E1").put("ARN", "arn:1").put("Status", "Deployed")
                    .put("LastModifiedTime", 1_795_320_442L).put("DomainName", "e1.cloudfront.localhost").put("Comment", "")
                    .put("Enabled", true).put("PriceClass", "PriceClass_All").put("HttpVersion", "http2")
                    .put("IsIPV6Enabled", true).put("Staging", false);
            ObjectNode out = M.createObjectNode();
            out.set("DistributionList", list);
            return out;
        });
        try (CloudFrontClient cf = client()) {
            var r = cf.listDistributions(b -> b.marker("m 1").maxItems("10"));
            assertEquals("{\"Marker\":\"m 1\",\"MaxItems\":\"10\"}", harness.lastInput.toString());
            assertEquals(1, r.distributionList().items().size());
            assertEquals("E1", r.distributionList().items().get(0).id());
            assertEquals(Instant.ofEpochSecond(1_795_320_442L), r.distributionList().items().get(0).lastModifiedTime());
            assertTrue(bodyText(harness.lastResponse).contains("<Items><DistributionSummary><Id>E1</Id>"), bodyText(harness.lastResponse));

            cf.tagResource(b -> b.resource("arn:aws:cloudfront::000000000000:distribution/E1")
                    .tags(t -> t.items(software.amazon.awssdk.services.cloudfront.model.Tag.builder().key("k").value("v").build())));
            assertEquals("TagResource", harness.lastOperation);
            assertEquals("{\"Resource\":\"arn:aws:cloudfront::000000000000:distribution/E1\",\"Tags\":{\"Items\":[{\"Key\":\"k\",\"Value\":\"v\"}]}}",
                    harness.lastInput.toString());
            assertEquals(204, harness.lastResponse.status());
            assertEquals("", bodyText(harness.lastResponse));
        }
    }

    @Test
    void badBodies() {
        var r = harness.exchange("POST", "/2020-05-31/distribution", new Headers(), new byte[0]);
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>MissingBody</Code>"), bodyText(r));
        r = harness.exchange("POST", "/2020-05-31/distribution", new Headers(), "<DistributionConfig><oops>".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>MalformedXML</Code>"), bodyText(r));
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><DistributionConfig><Comment>&x;</Comment></DistributionConfig>";
        r = harness.exchange("POST", "/2020-05-31/distribution", new Headers(), xxe.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>MalformedXML</Code>"), bodyText(r));
        r = harness.exchange("POST", "/2020-05-31/distribution", new Headers(),
                "<DistributionConfig><CallerReference>r</CallerReference><Enabled>perhaps</Enabled></DistributionConfig>".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>InvalidArgument</Code>"), bodyText(r));
        r = harness.exchange("POST", "/2020-05-31/distribution", new Headers(),
                "<DistributionConfig><CallerReference>r</CallerReference></DistributionConfig>".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertTrue(bodyText(r).contains("<Code>MissingParameter</Code>"), bodyText(r));
    }
}
