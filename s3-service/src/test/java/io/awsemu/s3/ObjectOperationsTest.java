package io.awsemu.s3;

import io.awsemu.core.error.AwsBodyException;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.MultipartEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.store.H2MultipartStore;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Object handlers through the router without a server: exact statuses, headers and XML. */
class ObjectOperationsTest {
    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final InMemoryBlobStore blobs = new InMemoryBlobStore();
    final S3Router router;

    ObjectOperationsTest() {
        Clock clock = Clock.fixed(Instant.parse("2026-05-06T07:08:09.123Z"), ZoneOffset.UTC);
        BucketEngine buckets = new BucketEngine(H2BucketStore.migrated(db), clock);
        ObjectEngine objects = new ObjectEngine(buckets, new H2ObjectStore(db), blobs, clock);
        router = S3Service.router(buckets, objects, new MultipartEngine(objects, new H2MultipartStore(db)), "localhost");
    }

    @AfterEach
    void close() {
        db.close();
    }

    AwsResponse call(String method, String uri, RequestBody body, String... headers) throws IOException {
        return route(router, method, uri, body, headers);
    }

    /** A request of the default account through {@code router}, as the server would hand it over. */
    static AwsResponse route(S3Router router, String method, String uri, RequestBody body, String... headers)
            throws IOException {
        Headers h = Headers.of(headers);
        h.set("Host", "localhost:4566");
        HttpRequestHead head = new HttpRequestHead(method, uri, h, null, null);
        return router.handle(new RequestContext("REQ-1", "000000000000", "us-east-1", "s3", Protocol.REST_XML, null,
                Instant.EPOCH, head, "test", null), body);
    }

    AwsResponse call(String method, String uri, String body, String... headers) throws IOException {
        return call(method, uri, RequestBody.of(body.getBytes(StandardCharsets.UTF_8)), headers);
    }

    static String text(AwsResponse r) {
        return new String(assertInstanceOf(ResponseBody.Bytes.class, r.body()).bytes(), StandardCharsets.UTF_8);
    }

