package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.blob.MutableClock;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What versioned writes and deletes keep and free, and the noncurrent-version expiry lifecycle calls. */
class VersioningEngineTest {
    static final String ACCOUNT = "000000000000";
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final InMemoryBlobStore blobs = new InMemoryBlobStore();
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-06T07:08:09Z"));
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
    void aNullVersionWrittenOverAfterTheScanIsNotExpired() throws IOException {
        put("a", "a0");
        put("b", "b0");
        versioning.setVersioning(ACCOUNT, "bkt", "Enabled");
        put("a", "a1");
        put("b", "b1");
        clock.advance(Duration.ofDays(10));
        // once the first victim (a's null version) is gone, a client writes b while versioning is Suspended: the new
        // object takes the place of b's null version, the second victim the scan found
        int removed = versioning.expireNoncurrentVersions("bkt", "", clock.instant(), 0, v -> true, null, v -> {
            if (!v.key().equals("a")) return;
            versioning.setVersioning(ACCOUNT, "bkt", "Suspended");
            try {
                put("b", "fresh");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(1, removed);
        StoredObject b = objects.get(ACCOUNT, "bkt", "b");
        assertEquals("fresh", new String(objects.read(b, 0, b.size()).readAllBytes()));
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
        clock.advance(Duration.ofDays(10));
        put("logs/a", "2"); // version 1 became noncurrent at day 10
        clock.advance(Duration.ofDays(10));
        put("logs/a", "3"); // version 2 became noncurrent at day 20
        put("other", "x");
        put("other", "y");
        assertEquals(5, committed());
        // NewerNoncurrentVersions keeps the newest noncurrent versions of each key however old they are
        assertEquals(0, versioning.expireNoncurrentVersions("bkt", "logs/", clock.instant().plus(Duration.ofDays(5)), 2));
        assertEquals(1, versioning.expireNoncurrentVersions("bkt", "logs/", clock.instant().plus(Duration.ofDays(5)), 1));
        assertEquals(4, committed());
        put("logs/a", "4"); // version 3 noncurrent now; 2 is the older noncurrent one
        assertEquals(5, committed());
        assertEquals(0, versioning.expireNoncurrentVersions("bkt", "logs/", clock.instant().minus(Duration.ofDays(5)), 0));
        assertEquals(1, versioning.expireNoncurrentVersions("bkt", "logs/", clock.instant().plus(Duration.ofDays(1)), 1));
        assertEquals(4, committed());
        assertEquals(2, versioning.list(new VersioningEngine.VersionsRequest(ACCOUNT, "bkt", "logs/", null, null, null,
                1000)).versions().size());
    }

    /** Every page of the bucket's versions under {@code prefix}, {@code maxKeys} at a time, as key@version(latest). */
    List<String> listAll(String prefix, int maxKeys) {
        List<String> out = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        while (true) {
            VersioningEngine.VersionsPage page = versioning.list(new VersioningEngine.VersionsRequest(ACCOUNT, "bkt", prefix,
                    null, keyMarker, idMarker, maxKeys));
            page.versions().forEach(e -> out.add(e.version().key() + "@" + e.version().shownVersionId() + (e.latest() ? "*" : "")));
            if (!page.truncated()) return out;
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextVersionIdMarker();
        }
    }

    /**
     * More rows than one scan returns (1000), with keys whose versions straddle the scans' edges: a listing, the
     * markers inside a key's versions, and both lifecycle sweeps see every row once, in order.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120) // a scan that stops advancing would otherwise loop for ever
    void listsAndSweepsAcrossScanBatches() throws IOException {
        versioning.setVersioning(ACCOUNT, "bkt", "Enabled");
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 450; k++) {
            String key = String.format("many/%04d", k);
            List<String> ids = new ArrayList<>();
            for (int v = 0; v < 3; v++) ids.add(0, put(key, key + v).versionId());
            for (int i = 0; i < ids.size(); i++) expected.add(key + "@" + ids.get(i) + (i == 0 ? "*" : ""));
        }
        List<String> hot = new ArrayList<>();
        for (int v = 0; v < 1100; v++) hot.add(0, put("one/hot", "v" + v).versionId());

        assertEquals(expected, listAll("many/", 1000));
        assertEquals(expected, listAll("many/", 7));
        List<String> all = listAll("", 1000);
        assertEquals(1350 + 1100, all.size());
        assertEquals(all.size(), all.stream().distinct().count());

        // a key marker with a version id deep inside one key's versions: the skip crosses several scans
        VersioningEngine.VersionsPage afterDeep = versioning.list(new VersioningEngine.VersionsRequest(ACCOUNT, "bkt",
                "one/", null, "one/hot", hot.get(1049), 5));
        assertEquals(hot.subList(1050, 1055), afterDeep.versions().stream().map(e -> e.version().shownVersionId()).toList());
        assertFalse(afterDeep.versions().get(0).latest());
        assertTrue(afterDeep.truncated());

        clock.advance(Duration.ofDays(30));
        put("zzz", "current only");
        assertEquals(900 + 1099, versioning.expireNoncurrentVersions("bkt", "", clock.instant().plus(Duration.ofDays(1)), 0));
        assertEquals(450 + 1 + 1, listAll("", 1000).size());
        for (int k = 0; k < 450; k++) objects.delete(ACCOUNT, "bkt", String.format("many/%04d", k), null);
        assertEquals(450, versioning.expireNoncurrentVersions("bkt", "many/", clock.instant().plus(Duration.ofDays(1)), 0));
        assertEquals(450, versioning.removeExpiredDeleteMarkers("bkt", ""));
        assertEquals(List.of("one/hot@" + hot.get(0) + "*", "zzz"), listAll("", 1000).stream()
                .map(s -> s.startsWith("zzz@") ? "zzz" : s).toList());
    }
}
