package io.awsemu.core.auth;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.HttpRequestHead;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.awsemu.core.auth.Wire.*;
import static org.junit.jupiter.api.Assertions.*;

class SigV4HeaderTest {

    private static final String S3_URL = "http://localhost:4566/my-bucket/dir/a%20key%2Bplus~%21.txt"
            + "?list-type=2&prefix=a%20b&prefix=a%2Bb&empty=&flag&uploads&x=%C3%A9";

    private Signed signedS3Get() {
        return signV4(request(SdkHttpMethod.GET, S3_URL)
                        .putHeader("x-amz-meta-multi", List.of("one", "  two   three "))
                        .putHeader("Range", "bytes=0-9")
                        .build(),
                null, "s3", "eu-west-1", NOW,
                b -> b.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    }

    @Test
    void acceptsSdkSignedS3RequestAndTakesAccountAndRegion() {
        Signed s = signedS3Get();
        AuthResult r = auth(AuthMode.KNOWN).precheck(s.head(), "s3");
        assertEquals(AK, r.accessKeyId());
        assertEquals("111122223333", r.accountId());
        assertEquals("eu-west-1", r.region());
        assertFalse(r.anonymous());
        assertTrue(r.verified());
        auth(AuthMode.KNOWN).verifyAggregated(r, s.head(), new byte[0], Map.of());
        assertEquals(java.util.Optional.of("s3"), Authenticator.scopeService(s.head()));
    }

    @Test
    void everyTamperedS3ElementIsRejected() {
        Signed s = signedS3Get();
        HttpRequestHead h = s.head();
        Authenticator a = auth(AuthMode.KNOWN);
        String uri = h.uri();

        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "HEAD", uri), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET", uri.replace("dir/a", "dir/b")), "s3"));
        for (String[] t : new String[][] {
                {"list-type=2", "list-type=1"}, {"prefix=a%20b", "prefix=a+b"}, {"prefix=a%2Bb", "prefix=a%20b"},
                {"&empty", "&empty=x"}, {"&flag", "&flagx"}, {"&uploads", ""}, {"x=%C3%A9", "x=e"}}) {
            String tampered = uri.replace(t[0], t[1]);
            assertNotEquals(uri, tampered);
            assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET", tampered), "s3"));
        }
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET", uri + "&extra=1"), "s3"));
        for (String header : List.of("x-amz-meta-multi", "Range", "Host")) {
            assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withHeader(h, header, "changed"), "s3"));
        }
        assertError("SignatureDoesNotMatch", 403,
                () -> a.precheck(withHeader(h, "x-amz-content-sha256", Signing.sha256Hex("x")), "s3"));
        // The date moves the scope date with it: still a mismatch, not a skew.
        assertError("SignatureDoesNotMatch", 403,
                () -> a.precheck(withHeader(h, "x-amz-date", "20240501T120001Z"), "s3"));
        String authz = h.header("Authorization");
        assertError("SignatureDoesNotMatch", 403,
                () -> a.precheck(withHeader(h, "Authorization", authz.replace("/eu-west-1/", "/us-east-1/")), "s3"));
        assertError("SignatureDoesNotMatch", 403,
                () -> a.precheck(withHeader(h, "Authorization", authz.replace("Signature=", "Signature=0")), "s3"));
        assertError("SignatureDoesNotMatch", 403,
                () -> a.precheck(withHeader(h, "Authorization", authz.replace(";range", "")), "s3"));
    }

    @Test
    void s3MismatchCarriesTheCanonicalRequest() {
        Signed s = signedS3Get();
        AwsException e = error(() -> auth(AuthMode.KNOWN).precheck(withHeader(s.head(), "Range", "bytes=1-2"), "s3"));
        assertEquals(AK, e.extra().get("AWSAccessKeyId"));
        assertTrue(e.extra().get("CanonicalRequest").contains("\nrange:bytes=1-2\n"), e.extra().get("CanonicalRequest"));
        assertTrue(e.extra().get("CanonicalRequest").startsWith(
                "GET\n/my-bucket/dir/a%20key%2Bplus~%21.txt\nempty=&flag=&list-type=2&prefix=a%20b&prefix=a%2Bb&uploads=&x=%C3%A9\n"),
                e.extra().get("CanonicalRequest"));
        assertTrue(e.extra().get("StringToSign").startsWith("AWS4-HMAC-SHA256\n20240501T120000Z\n20240501/eu-west-1/s3/aws4_request\n"));
        assertEquals(s.head().header("Authorization").replaceAll(".*Signature=", ""), e.extra().get("SignatureProvided"));
        assertEquals("x-amz-meta-multi:one,two three", e.extra().get("CanonicalRequest").lines()
                .filter(l -> l.startsWith("x-amz-meta-multi")).findFirst().orElseThrow());
    }

    @Test
    void wrongSecretIsRejectedUnknownKeyIsAcceptedInKnownAndRejectedInStrict() {
        Signed s = signedS3Get();
        Authenticator wrongSecret = new Authenticator(AuthMode.KNOWN,
                Credentials.of(List.of(AK + ":other"), "000000000000"), CLOCK);
        assertError("SignatureDoesNotMatch", 403, () -> wrongSecret.precheck(s.head(), "s3"));

        Authenticator noKeys = new Authenticator(AuthMode.KNOWN, Credentials.of(List.of("test:test"), "000000000000"), CLOCK);
        AuthResult r = noKeys.precheck(s.head(), "s3");
        assertEquals(AK, r.accessKeyId());
        assertEquals("000000000000", r.accountId());
        assertFalse(r.verified());

        Authenticator strict = new Authenticator(AuthMode.STRICT, Credentials.of(List.of("test:test"), "000000000000"), CLOCK);
        AwsException e = error(() -> strict.precheck(s.head(), "s3"));
        assertEquals("InvalidAccessKeyId", e.code());
        assertEquals(403, e.httpStatus());
        assertEquals(AK, e.extra().get("AWSAccessKeyId"));
    }

    @Test
    void clockSkewIsRejectedWithEachServicesError() {
        Signed s3 = signedS3Get();
        AwsException e = error(() -> auth(AuthMode.KNOWN, NOW.plusSeconds(901)).precheck(s3.head(), "s3"));
        assertEquals("RequestTimeTooSkewed", e.code());
        assertEquals(403, e.httpStatus());
        assertEquals("20240501T120000Z", e.extra().get("RequestTime"));
        assertEquals("900000", e.extra().get("MaxAllowedSkewMilliseconds"));
        auth(AuthMode.KNOWN, NOW.plusSeconds(899)).precheck(s3.head(), "s3");
        auth(AuthMode.KNOWN, NOW.minusSeconds(899)).precheck(s3.head(), "s3");
        assertError("RequestTimeTooSkewed", 403, () -> auth(AuthMode.KNOWN, NOW.minusSeconds(901)).precheck(s3.head(), "s3"));

        Signed sqs = signedSqsPost("Action=ListQueues&Version=2012-11-05");
        AwsException q = error(() -> auth(AuthMode.KNOWN, NOW.plusSeconds(1000)).precheck(sqs.head(), "sqs"));
        assertEquals("SignatureDoesNotMatch", q.code());
        assertEquals("Signature expired: 20240501T120000Z is now earlier than 20240501T120140Z (20240501T121640Z - 15 min.)",
                q.getMessage());
        assertError("RequestExpired", 400, () -> auth(AuthMode.KNOWN, NOW.plusSeconds(1000)).precheck(sqs.head(), "ec2"));
    }

    private Signed signedSqsPost(String form) {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        return signV4(request(SdkHttpMethod.POST, "http://localhost:4566/000000000000/my-queue")
                        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                        .putHeader("Content-Length", Integer.toString(body.length))
                        .build(),
                body, "sqs", "us-west-2", NOW, null);
    }

    @Test
    void queryServiceBodyHashIsCheckedWithTheBody() {
        String form = "Action=SendMessage&MessageBody=hello%20world&Version=2012-11-05";
        Signed s = signedSqsPost(form);
        Authenticator a = auth(AuthMode.KNOWN);
        AuthResult r = a.precheck(s.head(), "sqs");
        assertEquals("us-west-2", r.region());
        assertEquals("111122223333", r.accountId());
        a.verifyAggregated(r, s.head(), s.body(), HttpRequestHead.decodeQuery(form, true));
        byte[] tampered = form.replace("hello", "HELLO").getBytes(StandardCharsets.UTF_8);
        AwsException e = error(() -> a.verifyAggregated(r, s.head(), tampered, Map.of()));
        assertEquals("SignatureDoesNotMatch", e.code());
        assertEquals(403, e.httpStatus());
        assertTrue(e.getMessage().contains("The Canonical String for this request should have been\n'POST\n/000000000000/my-queue\n"),
                e.getMessage());
        assertError("SignatureDoesNotMatch", 403,
                () -> a.verifyAggregated(a.precheck(withUri(s.head(), "POST", "/000000000000/other-queue"), "sqs"),
                        s.head(), s.body(), Map.of()));
        assertError("SignatureDoesNotMatch", 403,
                () -> a.verifyAggregated(a.precheck(withHeader(s.head(), "Content-Type", "text/plain"), "sqs"),
                        s.head(), s.body(), Map.of()));
        assertError("AuthFailure", 401, () -> a.verifyAggregated(a.precheck(s.head(), "ec2"), s.head(), tampered, Map.of()));
    }

    @Test
    void s3PayloadHashIsCheckedAggregatedAndStreamed() {
        byte[] body = "<Tagging><TagSet/></Tagging>".getBytes(StandardCharsets.UTF_8);
        Signed s = signV4(request(SdkHttpMethod.PUT, "http://localhost:4566/b/k?tagging")
                        .putHeader("Content-Length", Integer.toString(body.length)).build(),
                body, "s3", "us-east-1", NOW, b -> b.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        assertEquals(Signing.sha256Hex(body), s.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow());
        Authenticator a = auth(AuthMode.KNOWN);
        AuthResult r = a.precheck(s.head(), "s3");
        a.verifyAggregated(r, s.head(), body, Map.of());
        byte[] other = "<Tagging><TagSet></TagSet></Tagging>".getBytes(StandardCharsets.UTF_8);
        AwsException e = error(() -> a.verifyAggregated(r, s.head(), other, Map.of()));
        assertEquals("XAmzContentSHA256Mismatch", e.code());
        assertEquals(400, e.httpStatus());
        assertEquals(Signing.sha256Hex(body), e.extra().get("ClientComputedContentSHA256"));
        assertEquals(Signing.sha256Hex(other), e.extra().get("S3ComputedContentSHA256"));

        assertArrayEquals(body, drain(a.verifyingStream(r, s.head(), bytes(body), new java.util.HashMap<>())));
        assertBodyError("XAmzContentSHA256Mismatch", 400, a.verifyingStream(r, s.head(), bytes(other), new java.util.HashMap<>()));
        // a truncated body has another hash
        assertBodyError("XAmzContentSHA256Mismatch", 400,
                a.verifyingStream(r, s.head(), bytes(java.util.Arrays.copyOf(body, 5)), new java.util.HashMap<>()));
    }

    @Test
    void s3HeaderProblems() {
        Signed s = signedS3Get();
        Authenticator a = auth(AuthMode.KNOWN);
        HttpRequestHead h = s.head();
        assertError("InvalidRequest", 400, () -> a.precheck(withHeader(h, "x-amz-content-sha256", null), "s3"));
        AwsException inv = error(() -> a.precheck(withHeader(h, "x-amz-content-sha256", "nope"), "s3"));
        assertEquals("InvalidArgument", inv.code());
        assertEquals("x-amz-content-sha256", inv.extra().get("ArgumentName"));
        assertError("AccessDenied", 403, () -> a.precheck(withHeader(h, "x-amz-date", null), "s3"));
        String authz = h.header("Authorization");
        assertError("AuthorizationHeaderMalformed", 400,
                () -> a.precheck(withHeader(h, "Authorization", authz.replace("/aws4_request", "/aws5_request")), "s3"));
        assertError("AuthorizationHeaderMalformed", 400,
                () -> a.precheck(withHeader(h, "Authorization", authz.replaceAll(", SignedHeaders=[^,]*", "")), "s3"));
        assertError("AuthorizationHeaderMalformed", 400,
                () -> a.precheck(withHeader(h, "Authorization", authz.replace("/20240501/", "/20240502/")), "s3"));
        assertError("InvalidArgument", 400, () -> a.precheck(withHeader(h, "Authorization", "Bearer abc"), "s3"));
        assertError("IncompleteSignature", 400,
                () -> a.precheck(withHeader(h, "Authorization", authz.replaceAll(", Signature=.*", "")), "sqs"));
    }

    @Test
    void parsesXAmzDateStrictlyAndRefusesAnythingElse() {
        assertEquals(java.time.Instant.parse("2026-12-02T19:04:05Z"), SigV4.parseAmzDate("20261202T190405Z"));
        // a day past the month's end resolves to its last day, as java.time's smart resolving does
        assertEquals(java.time.Instant.parse("2026-02-28T00:00:00Z"), SigV4.parseAmzDate("20260230T000000Z"));
        for (String bad : new String[] {null, "", "20261202T190405", "20261202 190405Z", "2026120T2190405Z", "20261302T190405Z",
                "20261200T190405Z", "20261202T240000Z", "20261202T196005Z", "20261202T190460Z", "2026-12-02T19:04:05Z", "+0261202T190405Z"}) {
            assertNull(SigV4.parseAmzDate(bad), bad);
        }
    }

    @Test
    void oneHeaderComponentIsWhatTheMapOfAllSays() {
        for (String a : List.of(
                "AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab",
                "AWS4-HMAC-SHA256 Credential=AK/1/2/3/4,Credential=second ,SignedHeaders=host",
                "AWS4-HMAC-SHA256 Credential=first, Credential",
                "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=ab",
                "AWS4-HMAC-SHA256 , ,Credential = spaced ,",
                "AWS4-HMAC-SHA256",
                "AWS4-HMAC-SHA256 Credential=a=b")) {
            for (String name : List.of("Credential", "SignedHeaders", "Signature")) {
                assertEquals(SigV4.headerComponents(a).get(name), SigV4.headerComponent(a, name), a + " / " + name);
            }
        }
    }
}
