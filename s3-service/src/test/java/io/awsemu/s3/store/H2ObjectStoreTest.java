package io.awsemu.s3.store;

import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersionExtras;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The object table and the listing engine over it: S3's key order, delimiters, pages, shared blobs. */
class H2ObjectStoreTest {
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final H2BucketStore buckets = H2BucketStore.migrated(db);
    final H2ObjectStore store = new H2ObjectStore(db);
    final InMemoryBlobStore blobs = new InMemoryBlobStore();
    final Clock clock = Clock.fixed(Instant.parse("2026-02-03T04:05:06.789Z"), ZoneOffset.UTC);
    final BucketEngine bucketEngine = new BucketEngine(buckets, clock);
    final ObjectEngine engine = new ObjectEngine(bucketEngine, store, blobs, clock);

    @AfterEach
    void close() {
        db.close();
    }

    void put(String key, String body) throws Exception {
        engine.put(new ObjectEngine.PutRequest("000000000000", "bkt", key, body.length(), null, null, null, false, null,
                Map.of("Content-Type", "text/plain")), new ByteArrayInputStream(body.getBytes()), Map::of);
    }

    StoredObject put(String key, String body, VersionExtras extras) throws Exception {
        return engine.put(new ObjectEngine.PutRequest("000000000000", "bkt", key, body.length(), null, null, null, false,
                null, Map.of(), null, null, null, extras), new ByteArrayInputStream(body.getBytes()), Map::of);
    }

    List<String> keys(ObjectEngine.ListPage p) {
        return p.contents().stream().map(StoredObject::key).toList();
    }

    ObjectEngine.ListPage list(String prefix, String delimiter, int max, String after) {
        return engine.list(new ObjectEngine.ListRequest("000000000000", "bkt", prefix, delimiter, max, after));
    }

    @Test
    void keysComeInUtf8ByteOrder() throws Exception {
        bucketEngine.create(new BucketEngine.CreateRequest("000000000000", "bkt", "us-east-1", null, null, null, false));
        // UTF-16 order would put the emoji (D83D..) before U+FFFD; UTF-8 (F0.. > EF..) puts it after
        for (String k : List.of("\uD83D\uDE00", "\uFFFD", "z", "é", "A", "a/b", "a")) put(k, k);
        assertEquals(List.of("A", "a", "a/b", "z", "é", "\uFFFD", "\uD83D\uDE00"), keys(list("", null, 1000, null)));
        ObjectEngine.ListPage p = list("", "/", 1000, null);
        assertEquals(List.of("A", "a", "z", "é", "\uFFFD", "\uD83D\uDE00"), keys(p));
        assertEquals(List.of("a/"), p.commonPrefixes());
        assertEquals(Instant.parse("2026-02-03T04:05:06Z"), p.contents().get(0).lastModified(), "second precision");
    }

    @Test
    void delimiterPagesSkipWholePrefixes() throws Exception {
        bucketEngine.create(new BucketEngine.CreateRequest("000000000000", "bkt", "us-east-1", null, null, null, false));
        for (int i = 0; i < 50; i++) put("dir/" + i, "x");
        put("dir0", "x");
        put("e/x", "x");
        ObjectEngine.ListPage first = list("", "/", 1, null);
        assertEquals(List.of("dir/"), first.commonPrefixes());
        assertTrue(first.truncated());
        ObjectEngine.ListPage second = list("", "/", 2, first.lastItem());
        assertEquals(List.of("dir0"), keys(second));
        assertEquals(List.of("e/"), second.commonPrefixes());
        assertFalse(second.truncated());
        assertEquals(50, keys(list("dir/", null, 1000, null)).size());
        assertEquals(List.of("dir/10", "dir/11"), keys(list("dir/1", null, 2, "dir/1")));
        assertEquals(0, list("", null, 0, null).contents().size());
        assertFalse(list("", null, 0, null).truncated());
    }

