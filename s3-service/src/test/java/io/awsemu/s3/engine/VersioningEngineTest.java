package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What versioned writes and deletes keep and free, and the noncurrent-version expiry lifecycle calls. */
class VersioningEngineTest {
    static final String ACCOUNT = "000000000000";
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final InMemoryBlobStore blobs = new InMemoryBlobStore();
    Instant now = Instant.parse("2026-05-06T07:08:09Z");
    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    final BucketEngine buckets = new BucketEngine(H2BucketStore.migrated(db), clock);
    final ObjectEngine objects = new ObjectEngine(buckets, new H2ObjectStore(db), blobs, clock);
    final VersioningEngine versioning = new VersioningEngine(objects);

    VersioningEngineTest() {
        buckets.create(new BucketEngine.CreateRequest(ACCOUNT, "bkt", "us-east-1", null, null, null, false));
    }

    @AfterEach
    void close() {
        db.close();
    }

    StoredObject put(String key, String body) throws IOException {
        byte[] b = body.getBytes();
        return objects.put(new ObjectEngine.PutRequest(ACCOUNT, "bkt", key, b.length, null, null, null, false, null,
                Map.of()), new ByteArrayInputStream(b), Map::of);
    }

    long committed() {
        return blobs.stats().committed();
    }

    @Test
    void enabledKeepsEveryVersionAndVersionDeletesFreeThem() throws IOException {
        put("k", "unversioned");
        versioning.setVersioning(ACCOUNT, "bkt", "Enabled");
        StoredObject v1 = put("k", "one");
        put("k", "two");
        assertEquals(3, committed());
        ObjectEngine.DeleteResult marker = objects.delete(ACCOUNT, "bkt", "k", null);
        assertTrue(marker.deleteMarker());
        assertEquals(3, committed(), "a delete marker frees nothing");
        objects.delete(ACCOUNT, "bkt", "k", v1.versionId());
        assertEquals(2, committed());
        objects.delete(ACCOUNT, "bkt", "k", "null");
        assertEquals(1, committed());
        assertThrows(AwsException.class, () -> objects.get(ACCOUNT, "bkt", "k"));
    }

    @Test
    void suspendedReplacesOnlyTheNullVersion() throws IOException {
        versioning.setVersioning(ACCOUNT, "bkt", "Enabled");
        put("k", "one");
        versioning.setVersioning(ACCOUNT, "bkt", "Suspended");
        put("k", "null-1");
        put("k", "null-2");
        assertEquals(2, committed());
        objects.delete(ACCOUNT, "bkt", "k", null); // the null marker replaces the null version
        assertEquals(1, committed());
    }

    @Test
    void expiresNoncurrentVersionsOlderThanTheCutoff() throws IOException {
        versioning.setVersioning(ACCOUNT, "bkt", "Enabled");
        put("logs/a", "1");
        now = now.plus(Duration.ofDays(10));
        put("logs/a", "2"); // version 1 became noncurrent at day 10
        now = now.plus(Duration.ofDays(10));
        put("logs/a", "3"); // version 2 became noncurrent at day 20
        put("other", "x");
        put("other", "y");
        assertEquals(5, committed());
        // NewerNoncurrentVersions keeps the newest noncurrent versions of each key however old they are
        assertEquals(0, versioning.expireNoncurrentVersions(ACCOUNT, "bkt", "logs/", now.plus(Duration.ofDays(5)), 2));
        assertEquals(1, versioning.expireNoncurrentVersions(ACCOUNT, "bkt", "logs/", now.plus(Duration.ofDays(5)), 1));
        assertEquals(4, committed());
        put("logs/a", "4"); // version 3 noncurrent now; 2 is the older noncurrent one
        assertEquals(5, committed());
        assertEquals(0, versioning.expireNoncurrentVersions(ACCOUNT, "bkt", "logs/", now.minus(Duration.ofDays(5)), 0));
        assertEquals(1, versioning.expireNoncurrentVersions(ACCOUNT, "bkt", "logs/", now.plus(Duration.ofDays(1)), 1));
        assertEquals(4, committed());
        assertEquals(2, versioning.list(new VersioningEngine.VersionsRequest(ACCOUNT, "bkt", "logs/", null, null, null,
                1000)).versions().size());
    }
}
