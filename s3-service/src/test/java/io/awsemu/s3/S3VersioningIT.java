package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.MFADelete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bucket versioning through SDK v2: version ids, delete markers, reads/deletes/copies by version, listings. */
class S3VersioningIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3Client.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(emu.endpoint()).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static void versioned(String bucket, BucketVersioningStatus status) {
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(status)));
    }

    static String get(String bucket, String key, String versionId) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId)).asUtf8String();
    }

    static String header(S3Exception e, String name) {
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(name).orElse(null);
    }

    @Test
    void versioningConfiguration() {
        s3.createBucket(b -> b.bucket("ver-config"));
        assertNull(s3.getBucketVersioning(b -> b.bucket("ver-config")).status());
        versioned("ver-config", BucketVersioningStatus.ENABLED);
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(b -> b.bucket("ver-config")).status());
        versioned("ver-config", BucketVersioningStatus.SUSPENDED);
        assertEquals(BucketVersioningStatus.SUSPENDED, s3.getBucketVersioning(b -> b.bucket("ver-config")).status());

        S3Exception bogus = assertThrows(S3Exception.class, () -> s3.putBucketVersioning(b -> b.bucket("ver-config")
                .versioningConfiguration(v -> v.status("Sometimes"))));
        assertEquals("MalformedXML", bogus.awsErrorDetails().errorCode());
        S3Exception noStatus = assertThrows(S3Exception.class, () -> s3.putBucketVersioning(b -> b.bucket("ver-config")
                .versioningConfiguration(v -> v.mfaDelete(MFADelete.DISABLED))));
        assertEquals("IllegalVersioningConfigurationException", noStatus.awsErrorDetails().errorCode());
        assertEquals(400, noStatus.statusCode());
        s3.createBucket(b -> b.bucket("ver-locked").objectLockEnabledForBucket(true));
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(b -> b.bucket("ver-locked")).status());
        assertEquals(32, s3.putObject(b -> b.bucket("ver-locked").key("k"), RequestBody.fromString("x")).versionId().length());
        S3Exception locked = assertThrows(S3Exception.class, () -> versioned("ver-locked", BucketVersioningStatus.SUSPENDED));
        assertEquals("InvalidBucketState", locked.awsErrorDetails().errorCode());
        assertEquals(409, locked.statusCode());
        S3Exception noBucket = assertThrows(S3Exception.class, () -> s3.getBucketVersioning(b -> b.bucket("ver-none")));
        assertEquals("NoSuchBucket", noBucket.awsErrorDetails().errorCode());
    }

    @Test
    void versionsDeleteMarkersAndReadsByVersion() {
        s3.createBucket(b -> b.bucket("ver-main"));
        PutObjectResponse before = s3.putObject(b -> b.bucket("ver-main").key("k"), RequestBody.fromString("unversioned"));
        assertNull(before.versionId());
        versioned("ver-main", BucketVersioningStatus.ENABLED);
        String v1 = s3.putObject(b -> b.bucket("ver-main").key("k"), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(b -> b.bucket("ver-main").key("k"), RequestBody.fromString("two")).versionId();
        assertEquals(32, v1.length());
        assertNotEquals(v1, v2);
        assertEquals("two", get("ver-main", "k", null));
        assertEquals("one", get("ver-main", "k", v1));
        assertEquals("unversioned", get("ver-main", "k", "null"));
        assertEquals(v2, s3.headObject(b -> b.bucket("ver-main").key("k")).versionId());

        DeleteObjectResponse deleted = s3.deleteObject(b -> b.bucket("ver-main").key("k"));
        assertTrue(deleted.deleteMarker());
        String marker = deleted.versionId();
        assertNotEquals(v2, marker);
        NoSuchKeyException gone = assertThrows(NoSuchKeyException.class, () -> get("ver-main", "k", null));
        assertEquals("true", header(gone, "x-amz-delete-marker"));
        assertEquals(marker, header(gone, "x-amz-version-id"));
        S3Exception markerGet = assertThrows(S3Exception.class, () -> get("ver-main", "k", marker));
        assertEquals(405, markerGet.statusCode());
        assertEquals("MethodNotAllowed", markerGet.awsErrorDetails().errorCode());
        assertEquals("true", header(markerGet, "x-amz-delete-marker"));
        S3Exception markerHead = assertThrows(S3Exception.class, () -> s3.headObject(b -> b.bucket("ver-main").key("k").versionId(marker)));
        assertEquals(405, markerHead.statusCode());
        assertTrue(s3.listObjectsV2(b -> b.bucket("ver-main")).contents().isEmpty());

        S3Exception noVersion = assertThrows(S3Exception.class, () -> get("ver-main", "k", "A".repeat(32)));
        assertEquals(404, noVersion.statusCode());
        assertEquals("NoSuchVersion", noVersion.awsErrorDetails().errorCode());
        S3Exception badVersion = assertThrows(S3Exception.class, () -> get("ver-main", "k", "not-a-version"));
        assertEquals("InvalidArgument", badVersion.awsErrorDetails().errorCode());
        assertEquals("InvalidArgument", assertThrows(S3Exception.class, () -> s3.deleteObject(b -> b.bucket("ver-main")
                .key("k").versionId("bad"))).awsErrorDetails().errorCode());

        ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket("ver-main"));
        assertEquals(1, versions.deleteMarkers().size());
        assertEquals(marker, versions.deleteMarkers().get(0).versionId());
        assertTrue(versions.deleteMarkers().get(0).isLatest());
        assertEquals(List.of(v2, v1, "null"), versions.versions().stream().map(ObjectVersion::versionId).toList());
        assertEquals(List.of(false, false, false), versions.versions().stream().map(ObjectVersion::isLatest).toList());
        assertEquals(3L, versions.versions().get(0).size());

        S3Exception notEmpty = assertThrows(S3Exception.class, () -> s3.deleteBucket(b -> b.bucket("ver-main")));
        assertEquals("BucketNotEmpty", notEmpty.awsErrorDetails().errorCode());

        // removing the marker brings v2 back; removing v2 makes v1 current
        DeleteObjectResponse unmark = s3.deleteObject(b -> b.bucket("ver-main").key("k").versionId(marker));
        assertTrue(unmark.deleteMarker());
        assertEquals(marker, unmark.versionId());
        assertEquals("two", get("ver-main", "k", null));
        assertEquals(v2, s3.deleteObject(b -> b.bucket("ver-main").key("k").versionId(v2)).versionId());
        assertEquals("one", get("ver-main", "k", null));
        assertEquals(v1, s3.listObjectVersions(b -> b.bucket("ver-main")).versions().stream()
                .filter(ObjectVersion::isLatest).findFirst().orElseThrow().versionId());
        assertThrows(S3Exception.class, () -> get("ver-main", "k", v2));

        // a bucket left with only a delete marker is still not empty
        s3.deleteObject(b -> b.bucket("ver-main").key("k").versionId(v1));
        s3.deleteObject(b -> b.bucket("ver-main").key("k").versionId("null"));
        s3.deleteObject(b -> b.bucket("ver-main").key("k"));
        assertEquals("BucketNotEmpty", assertThrows(S3Exception.class, () -> s3.deleteBucket(b -> b.bucket("ver-main")))
                .awsErrorDetails().errorCode());
        for (DeleteMarkerEntry m : s3.listObjectVersions(b -> b.bucket("ver-main")).deleteMarkers()) {
            s3.deleteObject(b -> b.bucket("ver-main").key(m.key()).versionId(m.versionId()));
        }
        s3.deleteBucket(b -> b.bucket("ver-main"));
    }

    @Test
    void suspendedBucketsWriteTheNullVersion() {
        s3.createBucket(b -> b.bucket("ver-susp"));
        versioned("ver-susp", BucketVersioningStatus.ENABLED);
        String v1 = s3.putObject(b -> b.bucket("ver-susp").key("k"), RequestBody.fromString("one")).versionId();
        versioned("ver-susp", BucketVersioningStatus.SUSPENDED);
        assertEquals("null", s3.putObject(b -> b.bucket("ver-susp").key("k"), RequestBody.fromString("n1")).versionId());
        assertEquals("null", s3.putObject(b -> b.bucket("ver-susp").key("k"), RequestBody.fromString("n2")).versionId());
        ListObjectVersionsResponse list = s3.listObjectVersions(b -> b.bucket("ver-susp"));
        assertEquals(List.of("null", v1), list.versions().stream().map(ObjectVersion::versionId).toList());
        assertEquals("n2", get("ver-susp", "k", "null"));

        DeleteObjectResponse d = s3.deleteObject(b -> b.bucket("ver-susp").key("k"));
        assertTrue(d.deleteMarker());
        assertEquals("null", d.versionId());
        list = s3.listObjectVersions(b -> b.bucket("ver-susp"));
        assertEquals(List.of(v1), list.versions().stream().map(ObjectVersion::versionId).toList());
        assertEquals("null", list.deleteMarkers().get(0).versionId());
        assertEquals("one", get("ver-susp", "k", v1));
    }

    @Test
    void copiesDeletesAndMultipartByVersion() {
        s3.createBucket(b -> b.bucket("ver-copy"));
        versioned("ver-copy", BucketVersioningStatus.ENABLED);
        String v1 = s3.putObject(b -> b.bucket("ver-copy").key("src"), RequestBody.fromString("first")).versionId();
        s3.putObject(b -> b.bucket("ver-copy").key("src"), RequestBody.fromString("second"));
        CopyObjectResponse copy = s3.copyObject(b -> b.sourceBucket("ver-copy").sourceKey("src").sourceVersionId(v1)
                .destinationBucket("ver-copy").destinationKey("dst"));
        assertEquals(v1, copy.copySourceVersionId());
        assertEquals(32, copy.versionId().length());
        assertEquals("first", get("ver-copy", "dst", null));
        // restoring an old version onto its own key is allowed
        s3.copyObject(b -> b.sourceBucket("ver-copy").sourceKey("src").sourceVersionId(v1)
                .destinationBucket("ver-copy").destinationKey("src"));
        assertEquals("first", get("ver-copy", "src", null));
        S3Exception missing = assertThrows(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket("ver-copy")
                .sourceKey("src").sourceVersionId("B".repeat(32)).destinationBucket("ver-copy").destinationKey("x")));
        assertEquals("NoSuchVersion", missing.awsErrorDetails().errorCode());

        String marker = s3.deleteObject(b -> b.bucket("ver-copy").key("dst")).versionId();
        S3Exception copyMarker = assertThrows(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket("ver-copy")
                .sourceKey("dst").sourceVersionId(marker).destinationBucket("ver-copy").destinationKey("x")));
        assertEquals("InvalidRequest", copyMarker.awsErrorDetails().errorCode());

        DeleteObjectsResponse batch = s3.deleteObjects(b -> b.bucket("ver-copy").delete(d -> d.objects(
                ObjectIdentifier.builder().key("src").versionId(v1).build(),
                ObjectIdentifier.builder().key("dst").versionId(marker).build(),
                ObjectIdentifier.builder().key("other").build(),
                ObjectIdentifier.builder().key("src").versionId("bad").build())));
        assertEquals(3, batch.deleted().size());
        DeletedObject first = batch.deleted().get(0);
        assertEquals(v1, first.versionId());
        assertTrue(batch.deleted().get(1).deleteMarker());
        assertTrue(batch.deleted().get(2).deleteMarker());
        assertEquals(32, batch.deleted().get(2).deleteMarkerVersionId().length());
        assertEquals("InvalidArgument", batch.errors().get(0).code());

        String id = s3.createMultipartUpload(b -> b.bucket("ver-copy").key("mp")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("ver-copy").key("mp").uploadId(id).partNumber(1),
                RequestBody.fromString("part")).eTag();
        String mpVersion = s3.completeMultipartUpload(b -> b.bucket("ver-copy").key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build()))).versionId();
        assertEquals(32, mpVersion.length());
        assertEquals("part", get("ver-copy", "mp", mpVersion));
    }

    @Test
    void listObjectVersionsPages() {
        s3.createBucket(b -> b.bucket("ver-list"));
        versioned("ver-list", BucketVersioningStatus.ENABLED);
        for (String key : List.of("a/1", "a/1", "a/2", "b", "b", "b", "c+d")) {
            s3.putObject(b -> b.bucket("ver-list").key(key), RequestBody.fromString(key));
        }
        s3.deleteObject(b -> b.bucket("ver-list").key("a/2"));

        ListObjectVersionsResponse all = s3.listObjectVersions(b -> b.bucket("ver-list"));
        assertEquals(7, all.versions().size());
        assertEquals(1, all.deleteMarkers().size());
        assertFalse(all.isTruncated());

        List<String> paged = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        int pages = 0;
        while (true) {
            String km = keyMarker;
            String im = idMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket("ver-list").maxKeys(3)
                    .keyMarker(km).versionIdMarker(im));
            pages++;
            page.versions().forEach(v -> paged.add(v.key() + "@" + v.versionId()));
            page.deleteMarkers().forEach(m -> paged.add(m.key() + "@" + m.versionId()));
            if (!page.isTruncated()) break;
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextVersionIdMarker();
        }
        assertEquals(3, pages);
        assertEquals(8, paged.size());
        assertEquals(8, paged.stream().distinct().count());

        ListObjectVersionsResponse delimited = s3.listObjectVersions(b -> b.bucket("ver-list").delimiter("/"));
        assertEquals(List.of("a/"), delimited.commonPrefixes().stream().map(p -> p.prefix()).toList());
        assertEquals(List.of("b", "b", "b", "c+d"), delimited.versions().stream().map(ObjectVersion::key).toList());
        assertEquals(List.of(true, false, false, true), delimited.versions().stream().map(ObjectVersion::isLatest).toList());

        ListObjectVersionsResponse prefixed = s3.listObjectVersions(b -> b.bucket("ver-list").prefix("a/"));
        assertEquals(4, prefixed.versions().size() + prefixed.deleteMarkers().size());
        ListObjectVersionsResponse afterB = s3.listObjectVersions(b -> b.bucket("ver-list").keyMarker("b"));
        assertEquals(List.of("c+d"), afterB.versions().stream().map(ObjectVersion::key).toList());
        ListObjectVersionsResponse url = s3.listObjectVersions(b -> b.bucket("ver-list").prefix("c").encodingType("url"));
        assertEquals("c+d", url.versions().get(0).key()); // the SDK decodes the url-encoded key

        S3Exception noKeyMarker = assertThrows(S3Exception.class, () -> s3.listObjectVersions(b -> b.bucket("ver-list")
                .versionIdMarker("C".repeat(32))));
        assertEquals("InvalidArgument", noKeyMarker.awsErrorDetails().errorCode());
    }
}
