package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.engine.Bucket;
import io.awsemu.s3.engine.PublicAccessBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bucket rows cache: what one store writes, the other reads at once; nothing stale survives a write. */
class BucketCacheTest {
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final BucketCache cache = new BucketCache();
    final H2BucketStore buckets = H2BucketStore.migrated(db, cache);
    final H2AccessStore access = new H2AccessStore(db, cache);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void readsAreServedFromMemoryUntilAWrite() {
        AtomicInteger loads = new AtomicInteger();
        assertEquals(Optional.of("a"), cache.get(String.class, "b", () -> { loads.incrementAndGet(); return Optional.of("a"); }));
        assertEquals(Optional.of("a"), cache.get(String.class, "b", () -> { loads.incrementAndGet(); return Optional.of("x"); }));
        assertEquals(1, loads.get());
        cache.write(() -> null);
        assertEquals(Optional.of("y"), cache.get(String.class, "b", () -> { loads.incrementAndGet(); return Optional.of("y"); }));
        assertEquals(2, loads.get());
    }

    @Test
    void aValueReadWhileAWriteRunsIsNotKept() {
        cache.write(() -> {
            // a reader during the write goes to the database and keeps nothing
            assertEquals(Optional.of("old"), cache.get(String.class, "b", () -> Optional.of("old")));
            return null;
        });
        assertEquals(Optional.of("new"), cache.get(String.class, "b", () -> Optional.of("new")));
    }

    @Test
    void aValueReadAcrossTheStartOfAWriteIsNotKept() {
        // the load began before the write and finished after it started: its value may predate the write
        assertEquals(Optional.of("old"), cache.get(String.class, "b", () -> {
            cache.write(() -> null);
            return Optional.of("old");
        }));
        assertEquals(Optional.of("new"), cache.get(String.class, "b", () -> Optional.of("new")));
    }

    @Test
    void absentBucketsAreNotKept() {
        assertFalse(buckets.find("alpha").isPresent());
        assertTrue(buckets.insert(H2BucketStoreTest.bucket("alpha", "111111111111", "us-east-1", null)));
        assertTrue(buckets.find("alpha").isPresent());
        assertTrue(access.bucket("alpha").isPresent());
    }

    @Test
    void everyBucketWriteIsSeenByBothStores() {
        Bucket b = H2BucketStoreTest.bucket("alpha", "111111111111", "us-east-1", null);
        assertTrue(buckets.insert(b));
        assertEquals("private", buckets.find("alpha").orElseThrow().cannedAcl());
        assertNull(access.bucket("alpha").orElseThrow().policy());

        access.setBucketAcl("alpha", "public-read", null);
        assertEquals("public-read", buckets.find("alpha").orElseThrow().cannedAcl());
        assertEquals("public-read", access.bucket("alpha").orElseThrow().cannedAcl());

        buckets.updateCannedAcl("alpha", "private");
        assertEquals("private", access.bucket("alpha").orElseThrow().cannedAcl());

        access.setOwnership("alpha", "ObjectWriter");
        assertEquals("ObjectWriter", buckets.find("alpha").orElseThrow().objectOwnership());
        access.setPolicy("alpha", "{}");
        assertEquals("{}", access.bucket("alpha").orElseThrow().policy());
        access.setPublicAccessBlock("alpha", new PublicAccessBlock(true, false, false, false));
        assertTrue(access.bucket("alpha").orElseThrow().pab().blockPublicAcls());

        assertEquals(BucketStore.DeleteOutcome.DELETED, buckets.deleteIfEmpty("alpha"));
        assertFalse(buckets.find("alpha").isPresent());
        assertFalse(access.bucket("alpha").isPresent());

        // re-created by another account: nobody sees the old owner
        assertTrue(buckets.insert(H2BucketStoreTest.bucket("alpha", "222222222222", "us-east-1", null)));
        assertEquals("222222222222", buckets.find("alpha").orElseThrow().accountId());
        assertEquals("222222222222", access.bucket("alpha").orElseThrow().ownerAccount());
    }
}
