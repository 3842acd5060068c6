package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Objects through SDK v2 2.42 with its default settings (CRC32 trailers on aws-chunked), path and virtual-host style. */
class S3ObjectIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static S3Client path;
    static S3Client vhost;

    @BeforeAll
    static void clients() {
        path = build("path");
        vhost = build("vhost");
        path.createBucket(b -> b.bucket("objects"));
    }

    @AfterAll
    static void close() {
        path.close();
        vhost.close();
    }

    static S3Client build(String style) {
        var b = S3Client.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        if (style.equals("path")) {
            return b.endpointOverride(emu.endpoint()).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
        }
        // <bucket>.s3.localhost may not resolve here: every name goes to loopback, the Host header keeps it
        return b.endpointOverride(URI.create("http://s3.localhost:" + emu.port()))
                .httpClient(ApacheHttpClient.builder()
                        .dnsResolver(host -> new InetAddress[] {InetAddress.getLoopbackAddress()}).build())
                .build();
    }

    static S3Client client(String style) {
        return style.equals("path") ? path : vhost;
    }

    static final List<String> ODD_KEYS = List.of("plain.txt", "with space/and+plus", "percent%25%/x", "a//b",
            "../dots/./..", "trailing/", "ünïcødé/日本語/😀", "q?x=1&y=#frag", "tab\tand~tilde*");

    @ParameterizedTest
    @ValueSource(strings = {"path", "vhost"})
    void oddKeysRoundTripByteForByte(String style) {
        S3Client s3 = client(style);
        String bucket = "keys-" + style;
        s3.createBucket(b -> b.bucket(bucket));
        List<String> keys = new ArrayList<>(ODD_KEYS);
        keys.add("k".repeat(1024));
        for (String key : keys) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("body of " + key));
            assertEquals("body of " + key, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String(), key);
        }
        List<String> listed = s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(3)).contents().stream()
                .map(S3Object::key).toList();
        List<String> sorted = keys.stream().sorted((a, b) -> java.util.Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8))).toList();
        assertEquals(sorted, listed);
        // encoding-type=url is what the SDK asks for by default in v1 listings: keys come back decoded
        assertEquals(sorted, s3.listObjects(b -> b.bucket(bucket).encodingType("url")).contents().stream()
                .map(S3Object::key).toList());
        S3Exception tooLong = assertThrows(S3Exception.class,
                () -> s3.putObject(b -> b.bucket(bucket).key("k".repeat(1025)), RequestBody.fromString("x")));
        assertEquals("KeyTooLongError", tooLong.awsErrorDetails().errorCode());
        for (String key : keys) s3.deleteObject(b -> b.bucket(bucket).key(key));
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    @Test
    void putGetHeadWithMetadataAndChecksums() {
        PutObjectResponse put = path.putObject(b -> b.bucket("objects").key("meta.txt")
                        .contentType("text/plain").contentEncoding("identity").contentDisposition("attachment")
                        .contentLanguage("de").cacheControl("max-age=60").storageClass("STANDARD_IA")
                        .metadata(Map.of("colour", "blue", "Mixed-Case", "v")),
                RequestBody.fromString("hello world"));
        assertEquals("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"", put.eTag());
        assertEquals("DUoRhQ==", put.checksumCRC32(), "SDK default CRC32 trailer verified and echoed");

        HeadObjectResponse head = path.headObject(b -> b.bucket("objects").key("meta.txt").checksumMode(ChecksumMode.ENABLED));
        assertEquals(11L, head.contentLength());
        assertEquals("text/plain", head.contentType());
        assertEquals("identity", head.contentEncoding());
        assertEquals("attachment", head.contentDisposition());
        assertEquals("de", head.contentLanguage());
        assertEquals("max-age=60", head.cacheControl());
        assertEquals("STANDARD_IA", head.storageClassAsString());
        assertEquals(Map.of("colour", "blue", "mixed-case", "v"), head.metadata());
        assertEquals("DUoRhQ==", head.checksumCRC32());

        ResponseBytes<GetObjectResponse> got = vhost.getObjectAsBytes(b -> b.bucket("objects").key("meta.txt")
                .responseContentType("application/x-override"));
        assertEquals("hello world", got.asUtf8String());
        assertEquals("application/x-override", got.response().contentType());

        ResponseBytes<GetObjectResponse> range = path.getObjectAsBytes(b -> b.bucket("objects").key("meta.txt").range("bytes=6-"));
        assertEquals("world", range.asUtf8String());
        assertEquals("bytes 6-10/11", range.response().contentRange());

        S3Exception invalidRange = assertThrows(S3Exception.class,
                () -> path.getObjectAsBytes(b -> b.bucket("objects").key("meta.txt").range("bytes=11-")));
        assertEquals(416, invalidRange.statusCode());
        assertEquals("InvalidRange", invalidRange.awsErrorDetails().errorCode());

        Instant lm = head.lastModified();
        S3Exception notModified = assertThrows(S3Exception.class,
                () -> path.getObjectAsBytes(b -> b.bucket("objects").key("meta.txt").ifNoneMatch(head.eTag())));
        assertEquals(304, notModified.statusCode());
        S3Exception notModifiedSince = assertThrows(S3Exception.class,
                () -> path.getObjectAsBytes(b -> b.bucket("objects").key("meta.txt").ifModifiedSince(lm)));
        assertEquals(304, notModifiedSince.statusCode());
        S3Exception failed = assertThrows(S3Exception.class,
                () -> path.getObjectAsBytes(b -> b.bucket("objects").key("meta.txt").ifMatch("\"nope\"")));
        assertEquals(412, failed.statusCode());
        assertEquals("PreconditionFailed", failed.awsErrorDetails().errorCode());
        assertEquals("hello world", path.getObjectAsBytes(b -> b.bucket("objects").key("meta.txt")
                .ifMatch(head.eTag()).ifUnmodifiedSince(lm.minusSeconds(3600))).asUtf8String());
    }

    @Test
    void errors() {
        NoSuchKeyException nsk = assertThrows(NoSuchKeyException.class,
                () -> path.getObjectAsBytes(b -> b.bucket("objects").key("missing/key")));
        assertEquals(404, nsk.statusCode());
        assertEquals("The specified key does not exist.", nsk.awsErrorDetails().errorMessage());
        S3Exception headMissing = assertThrows(S3Exception.class,
                () -> path.headObject(b -> b.bucket("objects").key("missing")));
        assertEquals(404, headMissing.statusCode());
        assertThrows(NoSuchBucketException.class,
                () -> path.putObject(b -> b.bucket("no-such-bucket-here").key("k"), RequestBody.fromString("x")));
        S3Exception bad = assertThrows(S3Exception.class, () -> path.putObject(b -> b.bucket("objects").key("md5")
                .contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromString("not empty")));
        assertEquals(400, bad.statusCode());
        assertEquals("BadDigest", bad.awsErrorDetails().errorCode());
        S3Exception invalid = assertThrows(S3Exception.class, () -> path.putObject(b -> b.bucket("objects").key("md5")
                .contentMD5("not-md5"), RequestBody.fromString("x")));
        assertEquals("InvalidDigest", invalid.awsErrorDetails().errorCode());
        S3Exception crc = assertThrows(S3Exception.class, () -> path.putObject(b -> b.bucket("objects").key("crc")
                .checksumCRC32("AAAAAA=="), RequestBody.fromString("x")));
        assertEquals("BadDigest", crc.awsErrorDetails().errorCode());
        assertEquals("The CRC32 you specified did not match the calculated checksum.", crc.awsErrorDetails().errorMessage());
        assertThrows(NoSuchKeyException.class, () -> path.headObject(b -> b.bucket("objects").key("md5")).eTag());
        // delete is idempotent
        path.deleteObject(b -> b.bucket("objects").key("never-there"));
    }

    @Test
    void listingWithDelimiterAndPages() {
        path.createBucket(b -> b.bucket("listing"));
        List<String> keys = List.of("a/1", "a/2", "b/x/1", "b/y", "c", "d/");
        for (String k : keys) path.putObject(b -> b.bucket("listing").key(k), RequestBody.fromString(k));
        ListObjectsV2Response top = path.listObjectsV2(b -> b.bucket("listing").delimiter("/"));
        assertEquals(List.of("c"), top.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("a/", "b/", "d/"), top.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(4, top.keyCount());
        ListObjectsV2Response inB = path.listObjectsV2(b -> b.bucket("listing").prefix("b/").delimiter("/"));
        assertEquals(List.of("b/y"), inB.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("b/x/"), inB.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        // pages of 1 with a delimiter: every entry exactly once
        List<String> seen = new ArrayList<>();
        path.listObjectsV2Paginator(b -> b.bucket("listing").delimiter("/").maxKeys(1)).forEach(p -> {
            p.contents().forEach(o -> seen.add(o.key()));
            p.commonPrefixes().forEach(c -> seen.add(c.prefix()));
        });
        assertEquals(List.of("a/", "b/", "c", "d/"), seen);
        ListObjectsResponse v1 = path.listObjects(b -> b.bucket("listing").delimiter("/").maxKeys(2));
        assertTrue(v1.isTruncated());
        assertEquals("b/", v1.nextMarker());
        ListObjectsResponse v1next = path.listObjects(b -> b.bucket("listing").delimiter("/").marker("b/"));
        assertEquals(List.of("c"), v1next.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("d/"), v1next.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(List.of("b/x/1", "b/y", "c", "d/"), path.listObjectsV2(b -> b.bucket("listing").startAfter("a/2"))
                .contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("a/1"), path.listObjectsV2(b -> b.bucket("listing").maxKeys(1).fetchOwner(true))
                .contents().stream().map(S3Object::key).toList());

        S3Exception notEmpty = assertThrows(S3Exception.class, () -> path.deleteBucket(b -> b.bucket("listing")));
        assertEquals("BucketNotEmpty", notEmpty.awsErrorDetails().errorCode());
        var deleted = path.deleteObjects(b -> b.bucket("listing").delete(d -> d.objects(
                keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).collect(Collectors.toList()))));
        assertEquals(keys.size(), deleted.deleted().size());
        assertEquals(0, path.listObjectsV2(b -> b.bucket("listing")).keyCount());
        path.deleteBucket(b -> b.bucket("listing"));
    }

    @Test
    void copyShareAndDelete() {
        path.putObject(b -> b.bucket("objects").key("src key+1").contentType("text/x-src").metadata(Map.of("a", "1")),
                RequestBody.fromString("copied bytes"));
        var copy = path.copyObject(b -> b.sourceBucket("objects").sourceKey("src key+1")
                .destinationBucket("objects").destinationKey("dst/copy"));
        assertEquals("\"" + md5Hex("copied bytes".getBytes(StandardCharsets.UTF_8)) + "\"", copy.copyObjectResult().eTag());
        HeadObjectResponse h = path.headObject(b -> b.bucket("objects").key("dst/copy"));
        assertEquals("text/x-src", h.contentType());
        assertEquals(Map.of("a", "1"), h.metadata());
        path.copyObject(b -> b.sourceBucket("objects").sourceKey("src key+1").destinationBucket("objects")
                .destinationKey("dst/replaced").metadataDirective(MetadataDirective.REPLACE).contentType("text/new"));
        HeadObjectResponse r = path.headObject(b -> b.bucket("objects").key("dst/replaced"));
        assertEquals("text/new", r.contentType());
        assertEquals(Map.of(), r.metadata());
        S3Exception self = assertThrows(S3Exception.class, () -> path.copyObject(b -> b.sourceBucket("objects")
                .sourceKey("src key+1").destinationBucket("objects").destinationKey("src key+1")));
        assertEquals("InvalidRequest", self.awsErrorDetails().errorCode());
        // the shared blob outlives the source
        path.deleteObject(b -> b.bucket("objects").key("src key+1"));
        assertEquals("copied bytes", path.getObjectAsBytes(b -> b.bucket("objects").key("dst/copy")).asUtf8String());
        assertEquals("copied bytes", path.getObjectAsBytes(b -> b.bucket("objects").key("dst/replaced")).asUtf8String());
        assertThrows(NoSuchKeyException.class, () -> path.copyObject(b -> b.sourceBucket("objects")
                .sourceKey("src key+1").destinationBucket("objects").destinationKey("x")));
    }

    @Test
    void conditionalWritesCreateOnlyOnceAndReplaceOnlyTheVersionSeen() {
        String etag = path.putObject(b -> b.bucket("objects").key("cond").ifNoneMatch("*"), RequestBody.fromString("one")).eTag();
        S3Exception taken = assertThrows(S3Exception.class, () -> path.putObject(
                b -> b.bucket("objects").key("cond").ifNoneMatch("*"), RequestBody.fromString("two")));
        assertEquals(412, taken.statusCode());
        assertEquals("PreconditionFailed", taken.awsErrorDetails().errorCode());
        S3Exception stale = assertThrows(S3Exception.class, () -> path.putObject(
                b -> b.bucket("objects").key("cond").ifMatch("\"0123456789abcdef0123456789abcdef\""), RequestBody.fromString("two")));
        assertEquals(412, stale.statusCode());
        S3Exception missing = assertThrows(S3Exception.class, () -> path.putObject(
                b -> b.bucket("objects").key("cond-missing").ifMatch(etag), RequestBody.fromString("two")));
        assertEquals("NoSuchKey", missing.awsErrorDetails().errorCode());
        S3Exception unsupported = assertThrows(S3Exception.class, () -> path.putObject(
                b -> b.bucket("objects").key("cond").ifNoneMatch(etag), RequestBody.fromString("two")));
        assertEquals(501, unsupported.statusCode());
        assertEquals("one", path.getObjectAsBytes(b -> b.bucket("objects").key("cond")).asUtf8String(), "refused writes changed nothing");
        path.putObject(b -> b.bucket("objects").key("cond").ifMatch(etag), RequestBody.fromString("two"));
        assertEquals("two", path.getObjectAsBytes(b -> b.bucket("objects").key("cond")).asUtf8String());
        path.deleteObject(b -> b.bucket("objects").key("cond"));
        path.putObject(b -> b.bucket("objects").key("cond").ifNoneMatch("*"), RequestBody.fromString("three"));
    }

    @Test
    void conditionalCopiesCheckTheDestination() {
        path.putObject(b -> b.bucket("objects").key("ccopy-src"), RequestBody.fromString("source"));
        String etag = path.putObject(b -> b.bucket("objects").key("ccopy-dst"), RequestBody.fromString("old")).eTag();
        S3Exception taken = assertThrows(S3Exception.class, () -> path.copyObject(b -> b.sourceBucket("objects")
                .sourceKey("ccopy-src").destinationBucket("objects").destinationKey("ccopy-dst").ifNoneMatch("*")));
        assertEquals(412, taken.statusCode());
        assertEquals("PreconditionFailed", taken.awsErrorDetails().errorCode());
        S3Exception stale = assertThrows(S3Exception.class, () -> path.copyObject(b -> b.sourceBucket("objects")
                .sourceKey("ccopy-src").destinationBucket("objects").destinationKey("ccopy-dst")
                .ifMatch("\"0123456789abcdef0123456789abcdef\"")));
        assertEquals(412, stale.statusCode());
        S3Exception missing = assertThrows(S3Exception.class, () -> path.copyObject(b -> b.sourceBucket("objects")
                .sourceKey("ccopy-src").destinationBucket("objects").destinationKey("ccopy-none").ifMatch(etag)));
        assertEquals("NoSuchKey", missing.awsErrorDetails().errorCode());
        S3Exception unsupported = assertThrows(S3Exception.class, () -> path.copyObject(b -> b.sourceBucket("objects")
                .sourceKey("ccopy-src").destinationBucket("objects").destinationKey("ccopy-dst").ifNoneMatch(etag)));
        assertEquals(501, unsupported.statusCode());
        assertEquals("NotImplemented", unsupported.awsErrorDetails().errorCode());
        assertEquals("old", path.getObjectAsBytes(b -> b.bucket("objects").key("ccopy-dst")).asUtf8String(),
                "refused copies changed nothing");
        path.copyObject(b -> b.sourceBucket("objects").sourceKey("ccopy-src").destinationBucket("objects")
                .destinationKey("ccopy-dst").ifMatch(etag));
        assertEquals("source", path.getObjectAsBytes(b -> b.bucket("objects").key("ccopy-dst")).asUtf8String());
        path.copyObject(b -> b.sourceBucket("objects").sourceKey("ccopy-src").destinationBucket("objects")
                .destinationKey("ccopy-new").ifNoneMatch("*"));
        assertEquals("source", path.getObjectAsBytes(b -> b.bucket("objects").key("ccopy-new")).asUtf8String());
    }

    /** 200 MiB generated on the fly, never held in memory, up and down with an MD5 check. */
    @Test
    void largeObjectStreamsBothWays() throws Exception {
        long size = 200L * 1024 * 1024;
        MessageDigest sent = MessageDigest.getInstance("MD5");
        path.putObject(b -> b.bucket("objects").key("large.bin"),
                RequestBody.fromContentProvider(() -> new Generated(size, sent), size, "application/octet-stream"));
        byte[] expected = sent.digest();
        MessageDigest got = MessageDigest.getInstance("MD5");
        try (ResponseInputStream<GetObjectResponse> in = path.getObject(b -> b.bucket("objects").key("large.bin"))) {
            byte[] buf = new byte[1 << 16];
            long n = 0;
            for (int r; (r = in.read(buf)) > 0; ) {
                got.update(buf, 0, r);
                n += r;
            }
            assertEquals(size, n);
            assertEquals("\"" + HexFormat.of().formatHex(expected) + "\"", in.response().eTag());
        }
        assertArrayEquals(expected, got.digest());
        path.deleteObject(b -> b.bucket("objects").key("large.bin"));
    }

    static String md5Hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deterministic pseudo-random bytes; the digest sees what the last opened stream produced. */
    static final class Generated extends InputStream {
        private final long size;
        private final MessageDigest md;
        private long pos;
        private long state = 0x9E3779B97F4A7C15L;

        Generated(long size, MessageDigest md) {
            this.size = size;
            this.md = md;
            md.reset();
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            md.update(b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {}
    }
}