    @Test
    void aVersionsOwnerAclAndTagsArePublishedAndRemovedWithIt() throws Exception {
        bucketEngine.create(new BucketEngine.CreateRequest("000000000000", "bkt", "us-east-1", null, null, null, false));
        H2BucketConfigStore configs = new H2BucketConfigStore(db);
        H2AccessStore access = new H2AccessStore(db);
        put("k", "one", new VersionExtras("111111111111", "acl", "a=1"));
        assertEquals(Optional.of("a=1"), configs.objectTags("bkt", "k", "null"));
        assertEquals(Optional.of(new AccessStore.ObjectAccess("111111111111", "acl")), access.object("bkt", "k", null));
        // an overwrite without them leaves none of the old object's
        put("k", "two", VersionExtras.NONE);
        assertEquals(Optional.empty(), configs.objectTags("bkt", "k", "null"));
        assertEquals(Optional.of(new AccessStore.ObjectAccess(null, null)), access.object("bkt", "k", null));
        put("k", "three", new VersionExtras(null, null, "b=2"));
        engine.delete("000000000000", "bkt", "k");
        assertEquals(Optional.empty(), configs.objectTags("bkt", "k", "null"), "deleted with the object");

        // versioned: each version has its own; deleting one by id takes its tags along, a delete marker takes none
        store.setVersioning("bkt", "Enabled");
        StoredObject v1 = put("v", "one", new VersionExtras(null, null, "x=1"));
        StoredObject v2 = put("v", "two", new VersionExtras(null, "acl-2", "y=2"));
        assertEquals(Optional.of("x=1"), configs.objectTags("bkt", "v", v1.versionId()));
        assertEquals(Optional.of(new AccessStore.ObjectAccess(null, null)), access.object("bkt", "v", v1.versionId()));
        assertEquals(Optional.of(new AccessStore.ObjectAccess(null, "acl-2")), access.object("bkt", "v", v2.versionId()));
        engine.delete("000000000000", "bkt", "v", v1.versionId());
        assertEquals(Optional.empty(), configs.objectTags("bkt", "v", v1.versionId()));
        engine.delete("000000000000", "bkt", "v");
        assertEquals(Optional.of("y=2"), configs.objectTags("bkt", "v", v2.versionId()));
    }

