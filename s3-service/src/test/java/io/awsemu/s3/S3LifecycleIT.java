package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import software.amazon.awssdk.core.sync.RequestBody;


import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ObjectStorageClass;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lifecycle configuration through SDK v2, and expiration carried out by the sweep: the developer
 * endpoint runs it "as of" a later instant, so nothing waits for days.
 */
class S3LifecycleIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static void assertError(String code, int status, Runnable call) {
        S3Exception e = assertThrows(S3Exception.class, call::run);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode());
    }

    static void put(String bucket, LifecycleRule... rules) {
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
    }

    static LifecycleRule.Builder rule(String id) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED);
    }

    String sweep(Instant now) throws Exception {
        RawHttp.Response r = RawHttp.send(emu.port(), "POST", "localhost:" + emu.port(),
                "/_aws/s3/lifecycle?now=" + now, "Content-Length", "0");
        assertEquals(200, r.status(), r.body());
        return r.body();
    }

    List<String> keys(String bucket) {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void configurationRoundTripsAndDeletes() {
        s3.createBucket(b -> b.bucket("lc-config"));
        assertError("NoSuchLifecycleConfiguration", 404, () -> s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-config")));
        put("lc-config",
                rule("logs").filter(f -> f.prefix("logs/")).expiration(e -> e.days(30)).build(),
                rule("tagged").filter(f -> f.and(a -> a.prefix("tmp/").tags(t -> t.key("temp").value("yes"))
                        .objectSizeGreaterThan(10L))).expiration(e -> e.date(Instant.parse("2030-01-01T00:00:00Z"))).build(),
                rule("versions").filter(f -> f.prefix("")).noncurrentVersionExpiration(n -> n.noncurrentDays(7))
                        .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(2))
                        .status(ExpirationStatus.DISABLED).build());
        List<LifecycleRule> rules = s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-config")).rules();
        assertEquals(3, rules.size());
        assertEquals("logs/", rules.get(0).filter().prefix());
        assertEquals(30, rules.get(0).expiration().days());
        assertEquals("temp", rules.get(1).filter().and().tags().get(0).key());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), rules.get(1).expiration().date());
        assertEquals(7, rules.get(2).noncurrentVersionExpiration().noncurrentDays());
        assertEquals(ExpirationStatus.DISABLED, rules.get(2).status());
        s3.deleteBucketLifecycle(b -> b.bucket("lc-config"));
        assertError("NoSuchLifecycleConfiguration", 404, () -> s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-config")));
    }

    @Test
    void invalidConfigurationsAreRefused() {
        s3.createBucket(b -> b.bucket("lc-invalid"));
        assertError("InvalidArgument", 400, () -> put("lc-invalid",
                rule("same").filter(f -> f.prefix("a")).expiration(e -> e.days(1)).build(),
                rule("same").filter(f -> f.prefix("b")).expiration(e -> e.days(2)).build()));
        assertError("InvalidArgument", 400, () -> put("lc-invalid", rule("zero").filter(f -> f.prefix("")).expiration(e -> e.days(0)).build()));
        assertError("InvalidArgument", 400, () -> put("lc-invalid", rule("noon").filter(f -> f.prefix(""))
                .expiration(e -> e.date(Instant.parse("2030-01-01T12:00:00Z"))).build()));
        assertError("InvalidArgument", 400, () -> put("lc-invalid", rule("sizes").filter(f -> f.and(a -> a.prefix("")
                .objectSizeGreaterThan(100L).objectSizeLessThan(50L))).expiration(e -> e.days(1)).build()));
        assertError("InvalidRequest", 400, () -> put("lc-invalid", rule("nothing").filter(f -> f.prefix("")).build()));
        assertError("MalformedXML", 400, () -> put("lc-invalid", rule("both").filter(f -> f.prefix("")).expiration(e -> e.days(1)
                .expiredObjectDeleteMarker(true)).build()));
        assertError("MalformedXML", 400, () -> s3.putBucketLifecycleConfiguration(b -> b.bucket("lc-invalid")
                .lifecycleConfiguration(BucketLifecycleConfiguration.builder().rules(List.of()).build())));
        assertError("NoSuchLifecycleConfiguration", 404, () -> s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-invalid")));
    }

    @Test
    void theSweepExpiresObjectsByDaysAndFilters() throws Exception {
        s3.createBucket(b -> b.bucket("lc-sweep"));
        for (String key : List.of("logs/a", "logs/b", "keep/a", "tmp/small", "tmp/big", "tmp/untagged")) {
            String body = key.equals("tmp/small") ? "x" : "0123456789abcdef";
            if (key.startsWith("tmp/") && !key.equals("tmp/untagged")) {
                s3.putObject(b -> b.bucket("lc-sweep").key(key).tagging("temp=yes"), RequestBody.fromString(body));
            } else {
                s3.putObject(b -> b.bucket("lc-sweep").key(key), RequestBody.fromString(body));
            }
        }
        put("lc-sweep",
                rule("logs").filter(f -> f.prefix("logs/")).expiration(e -> e.days(1)).build(),
                rule("tmp").filter(f -> f.and(a -> a.prefix("tmp/").tags(t -> t.key("temp").value("yes"))
                        .objectSizeGreaterThan(10L))).expiration(e -> e.days(3)).build());
        Instant now = Instant.now();
        assertEquals("{\"expired\":0,\"transitioned\":0}", sweep(now));
        assertEquals(6, keys("lc-sweep").size());
        // a day and a bit later (rounded up to midnight UTC): the logs go, nothing else
        assertEquals("{\"expired\":2,\"transitioned\":0}", sweep(now.plus(2, ChronoUnit.DAYS)));
        assertEquals(List.of("keep/a", "tmp/big", "tmp/small", "tmp/untagged"), keys("lc-sweep"));
        // days later: only the tagged object above 10 bytes
        assertEquals("{\"expired\":1,\"transitioned\":0}", sweep(now.plus(5, ChronoUnit.DAYS)));
        assertEquals(List.of("keep/a", "tmp/small", "tmp/untagged"), keys("lc-sweep"));
    }

    @Test
    void theSweepTransitionsObjectsAndArchivedOnesNeedARestore() throws Exception {
        s3.createBucket(b -> b.bucket("lc-transition"));
        // refused as AWS refuses them: an infrequent-access class sooner than 30 days, a class that is no target
        assertError("InvalidArgument", 400, () -> put("lc-transition", rule("ia").filter(f -> f.prefix(""))
                .transitions(t -> t.days(10).storageClass(TransitionStorageClass.STANDARD_IA)).build()));
        assertError("MalformedXML", 400, () -> put("lc-transition", rule("x").filter(f -> f.prefix(""))
                .transitions(t -> t.days(10).storageClass("STANDARD")).build()));
        assertError("InvalidArgument", 400, () -> put("lc-transition", rule("neg").filter(f -> f.prefix(""))
                .transitions(t -> t.days(-1).storageClass(TransitionStorageClass.GLACIER)).build()));
        assertError("InvalidArgument", 400, () -> put("lc-transition", rule("noon").filter(f -> f.prefix(""))
                .transitions(t -> t.date(Instant.parse("2030-01-01T12:00:00Z")).storageClass(TransitionStorageClass.GLACIER))
                .build()));
        assertError("InvalidArgument", 400, () -> put("lc-transition", rule("nc-ia").filter(f -> f.prefix(""))
                .noncurrentVersionTransitions(t -> t.noncurrentDays(10).storageClass(TransitionStorageClass.ONEZONE_IA))
                .build()));
        assertError("NoSuchLifecycleConfiguration", 404,
                () -> s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-transition")));

        s3.putBucketLifecycleConfiguration(b -> b.bucket("lc-transition")
                .transitionDefaultMinimumObjectSize(TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS)
                .lifecycleConfiguration(c -> c.rules(rule("archive").filter(f -> f.prefix("")).transitions(
                        t -> t.days(30).storageClass(TransitionStorageClass.STANDARD_IA),
                        t -> t.days(60).storageClass(TransitionStorageClass.GLACIER)).build())));
        assertEquals(TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS,
                s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-transition")).transitionDefaultMinimumObjectSize());
        s3.putObject(b -> b.bucket("lc-transition").key("big"), RequestBody.fromBytes(new byte[200 * 1024]));
        s3.putObject(b -> b.bucket("lc-transition").key("small"), RequestBody.fromString("tiny"));
        Instant now = Instant.now();

        assertEquals("{\"expired\":0,\"transitioned\":1}", sweep(now.plus(32, ChronoUnit.DAYS)));
        assertEquals(StorageClass.STANDARD_IA, s3.headObject(b -> b.bucket("lc-transition").key("big")).storageClass());
        assertEquals(null, s3.headObject(b -> b.bucket("lc-transition").key("small")).storageClass(),
                "under 128 KB only GLACIER and DEEP_ARCHIVE take it");

        assertTrue(sweep(now.plus(62, ChronoUnit.DAYS)).contains("\"transitioned\":2"), "big on to GLACIER, small to it");
        assertEquals(List.of(ObjectStorageClass.GLACIER, ObjectStorageClass.GLACIER), s3.listObjectsV2(
                b -> b.bucket("lc-transition")).contents().stream().map(S3Object::storageClass).toList());
        assertError("InvalidObjectState", 403, () -> s3.getObjectAsBytes(b -> b.bucket("lc-transition").key("big")));
        s3.restoreObject(b -> b.bucket("lc-transition").key("big").restoreRequest(r -> r.days(1)));
        assertEquals(200 * 1024, s3.getObjectAsBytes(b -> b.bucket("lc-transition").key("big")).asByteArray().length);

        // the default setting again once a configuration is put without it
        // (a transition ten years out: the other tests' sweeps count what expires in every bucket)
        put("lc-transition", rule("x").filter(f -> f.prefix(""))
                .transitions(t -> t.days(3650).storageClass(TransitionStorageClass.DEEP_ARCHIVE)).build());
        assertEquals(TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K,
                s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-transition")).transitionDefaultMinimumObjectSize());
    }

    @Test
    void theSweepExpiresByDateAndSkipsDisabledRules() throws Exception {
        s3.createBucket(b -> b.bucket("lc-date"));
        s3.putObject(b -> b.bucket("lc-date").key("a"), RequestBody.fromString("x"));
        s3.putObject(b -> b.bucket("lc-date").key("off/b"), RequestBody.fromString("x"));
        Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(10, ChronoUnit.DAYS);
        put("lc-date",
                rule("date").filter(f -> f.prefix("a")).expiration(e -> e.date(midnight)).build(),
                rule("off").filter(f -> f.prefix("off/")).expiration(e -> e.days(1)).status(ExpirationStatus.DISABLED).build());
        sweep(midnight.minusSeconds(1));
        assertEquals(List.of("a", "off/b"), keys("lc-date"));
        sweep(midnight.plus(30, ChronoUnit.DAYS));
        assertEquals(List.of("off/b"), keys("lc-date"));
        assertTrue(s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-date")).rules().size() == 2);
    }

    @Test
    void theSweepExpiresNoncurrentVersionsLoneDeleteMarkersAndStaleUploads() throws Exception {
        s3.createBucket(b -> b.bucket("lc-versions"));
        s3.putBucketVersioning(b -> b.bucket("lc-versions").versioningConfiguration(v -> v.status("Enabled")));
        s3.putObject(b -> b.bucket("lc-versions").key("doc"), RequestBody.fromString("v1"));
        String v2 = s3.putObject(b -> b.bucket("lc-versions").key("doc"), RequestBody.fromString("v2")).versionId();
        s3.putObject(b -> b.bucket("lc-versions").key("gone"), RequestBody.fromString("x"));
        s3.deleteObject(b -> b.bucket("lc-versions").key("gone"));
        String upload = s3.createMultipartUpload(b -> b.bucket("lc-versions").key("big")).uploadId();
        put("lc-versions",
                rule("old").filter(f -> f.prefix("doc")).noncurrentVersionExpiration(n -> n.noncurrentDays(1)).build(),
                rule("uploads").filter(f -> f.prefix("")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(2)).build());
        Instant now = Instant.now();
        sweep(now);
        assertEquals(1, s3.listMultipartUploads(b -> b.bucket("lc-versions")).uploads().size());
        assertEquals(4, s3.listObjectVersions(b -> b.bucket("lc-versions")).versions().size()
                + s3.listObjectVersions(b -> b.bucket("lc-versions")).deleteMarkers().size());
        sweep(now.plus(3, ChronoUnit.DAYS));
        var left = s3.listObjectVersions(b -> b.bucket("lc-versions"));
        assertEquals(List.of("doc " + v2, "gone"), left.versions().stream().map(v -> v.key()
                + (v.key().equals("doc") ? " " + v.versionId() : "")).toList(), "v1 of doc expired, gone's version stays");
        assertEquals(1, left.deleteMarkers().size());
        assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket("lc-versions")).uploads(), "upload " + upload + " aborted");

        // the version that is left is gone: the marker of "gone" is alone once its version is deleted for good
        String goneVersion = left.versions().stream().filter(v -> v.key().equals("gone")).findFirst().orElseThrow().versionId();
        s3.deleteObject(b -> b.bucket("lc-versions").key("gone").versionId(goneVersion));
        put("lc-versions", rule("markers").filter(f -> f.prefix("gone")).expiration(e -> e.expiredObjectDeleteMarker(true)).build());
        sweep(now.plus(4, ChronoUnit.DAYS));
        assertEquals(List.of(), s3.listObjectVersions(b -> b.bucket("lc-versions")).deleteMarkers());
    }

    @Test
    void tagsBelongToTheVersionTheyWereSetOn() {
        s3.createBucket(b -> b.bucket("lc-tag-versions"));
        s3.putBucketVersioning(b -> b.bucket("lc-tag-versions").versioningConfiguration(v -> v.status("Enabled")));
        String v1 = s3.putObject(b -> b.bucket("lc-tag-versions").key("k").tagging("gen=1"), RequestBody.fromString("1")).versionId();
        String v2 = s3.putObject(b -> b.bucket("lc-tag-versions").key("k"), RequestBody.fromString("2")).versionId();
        assertEquals(List.of(), s3.getObjectTagging(b -> b.bucket("lc-tag-versions").key("k")).tagSet());
        var old = s3.getObjectTagging(b -> b.bucket("lc-tag-versions").key("k").versionId(v1));
        assertEquals(v1, old.versionId());
        assertEquals("1", old.tagSet().get(0).value());
        s3.putObjectTagging(b -> b.bucket("lc-tag-versions").key("k").versionId(v2)
                .tagging(t -> t.tagSet(x -> x.key("gen").value("2"))));
        assertEquals("2", s3.getObjectTagging(b -> b.bucket("lc-tag-versions").key("k")).tagSet().get(0).value());
        assertEquals(1, s3.getObjectAsBytes(b -> b.bucket("lc-tag-versions").key("k").versionId(v1)).response().tagCount());
        assertError("NoSuchVersion", 404, () -> s3.getObjectTagging(b -> b.bucket("lc-tag-versions").key("k")
                .versionId("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")));
    }
}
