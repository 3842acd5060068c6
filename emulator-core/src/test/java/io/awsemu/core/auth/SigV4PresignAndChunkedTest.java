package io.awsemu.core.auth;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.HttpRequestHead;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static io.awsemu.core.auth.Wire.*;
import static org.junit.jupiter.api.Assertions.*;

class SigV4PresignAndChunkedTest {

    private Signed presigned(Duration expiry) {
        return signV4(request(SdkHttpMethod.GET, "http://localhost:4566/bucket/some%20key?versionId=abc&response-content-type=text%2Fplain").build(),
                null, "s3", "us-east-1", NOW, b -> b
                        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expiry)
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));
    }

    @Test
    void presignedUrlIsAcceptedUntilItExpires() {
        Signed s = presigned(Duration.ofMinutes(60));
        HttpRequestHead h = s.head();
        assertNotNull(h.queryParam("X-Amz-Signature"));
        assertNull(h.header("Authorization"));
        AuthResult r = auth(AuthMode.KNOWN).precheck(h, "s3");
        assertEquals(AuthResult.Kind.SIGV4_PRESIGNED, r.kind());
        assertEquals("111122223333", r.accountId());
        auth(AuthMode.KNOWN, NOW.plusSeconds(3600)).precheck(h, "s3");

        AwsException e = error(() -> auth(AuthMode.KNOWN, NOW.plusSeconds(3601)).precheck(h, "s3"));
        assertEquals("AccessDenied", e.code());
        assertEquals(403, e.httpStatus());
        assertEquals("Request has expired", e.getMessage());
        assertEquals("3600", e.extra().get("X-Amz-Expires"));
        assertEquals("2024-05-01T13:00:00Z", e.extra().get("Expires"));
        assertEquals("2024-05-01T13:00:01Z", e.extra().get("ServerTime"));
        // an unknown key is not verified in KNOWN mode, so it does not expire either
        new Authenticator(AuthMode.KNOWN, Credentials.of(java.util.List.of("test:test"), "000000000000"),
                java.time.Clock.fixed(NOW.plusSeconds(99999), java.time.ZoneOffset.UTC)).precheck(h, "s3");
        assertError("AccessDenied", 403, () -> auth(AuthMode.KNOWN, NOW.minusSeconds(1000)).precheck(h, "s3"));
    }

    @Test
    void tamperedPresignedUrlsAreRejected() {
        Signed s = presigned(Duration.ofMinutes(60));
        HttpRequestHead h = s.head();
        Authenticator a = auth(AuthMode.KNOWN);
        String uri = h.uri();
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "PUT", uri), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET", uri.replace("some%20key", "some%20kez")), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET", uri.replace("versionId=abc", "versionId=abd")), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET", uri.replace("text%2Fplain", "text%2Fhtml")), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET", uri.replace("X-Amz-Expires=3600", "X-Amz-Expires=3601")), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withUri(h, "GET", uri.replace("%2Fus-east-1%2F", "%2Fus-west-2%2F")), "s3"));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(withHeader(h, "Host", "evil:4566"), "s3"));
        AwsException week = error(() -> a.precheck(withUri(h, "GET", uri.replace("X-Amz-Expires=3600", "X-Amz-Expires=604801")), "s3"));
        assertEquals("AuthorizationQueryParametersError", week.code());
        assertEquals("X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds", week.getMessage());
        assertError("AuthorizationQueryParametersError", 400,
                () -> a.precheck(withUri(h, "GET", uri.replaceAll("&?X-Amz-Date=[^&]*", "")), "s3"));
        assertError("AuthorizationQueryParametersError", 400,
                () -> a.precheck(withUri(h, "GET", uri.replace("X-Amz-Expires=3600", "X-Amz-Expires=-1")), "s3"));
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + 7);
        return b;
    }

    private Signed chunked(byte[] data, boolean trailer) {
        return signV4(request(SdkHttpMethod.PUT, "http://localhost:4566/bucket/big.bin")
                        .putHeader("Content-Length", Integer.toString(data.length)).build(),
                data, "s3", "us-east-1", NOW, b -> {
                    b.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                            .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true);
                    if (trailer) b.putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32);
                });
    }

    @Test
    void signedChunksDecodeAndVerify() {
        byte[] data = data(300_000);
        Signed s = chunked(data, false);
        HttpRequestHead h = s.head();
        assertEquals(SigV4.STREAMING_SIGNED, h.header("x-amz-content-sha256"));
        assertTrue(Authenticator.isAwsChunked(h));
        Authenticator a = auth(AuthMode.KNOWN);
        AuthResult r = a.precheck(h, "s3");
        assertArrayEquals(data, drain(a.verifyingStream(r, h, bytes(s.body()), new HashMap<>())));
        a.verifyAggregated(r, h, s.body(), Map.of());

        String wire = new String(s.body(), StandardCharsets.ISO_8859_1);
        // flip one data byte in the second chunk
        byte[] flipped = s.body().clone();
        int second = wire.indexOf(";chunk-signature=", wire.indexOf(";chunk-signature=") + 1);
        flipped[wire.indexOf("\r\n", second) + 10] ^= 1;
        assertBodyError("SignatureDoesNotMatch", 403, a.verifyingStream(r, h, bytes(flipped), new HashMap<>()));
        // drop the terminating chunk
        int last = wire.lastIndexOf("0;chunk-signature=");
        assertBodyError("IncompleteBody", 400, a.verifyingStream(r, h, bytes(Arrays.copyOf(s.body(), last)), new HashMap<>()));
        // cut in the middle of a chunk
        assertBodyError("IncompleteBody", 400, a.verifyingStream(r, h, bytes(Arrays.copyOf(s.body(), 1000)), new HashMap<>()));
        // swap the first two chunks (same size, so only the chain can tell)
        int c2 = wire.indexOf("\r\n", wire.indexOf("\r\n", 0) + 2 + 0x10000) + 2;
        int firstLen = c2;
        int c3 = c2 + firstLen;
        byte[] swapped = s.body().clone();
        System.arraycopy(s.body(), c2, swapped, 0, firstLen);
        System.arraycopy(s.body(), 0, swapped, firstLen, firstLen);
        assertEquals(wire.substring(0, 5), new String(swapped, c2, 5, StandardCharsets.ISO_8859_1));
        assertTrue(c3 < s.body().length);
        assertBodyError("SignatureDoesNotMatch", 403, a.verifyingStream(r, h, bytes(swapped), new HashMap<>()));
        // declared decoded length differs
        HttpRequestHead wrongLen = withHeader(h, "x-amz-decoded-content-length", Integer.toString(data.length + 1));
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(wrongLen, "s3"));
        assertBodyError("IncompleteBody", 400, a.verifyingStream(r, wrongLen, bytes(s.body()), new HashMap<>()));
        HttpRequestHead shortLen = withHeader(h, "x-amz-decoded-content-length", Integer.toString(data.length - 1));
        assertBodyError("IncompleteBody", 400, a.verifyingStream(r, shortLen, bytes(s.body()), new HashMap<>()));
        // wrong seed: the chain is anchored in the header signature
        HttpRequestHead otherDate = withHeader(h, "x-amz-date", "20240501T120001Z");
        assertError("SignatureDoesNotMatch", 403, () -> a.precheck(otherDate, "s3"));
    }

    @Test
    void signedChunksWithTrailerVerifyTheTrailerSignature() {
        byte[] data = data(70_000);
        Signed s = chunked(data, true);
        HttpRequestHead h = s.head();
        assertEquals(SigV4.STREAMING_SIGNED_TRAILER, h.header("x-amz-content-sha256"));
        Authenticator a = auth(AuthMode.KNOWN);
        AuthResult r = a.precheck(h, "s3");
        Map<String, String> trailers = new HashMap<>();
        assertArrayEquals(data, drain(a.verifyingStream(r, h, bytes(s.body()), trailers)));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        String expected = java.util.Base64.getEncoder().encodeToString(
                java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        assertEquals(Map.of("x-amz-checksum-crc32", expected), trailers);

        String wire = new String(s.body(), StandardCharsets.ISO_8859_1);
        String bad = wire.replace("x-amz-checksum-crc32:" + expected, "x-amz-checksum-crc32:AAAAAA==");
        assertNotEquals(wire, bad);
        assertBodyError("SignatureDoesNotMatch", 403,
                a.verifyingStream(r, h, bytes(bad.getBytes(StandardCharsets.ISO_8859_1)), new HashMap<>()));
        String noSig = wire.replaceAll("x-amz-trailer-signature:[0-9a-f]+\r\n", "");
        assertBodyError("MalformedTrailerError", 400,
                a.verifyingStream(r, h, bytes(noSig.getBytes(StandardCharsets.ISO_8859_1)), new HashMap<>()));
        int last = wire.lastIndexOf("0;chunk-signature=");
        assertBodyError("IncompleteBody", 400, a.verifyingStream(r, h, bytes(Arrays.copyOf(s.body(), last)), new HashMap<>()));
    }

    @Test
    void unsignedTrailerAndPlainAwsChunkedAreDecoded() {
        String body = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
        HttpRequestHead h = head("PUT", "/bucket/k", io.awsemu.core.http.Headers.of(
                "Host", "localhost:4566", "x-amz-content-sha256", SigV4.STREAMING_UNSIGNED_TRAILER,
                "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "11",
                "x-amz-trailer", "x-amz-checksum-crc32"));
        Authenticator a = auth(AuthMode.KNOWN);
        AuthResult r = a.precheck(h, "s3");
        assertTrue(r.anonymous());
        Map<String, String> trailers = new HashMap<>();
        assertEquals("hello world", new String(drain(a.verifyingStream(r, h,
                bytes(body.getBytes(StandardCharsets.US_ASCII)), trailers)), StandardCharsets.US_ASCII));
        assertEquals("DUoRhQ==", trailers.get("x-amz-checksum-crc32"));
        assertBodyError("IncompleteBody", 400, a.verifyingStream(r, h,
                bytes("5\r\nhello\r\n6\r\n world\r\n".getBytes(StandardCharsets.US_ASCII)), new HashMap<>()));
        assertBodyError("IncompleteBody", 400, a.verifyingStream(r, h,
                bytes("5\r\nhelloXX6\r\n world\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), new HashMap<>()));
        assertBodyError("IncompleteBody", 400, a.verifyingStream(r, h,
                bytes("zz\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII)), new HashMap<>()));

        HttpRequestHead plain = head("PUT", "/bucket/k", io.awsemu.core.http.Headers.of(
                "Host", "localhost:4566", "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "5"));
        assertEquals("hello", new String(drain(a.verifyingStream(a.precheck(plain, "s3"), plain,
                bytes("5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), new HashMap<>())), StandardCharsets.US_ASCII));
    }
}
