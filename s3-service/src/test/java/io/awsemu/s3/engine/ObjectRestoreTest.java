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
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restored copies of archived objects: when they become readable, how their expiry is rounded, when they lapse. */
class ObjectRestoreTest {
    static final String ACCOUNT = "000000000000";
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-06T07:08:09Z"));
    final BucketEngine buckets = new BucketEngine(H2BucketStore.migrated(db), clock);
    final ObjectEngine objects = new ObjectEngine(buckets, new H2ObjectStore(db), new InMemoryBlobStore(), clock);

    ObjectRestoreTest() {
        buckets.create(new BucketEngine.CreateRequest(ACCOUNT, "bkt", "us-east-1", null, null, null, false));
    }

    @AfterEach
    void close() {
        db.close();
    }

    StoredObject put(String key, String storageClass) throws IOException {
        byte[] b = key.getBytes();
        return objects.put(new ObjectEngine.PutRequest(ACCOUNT, "bkt", key, b.length, null, null, null, false,
                storageClass, Map.of()), new ByteArrayInputStream(b), Map::of);
    }

    static String code(Runnable r) {
        return assertThrows(AwsException.class, r::run).code();
    }

    @Test
    void archivedObjectsAreReadableOnlyWhileARestoredCopyLasts() throws IOException {
        StoredObject o = put("cold", "GLACIER");
        assertEquals("InvalidObjectState", code(() -> objects.checkReadable(o)));
        assertEquals("InvalidObjectState", code(() -> objects.copySource(ACCOUNT, "bkt", "cold", null)));

        assertFalse(objects.restore(ACCOUNT, "bkt", "cold", null, 2), "the first restore makes the copy (202)");
        // now + 2 days, rounded up to the next midnight UTC
        assertEquals(Optional.of(Instant.parse("2026-05-09T00:00:00Z")), objects.restoredUntil(o));
        objects.checkReadable(o);
        objects.copySource(ACCOUNT, "bkt", "cold", null);

        clock.advance(Duration.ofDays(1));
        assertTrue(objects.restore(ACCOUNT, "bkt", "cold", null, 5), "a restored copy is extended (200)");
        assertEquals(Optional.of(Instant.parse("2026-05-13T00:00:00Z")), objects.restoredUntil(o));

        clock.set(Instant.parse("2026-05-13T00:00:00Z"));
        assertEquals(Optional.empty(), objects.restoredUntil(o), "the copy lapses at its expiry");
        assertEquals("InvalidObjectState", code(() -> objects.checkReadable(o)));
        assertFalse(objects.restore(ACCOUNT, "bkt", "cold", null, 1), "after the expiry a restore starts again");
    }

    @Test
    void aNewWriteOfTheKeyIsArchivedAgain() throws IOException {
        put("k", "DEEP_ARCHIVE");
        objects.restore(ACCOUNT, "bkt", "k", null, 3);
        StoredObject again = put("k", "DEEP_ARCHIVE");
        assertEquals(Optional.empty(), objects.restoredUntil(again));
        assertEquals("InvalidObjectState", code(() -> objects.checkReadable(again)));
    }

    @Test
    void onlyArchivedClassesAreRestoredOrRefused() throws IOException {
        for (String cls : new String[] {"STANDARD", "STANDARD_IA", "GLACIER_IR", "INTELLIGENT_TIERING"}) {
            StoredObject o = put("warm-" + cls, cls);
            objects.checkReadable(o);
            assertEquals("ObjectAlreadyInActiveTierError", code(() -> objects.restore(ACCOUNT, "bkt", "warm-" + cls, null, 1)));
        }
        assertEquals("NoSuchKey", code(() -> objects.restore(ACCOUNT, "bkt", "missing", null, 1)));
    }
}
