package io.awsemu.core.storage.blob;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RocksDbBlobStoreTest extends BlobStoreContractTest {
    @Override
    BlobStore open(Path dir, int chunkSize, MutableClock clock) throws IOException {
        return new RocksDbBlobStore(dir.resolve("blobs"), chunkSize, clock);
    }

    @Override
    BlobStoreStats stats(BlobStore store) throws IOException {
        return ((RocksDbBlobStore) store).stats();
    }

    @Test
    void secondOpenOfTheSameDirFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(dir, CHUNK, clock));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }

    @Test
    void survivesReopenAndReadsBlobsCutWithAnotherChunkSize() throws Exception {
        byte[] data = randomBytes(12 * CHUNK + 11); // past the WAL-free threshold
        BlobInfo info = put(data, Set.of(ChecksumAlgorithm.SHA256));
        BlobWriter dead = store.create(Set.of());
        dead.write(randomBytes(2 * CHUNK)); // left pending, as if the process died
        store.close();

        store = open(dir, 4096, clock);
        assertArrayEquals(data, readAll(store.read(info.id(), 0, -1)));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, CHUNK + 1, 2 * CHUNK + 2), readAll(store.read(info.id(), CHUNK + 1, CHUNK + 1)));
        assertArrayEquals(info.checksums().get(ChecksumAlgorithm.SHA256),
                ((RocksDbBlobStore) store).info(info.id()).checksums().get(ChecksumAlgorithm.SHA256));
        assertEquals(new BlobStoreStats(1, 1, 2), stats(store));
        assertEquals(12 * CHUNK + 11, store.size(info.id()));
        // the writer from the previous "process" is dead: collected whatever minAge says
        assertEquals(1, store.collectOrphans(id -> true, java.time.Duration.ofDays(1)));
        assertEquals(new BlobStoreStats(1, 0, 1), stats(store));
    }
}
