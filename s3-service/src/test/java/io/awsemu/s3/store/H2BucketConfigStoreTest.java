package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.H2MetadataDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H2BucketConfigStoreTest {
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final H2BucketStore buckets = H2BucketStore.migrated(db);
    final H2BucketConfigStore store = new H2BucketConfigStore(db);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void documentsArePerBucketAndKindAndGoWithTheBucket() {
        assertTrue(buckets.insert(H2BucketStoreTest.bucket("alpha", "000000000000", "us-east-1", null)));
        assertFalse(store.put("missing", "cors", "<x/>"));
        assertTrue(store.put("alpha", "cors", "<a/>"));
        assertTrue(store.put("alpha", "cors", "<b/>"));
        assertTrue(store.put("alpha", "website", "<w/>"));
        assertEquals(Optional.of("<b/>"), store.get("alpha", "cors"));
        assertArrayEquals(new String[] {"alpha", "<w/>"}, store.all("website").get(0));
        assertTrue(store.delete("alpha", "cors"));
        assertFalse(store.delete("alpha", "cors"));
        store.putObjectTags("alpha", "k", "null", "a=1");
        assertEquals(Optional.of("a=1"), store.objectTags("alpha", "k", "null"));
        // a fresh store over the same data still knows tags exist
        assertEquals(Optional.of("a=1"), new H2BucketConfigStore(db).objectTags("alpha", "k", "null"));
        store.deleteObjectTags("alpha", "k", "null");
        assertEquals(Optional.empty(), store.objectTags("alpha", "k", "null"));
        store.putObjectTags("alpha", "k", "null", "a=1");
        assertEquals(BucketStore.DeleteOutcome.DELETED, buckets.deleteIfEmpty("alpha"));
        assertEquals(Optional.empty(), store.get("alpha", "website"));
        assertTrue(store.all("website").isEmpty());
    }
}