    /** The object's bytes: read already by the worker (up to ObjectOperations.READ_HERE_MAX) or streamed. */
    static byte[] objectBytes(AwsResponse r) throws IOException {
        if (r.body() instanceof ResponseBody.Bytes b) return b.bytes();
        try (InputStream in = assertInstanceOf(ResponseBody.Stream.class, r.body()).source().open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aSmallObjectIsReadOnTheWorkerALargerOneStreamsFromTheEventLoop() throws Exception {
        call("PUT", "/bkt", "");
        byte[] small = new byte[ObjectOperations.READ_HERE_MAX], large = new byte[ObjectOperations.READ_HERE_MAX + 1];
        new java.util.Random(7).nextBytes(large);
        System.arraycopy(large, 0, small, 0, small.length);
        call("PUT", "/bkt/small", RequestBody.of(small));
        call("PUT", "/bkt/large", RequestBody.of(large));
        AwsResponse s = call("GET", "/bkt/small", "");
        assertArrayEquals(small, assertInstanceOf(ResponseBody.Bytes.class, s.body()).bytes());
        AwsResponse l = call("GET", "/bkt/large", "");
        assertArrayEquals(large, objectBytes(assertInstanceOf(AwsResponse.class, l)));
        assertInstanceOf(ResponseBody.Stream.class, l.body());
        // a range of the large one small enough is read here too
        AwsResponse r = call("GET", "/bkt/large", "", "Range", "bytes=1-10");
        assertArrayEquals(java.util.Arrays.copyOfRange(large, 1, 11), assertInstanceOf(ResponseBody.Bytes.class, r.body()).bytes());
    }

    @Test
    void putGetHeadListDeleteOnTheWire() throws Exception {
        call("PUT", "/bkt", "");
        AwsResponse put = call("PUT", "/bkt/dir/a%20b%2Bc", "hello", "Content-Type", "text/plain",
                "Content-Encoding", "gzip,aws-chunked", "x-amz-meta-Colour", "blue", "Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==");
        assertEquals(200, put.status());
        assertEquals("\"5d41402abc4b2a76b9719d911017c592\"", put.headers().get("ETag"));

        AwsResponse get = call("GET", "/bkt/dir/a%20b%2Bc", "", "Range", "bytes=1-3");
        assertEquals(206, get.status());
        assertEquals("ell", new String(objectBytes(get), StandardCharsets.UTF_8));
        assertEquals("bytes 1-3/5", get.headers().get("Content-Range"));
        assertEquals("3", get.headers().get("Content-Length"));
        assertEquals("gzip", get.headers().get("Content-Encoding"));
        assertEquals("blue", get.headers().get("x-amz-meta-colour"));
        assertEquals("Wed, 06 May 2026 07:08:09 GMT", get.headers().get("Last-Modified"));

        AwsResponse head = call("HEAD", "/bkt/dir/a%20b%2Bc", "");
        assertInstanceOf(ResponseBody.Empty.class, head.body());
        assertEquals("5", head.headers().get("Content-Length"));
        AwsResponse notModified = call("GET", "/bkt/dir/a%20b%2Bc", "", "If-None-Match", "\"5d41402abc4b2a76b9719d911017c592\"");
        assertEquals(304, notModified.status());
        AwsResponse headMissing = call("HEAD", "/bkt/nope", "");
        assertEquals(404, headMissing.status());
        assertInstanceOf(ResponseBody.Empty.class, headMissing.body());

        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"" + NS + "\">"
                + "<Name>bkt</Name><Prefix></Prefix><Delimiter>/</Delimiter><MaxKeys>1000</MaxKeys>"
                + "<EncodingType>url</EncodingType><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated>"
                + "<CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes></ListBucketResult>",
                text(call("GET", "/bkt?list-type=2&delimiter=/&encoding-type=url", "")));
        String v2 = text(call("GET", "/bkt?list-type=2&encoding-type=url", ""));
        assertEquals(true, v2.contains("<Contents><Key>dir/a%20b%2Bc</Key><LastModified>2026-05-06T07:08:09.000Z</LastModified>"
                + "<ETag>\"5d41402abc4b2a76b9719d911017c592\"</ETag>"
                + "<ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType>"
                + "<Size>5</Size><StorageClass>STANDARD</StorageClass></Contents>"), v2);

        AwsResponse deleted = call("POST", "/bkt?delete", "<Delete><Object><Key>dir/a b+c</Key></Object>"
                + "<Object><Key>never</Key></Object></Delete>");
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeleteResult xmlns=\"" + NS + "\">"
                + "<Deleted><Key>dir/a b+c</Key></Deleted><Deleted><Key>never</Key></Deleted></DeleteResult>", text(deleted));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeleteResult xmlns=\"" + NS + "\"/>".replace("\"/>", "\"></DeleteResult>"),
                text(call("POST", "/bkt?delete", "<Delete><Quiet>true</Quiet><Object><Key>x</Key></Object></Delete>")));
        AwsException badMd5 = assertThrows(AwsException.class, () -> call("POST", "/bkt?delete",
                "<Delete><Object><Key>x</Key></Object></Delete>", "Content-MD5", "XUFAKrxLKna5cZ2REBfFkg=="));
        assertEquals("BadDigest", badMd5.code());
        assertEquals(0, blobs.stats().committed());
        assertEquals(204, call("DELETE", "/bkt", "").status());
    }

    @Test
    void aBodyThatFailsMidStreamPublishesNothing() throws Exception {
        call("PUT", "/bkt", "");
        RequestBody failing = new RequestBody() {
            @Override public long contentLength() { return 10; }
            @Override public InputStream stream() {
                return new InputStream() {
                    int n;
                    @Override public int read() throws IOException {
                        if (n++ < 5) return 'x';
                        throw new AwsBodyException(new AwsException("SignatureDoesNotMatch", 403, "chunk signature"));
                    }
                };
            }
            @Override public byte[] bytes() { throw new UnsupportedOperationException(); }
        };
        AwsException e = assertThrows(AwsException.class, () -> call("PUT", "/bkt/k", failing));
        assertEquals("SignatureDoesNotMatch", e.code());
        assertEquals(0, blobs.stats().committed());
        assertEquals(0, blobs.stats().pending());
        assertEquals("NoSuchKey", assertThrows(AwsException.class, () -> call("GET", "/bkt/k", "")).code());
        // a wrong checksum trailer: nothing published, the blob removed
        RequestBody trailer = new RequestBody() {
            @Override public long contentLength() { return 3; }
            @Override public InputStream stream() { return new ByteArrayInputStream("abc".getBytes()); }
            @Override public byte[] bytes() { return "abc".getBytes(); }
            @Override public java.util.Map<String, String> trailers() { return java.util.Map.of("x-amz-checksum-crc32", "AAAAAA=="); }
        };
        AwsException crc = assertThrows(AwsException.class, () -> call("PUT", "/bkt/k", trailer,
                "x-amz-trailer", "x-amz-checksum-crc32"));
        assertEquals("The CRC32 you specified did not match the calculated checksum.", crc.getMessage());
        assertEquals(0, blobs.stats().committed());
    }

    @Test
    void copySourceParsing() {
        assertArrayEquals(new String[] {"b", "a b+c/d", null}, ObjectOperations.copySource("/b/a%20b+c%2Fd"));
        assertArrayEquals(new String[] {"b", "k", "null"}, ObjectOperations.copySource("b/k?versionId=null"));
        assertEquals("InvalidArgument", assertThrows(AwsException.class, () -> ObjectOperations.copySource("b/k?versionId=3")).code());
        assertEquals("InvalidArgument", assertThrows(AwsException.class, () -> ObjectOperations.copySource("/bucketonly")).code());
        assertEquals("%F0%9F%98%80/a%2Bb%20c", ObjectOperations.enc("\uD83D\uDE00/a+b c", true));
    }
}
