package io.awsemu.s3;

import io.awsemu.core.checksum.Crc64Nvme;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.ObjectPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.awsemu.s3.S3TestClients.assertS3Error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GetObjectAttributes through SDK v2: each attribute, parts paging, versions, delete markers and AWS's errors. */
class S3ObjectAttributesIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    private static final int PART = 5 * 1024 * 1024;

    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
        s3.createBucket(b -> b.bucket("attrs"));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static GetObjectAttributesResponse attributes(String key, ObjectAttributes... wanted) {
        return s3.getObjectAttributes(b -> b.bucket("attrs").key(key).objectAttributes(wanted));
    }

    @Test
    void singlePartObjectAnswersWhatHeadObjectKnows() {
        s3.putObject(b -> b.bucket("attrs").key("one").storageClass(StorageClass.STANDARD_IA)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromString("hello world!"));
        HeadObjectResponse head = s3.headObject(b -> b.bucket("attrs").key("one").checksumMode("ENABLED"));

        GetObjectAttributesResponse all = attributes("one", ObjectAttributes.E_TAG, ObjectAttributes.CHECKSUM,
                ObjectAttributes.OBJECT_PARTS, ObjectAttributes.STORAGE_CLASS, ObjectAttributes.OBJECT_SIZE);
        assertEquals("fc3ff98e8c6a0d3087d515c0473f8677", all.eTag(), "the ETag element is unquoted");
        assertEquals(head.eTag(), "\"" + all.eTag() + "\"");
        assertEquals(head.checksumSHA256(), all.checksum().checksumSHA256());
        assertEquals(ChecksumType.FULL_OBJECT, all.checksum().checksumType());
        assertNull(all.objectParts(), "a single-part object has no ObjectParts");
        assertEquals(StorageClass.STANDARD_IA, all.storageClass());
        assertEquals(12L, all.objectSize());
        assertEquals(head.lastModified(), all.lastModified());
        assertNull(all.versionId(), "no x-amz-version-id on an unversioned bucket");

        GetObjectAttributesResponse some = attributes("one", ObjectAttributes.OBJECT_SIZE);
        assertEquals(12L, some.objectSize());
        assertNull(some.eTag());
        assertNull(some.checksum());
        assertNull(some.storageClass());
    }

    @Test
    void anObjectUploadedWithoutAChecksumGetsS3sDefaultCrc64nvme() throws Exception {
        try (S3Client plain = S3TestClients.withoutDefaultChecksums(emu)) {
            plain.putObject(b -> b.bucket("attrs").key("no-checksum"), RequestBody.fromString("hello world!"));
        }
        String expected = crc64nvme("hello world!".getBytes(StandardCharsets.UTF_8));

        GetObjectAttributesResponse r = attributes("no-checksum", ObjectAttributes.CHECKSUM);
        assertEquals(expected, r.checksum().checksumCRC64NVME());
        assertEquals(ChecksumType.FULL_OBJECT, r.checksum().checksumType());
        HeadObjectResponse head = s3.headObject(b -> b.bucket("attrs").key("no-checksum").checksumMode("ENABLED"));
        assertEquals(expected, head.checksumCRC64NVME());
        // the SDK's default GET (checksum mode on) reads it back
        assertEquals("hello world!", s3.getObjectAsBytes(b -> b.bucket("attrs").key("no-checksum")).asUtf8String());
    }

    @Test
    void multipartWithChecksumsListsPartsAndPages() {
        String id = s3.createMultipartUpload(b -> b.bucket("attrs").key("mp-crc")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        List<CompletedPart> done = new ArrayList<>();
        List<String> partChecksums = new ArrayList<>();
        int[] sizes = {PART, PART, 1234};
        for (int n = 1; n <= 3; n++) {
            int part = n;
            byte[] bytes = new byte[sizes[n - 1]];
            Arrays.fill(bytes, (byte) ('a' + n));
            UploadPartResponse up = s3.uploadPart(b -> b.bucket("attrs").key("mp-crc").uploadId(id).partNumber(part)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(bytes));
            partChecksums.add(up.checksumCRC32());
            done.add(CompletedPart.builder().partNumber(part).eTag(up.eTag()).checksumCRC32(up.checksumCRC32()).build());
        }
        s3.completeMultipartUpload(b -> b.bucket("attrs").key("mp-crc").uploadId(id).multipartUpload(m -> m.parts(done)));
        HeadObjectResponse head = s3.headObject(b -> b.bucket("attrs").key("mp-crc").checksumMode("ENABLED"));

        GetObjectAttributesResponse all = attributes("mp-crc", ObjectAttributes.E_TAG, ObjectAttributes.CHECKSUM,
                ObjectAttributes.OBJECT_PARTS, ObjectAttributes.OBJECT_SIZE);
        assertTrue(all.eTag().endsWith("-3"), all.eTag());
        assertEquals(head.checksumCRC32(), all.checksum().checksumCRC32());
        assertEquals(ChecksumType.COMPOSITE, all.checksum().checksumType());
        assertEquals(2L * PART + 1234, all.objectSize());
        assertEquals(3, all.objectParts().totalPartsCount());
        assertFalse(all.objectParts().isTruncated());
        List<ObjectPart> parts = all.objectParts().parts();
        assertEquals(List.of(1, 2, 3), parts.stream().map(ObjectPart::partNumber).toList());
        assertEquals(List.of((long) PART, (long) PART, 1234L), parts.stream().map(ObjectPart::size).toList());
        assertEquals(partChecksums, parts.stream().map(ObjectPart::checksumCRC32).toList());

        GetObjectAttributesResponse first = s3.getObjectAttributes(b -> b.bucket("attrs").key("mp-crc")
                .objectAttributes(ObjectAttributes.OBJECT_PARTS).maxParts(2));
        assertTrue(first.objectParts().isTruncated());
        assertEquals(2, first.objectParts().maxParts());
        assertEquals(List.of(1, 2), first.objectParts().parts().stream().map(ObjectPart::partNumber).toList());
        assertEquals(2, first.objectParts().nextPartNumberMarker());
        GetObjectAttributesResponse rest = s3.getObjectAttributes(b -> b.bucket("attrs").key("mp-crc")
                .objectAttributes(ObjectAttributes.OBJECT_PARTS).maxParts(2).partNumberMarker(2));
        assertFalse(rest.objectParts().isTruncated());
        assertEquals(2, rest.objectParts().partNumberMarker());
        assertEquals(List.of(3), rest.objectParts().parts().stream().map(ObjectPart::partNumber).toList());
        assertEquals(3, rest.objectParts().totalPartsCount());
    }

    static String crc64nvme(byte[] bytes) {
        Crc64Nvme crc = new Crc64Nvme();
        crc.update(bytes, 0, bytes.length);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(8).putLong(crc.getValue()).array());
    }

    @Test
    void multipartWithoutChecksumsGivesTheDefaultChecksumAndOnlyThePartCount() throws Exception {
        try (S3Client plain = S3TestClients.withoutDefaultChecksums(emu)) {
            String id = plain.createMultipartUpload(b -> b.bucket("attrs").key("mp-plain")).uploadId();
            List<CompletedPart> done = new ArrayList<>();
            for (int n = 1; n <= 2; n++) {
                int part = n;
                String etag = plain.uploadPart(b -> b.bucket("attrs").key("mp-plain").uploadId(id).partNumber(part),
                        RequestBody.fromBytes(new byte[part == 1 ? PART : 10])).eTag();
                done.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            plain.completeMultipartUpload(b -> b.bucket("attrs").key("mp-plain").uploadId(id).multipartUpload(m -> m.parts(done)));
        }
        GetObjectAttributesResponse r = attributes("mp-plain", ObjectAttributes.OBJECT_PARTS, ObjectAttributes.CHECKSUM);
        assertEquals(2, r.objectParts().totalPartsCount());
        assertTrue(r.objectParts().parts().isEmpty(), "parts are listed only for uploads with a checksum");
        assertNull(r.objectParts().maxParts());
        // S3's default: the full-object CRC64NVME, combined from the parts'
        byte[] whole = new byte[PART + 10];
        assertEquals(crc64nvme(whole), r.checksum().checksumCRC64NVME());
        assertEquals(ChecksumType.FULL_OBJECT, r.checksum().checksumType());
    }

    @Test
    void versionsAndDeleteMarkers() {
        s3.createBucket(b -> b.bucket("attrs-versioned"));
        s3.putBucketVersioning(b -> b.bucket("attrs-versioned").versioningConfiguration(v -> v.status("Enabled")));
        String v1 = s3.putObject(b -> b.bucket("attrs-versioned").key("k"), RequestBody.fromString("first")).versionId();
        s3.putObject(b -> b.bucket("attrs-versioned").key("k"), RequestBody.fromString("second!"));

        GetObjectAttributesResponse current = s3.getObjectAttributes(b -> b.bucket("attrs-versioned").key("k")
                .objectAttributes(ObjectAttributes.OBJECT_SIZE));
        assertEquals(7L, current.objectSize());
        assertNotNull(current.versionId());
        GetObjectAttributesResponse old = s3.getObjectAttributes(b -> b.bucket("attrs-versioned").key("k").versionId(v1)
                .objectAttributes(ObjectAttributes.OBJECT_SIZE));
        assertEquals(5L, old.objectSize());
        assertEquals(v1, old.versionId());

        String marker = s3.deleteObject(b -> b.bucket("attrs-versioned").key("k")).versionId();
        S3Exception gone = assertS3Error("NoSuchKey", 404, () -> s3.getObjectAttributes(b -> b.bucket("attrs-versioned")
                .key("k").objectAttributes(ObjectAttributes.E_TAG)));
        assertEquals("true", gone.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker").orElse(null));
        assertS3Error("MethodNotAllowed", 405, () -> s3.getObjectAttributes(b -> b.bucket("attrs-versioned").key("k")
                .versionId(marker).objectAttributes(ObjectAttributes.E_TAG)));
        String otherKeys = s3.putObject(b -> b.bucket("attrs-versioned").key("k2"), RequestBody.fromString("2")).versionId();
        assertS3Error("NoSuchVersion", 404, () -> s3.getObjectAttributes(b -> b.bucket("attrs-versioned").key("k")
                .versionId(otherKeys).objectAttributes(ObjectAttributes.E_TAG)));
    }

    @Test
    void errors() throws IOException {
        s3.putObject(b -> b.bucket("attrs").key("err"), RequestBody.fromString("e"));
        assertS3Error("InvalidArgument", 400, () -> s3.getObjectAttributes(b -> b.bucket("attrs").key("err")
                .objectAttributesWithStrings("ETag", "Colour")));
        assertS3Error("InvalidArgument", 400, () -> s3.getObjectAttributes(b -> b.bucket("attrs").key("err")
                .objectAttributesWithStrings(List.of())));
        assertS3Error("InvalidArgument", 400, () -> s3.getObjectAttributes(b -> b.bucket("attrs").key("err")
                .objectAttributes(ObjectAttributes.OBJECT_PARTS).maxParts(-1)));
        assertS3Error("NoSuchKey", 404, () -> attributes("missing", ObjectAttributes.E_TAG));
        assertS3Error("NoSuchBucket", 404, () -> s3.getObjectAttributes(b -> b.bucket("no-such-attrs-bucket").key("k")
                .objectAttributes(ObjectAttributes.E_TAG)));
        assertS3Error("AccessDenied", 403, () -> s3.getObjectAttributes(b -> b.bucket("attrs").key("err")
                .expectedBucketOwner("111122223333").objectAttributes(ObjectAttributes.E_TAG)));

        // an anonymous caller of a private bucket is refused before anything about the object is told
        RawHttp.Response anonymous = RawHttp.send(emu.port(), "GET", "localhost:" + emu.port(), "/attrs/err?attributes",
                "x-amz-object-attributes", "ETag");
        assertEquals(403, anonymous.status());
        assertTrue(anonymous.body().contains("<Code>AccessDenied</Code>"), anonymous.body());
    }
}
