package io.awsemu.core.storage.blob;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * New blob ids sort by the time they were made: the chunks of a blob ingested as an SST file then lie past every
 * older blob's, so RocksDB places the file at the bottom instead of compacting it with the small blobs' files.
 */
class BlobIdTest {
    @Test
    void idsMadeLaterSortAfterEarlierOnes() throws Exception {
        BlobId earlier = BlobId.random();
        Thread.sleep(2);
        BlobId later = BlobId.random();
        assertTrue(Arrays.compareUnsigned(earlier.toBytes(), later.toBytes()) < 0, earlier + " then " + later);
    }

    @Test
    void idsMadeInTheSameMillisecondStillDiffer() {
        Set<BlobId> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) ids.add(BlobId.random());
        assertEquals(100_000, ids.size());
        BlobId id = BlobId.random();
        assertEquals(id, BlobId.parse(id.toString()));
    }
}
