package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.engine.Bucket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H2BucketStoreTest {
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final H2BucketStore store = H2BucketStore.migrated(db);

    @AfterEach
    void close() {
        db.close();
    }

    static Bucket bucket(String name, String account, String region, String constraint) {
        return new Bucket(name, account, region, constraint, Instant.parse("2026-03-04T05:06:07.089Z"),
                "private", "BucketOwnerEnforced", false);
    }

    @Test
    void roundTripsEveryField() {
        Bucket b = new Bucket("alpha", "000000000000", "eu-west-1", "EU", Instant.parse("2026-03-04T05:06:07.089Z"),
                "public-read", "ObjectWriter", true);
        assertTrue(store.insert(b));
        assertEquals(b, store.find("alpha").orElseThrow());
        assertFalse(store.find("beta").isPresent());
    }

    @Test
    void namesAreUniqueAcrossAccounts() {
        assertTrue(store.insert(bucket("alpha", "000000000000", "us-east-1", null)));
        assertFalse(store.insert(bucket("alpha", "111111111111", "us-east-1", null)));
        assertEquals("000000000000", store.find("alpha").orElseThrow().accountId());
    }

    @Test
    void listsPerAccountByName() {
        store.insert(bucket("charlie", "000000000000", "us-east-1", null));
        store.insert(bucket("alpha", "000000000000", "us-east-1", null));
        store.insert(bucket("bravo", "111111111111", "us-east-1", null));
        assertEquals(List.of("alpha", "charlie"), store.list("000000000000").stream().map(Bucket::name).toList());
    }

    @Test
    void updatesAclAndDeletes() {
        store.insert(bucket("alpha", "000000000000", "us-east-1", null));
        store.updateCannedAcl("alpha", "public-read");
        assertEquals("public-read", store.find("alpha").orElseThrow().cannedAcl());
        assertEquals(BucketStore.DeleteOutcome.DELETED, store.deleteIfEmpty("alpha"));
        assertEquals(BucketStore.DeleteOutcome.NOT_FOUND, store.deleteIfEmpty("alpha"));
        assertTrue(store.insert(bucket("alpha", "111111111111", "us-east-1", null)), "the name is free again");
    }

    @Test
    void migrationIsListed() {
        // the list is what core's migrator reads: a file missing from it would never run
        assertTrue(getClass().getClassLoader().getResource("db/s3/V001__init.sql") != null);
    }
}
