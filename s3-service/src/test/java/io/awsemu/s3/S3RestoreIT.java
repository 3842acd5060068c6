package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.OptionalObjectAttributes;
import software.amazon.awssdk.services.s3.model.RestoreObjectResponse;
import software.amazon.awssdk.services.s3.model.RestoreStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tier;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.awsemu.s3.S3TestClients.assertS3Error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Archived objects through SDK v2: unreadable until RestoreObject, then readable with x-amz-restore; AWS's errors. */
class S3RestoreIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").persistent().build();

    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
        s3.createBucket(b -> b.bucket("archive"));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static RestoreObjectResponse restore(String key, int days) {
        return s3.restoreObject(b -> b.bucket("archive").key(key)
                .restoreRequest(r -> r.days(days).glacierJobParameters(j -> j.tier(Tier.STANDARD))));
    }

    @Test
    void glacierObjectIsReadableOnceRestored() {
        s3.putObject(b -> b.bucket("archive").key("cold.txt").storageClass(StorageClass.GLACIER),
                RequestBody.fromString("frozen"));
        HeadObjectResponse before = s3.headObject(b -> b.bucket("archive").key("cold.txt"));
        assertEquals(StorageClass.GLACIER, before.storageClass());
        assertNull(before.restore());
        S3Exception denied = assertS3Error("InvalidObjectState", 403, () -> s3.getObjectAsBytes(b -> b.bucket("archive").key("cold.txt")));
        assertTrue(denied.getMessage().contains("storage class"), denied.getMessage());
        assertS3Error("InvalidObjectState", 403, () -> s3.copyObject(b -> b.sourceBucket("archive").sourceKey("cold.txt")
                .destinationBucket("archive").destinationKey("thawed.txt")));

        assertEquals(202, restore("cold.txt", 3).sdkHttpResponse().statusCode());
        assertEquals("frozen", s3.getObjectAsBytes(b -> b.bucket("archive").key("cold.txt")).asUtf8String());
        HeadObjectResponse after = s3.headObject(b -> b.bucket("archive").key("cold.txt"));
        Matcher m = Pattern.compile("ongoing-request=\"false\", expiry-date=\"(.+)\"").matcher(after.restore());
        assertTrue(m.matches(), after.restore());
        Instant expiry = ZonedDateTime.parse(m.group(1), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertEquals(midnightAfterDays(3), expiry);
        s3.copyObject(b -> b.sourceBucket("archive").sourceKey("cold.txt").destinationBucket("archive")
                .destinationKey("thawed.txt").storageClass(StorageClass.STANDARD));
        assertEquals("frozen", s3.getObjectAsBytes(b -> b.bucket("archive").key("thawed.txt")).asUtf8String());

        assertEquals(200, restore("cold.txt", 5).sdkHttpResponse().statusCode(), "a restored copy is extended");

        // the restored copy is durable
        emu.restart();
        s3.close();
        s3 = S3TestClients.pathStyle(emu);
        assertEquals("frozen", s3.getObjectAsBytes(b -> b.bucket("archive").key("cold.txt")).asUtf8String());

        // a new write of the key is archived again
        s3.putObject(b -> b.bucket("archive").key("cold.txt").storageClass(StorageClass.DEEP_ARCHIVE),
                RequestBody.fromString("refrozen"));
        assertS3Error("InvalidObjectState", 403, () -> s3.getObjectAsBytes(b -> b.bucket("archive").key("cold.txt")));
        assertNull(s3.headObject(b -> b.bucket("archive").key("cold.txt")).restore());
    }

    @Test
    void restoreErrors() {
        s3.putObject(b -> b.bucket("archive").key("warm.txt").storageClass(StorageClass.STANDARD_IA),
                RequestBody.fromString("w"));
        assertS3Error("ObjectAlreadyInActiveTierError", 403, () -> restore("warm.txt", 1));
        assertS3Error("NoSuchKey", 404, () -> restore("missing.txt", 1));
        s3.putObject(b -> b.bucket("archive").key("cold2.txt").storageClass(StorageClass.GLACIER), RequestBody.fromString("c"));
        assertS3Error("MalformedXML", 400, () -> restore("cold2.txt", 0));
        assertS3Error("NoSuchBucket", 404, () -> s3.restoreObject(b -> b.bucket("no-such-archive").key("k")
                .restoreRequest(r -> r.days(1))));
    }

    @Test
    void versionsAreRestoredOneByOne() {
        s3.createBucket(b -> b.bucket("archive-versions"));
        s3.putBucketVersioning(b -> b.bucket("archive-versions").versioningConfiguration(v -> v.status("Enabled")));
        String v1 = s3.putObject(b -> b.bucket("archive-versions").key("k").storageClass(StorageClass.GLACIER),
                RequestBody.fromString("one")).versionId();
        s3.putObject(b -> b.bucket("archive-versions").key("k").storageClass(StorageClass.GLACIER), RequestBody.fromString("two"));
        RestoreObjectResponse r = s3.restoreObject(b -> b.bucket("archive-versions").key("k").versionId(v1)
                .restoreRequest(q -> q.days(1)));
        assertEquals(202, r.sdkHttpResponse().statusCode());
        assertEquals("one", s3.getObjectAsBytes(b -> b.bucket("archive-versions").key("k").versionId(v1)).asUtf8String());
        assertS3Error("InvalidObjectState", 403, () -> s3.getObjectAsBytes(b -> b.bucket("archive-versions").key("k")));
    }

    static Instant midnightAfterDays(int days) {
        return Instant.now().plus(Duration.ofDays(days)).atZone(ZoneOffset.UTC).toLocalDate().plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Test
    void listingsShowRestoreStatusWhenAsked() {
        s3.createBucket(b -> b.bucket("archive-list"));
        s3.putObject(b -> b.bucket("archive-list").key("a-cold").storageClass(StorageClass.GLACIER), RequestBody.fromString("a"));
        s3.putObject(b -> b.bucket("archive-list").key("b-frozen").storageClass(StorageClass.DEEP_ARCHIVE),
                RequestBody.fromString("b"));
        s3.putObject(b -> b.bucket("archive-list").key("c-warm"), RequestBody.fromString("c"));
        s3.restoreObject(b -> b.bucket("archive-list").key("a-cold").restoreRequest(r -> r.days(2)));

        Map<String, RestoreStatus> v2 = s3.listObjectsV2(b -> b.bucket("archive-list")
                        .optionalObjectAttributes(OptionalObjectAttributes.RESTORE_STATUS)).contents().stream()
                .collect(HashMap::new, (m, o) -> m.put(o.key(), o.restoreStatus()), HashMap::putAll);
        assertEquals(RestoreStatus.builder().isRestoreInProgress(false).restoreExpiryDate(midnightAfterDays(2)).build(),
                v2.get("a-cold"));
        assertNull(v2.get("b-frozen"), "an archived object never restored has none");
        assertNull(v2.get("c-warm"));
        assertTrue(v2.containsKey("c-warm"));
        assertEquals(midnightAfterDays(2), s3.listObjects(b -> b.bucket("archive-list")
                .optionalObjectAttributes(OptionalObjectAttributes.RESTORE_STATUS)).contents().get(0)
                .restoreStatus().restoreExpiryDate());
        assertTrue(s3.listObjectsV2(b -> b.bucket("archive-list")).contents().stream().allMatch(o -> o.restoreStatus() == null),
                "only when asked for");
        assertS3Error("InvalidArgument", 400, () -> s3.listObjectsV2(b -> b.bucket("archive-list")
                .optionalObjectAttributesWithStrings("RestoreStatus", "Owner")));
        assertS3Error("InvalidArgument", 400, () -> s3.listObjects(b -> b.bucket("archive-list")
                .optionalObjectAttributesWithStrings("restorestatus")));

        s3.createBucket(b -> b.bucket("archive-list-versions"));
        s3.putBucketVersioning(b -> b.bucket("archive-list-versions").versioningConfiguration(v -> v.status("Enabled")));
        String old = s3.putObject(b -> b.bucket("archive-list-versions").key("k").storageClass(StorageClass.GLACIER),
                RequestBody.fromString("old")).versionId();
        s3.putObject(b -> b.bucket("archive-list-versions").key("k").storageClass(StorageClass.GLACIER),
                RequestBody.fromString("new"));
        s3.deleteObject(b -> b.bucket("archive-list-versions").key("k"));
        s3.restoreObject(b -> b.bucket("archive-list-versions").key("k").versionId(old).restoreRequest(r -> r.days(1)));
        ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket("archive-list-versions")
                .optionalObjectAttributes(OptionalObjectAttributes.RESTORE_STATUS));
        assertEquals(2, versions.versions().size());
        for (ObjectVersion v : versions.versions()) {
            if (v.versionId().equals(old)) assertEquals(midnightAfterDays(1), v.restoreStatus().restoreExpiryDate());
            else assertNull(v.restoreStatus(), "only the restored version");
        }
        assertS3Error("InvalidArgument", 400, () -> s3.listObjectVersions(b -> b.bucket("archive-list-versions")
                .optionalObjectAttributesWithStrings("Bogus")));
    }
}
