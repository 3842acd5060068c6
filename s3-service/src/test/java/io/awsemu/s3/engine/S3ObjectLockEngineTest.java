package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.blob.MutableClock;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.store.H2BucketConfigStore;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Object Lock's rules: what a retention or legal hold allows, default retention, and enforcement on deletes. */
class S3ObjectLockEngineTest {
    static final String ACCOUNT = "000000000000";
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-06T07:08:09Z"));
    final BucketEngine buckets = new BucketEngine(H2BucketStore.migrated(db), clock);
    final ObjectEngine objects = new ObjectEngine(buckets, new H2ObjectStore(db), new InMemoryBlobStore(), clock);
    final ObjectLockEngine locks = new ObjectLockEngine(objects, new H2BucketConfigStore(db));
    final VersioningEngine versioning = new VersioningEngine(objects);

    S3ObjectLockEngineTest() {
        buckets.create(new BucketEngine.CreateRequest(ACCOUNT, "locked", "us-east-1", null, null, null, true));
        buckets.create(new BucketEngine.CreateRequest(ACCOUNT, "plain", "us-east-1", null, null, null, false));
    }

    @AfterEach
    void close() {
        db.close();
    }

    StoredObject put(String bucket, String key, ObjectLock lock) throws IOException {
        byte[] b = key.getBytes();
        return objects.put(new ObjectEngine.PutRequest(ACCOUNT, bucket, key, b.length, null, null, null, false, null,
                Map.of(), null, null, lock, null), new ByteArrayInputStream(b), Map::of);
    }

