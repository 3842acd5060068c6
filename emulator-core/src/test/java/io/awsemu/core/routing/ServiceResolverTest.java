package io.awsemu.core.routing;

import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.ServiceDescriptor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every resolution rule, in its order, with the descriptors the real services use. */
class ServiceResolverTest {
    static final ServiceDescriptor S3 = ServiceDescriptor.builder("s3").protocols(Protocol.REST_XML).build();
    static final ServiceDescriptor SQS = ServiceDescriptor.builder("sqs").protocols(Protocol.JSON_1_0, Protocol.QUERY)
            .queryApiVersions("2012-11-05", "2008-01-01").targetPrefixes("AmazonSQS").hostLabels("sqs", "queue")
            .pathRule(h -> h.rawPath().matches("^/\\d{12}/[A-Za-z0-9_-]+$") && (h.hasQueryParam("Action") || h.method().equals("POST")))
            .build();
    static final ServiceDescriptor EC2 = ServiceDescriptor.builder("ec2").protocols(Protocol.EC2)
            .queryApiVersions("2016-11-15", "2014-09-01", "2010-08-31").build();
    static final ServiceDescriptor SDB = ServiceDescriptor.builder("sdb").protocols(Protocol.QUERY)
            .queryApiVersions("2009-04-15").build();
    static final ServiceDescriptor RDS = ServiceDescriptor.builder("rds").protocols(Protocol.QUERY)
            .queryApiVersions("2014-10-31", "2014-09-01").build();
    static final ServiceDescriptor CF = ServiceDescriptor.builder("cloudfront").protocols(Protocol.REST_XML)
            .pathRule(h -> h.rawPath().startsWith("/2020-05-31/") || h.rawPath().startsWith("/2010-11-01/")).build();

    static final Map<String, Set<String>> OPS = Map.of(
            "ec2", Set.of("DescribeInstances", "DescribeAccountAttributes"),
            "rds", Set.of("DescribeDBInstances", "DescribeAccountAttributes"),
            "sdb", Set.of("Select", "PutAttributes"),
            "sqs", Set.of("SendMessage", "CreateQueue"),
            "s3", Set.of(), "cloudfront", Set.of());

    final ServiceResolver resolver = new ServiceResolver(List.of(SQS, EC2, SDB, RDS, CF, S3), OPS::get);

    static HttpRequestHead req(String method, String uri, String... headers) {
        return new HttpRequestHead(method, uri, Headers.of(headers), null, null);
    }

    String id(HttpRequestHead h) {
        ServiceResolver.Resolution r = resolver.resolve(h, Optional.empty());
        return r.found() ? r.service().serviceId() : (r.needsForm() ? "FORM" : null);
    }

    String id(HttpRequestHead h, String scope) {
        ServiceResolver.Resolution r = resolver.resolve(h, Optional.of(scope));
        return r.found() ? r.service().serviceId() : null;
    }

    @Test
    void signingScopeWinsOverEverythingElse() {
        assertEquals("sdb", id(req("GET", "/?Action=DescribeInstances&Version=2016-11-15"), "sdb"));
        assertEquals("s3", id(req("GET", "/2020-05-31/distribution"), "s3"));
    }

    @Test
    void targetHeaderRoutesJson() {
        assertEquals("sqs", id(req("POST", "/", "X-Amz-Target", "AmazonSQS.SendMessage")));
    }

    @Test
    void pathRulesClaimQueueUrlsAndCloudFrontVersions() {
        assertEquals("sqs", id(req("POST", "/000000000000/my-queue")));
        assertEquals("sqs", id(req("GET", "/000000000000/my-queue?Action=ReceiveMessage")));
        assertEquals("s3", id(req("GET", "/000000000000/my-key")), "a plain GET of a 12-digit bucket stays S3");
        assertEquals("cloudfront", id(req("GET", "/2010-11-01/distribution")));
    }

    @Test
    void hostLabelsRouteAndS3VirtualHostsWinForBucketsNamedLikeServices() {
        assertEquals("sqs", id(req("POST", "/", "Host", "sqs.us-east-1.localhost:4566", "Content-Type", "application/x-amz-json-1.0")));
        assertEquals("s3", id(req("GET", "/", "Host", "sqs.s3.localhost:4566")));
        ServiceResolver.Resolution r = resolver.resolve(req("GET", "/k", "Host", "my.bucket.s3.us-west-2.amazonaws.com"), Optional.empty());
        assertEquals("my.bucket", r.virtualHostBucket());
        assertNull(resolver.resolve(req("GET", "/b/k", "Host", "localhost:4566"), Optional.empty()).virtualHostBucket());
        assertNull(ServiceResolver.virtualHostBucket("127.0.0.1"));
        assertEquals("b", ServiceResolver.virtualHostBucket("b.s3-website-us-east-1.amazonaws.com"));
    }

    @Test
    void actionAndVersionRouteSigV2Clients() {
        assertEquals("sdb", id(req("GET", "/?Action=Select&Version=2009-04-15")));
        assertEquals("ec2", id(req("GET", "/?Action=DescribeInstances&Version=2010-08-31")));
        // the same version in two services: the action decides
        assertEquals("rds", id(req("GET", "/?Action=DescribeDBInstances&Version=2014-09-01")));
        assertEquals("ec2", id(req("GET", "/?Action=DescribeInstances&Version=2014-09-01")));
        // no version: a unique action decides; an ambiguous one resolves nowhere
        assertEquals("sdb", id(req("GET", "/?Action=Select")));
        assertNull(id(req("GET", "/?Action=DescribeAccountAttributes")));
        // a known version with an unknown action goes to that service, which answers InvalidAction
        assertEquals("sdb", id(req("GET", "/?Action=Bogus&Version=2009-04-15")));
        assertNull(id(req("GET", "/?Action=Bogus&Version=1999-01-01")));
    }

    @Test
    void formPostsAreResolvedFromTheBody() {
        HttpRequestHead h = req("POST", "/", "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        assertEquals("FORM", id(h));
        ServiceResolver.Resolution r = resolver.resolveForm(h, HttpRequestHead.decodeQuery("Action=PutAttributes&Version=2009-04-15", true));
        assertEquals("sdb", r.service().serviceId());
        assertFalse(resolver.resolveForm(h, HttpRequestHead.decodeQuery("Action=Nope&Version=1", true)).found());
    }

    @Test
    void everythingElseIsS3() {
        assertEquals("s3", id(req("PUT", "/bucket/key")));
        assertEquals("s3", id(req("GET", "/")));
        assertEquals("s3", id(req("POST", "/bucket?delete", "Content-Type", "application/xml")));
        assertTrue(resolver.resolve(req("GET", "/"), Optional.of("nosuchservice")).found());
    }

    @Test
    void dottedQuadAgreesWithTheRegexItReplaced() {
        for (String h : List.of("127.0.0.1", "1.2.3.4", "255.255.255.255", "999.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3",
                ".1.2.3", "1.2.3.", "1234.1.1.1", "", "localhost", "s3.localhost", "a.b.c.d", "1.2.3.4a", "0.0.0.0")) {
            assertEquals(h.matches("\\d{1,3}(\\.\\d{1,3}){3}"), ServiceResolver.isDottedQuad(h), h);
        }
        assertNull(ServiceResolver.virtualHostBucket("127.0.0.1"));
        assertEquals("b", ServiceResolver.virtualHostBucket("b.s3.localhost"));
    }
}
