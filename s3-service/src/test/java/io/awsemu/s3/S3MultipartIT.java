package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multipart uploads through SDK v2 with its default settings (CRC32 trailers on every part). */
class S3MultipartIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static final int MIB = 1024 * 1024;
    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3Client.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(emu.endpoint()).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .build();
        s3.createBucket(b -> b.bucket("mpu"));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] md5(byte[] b) throws Exception {
        return MessageDigest.getInstance("MD5").digest(b);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static S3Exception error(Class<? extends S3Exception> type, Runnable r) {
        return assertThrows(type, r::run);
    }

    @Test
    void uploadCompleteAndReadAcrossParts() throws Exception {
        byte[] p1 = random(5 * MIB, 1);
        byte[] p2 = random(5 * MIB + 17, 2);
        byte[] p3 = random(1000, 3);
        byte[] all = concat(p1, p2, p3);
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("big/object").contentType("text/plain")
                .metadata(java.util.Map.of("color", "blue"))).uploadId();
        List<CompletedPart> done = new ArrayList<>();
        byte[][] parts = {p1, p2, p3};
        for (int i = 0; i < 3; i++) {
            int n = i + 1;
            UploadPartResponse r = s3.uploadPart(b -> b.bucket("mpu").key("big/object").uploadId(id).partNumber(n),
                    RequestBody.fromBytes(parts[i]));
            assertEquals("\"" + HexFormat.of().formatHex(md5(parts[i])) + "\"", r.eTag());
            done.add(CompletedPart.builder().partNumber(n).eTag(r.eTag()).build());
        }
        CompleteMultipartUploadResponse c = s3.completeMultipartUpload(b -> b.bucket("mpu").key("big/object")
                .uploadId(id).multipartUpload(m -> m.parts(done)));
        String etag = "\"" + HexFormat.of().formatHex(md5(concat(md5(p1), md5(p2), md5(p3)))) + "-3\"";
        assertEquals(etag, c.eTag());
        assertEquals("big/object", c.key());

        ResponseBytes<GetObjectResponse> whole = s3.getObjectAsBytes(b -> b.bucket("mpu").key("big/object"));
        assertArrayEquals(all, whole.asByteArray());
        assertEquals(etag, whole.response().eTag());
        assertEquals("text/plain", whole.response().contentType());
        assertEquals("blue", whole.response().metadata().get("color"));

        // a range that starts in part 1 and ends in part 3
        int from = 5 * MIB - 10;
        int to = 10 * MIB + 17 + 5;
        byte[] ranged = s3.getObjectAsBytes(b -> b.bucket("mpu").key("big/object").range("bytes=" + from + "-" + to))
                .asByteArray();
        assertArrayEquals(Arrays.copyOfRange(all, from, to + 1), ranged);

        ResponseBytes<GetObjectResponse> part2 = s3.getObjectAsBytes(b -> b.bucket("mpu").key("big/object").partNumber(2));
        assertArrayEquals(p2, part2.asByteArray());
        assertEquals(3, part2.response().partsCount());
        assertEquals("bytes " + p1.length + "-" + (p1.length + p2.length - 1) + "/" + all.length,
                part2.response().contentRange());
        HeadObjectResponse head = s3.headObject(b -> b.bucket("mpu").key("big/object").partNumber(3));
        assertEquals(p3.length, head.contentLength());
        assertEquals(3, head.partsCount());
        S3Exception beyond = error(S3Exception.class, () -> s3.getObject(b -> b.bucket("mpu").key("big/object").partNumber(4)));
        assertEquals(416, beyond.statusCode());
        assertEquals("InvalidPartNumber", beyond.awsErrorDetails().errorCode());

        assertEquals(all.length, s3.listObjectsV2(b -> b.bucket("mpu").prefix("big/")).contents().get(0).size());
        // the upload is gone once completed
        assertEquals("NoSuchUpload", error(NoSuchUploadException.class, () -> s3.listParts(b -> b.bucket("mpu")
                .key("big/object").uploadId(id))).awsErrorDetails().errorCode());

        // a copy shares the manifest; deleting the original leaves the copy readable
        s3.copyObject(b -> b.sourceBucket("mpu").sourceKey("big/object").destinationBucket("mpu").destinationKey("big/copy"));
        s3.deleteObject(b -> b.bucket("mpu").key("big/object"));
        assertArrayEquals(all, s3.getObjectAsBytes(b -> b.bucket("mpu").key("big/copy")).asByteArray());
        s3.deleteObject(b -> b.bucket("mpu").key("big/copy"));
    }

    @Test
    void completionChecksPartsOrderEtagsAndSizes() {
        String key = "errors";
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key(key)).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket("mpu").key(key).uploadId(id).partNumber(1),
                RequestBody.fromBytes(random(1024, 4))).eTag();
        String e2 = s3.uploadPart(b -> b.bucket("mpu").key(key).uploadId(id).partNumber(2),
                RequestBody.fromBytes(random(1024, 5))).eTag();
        CompletedPart c1 = CompletedPart.builder().partNumber(1).eTag(e1).build();
        CompletedPart c2 = CompletedPart.builder().partNumber(2).eTag(e2).build();

        S3Exception order = error(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu").key(key)
                .uploadId(id).multipartUpload(m -> m.parts(c2, c1))));
        assertEquals("InvalidPartOrder", order.awsErrorDetails().errorCode());
        assertEquals(400, order.statusCode());

        S3Exception badEtag = error(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu").key(key)
                .uploadId(id).multipartUpload(m -> m.parts(c1, CompletedPart.builder().partNumber(2).eTag(e1).build()))));
        assertEquals("InvalidPart", badEtag.awsErrorDetails().errorCode());

        S3Exception missing = error(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu").key(key)
                .uploadId(id).multipartUpload(m -> m.parts(c1, CompletedPart.builder().partNumber(3).eTag(e2).build()))));
        assertEquals("InvalidPart", missing.awsErrorDetails().errorCode());

        S3Exception small = error(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu").key(key)
                .uploadId(id).multipartUpload(m -> m.parts(c1, c2))));
        assertEquals("EntityTooSmall", small.awsErrorDetails().errorCode());

        S3Exception empty = error(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu").key(key)
                .uploadId(id)));
        assertEquals("MalformedXML", empty.awsErrorDetails().errorCode());

        S3Exception partNumber = error(S3Exception.class, () -> s3.uploadPart(b -> b.bucket("mpu").key(key).uploadId(id)
                .partNumber(10001), RequestBody.fromBytes(new byte[1])));
        assertEquals("InvalidArgument", partNumber.awsErrorDetails().errorCode());

        S3Exception badMd5 = error(S3Exception.class, () -> s3.uploadPart(b -> b.bucket("mpu").key(key).uploadId(id)
                .partNumber(3).contentMD5(Base64.getEncoder().encodeToString(new byte[16])), RequestBody.fromBytes(new byte[5])));
        assertEquals("BadDigest", badMd5.awsErrorDetails().errorCode());

        // a single small part is fine: only parts before the last have a minimum
        CompleteMultipartUploadResponse ok = s3.completeMultipartUpload(b -> b.bucket("mpu").key(key).uploadId(id)
                .multipartUpload(m -> m.parts(c2)));
        assertTrue(ok.eTag().endsWith("-1\""), ok.eTag());
        assertEquals(1024, s3.headObject(b -> b.bucket("mpu").key(key)).contentLength());
    }

    @Test
    void conditionalCompletionsCheckTheKeyAndKeepTheUploadWhenRefused() {
        String etag = s3.putObject(b -> b.bucket("mpu").key("cond"), RequestBody.fromString("old")).eTag();
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("cond")).uploadId();
        String part = s3.uploadPart(b -> b.bucket("mpu").key("cond").uploadId(id).partNumber(1),
                RequestBody.fromString("new")).eTag();
        java.util.function.Consumer<software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest.Builder> parts =
                b -> b.bucket("mpu").key("cond").uploadId(id).multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part)));
        S3Exception taken = error(S3Exception.class, () -> s3.completeMultipartUpload(b -> parts.accept(b.ifNoneMatch("*"))));
        assertEquals(412, taken.statusCode());
        assertEquals("PreconditionFailed", taken.awsErrorDetails().errorCode());
        S3Exception stale = error(S3Exception.class, () -> s3.completeMultipartUpload(
                b -> parts.accept(b.ifMatch("\"0123456789abcdef0123456789abcdef\""))));
        assertEquals(412, stale.statusCode());
        S3Exception unsupported = error(S3Exception.class, () -> s3.completeMultipartUpload(b -> parts.accept(b.ifNoneMatch(etag))));
        assertEquals(501, unsupported.statusCode());
        assertEquals("NotImplemented", unsupported.awsErrorDetails().errorCode());
        assertEquals("old", s3.getObjectAsBytes(b -> b.bucket("mpu").key("cond")).asUtf8String());
        assertEquals(1, s3.listParts(b -> b.bucket("mpu").key("cond").uploadId(id)).parts().size(),
                "a refused completion keeps the upload");
        s3.completeMultipartUpload(b -> parts.accept(b.ifMatch(etag)));
        assertEquals("new", s3.getObjectAsBytes(b -> b.bucket("mpu").key("cond")).asUtf8String());

        String fresh = s3.createMultipartUpload(b -> b.bucket("mpu").key("cond-new")).uploadId();
        String freshPart = s3.uploadPart(b -> b.bucket("mpu").key("cond-new").uploadId(fresh).partNumber(1),
                RequestBody.fromString("x")).eTag();
        assertEquals("NoSuchKey", error(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu")
                .key("cond-new").uploadId(fresh).ifMatch(etag)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(freshPart))))).awsErrorDetails().errorCode());
        s3.completeMultipartUpload(b -> b.bucket("mpu").key("cond-new").uploadId(fresh).ifNoneMatch("*")
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(freshPart))));
        assertEquals("x", s3.getObjectAsBytes(b -> b.bucket("mpu").key("cond-new")).asUtf8String());
    }

    @Test
    void unknownUploadIdsAreNoSuchUpload() {
        s3.putObject(b -> b.bucket("mpu").key("plain"), RequestBody.fromString("x"));
        String other = s3.createMultipartUpload(b -> b.bucket("mpu").key("owner-key")).uploadId();
        List<Runnable> calls = List.of(
                () -> s3.uploadPart(b -> b.bucket("mpu").key("k").uploadId("nope").partNumber(1), RequestBody.fromString("x")),
                () -> s3.listParts(b -> b.bucket("mpu").key("k").uploadId("nope")),
                () -> s3.abortMultipartUpload(b -> b.bucket("mpu").key("k").uploadId("nope")),
                () -> s3.completeMultipartUpload(b -> b.bucket("mpu").key("k").uploadId("nope")
                        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag("\"x\"").build()))),
                // an existing upload id under another key names nothing either
                () -> s3.uploadPart(b -> b.bucket("mpu").key("k").uploadId(other).partNumber(1), RequestBody.fromString("x")),
                () -> s3.uploadPartCopy(b -> b.sourceBucket("mpu").sourceKey("plain").destinationBucket("mpu")
                        .destinationKey("k").uploadId("nope").partNumber(1)));
        for (Runnable call : calls) {
            S3Exception e = error(NoSuchUploadException.class, call);
            assertEquals(404, e.statusCode());
            assertEquals("NoSuchUpload", e.awsErrorDetails().errorCode());
        }
        s3.abortMultipartUpload(b -> b.bucket("mpu").key("owner-key").uploadId(other));
        assertThrows(NoSuchUploadException.class, () -> s3.abortMultipartUpload(b -> b.bucket("mpu").key("owner-key").uploadId(other)));
    }

    @Test
    void uploadPartCopyTakesRangesAndConditions() throws Exception {
        byte[] src = random(6 * MIB, 6);
        s3.putObject(b -> b.bucket("mpu").key("copy-src"), RequestBody.fromBytes(src));
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("copy-dst")).uploadId();
        UploadPartCopyResponse whole = s3.uploadPartCopy(b -> b.sourceBucket("mpu").sourceKey("copy-src")
                .destinationBucket("mpu").destinationKey("copy-dst").uploadId(id).partNumber(1));
        assertEquals("\"" + HexFormat.of().formatHex(md5(src)) + "\"", whole.copyPartResult().eTag());
        UploadPartCopyResponse ranged = s3.uploadPartCopy(b -> b.sourceBucket("mpu").sourceKey("copy-src")
                .destinationBucket("mpu").destinationKey("copy-dst").uploadId(id).partNumber(2)
                .copySourceRange("bytes=100-199"));
        byte[] slice = Arrays.copyOfRange(src, 100, 200);
        assertEquals("\"" + HexFormat.of().formatHex(md5(slice)) + "\"", ranged.copyPartResult().eTag());

        S3Exception precondition = error(S3Exception.class, () -> s3.uploadPartCopy(b -> b.sourceBucket("mpu")
                .sourceKey("copy-src").destinationBucket("mpu").destinationKey("copy-dst").uploadId(id).partNumber(3)
                .copySourceIfMatch("\"0000\"")));
        assertEquals(412, precondition.statusCode());
        S3Exception badRange = error(S3Exception.class, () -> s3.uploadPartCopy(b -> b.sourceBucket("mpu")
                .sourceKey("copy-src").destinationBucket("mpu").destinationKey("copy-dst").uploadId(id).partNumber(3)
                .copySourceRange("bytes=0-" + src.length)));
        assertEquals("InvalidArgument", badRange.awsErrorDetails().errorCode());
        S3Exception noSource = error(S3Exception.class, () -> s3.uploadPartCopy(b -> b.sourceBucket("mpu")
                .sourceKey("no-such-source").destinationBucket("mpu").destinationKey("copy-dst").uploadId(id).partNumber(3)));
        assertEquals("NoSuchKey", noSource.awsErrorDetails().errorCode());

        s3.completeMultipartUpload(b -> b.bucket("mpu").key("copy-dst").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(whole.copyPartResult().eTag()).build(),
                CompletedPart.builder().partNumber(2).eTag(ranged.copyPartResult().eTag()).build())));
        assertArrayEquals(concat(src, slice), s3.getObjectAsBytes(b -> b.bucket("mpu").key("copy-dst")).asByteArray());
    }

    @Test
    void listPartsPages() {
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("paged")).uploadId();
        for (int n = 1; n <= 5; n++) {
            int part = n;
            s3.uploadPart(b -> b.bucket("mpu").key("paged").uploadId(id).partNumber(part),
                    RequestBody.fromBytes(random(10 * part, part)));
        }
        ListPartsResponse first = s3.listParts(b -> b.bucket("mpu").key("paged").uploadId(id).maxParts(2));
        assertEquals(List.of(1, 2), first.parts().stream().map(Part::partNumber).toList());
        assertTrue(first.isTruncated());
        assertEquals(2, first.nextPartNumberMarker());
        assertEquals(20L, first.parts().get(1).size());
        ListPartsResponse rest = s3.listParts(b -> b.bucket("mpu").key("paged").uploadId(id).partNumberMarker(2));
        assertEquals(List.of(3, 4, 5), rest.parts().stream().map(Part::partNumber).toList());
        assertFalse(rest.isTruncated());
        // all pages through the paginator too
        assertEquals(5, s3.listPartsPaginator(b -> b.bucket("mpu").key("paged").uploadId(id).maxParts(2)).parts()
                .stream().count());
        S3Exception bad = error(S3Exception.class, () -> s3.listParts(b -> b.bucket("mpu").key("paged").uploadId(id).maxParts(-1)));
        assertEquals("InvalidArgument", bad.awsErrorDetails().errorCode());
        s3.abortMultipartUpload(b -> b.bucket("mpu").key("paged").uploadId(id));
    }

    @Test
    void listMultipartUploadsPagesByKeyAndUploadId() {
        s3.createBucket(b -> b.bucket("mp-list"));
        List<String> ids = new ArrayList<>();
        for (String key : List.of("a/1", "a/2", "b", "b", "c/d/e")) {
            ids.add(s3.createMultipartUpload(b -> b.bucket("mp-list").key(key)).uploadId());
        }
        ListMultipartUploadsResponse all = s3.listMultipartUploads(b -> b.bucket("mp-list"));
        assertEquals(List.of("a/1", "a/2", "b", "b", "c/d/e"), all.uploads().stream().map(MultipartUpload::key).toList());
        assertFalse(all.isTruncated());

        ListMultipartUploadsResponse delimited = s3.listMultipartUploads(b -> b.bucket("mp-list").delimiter("/"));
        assertEquals(List.of("b", "b"), delimited.uploads().stream().map(MultipartUpload::key).toList());
        assertEquals(List.of("a/", "c/"), delimited.commonPrefixes().stream().map(p -> p.prefix()).toList());

        ListMultipartUploadsResponse prefixed = s3.listMultipartUploads(b -> b.bucket("mp-list").prefix("a/"));
        assertEquals(List.of("a/1", "a/2"), prefixed.uploads().stream().map(MultipartUpload::key).toList());

        ListMultipartUploadsResponse page = s3.listMultipartUploads(b -> b.bucket("mp-list").maxUploads(3));
        assertTrue(page.isTruncated());
        assertEquals(3, page.uploads().size());
        assertEquals("b", page.nextKeyMarker());
        ListMultipartUploadsResponse next = s3.listMultipartUploads(b -> b.bucket("mp-list").maxUploads(3)
                .keyMarker(page.nextKeyMarker()).uploadIdMarker(page.nextUploadIdMarker()));
        assertEquals(List.of("b", "c/d/e"), next.uploads().stream().map(MultipartUpload::key).toList());
        assertEquals(page.uploads().get(2).uploadId().equals(ids.get(2)) ? ids.get(3) : ids.get(2),
                next.uploads().get(0).uploadId());
        ListMultipartUploadsResponse afterKey = s3.listMultipartUploads(b -> b.bucket("mp-list").keyMarker("b"));
        assertEquals(List.of("c/d/e"), afterKey.uploads().stream().map(MultipartUpload::key).toList());

        for (int i = 0; i < ids.size(); i++) {
            String key = all.uploads().get(i).key();
            String id = all.uploads().get(i).uploadId();
            s3.abortMultipartUpload(b -> b.bucket("mp-list").key(key).uploadId(id));
        }
        assertTrue(s3.listMultipartUploads(b -> b.bucket("mp-list")).uploads().isEmpty());
        s3.deleteBucket(b -> b.bucket("mp-list"));
    }

    @Test
    void listMultipartUploadsPagesThroughCommonPrefixesAndEncodesKeys() {
        s3.createBucket(b -> b.bucket("mp-roll"));
        for (String key : List.of("x/1", "x/2", "y+z", "y z/1", "y z/2", "zz")) {
            s3.createMultipartUpload(b -> b.bucket("mp-roll").key(key));
        }
        List<String> seen = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        for (int pages = 0; ; pages++) {
            String km = keyMarker;
            String im = idMarker;
            ListMultipartUploadsResponse page = s3.listMultipartUploads(b -> b.bucket("mp-roll").delimiter("/")
                    .maxUploads(2).encodingType("url").keyMarker(km).uploadIdMarker(im));
            page.commonPrefixes().forEach(p -> seen.add(p.prefix()));
            page.uploads().forEach(u -> seen.add(u.key()));
            assertTrue(page.uploads().size() + page.commonPrefixes().size() <= 2);
            if (!page.isTruncated()) break;
            assertTrue(pages < 5);
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextUploadIdMarker();
        }
        // the SDK decodes what encoding-type=url encoded; each common prefix comes once, in key order
        assertEquals(List.of("x/", "y z/", "y+z", "zz"), seen.stream().sorted().toList());
        assertEquals(4, seen.size());
        ListMultipartUploadsResponse afterPrefix = s3.listMultipartUploads(b -> b.bucket("mp-roll").delimiter("/")
                .keyMarker("x/"));
        assertEquals(List.of("y z/"), afterPrefix.commonPrefixes().stream().map(p -> p.prefix()).toList());
        assertEquals(List.of("y+z", "zz"), afterPrefix.uploads().stream().map(MultipartUpload::key).toList());

        S3TestClients.assertS3Error("InvalidArgument", 400, () -> s3.listMultipartUploads(b -> b.bucket("mp-roll")
                .maxUploads(-1)));
        S3TestClients.assertS3Error("InvalidArgument", 400, () -> s3.listMultipartUploads(b -> b.bucket("mp-roll")
                .encodingType("base64")));
        S3TestClients.assertS3Error("NoSuchBucket", 404, () -> s3.listMultipartUploads(b -> b.bucket("mp-no-such")));
    }

    @Test
    void bucketWithUnfinishedUploadsCanBeDeleted() {
        s3.createBucket(b -> b.bucket("mp-gone"));
        String id = s3.createMultipartUpload(b -> b.bucket("mp-gone").key("k")).uploadId();
        s3.uploadPart(b -> b.bucket("mp-gone").key("k").uploadId(id).partNumber(1), RequestBody.fromString("x"));
        s3.deleteBucket(b -> b.bucket("mp-gone"));
        s3.createBucket(b -> b.bucket("mp-gone"));
        assertTrue(s3.listMultipartUploads(b -> b.bucket("mp-gone")).uploads().isEmpty());
        s3.deleteBucket(b -> b.bucket("mp-gone"));
    }

    static String crc32(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    static String crc32c(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    @Test
    void compositeChecksumIsTheChecksumOfPartChecksums() {
        byte[] p1 = random(5 * MIB, 7);
        byte[] p2 = random(3000, 8);
        CreateMultipartUploadResponse created = s3.createMultipartUpload(b -> b.bucket("mpu").key("composite")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32));
        assertEquals(ChecksumAlgorithm.CRC32, created.checksumAlgorithm());
        assertEquals(ChecksumType.COMPOSITE, created.checksumType());
        String id = created.uploadId();
        UploadPartResponse r1 = s3.uploadPart(b -> b.bucket("mpu").key("composite").uploadId(id).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(p1));
        UploadPartResponse r2 = s3.uploadPart(b -> b.bucket("mpu").key("composite").uploadId(id).partNumber(2)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(p2));
        assertEquals(crc32(p1), r1.checksumCRC32());

        S3Exception mismatch = error(S3Exception.class, () -> s3.uploadPart(b -> b.bucket("mpu").key("composite")
                .uploadId(id).partNumber(3).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(p2)));
        assertEquals("InvalidRequest", mismatch.awsErrorDetails().errorCode());
        S3Exception withoutPartChecksums = error(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu")
                .key("composite").uploadId(id).multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(r1.eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).build()))));
        assertEquals("InvalidRequest", withoutPartChecksums.awsErrorDetails().errorCode());

        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket("mpu").key("composite")
                .uploadId(id).multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumCRC32(r1.checksumCRC32()).build(),
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).checksumCRC32(r2.checksumCRC32()).build())));
        String want = crc32(concat(Base64.getDecoder().decode(crc32(p1)), Base64.getDecoder().decode(crc32(p2)))) + "-2";
        assertEquals(want, done.checksumCRC32());
        assertEquals(ChecksumType.COMPOSITE, done.checksumType());
        HeadObjectResponse head = s3.headObject(b -> b.bucket("mpu").key("composite").checksumMode(ChecksumMode.ENABLED));
        assertEquals(want, head.checksumCRC32());
        assertEquals(ChecksumType.COMPOSITE, head.checksumType());
        assertArrayEquals(concat(p1, p2), s3.getObjectAsBytes(b -> b.bucket("mpu").key("composite")
                .checksumMode(ChecksumMode.ENABLED)).asByteArray());
    }

    @Test
    void fullObjectChecksumIsTheWholeObjectsCrc() {
        byte[] p1 = random(5 * MIB + 3, 9);
        byte[] p2 = random(4321, 10);
        S3Exception shaFull = error(S3Exception.class, () -> s3.createMultipartUpload(b -> b.bucket("mpu").key("full")
                .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumType(ChecksumType.FULL_OBJECT)));
        assertEquals("InvalidRequest", shaFull.awsErrorDetails().errorCode());
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("full")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C).checksumType(ChecksumType.FULL_OBJECT)).uploadId();
        UploadPartResponse r1 = s3.uploadPart(b -> b.bucket("mpu").key("full").uploadId(id).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromBytes(p1));
        UploadPartResponse r2 = s3.uploadPart(b -> b.bucket("mpu").key("full").uploadId(id).partNumber(2)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromBytes(p2));
        String want = crc32c(concat(p1, p2));
        S3Exception wrong = error(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu").key("full")
                .uploadId(id).checksumCRC32C(crc32c(p1)).checksumType(ChecksumType.FULL_OBJECT)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(r1.eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).build()))));
        assertEquals("BadDigest", wrong.awsErrorDetails().errorCode());
        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket("mpu").key("full")
                .uploadId(id).checksumCRC32C(want).checksumType(ChecksumType.FULL_OBJECT)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(r1.eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).build())));
        assertEquals(want, done.checksumCRC32C());
        assertEquals(ChecksumType.FULL_OBJECT, done.checksumType());
        assertReadsBack("full", concat(p1, p2), GetObjectResponse::checksumCRC32C, want);
    }

    /** GET with checksum mode on: the object's checksum, which the SDK validates against the body it receives. */
    static void assertReadsBack(String key, byte[] body, Function<GetObjectResponse, String> checksum, String want) {
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("mpu").key(key)
                .checksumMode(ChecksumMode.ENABLED));
        assertEquals(want, checksum.apply(got.response()));
        assertArrayEquals(body, got.asByteArray());
    }

    @Test
    void uploadWithoutAlgorithmGetsTheDefaultFullObjectCrc64nvme() throws Exception {
        byte[] p1 = random(5 * MIB + 3, 11);
        byte[] p2 = random(4321, 12);
        String want = S3ObjectAttributesIT.crc64nvme(concat(p1, p2));
        try (S3Client plain = S3TestClients.withoutDefaultChecksums(emu)) {
            CreateMultipartUploadResponse created = plain.createMultipartUpload(b -> b.bucket("mpu").key("default"));
            assertNull(created.checksumAlgorithm());
            assertNull(created.checksumType());
            String id = created.uploadId();
            UploadPartResponse r1 = plain.uploadPart(b -> b.bucket("mpu").key("default").uploadId(id).partNumber(1),
                    RequestBody.fromBytes(p1));
            assertEquals(S3ObjectAttributesIT.crc64nvme(p1), r1.checksumCRC64NVME());
            // a part sent with another checksum answers with that one (the SDK's default CRC32 trailer)
            UploadPartResponse r2 = s3.uploadPart(b -> b.bucket("mpu").key("default").uploadId(id).partNumber(2),
                    RequestBody.fromBytes(p2));
            assertEquals(crc32(p2), r2.checksumCRC32());
            assertNull(r2.checksumCRC64NVME());
            ListPartsResponse parts = plain.listParts(b -> b.bucket("mpu").key("default").uploadId(id));
            assertNull(parts.checksumAlgorithm());
            assertTrue(parts.parts().stream().allMatch(p -> p.checksumCRC64NVME() == null && p.checksumCRC32() == null));
            List<CompletedPart> done = List.of(CompletedPart.builder().partNumber(1).eTag(r1.eTag()).build(),
                    CompletedPart.builder().partNumber(2).eTag(r2.eTag()).build());
            S3TestClients.assertS3Error("BadDigest", 400, () -> plain.completeMultipartUpload(b -> b.bucket("mpu")
                    .key("default").uploadId(id).checksumCRC64NVME(S3ObjectAttributesIT.crc64nvme(p1))
                    .multipartUpload(m -> m.parts(done))));
            CompleteMultipartUploadResponse complete = plain.completeMultipartUpload(b -> b.bucket("mpu")
                    .key("default").uploadId(id).multipartUpload(m -> m.parts(done)));
            assertEquals(want, complete.checksumCRC64NVME());
            assertEquals(ChecksumType.FULL_OBJECT, complete.checksumType());
        }
        HeadObjectResponse head = s3.headObject(b -> b.bucket("mpu").key("default").checksumMode(ChecksumMode.ENABLED));
        assertEquals(want, head.checksumCRC64NVME());
        assertEquals(ChecksumType.FULL_OBJECT, head.checksumType());
        assertReadsBack("default", concat(p1, p2), GetObjectResponse::checksumCRC64NVME, want);

        // a copied part of such an upload names no checksum: S3 documents CopyPartResult's only for an algorithm
        String copyId = s3.createMultipartUpload(b -> b.bucket("mpu").key("default-copy")).uploadId();
        UploadPartCopyResponse copied = s3.uploadPartCopy(b -> b.sourceBucket("mpu").sourceKey("default")
                .destinationBucket("mpu").destinationKey("default-copy").uploadId(copyId).partNumber(1)
                .copySourceRange("bytes=0-99"));
        assertNull(copied.copyPartResult().checksumCRC64NVME());
        assertEquals(HexFormat.of().formatHex(md5(Arrays.copyOf(p1, 100))),
                copied.copyPartResult().eTag().replace("\"", ""));
        s3.abortMultipartUpload(b -> b.bucket("mpu").key("default-copy").uploadId(copyId));
    }
}