    static void assertError(String code, Executable call) {
        AwsException e = assertThrows(AwsException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }

    ObjectLock retention(String mode, Duration d) {
        return new ObjectLock(mode, clock.instant().plus(d), null);
    }

    // ---------------------------------------------------------------- the rules alone

    @Test
    void complianceCanOnlyBeKeptOrExtended() {
        ObjectLock c = retention(ObjectLock.COMPLIANCE, Duration.ofDays(2));
        Instant later = c.retainUntil().plusSeconds(60);
        assertEquals(later, c.changeRetention(ObjectLock.COMPLIANCE, later, clock.instant(), false).retainUntil());
        assertDoesNotThrow(() -> c.changeRetention(ObjectLock.COMPLIANCE, c.retainUntil(), clock.instant(), false));
        assertError("AccessDenied", () -> c.changeRetention(ObjectLock.COMPLIANCE, c.retainUntil().minusSeconds(1), clock.instant(), true));
        assertError("AccessDenied", () -> c.changeRetention(ObjectLock.GOVERNANCE, later, clock.instant(), true));
        assertError("AccessDenied", () -> c.changeRetention(null, null, clock.instant(), true));
        // once its date has passed it binds nothing
        Instant after = c.retainUntil().plusSeconds(1);
        assertFalse(c.changeRetention(null, null, after, false).hasRetention());
    }

    @Test
    void governanceIsShortenedOrRemovedOnlyWithTheBypass() {
        ObjectLock g = retention(ObjectLock.GOVERNANCE, Duration.ofDays(2));
        Instant later = g.retainUntil().plusSeconds(60);
        assertEquals(later, g.changeRetention(ObjectLock.GOVERNANCE, later, clock.instant(), false).retainUntil());
        assertEquals(ObjectLock.COMPLIANCE, g.changeRetention(ObjectLock.COMPLIANCE, later, clock.instant(), false).mode());
        assertError("AccessDenied", () -> g.changeRetention(ObjectLock.GOVERNANCE, clock.instant().plusSeconds(5), clock.instant(), false));
        assertError("AccessDenied", () -> g.changeRetention(null, null, clock.instant(), false));
        assertEquals(clock.instant().plusSeconds(5), g.changeRetention(ObjectLock.GOVERNANCE, clock.instant().plusSeconds(5), clock.instant(), true).retainUntil());
        assertFalse(g.changeRetention(null, null, clock.instant(), true).hasRetention());
    }

    @Test
    void whatProtectsAVersion() {
        assertFalse(ObjectLock.NONE.protects(clock.instant(), false));
        ObjectLock g = retention(ObjectLock.GOVERNANCE, Duration.ofHours(1));
        assertTrue(g.protects(clock.instant(), false));
        assertFalse(g.protects(clock.instant(), true));
        assertFalse(g.protects(clock.instant().plus(Duration.ofHours(1)), false), "the retain-until instant itself is past");
        ObjectLock c = retention(ObjectLock.COMPLIANCE, Duration.ofHours(1));
        assertTrue(c.protects(clock.instant(), true));
        ObjectLock hold = new ObjectLock(null, null, "ON");
        assertTrue(hold.protects(clock.instant(), true));
        assertFalse(hold.withLegalHold("OFF").protects(clock.instant(), true));
        assertTrue(g.withLegalHold("ON").protects(clock.instant().plus(Duration.ofDays(9)), true), "a hold outlives the retention");
    }

    @Test
    void defaultRetentionCountsFromCreation() {
        Instant created = Instant.parse("2024-02-29T12:00:00Z");
        assertEquals(Instant.parse("2024-03-30T12:00:00Z"), new DefaultRetention(ObjectLock.GOVERNANCE, 30, 0).until(created));
        assertEquals(Instant.parse("2025-02-28T12:00:00Z"), new DefaultRetention(ObjectLock.COMPLIANCE, 0, 1).until(created));
        DefaultRetention d = new DefaultRetention(ObjectLock.COMPLIANCE, 0, 7);
        assertEquals(d, DefaultRetention.decode(d.encode()));
        assertThrows(IllegalArgumentException.class, () -> new DefaultRetention(ObjectLock.GOVERNANCE, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DefaultRetention(ObjectLock.GOVERNANCE, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DefaultRetention("FOREVER", 1, 0));
    }

    // ---------------------------------------------------------------- through the engines and H2

    @Test
    void configurationNeedsVersioningAndStaysOn() {
        assertError("ObjectLockConfigurationNotFoundError", () -> locks.configuration(ACCOUNT, "plain"));
        assertError("InvalidBucketState", () -> locks.putConfiguration(ACCOUNT, "plain", null));
        versioning.setVersioning(ACCOUNT, "plain", "Enabled");
        locks.putConfiguration(ACCOUNT, "plain", new DefaultRetention(ObjectLock.GOVERNANCE, 3, 0));
        assertEquals(3, locks.configuration(ACCOUNT, "plain").orElseThrow().days());
        assertError("InvalidBucketState", () -> versioning.setVersioning(ACCOUNT, "plain", "Suspended"));
        locks.putConfiguration(ACCOUNT, "plain", null);
        assertTrue(locks.configuration(ACCOUNT, "plain").isEmpty(), "the rule goes, the lock stays");
    }

    @Test
    void writesWithLockParametersNeedALockBucketAndAFutureDate() {
        assertError("InvalidRequest", () -> put("plain", "k", new ObjectLock(null, null, "ON")));
        assertError("InvalidRequest", () -> locks.retention(ACCOUNT, "plain", "k", null));
        assertError("InvalidArgument", () -> put("locked", "k", new ObjectLock(ObjectLock.GOVERNANCE, clock.instant(), null)));
        assertError("InvalidArgument", () -> put("locked", "k", retention(ObjectLock.GOVERNANCE, Duration.ofSeconds(-1))));
    }

    @Test
    void deletesOfLockedVersionsAreRefusedUntilTheDatePasses() throws IOException {
        StoredObject g = put("locked", "g", retention(ObjectLock.GOVERNANCE, Duration.ofDays(1)));
        StoredObject c = put("locked", "c", retention(ObjectLock.COMPLIANCE, Duration.ofDays(1)));
        assertEquals(ObjectLock.GOVERNANCE, objects.get(ACCOUNT, "locked", "g", g.versionId()).lock().mode());
        assertError("AccessDenied", () -> objects.delete(ACCOUNT, "locked", "g", g.versionId()));
        assertError("AccessDenied", () -> objects.delete(ACCOUNT, "locked", "c", c.versionId(), true));
        // a delete marker touches no version
        assertTrue(objects.delete(ACCOUNT, "locked", "c", null).deleteMarker());
        objects.delete(ACCOUNT, "locked", "g", g.versionId(), true);
        assertError("NoSuchVersion", () -> objects.get(ACCOUNT, "locked", "g", g.versionId()));
        clock.advance(Duration.ofDays(1));
        objects.delete(ACCOUNT, "locked", "c", c.versionId());
        assertError("NoSuchVersion", () -> objects.get(ACCOUNT, "locked", "c", c.versionId()));
    }

    @Test
    void legalHoldBlocksUntilReleasedAndSurvivesBecomingNoncurrent() throws IOException {
        StoredObject v1 = put("locked", "k", null);
        assertError("NoSuchObjectLockConfiguration", () -> locks.legalHold(ACCOUNT, "locked", "k", null));
        locks.putLegalHold(ACCOUNT, "locked", "k", null, "ON");
        put("locked", "k", null); // v1 becomes noncurrent and keeps its hold
        assertEquals("ON", locks.legalHold(ACCOUNT, "locked", "k", v1.versionId()));
        assertError("AccessDenied", () -> objects.delete(ACCOUNT, "locked", "k", v1.versionId(), true));
        locks.putLegalHold(ACCOUNT, "locked", "k", v1.versionId(), "OFF");
        assertEquals("OFF", locks.legalHold(ACCOUNT, "locked", "k", v1.versionId()));
        objects.delete(ACCOUNT, "locked", "k", v1.versionId());
    }

    @Test
    void defaultRetentionAppliesToNewVersionsUnlessTheWriteNamesOne() throws IOException {
        locks.putConfiguration(ACCOUNT, "locked", new DefaultRetention(ObjectLock.COMPLIANCE, 2, 0));
        StoredObject d = put("locked", "d", new ObjectLock(null, null, "ON"));
        assertEquals(new ObjectLock(ObjectLock.COMPLIANCE, d.lastModified().plus(Duration.ofDays(2)), "ON"), d.lock());
        StoredObject e = put("locked", "e", retention(ObjectLock.GOVERNANCE, Duration.ofHours(1)));
        assertEquals(ObjectLock.GOVERNANCE, locks.retention(ACCOUNT, "locked", "e", null).mode());
        StoredObject plain = put("plain", "p", null);
        assertEquals(ObjectLock.NONE, plain.lock());
    }

    @Test
    void lifecycleLeavesLockedNoncurrentVersions() throws IOException {
        StoredObject held = put("locked", "k", new ObjectLock(null, null, "ON"));
        StoredObject free = put("locked", "k", null);
        put("locked", "k", null);
        clock.advance(Duration.ofDays(30));
        assertEquals(1, versioning.expireNoncurrentVersions("locked", "", clock.instant(), 0));
        assertEquals("ON", locks.legalHold(ACCOUNT, "locked", "k", held.versionId()));
        assertError("NoSuchVersion", () -> objects.get(ACCOUNT, "locked", "k", free.versionId()));
    }
}