    @Test
    void aCopySourceOver5GiBIsRefusedAsS3RefusesIt() throws Exception {
        bucketEngine.create(new BucketEngine.CreateRequest("000000000000", "bkt", "us-east-1", null, null, null, false));
        long fiveGiB = 5L << 30;
        // rows only: a copy shares the blob and never reads it
        store.put(new StoredObject("bkt", "huge", "0".repeat(32), fiveGiB + 1, "e", clock.instant(), "STANDARD", null,
                null, Map.of()), VersionExtras.NONE);
        store.put(new StoredObject("bkt", "max", "1".repeat(32), fiveGiB, "e", clock.instant(), "STANDARD", null,
                null, Map.of()), VersionExtras.NONE);
        io.awsemu.core.error.AwsException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.awsemu.core.error.AwsException.class, () -> engine.copy(new ObjectEngine.CopyRequest("000000000000",
                        "bkt", "huge", "bkt", "copy", false, null, Map.of(), ObjectEngine.CopyConditions.NONE)));
        assertEquals("InvalidRequest", e.code());
        assertEquals(400, e.httpStatus());
        assertEquals("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120",
                e.getMessage());
        assertEquals(fiveGiB, engine.copy(new ObjectEngine.CopyRequest("000000000000", "bkt", "max", "bkt", "copy", false,
                null, Map.of(), ObjectEngine.CopyConditions.NONE)).size());
    }

    @Test
    void sharedBlobLivesUntilItsLastKeyGoes() throws Exception {
        bucketEngine.create(new BucketEngine.CreateRequest("000000000000", "bkt", "us-east-1", null, null, null, false));
        put("src", "shared");
        StoredObject copy = engine.copy(new ObjectEngine.CopyRequest("000000000000", "bkt", "src", "bkt", "dst", false, null,
                Map.of(), ObjectEngine.CopyConditions.NONE));
        assertEquals(store.find("bkt", "src").get().blobId(), copy.blobId());
        engine.delete("000000000000", "bkt", "src");
        assertTrue(store.referenced(copy.blobId()));
        assertEquals("shared", new String(engine.read(copy, 0, -1).readAllBytes()));
        assertEquals(io.awsemu.s3.store.BucketStore.DeleteOutcome.NOT_EMPTY, buckets.deleteIfEmpty("bkt"));
        put("dst", "overwritten");
        assertFalse(store.referenced(copy.blobId()));
        assertEquals(1, blobs.stats().committed());
    }

    /** Runs {@code n} copies of {@code work} at once; the first failure, if any, is thrown. */
    static void concurrently(int n, java.util.concurrent.Callable<?> work) throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) done.add(pool.submit(() -> {
                start.await();
                return work.call();
            }));
            start.countDown();
            for (var f : done) f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentPutsAndDeletesOfOneKeyFreeEachBlobOnceAndOnlyOnce() throws Exception {
        bucketEngine.create(new BucketEngine.CreateRequest("000000000000", "bkt", "us-east-1", null, null, null, false));
        var n = new java.util.concurrent.atomic.AtomicInteger();
        // PUTs share transactions; a DELETE runs in its own: each must see the key as the last writer left it
        concurrently(6, () -> {
            for (int i = 0; i < 60; i++) {
                int m = n.incrementAndGet();
                if (m % 3 == 0) engine.delete("000000000000", "bkt", "k" + (m % 2));
                else put("k" + (m % 2), "body " + m);
            }
            return null;
        });
        // every replaced or deleted blob freed (none leaked), none that an object still holds
        List<StoredObject> left = list("", null, 1000, null).contents();
        assertEquals(left.size(), blobs.stats().committed());
        for (StoredObject o : left) assertTrue(new String(engine.read(o, 0, -1).readAllBytes()).startsWith("body "));
    }

    @Test
    void deleteBucketNeverLetsAConcurrentPutIntoTheDeletedBucket() throws Exception {
        for (int round = 0; round < 30; round++) {
            bucketEngine.create(new BucketEngine.CreateRequest("000000000000", "bkt", "us-east-1", null, null, null, false));
            var deleted = new java.util.concurrent.atomic.AtomicBoolean();
            var put = new java.util.concurrent.atomic.AtomicInteger();
            var i = new java.util.concurrent.atomic.AtomicInteger();
            concurrently(4, () -> {
                if (i.getAndIncrement() == 0) { // one deleter, three writers
                    long until = System.nanoTime() + 5_000_000_000L;
                    while (put.get() < 3 && System.nanoTime() < until) Thread.onSpinWait(); // PUTs in flight
                    while (buckets.deleteIfEmpty("bkt") != BucketStore.DeleteOutcome.DELETED) {
                        // BucketNotEmpty: empty it and try again
                        for (StoredObject o : list("", null, 1000, null).contents()) engine.delete("000000000000", "bkt", o.key());
                    }
                    deleted.set(true);
                    return null;
                }
                for (int k = 0; !deleted.get() && k < 200; k++) {
                    try {
                        put("w" + k % 7, "x");
                        put.incrementAndGet();
                    } catch (io.awsemu.core.error.AwsException e) {
                        assertEquals("NoSuchBucket", e.code());
                    }
                }
                return null;
            });
            assertTrue(put.get() >= 3, "the writers ran");
            try (var c = java.sql.DriverManager.getConnection(db.url(), "", "");
                 var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM s3.objects o WHERE NOT EXISTS"
                         + " (SELECT 1 FROM s3.buckets b WHERE b.bucket_id = o.bucket_id)")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "objects published into a deleted bucket");
            }
        }
    }

    boolean blobExists(String blobId) {
        try {
            blobs.size(io.awsemu.core.storage.blob.BlobId.parse(blobId.trim()));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void deletesOfOneRequestAreSeenAtOnceAndFreeTheirBlobsOnlyOnceStored() throws Exception {
        bucketEngine.create(new BucketEngine.CreateRequest("000000000000", "bkt", "us-east-1", null, null, null, false));
        put("a", "aaa");
        put("b", "bbb");
        String a = store.find("bkt", "a").orElseThrow().blobId();
        String b = store.find("bkt", "b").orElseThrow().blobId();
        try (ObjectEngine.Deletes deletes = engine.deletes()) {
            deletes.delete("000000000000", "bkt", "a", null, false, null);
            deletes.delete("000000000000", "bkt", "b", null, false, null);
            deletes.delete("000000000000", "bkt", "missing", null, false, null);
            assertTrue(store.find("bkt", "a").isEmpty(), "a reader sees the delete at once");
            assertTrue(blobExists(a) && blobExists(b), "the blobs wait for the store");
        }
        assertFalse(blobExists(a));
        assertFalse(blobExists(b));
        assertTrue(store.find("bkt", "b").isEmpty());
    }
}
