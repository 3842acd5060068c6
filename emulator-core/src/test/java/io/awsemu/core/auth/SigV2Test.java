package io.awsemu.core.auth;

import com.amazonaws.DefaultRequest;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.QueryStringSigner;
import com.amazonaws.auth.SignatureVersion;
import com.amazonaws.auth.SigningAlgorithm;
import com.amazonaws.http.HttpMethodName;
import com.amazonaws.services.s3.internal.S3QueryStringSigner;
import com.amazonaws.services.s3.internal.S3Signer;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static io.awsemu.core.auth.Wire.*;
import static org.junit.jupiter.api.Assertions.*;

/** SigV2 requests signed by SDK v1's own signers. They stamp the real time, so the clock here is "now". */
class SigV2Test {
    private final Instant now = Instant.now();
    private final Authenticator a = auth(AuthMode.KNOWN, now);

    private static String query(Map<String, List<String>> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, vs) -> vs.forEach(v -> parts.add(
                v == null ? Signing.uriEncode(k, false) : Signing.uriEncode(k, false) + "=" + Signing.uriEncode(v, false))));
        return String.join("&", parts);
    }

    private DefaultRequest<Void> queryRequest(HttpMethodName method, String path) {
        DefaultRequest<Void> req = new DefaultRequest<>("AmazonSimpleDB");
        req.setEndpoint(URI.create("http://localhost:4566"));
        req.setResourcePath(path);
        req.setHttpMethod(method);
        req.addParameter("Action", "PutAttributes");
        req.addParameter("Version", "2009-04-15");
        req.addParameter("DomainName", "my domain");
        req.addParameter("Attribute.1.Name", "a+b~c*");
        req.addParameter("Attribute.1.Value", "caf\u00e9 & 100%");
        return req;
    }

    /** SDK v1 always POSTs Query requests and signs "POST"; here the parameters ride in the URL of that POST. */
    @Test
    void queryV2SignedBySdkV1IsAcceptedAndEveryParamIsCovered() {
        for (SigningAlgorithm alg : List.of(SigningAlgorithm.HmacSHA256, SigningAlgorithm.HmacSHA1)) {
            DefaultRequest<Void> req = queryRequest(HttpMethodName.POST, "/");
            new QueryStringSigner().sign(req, SignatureVersion.V2, alg, new BasicAWSCredentials(AK, SK));
            String uri = "/?" + query(req.getParameters());
            HttpRequestHead h = head("POST", uri, Headers.of("Host", "localhost:4566"));
            AuthResult r = a.precheck(h, "sdb");
            assertEquals(AuthResult.Kind.SIGV2_QUERY, r.kind());
            assertEquals("111122223333", r.accountId());
            assertNull(r.region());
            for (String p : List.of("Action", "Version", "DomainName", "Attribute.1.Name", "Attribute.1.Value", "Timestamp",
                    "SignatureMethod")) {
                String v = req.getParameters().get(p).get(0);
                String tampered = uri.replace(p + "=" + Signing.uriEncode(v, false), p + "=" + Signing.uriEncode(v + "x", false));
                assertNotEquals(uri, tampered, p);
                AwsException e = error(() -> a.precheck(head("POST", tampered, Headers.of("Host", "localhost:4566")), "sdb"));
                assertTrue(e.code().equals("SignatureDoesNotMatch") || e.code().equals("InvalidParameterValue")
                        || e.code().equals("RequestExpired"), p + " -> " + e);
            }
            assertError("SignatureDoesNotMatch", 403, () -> a.precheck(head("POST", uri + "&Extra=1", Headers.of("Host", "localhost:4566")), "sdb"));
            assertError("SignatureDoesNotMatch", 403, () -> a.precheck(head("GET", uri, Headers.of("Host", "localhost:4566")), "sdb"));
            assertError("SignatureDoesNotMatch", 403, () -> a.precheck(head("POST", uri, Headers.of("Host", "otherhost:4566")), "sdb"));
            assertError("SignatureDoesNotMatch", 403, () -> a.precheck(head("POST", "/x" + uri.substring(1), Headers.of("Host", "localhost:4566")), "sdb"));
            assertError("AuthFailure", 401, () -> a.precheck(head("POST", uri + "&Extra=1", Headers.of("Host", "localhost:4566")), "ec2"));
            // the timestamp is 15 minutes in the past from the server's point of view
            assertError("RequestExpired", 400, () -> auth(AuthMode.KNOWN, now.plusSeconds(1000)).precheck(h, "sdb"));
        }
    }

    @Test
    void queryV2FormPostIsVerifiedWithTheBody() {
        DefaultRequest<Void> req = queryRequest(HttpMethodName.POST, "/000000000000/queue");
        new QueryStringSigner().sign(req, new BasicAWSCredentials(AK, SK));
        String form = query(req.getParameters());
        HttpRequestHead h = head("POST", "/000000000000/queue", Headers.of("Host", "localhost:4566",
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8"));
        AuthResult pending = a.precheck(h, "sqs");
        assertEquals(AuthResult.Kind.FORM_PENDING, pending.kind());
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        AuthResult r = a.authenticateAggregated(pending, h, body, HttpRequestHead.decodeQuery(form, true));
        assertEquals(AK, r.accessKeyId());
        assertEquals("111122223333", r.accountId());
        a.verifyAggregated(pending, h, body, HttpRequestHead.decodeQuery(form, true));
        String tampered = form.replace("PutAttributes", "DeleteAttributes");
        assertError("SignatureDoesNotMatch", 403,
                () -> a.verifyAggregated(pending, h, tampered.getBytes(StandardCharsets.UTF_8), HttpRequestHead.decodeQuery(tampered, true)));
        // an unsigned form POST: anonymous in KNOWN, refused in STRICT
        Map<String, List<String>> unsigned = Map.of("Action", List.of("ListQueues"));
        assertTrue(a.authenticateAggregated(pending, h, new byte[0], unsigned).anonymous());
        Authenticator strict = auth(AuthMode.STRICT, now);
        assertError("MissingAuthenticationToken", 403,
                () -> strict.verifyAggregated(strict.precheck(h, "sqs"), h, new byte[0], unsigned));
    }

    private DefaultRequest<Void> s3Request(HttpMethodName method, String endpoint, String path) {
        DefaultRequest<Void> req = new DefaultRequest<>("Amazon S3");
        req.setEndpoint(URI.create(endpoint));
        req.setResourcePath(path);
        req.setHttpMethod(method);
        return req;
    }

    private static HttpRequestHead s3Head(DefaultRequest<Void> req, String host, String path) {
        Headers h = Headers.of("Host", host);
        req.getHeaders().forEach(h::add);
        String q = query(req.getParameters());
        return head(req.getHttpMethod().name(), path + (q.isEmpty() ? "" : "?" + q), h);
    }

    @Test
    void s3V2HeaderSignedBySdkV1PathAndVirtualHost() {
        DefaultRequest<Void> req = s3Request(HttpMethodName.PUT, "http://localhost:4566", "/bucket/my%20key.txt");
        req.addParameter("acl", null);
        req.addParameter("ignored-param", "x");
        req.addHeader("Content-Type", "text/plain");
        req.addHeader("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==");
        req.addHeader("x-amz-meta-Foo", "bar   baz");
        req.addHeader("x-amz-acl", "public-read");
        // S3Signer encodes the resource path itself
        new S3Signer("PUT", "/bucket/my key.txt").sign(req, new BasicAWSCredentials(AK, SK));
        HttpRequestHead h = s3Head(req, "localhost:4566", "/bucket/my%20key.txt");
        assertTrue(h.header("Authorization").startsWith("AWS " + AK + ":"));
        AuthResult r = a.precheck(h, "s3");
        assertEquals(AuthResult.Kind.SIGV2_S3_HEADER, r.kind());
        assertEquals("111122223333", r.accountId());

        for (String header : List.of("Content-Type", "Content-MD5", "x-amz-meta-Foo", "x-amz-acl", "Date")) {
            String v = header.equals("Date") ? java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(5)) : "other";
            AwsException e = error(() -> a.precheck(withHeader(h, header, v), "s3"));
            assertEquals("SignatureDoesNotMatch", e.code(), header);
            assertTrue(e.extra().containsKey("StringToSign"));
        }
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withHeader(h, "x-amz-meta-new", "1"), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET", h.uri()), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "PUT", h.uri().replace("?acl", "?cors")), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "PUT", h.uri().replace("my%20key", "my%20kez")), "s3"));
        a.precheck(withUri(h, "PUT", h.uri().replace("ignored-param=x", "ignored-param=y")), "s3");
        AwsException e = error(() -> a.precheck(withHeader(h, "x-amz-acl", "private"), "s3"));
        assertTrue(e.extra().get("StringToSign").startsWith("PUT\n1B2M2Y8AsgTpgAmY7PhCfg==\ntext/plain\n"), e.extra().get("StringToSign"));
        assertTrue(e.extra().get("StringToSign").endsWith("\nx-amz-acl:private\nx-amz-meta-foo:bar baz\n/bucket/my%20key.txt?acl"),
                e.extra().get("StringToSign"));
        assertError("RequestTimeTooSkewed", 403, () -> auth(AuthMode.KNOWN, now.plusSeconds(1000)).precheck(h, "s3"));
        assertError("InvalidAccessKeyId", 403, () -> auth(AuthMode.STRICT, now)
                .precheck(withHeader(h, "Authorization", "AWS nobody:abc="), "s3"));

        // virtual host: the client signs /bucket/key while the path is /key
        DefaultRequest<Void> vreq = s3Request(HttpMethodName.GET, "http://bucket.localhost:4566", "/key");
        vreq.addParameter("versionId", "v1");
        new S3Signer("GET", "/bucket/key").sign(vreq, new BasicAWSCredentials(AK, SK));
        HttpRequestHead vh = s3Head(vreq, "bucket.localhost:4566", "/key");
        a.precheck(vh, "s3", "bucket");
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(vh, "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(vh, "s3", "other"));
    }

    @Test
    void s3V2QueryStringUrlExpires() {
        Date expiry = new Date(now.plusSeconds(600).toEpochMilli());
        DefaultRequest<Void> req = s3Request(HttpMethodName.GET, "http://localhost:4566", "/bucket/key");
        req.addParameter("response-content-type", "text/plain");
        new S3QueryStringSigner("GET", "/bucket/key", expiry).sign(req, new BasicAWSCredentials(AK, SK));
        HttpRequestHead h = s3Head(req, "localhost:4566", "/bucket/key");
        AuthResult r = a.precheck(h, "s3");
        assertEquals(AuthResult.Kind.SIGV2_S3_QUERY, r.kind());
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET", h.uri().replace("text%2Fplain", "text%2Fhtml")), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "PUT", h.uri()), "s3"));
        String exp = Long.toString(expiry.getTime() / 1000);
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET",
                h.uri().replace("Expires=" + exp, "Expires=" + (expiry.getTime() / 1000 + 1))), "s3"));
        AwsException e = error(() -> auth(AuthMode.KNOWN, now.plusSeconds(601)).precheck(h, "s3"));
        assertEquals("AccessDenied", e.code());
        assertEquals("Request has expired", e.getMessage());
        assertEquals(Instant.ofEpochSecond(expiry.getTime() / 1000).toString(), e.extra().get("Expires"));
        assertError("AccessDenied", 403, () -> a.precheck(withUri(h, "GET", h.uri().replaceAll("&?Expires=[0-9]+", "")), "s3"));
    }
}
