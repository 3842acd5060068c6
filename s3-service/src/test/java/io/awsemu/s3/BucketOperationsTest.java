package io.awsemu.s3;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.CanonicalUser;
import io.awsemu.s3.engine.InMemoryBucketStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The router and bucket handlers together, without a server: exact statuses, headers and bytes. */
class BucketOperationsTest {
    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    final S3Router router = new S3Router("localhost");

    BucketOperationsTest() {
        new BucketOperations(new BucketEngine(new InMemoryBucketStore(),
                Clock.fixed(Instant.parse("2026-05-06T07:08:09.123Z"), ZoneOffset.UTC)), "localhost").bindTo(router);
    }

    AwsResponse call(String region, String method, String uri, String body, String... headers) throws Exception {
        Headers h = Headers.of(headers);
        if (!h.contains("Host")) h.set("Host", "localhost:4566");
        HttpRequestHead head = new HttpRequestHead(method, uri, h, null, null);
        RequestContext ctx = new RequestContext("REQ-1", "000000000000", region, "s3", Protocol.REST_XML, null,
                Instant.EPOCH, head, "test", null);
        return router.handle(ctx, RequestBody.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    AwsResponse call(String method, String uri) throws Exception {
        return call("us-east-1", method, uri, "");
    }

    static String text(AwsResponse r) {
        return new String(assertInstanceOf(ResponseBody.Bytes.class, r.body()).bytes(), StandardCharsets.UTF_8);
    }

    static AwsException error(String code, Executable call) {
        AwsException e = assertThrows(AwsException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void createHeadLocationListDelete() throws Exception {
        AwsResponse created = call("PUT", "/alpha");
        assertEquals(200, created.status());
        assertEquals("/alpha", created.headers().get("Location"));
        assertEquals("REQ-1", created.headers().get("x-amz-request-id"));
        assertEquals(S3Responses.hostId("REQ-1"), created.headers().get("x-amz-id-2"));

        AwsResponse eu = call("eu-west-1", "PUT", "/beta", "<CreateBucketConfiguration xmlns=\"" + NS + "\">"
                + "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>");
        assertEquals("http://beta.s3.localhost:4566/", eu.headers().get("Location"));

        AwsResponse head = call("HEAD", "/alpha");
        assertEquals(200, head.status());
        assertEquals("us-east-1", head.headers().get("x-amz-bucket-region"));
        assertEquals("eu-west-1", call("HEAD", "/beta").headers().get("x-amz-bucket-region"));

        AwsResponse loc = call("GET", "/alpha?location");
        assertEquals("application/xml", loc.headers().get("Content-Type"));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + NS + "\"/>", text(loc));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + NS + "\">eu-west-1</LocationConstraint>",
                text(call("GET", "/beta?location")));

        CanonicalUser me = CanonicalUser.of("000000000000");
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult xmlns=\"" + NS + "\">"
                + "<Owner><ID>" + me.id() + "</ID><DisplayName>" + me.displayName() + "</DisplayName></Owner><Buckets>"
                + "<Bucket><Name>alpha</Name><CreationDate>2026-05-06T07:08:09.123Z</CreationDate><BucketRegion>us-east-1</BucketRegion></Bucket>"
                + "<Bucket><Name>beta</Name><CreationDate>2026-05-06T07:08:09.123Z</CreationDate><BucketRegion>eu-west-1</BucketRegion></Bucket>"
                + "</Buckets></ListAllMyBucketsResult>", text(call("GET", "/")));

        String page = text(call("GET", "/?max-buckets=1&prefix=a"));
        assertEquals(true, page.endsWith("</Buckets><Prefix>a</Prefix></ListAllMyBucketsResult>"), page);
        page = text(call("GET", "/?max-buckets=1"));
        assertEquals(true, page.contains("</Buckets><ContinuationToken>YWxwaGE</ContinuationToken></ListAllMyBucketsResult>"), page);
        error("InvalidArgument", () -> call("GET", "/?max-buckets=x"));

        AwsResponse deleted = call("DELETE", "/alpha");
        assertEquals(204, deleted.status());
        assertInstanceOf(ResponseBody.Empty.class, deleted.body());
        error("NoSuchBucket", () -> call("DELETE", "/alpha"));
    }

    @Test
    void virtualHostAddressing() throws Exception {
        assertEquals(200, call("us-east-1", "PUT", "/", "", "Host", "vhost.s3.localhost:4566").status());
        assertEquals(200, call("us-east-1", "HEAD", "/", "", "Host", "vhost.s3.localhost:4566").status());
        assertEquals(204, call("us-east-1", "DELETE", "/", "", "Host", "vhost.s3.localhost").status());
        error("NoSuchBucket", () -> call("us-east-1", "GET", "/?location", "", "Host", "vhost.s3.localhost"));
    }

    @Test
    void headErrorsHaveNoBody() throws Exception {
        AwsResponse r = call("HEAD", "/missing");
        assertEquals(404, r.status());
        assertInstanceOf(ResponseBody.Empty.class, r.body());
        assertEquals("REQ-1", r.headers().get("x-amz-request-id"));
        assertEquals(405, call("HEAD", "/").status());
    }

    @Test
    void createBucketBodies() throws Exception {
        error("MalformedXML", () -> call("us-east-1", "PUT", "/alpha", "<CreateBucketConfiguration>"));
        error("MalformedXML", () -> call("us-east-1", "PUT", "/alpha", "<Wrong/>"));
        error("MalformedXML", () -> call("us-east-1", "PUT", "/alpha", "not xml"));
        // a DTD is refused outright: no entity expansion, no external fetch
        error("MalformedXML", () -> call("us-east-1", "PUT", "/alpha",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        + "<CreateBucketConfiguration><LocationConstraint>&x;</LocationConstraint></CreateBucketConfiguration>"));
        error("InvalidLocationConstraint", () -> call("us-east-1", "PUT", "/alpha",
                "<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>"));
        error("IllegalLocationConstraintException", () -> call("eu-west-1", "PUT", "/alpha", ""));
        error("InvalidBucketName", () -> call("PUT", "/Not_Valid"));
        assertEquals(200, call("us-east-1", "PUT", "/alpha", "  \n").status());
        assertEquals(200, call("us-east-1", "PUT", "/alpha", "<CreateBucketConfiguration/>").status(),
                "us-east-1 re-create by the owner");
        String eu = "<CreateBucketConfiguration><LocationConstraint>EU</LocationConstraint></CreateBucketConfiguration>";
        assertEquals(200, call("us-east-1", "PUT", "/beta2", eu, "x-amz-acl", "public-read").status());
        error("BucketAlreadyOwnedByYou", () -> call("us-east-1", "PUT", "/beta2", eu));
        assertEquals(true, text(call("GET", "/beta2?location")).endsWith("\">EU</LocationConstraint>"));
    }

    @Test
    void unboundOperationsAreNotImplemented() {
        AwsException e = error("NotImplemented", () -> call("DELETE", "/alpha?tagging"));
        assertEquals(501, e.httpStatus());
        error("NotImplemented", () -> call("GET", "/alpha?versions"));
        error("MethodNotAllowed", () -> call("PATCH", "/alpha"));
    }
}
