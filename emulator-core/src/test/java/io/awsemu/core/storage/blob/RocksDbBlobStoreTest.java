package io.awsemu.core.storage.blob;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.storage.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
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

    /** The channel side of a read, as the HTTP layer uses it: whole chunks go straight into direct buffers. */
    static byte[] readAsChannel(InputStream in, int bufferSize, boolean direct) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (in) {
            java.nio.channels.ReadableByteChannel ch = (java.nio.channels.ReadableByteChannel) in;
            java.nio.ByteBuffer b = direct ? java.nio.ByteBuffer.allocateDirect(bufferSize) : java.nio.ByteBuffer.allocate(bufferSize);
            while (ch.read(b) >= 0) {
                b.flip();
                byte[] got = new byte[b.remaining()];
                b.get(got);
                out.write(got);
                b.clear();
            }
            assertTrue(ch.isOpen());
        }
        return out.toByteArray();
    }

    /**
     * A records write that RocksDB would stop (its memtables full while flushes are held back) is refused by
     * writeNow, with nothing written, and taken again once the flush has run; write would have waited here.
     */
    @Test
    void writeNowRefusesAWriteRocksDbWouldStopAndTakesItOnceTheFlushRan() throws Exception {
        RocksDbBlobStore rocks = (RocksDbBlobStore) store;
        KeyValueStore records = rocks.records().namespace("t");
        byte[] value = new byte[64 << 10];
        rocks.pauseBackgroundWork(true);
        int refusedAt = -1;
        try {
            // two memtables of 4 MiB: the write after both are full must wait for a flush
            for (int i = 0; i < 1_000 && refusedAt < 0; i++) {
                if (!records.writeNow(new KeyValueStore.Batch().put(key(i), value))) refusedAt = i;
            }
        } finally {
            rocks.pauseBackgroundWork(false);
        }
        assertTrue(refusedAt > 0, "no write was refused");
        assertEquals(null, records.get(key(refusedAt)));
        long deadline = System.nanoTime() + 10_000_000_000L;
        boolean taken = false;
        while (!taken && System.nanoTime() < deadline) {
            taken = records.writeNow(new KeyValueStore.Batch().put(key(refusedAt), value));
            if (!taken) Thread.sleep(10);
        }
        assertTrue(taken, "still refused 10 s after the flushes were let go");
        assertArrayEquals(value, records.get(key(refusedAt)));
    }

    /** Nor is one taken beside a blob being written, or an ingestion: RocksDB holds up every writer for those. */
    @Test
    void writeNowRefusesAWriteWhileABlobIsWrittenOrIngested() throws Exception {
        RocksDbBlobStore rocks = (RocksDbBlobStore) store;
        KeyValueStore records = rocks.records().namespace("t");
        KeyValueStore.Batch one = new KeyValueStore.Batch().put(key(1), new byte[] {1});
        try (BlobWriter w = store.create(Set.of())) {
            w.write(randomBytes(10));
            assertTrue(!records.writeNow(one), "taken while a blob was being written");
            w.commit();
        }
        assertTrue(records.writeNow(one));
        // an ingestion holds the lock exclusive: no write that must not wait goes in beside it
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1), done = new java.util.concurrent.CountDownLatch(1);
        Thread ingesting = new Thread(() -> {
            rocks.ingestions().writeLock().lock();
            held.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                rocks.ingestions().writeLock().unlock();
            }
        });
        ingesting.start();
        assertTrue(held.await(10, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(!records.writeNow(one), "taken during an ingestion");
        done.countDown();
        ingesting.join();
        assertTrue(records.writeNow(one));
        // and an ingestion waits for such a write in progress (here: the lock held shared) before it runs
        rocks.ingestions().readLock().lock();
        java.util.concurrent.CompletableFuture<BlobId> committed;
        try {
            committed = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return put(randomBytes(5 * CHUNK), Set.of()).id();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(300);
            assertTrue(!committed.isDone(), "a multi-chunk blob was ingested beside a records write");
        } finally {
            rocks.ingestions().readLock().unlock();
        }
        assertEquals(5 * CHUNK, store.size(committed.get(10, java.util.concurrent.TimeUnit.SECONDS)));
    }

    private static byte[] key(int i) {
        return java.nio.ByteBuffer.allocate(4).putInt(i).array();
    }

    @Test
    void readsAsAChannelIntoDirectAndHeapBuffersOfAnySize() throws Exception {
        byte[] data = randomBytes(4 * CHUNK + 321);
        BlobId id = put(data, Set.of()).id();
        long[][] ranges = {{0, -1}, {0, CHUNK}, {CHUNK, 2 * CHUNK + 5}, {CHUNK - 1, CHUNK + 2}, {3 * CHUNK, -1}, {5, 0}};
        for (long[] r : ranges) {
            int from = (int) r[0];
            int to = r[1] == -1 ? data.length : (int) Math.min(data.length, r[0] + r[1]);
            byte[] want = java.util.Arrays.copyOfRange(data, from, to);
            for (int size : new int[] {CHUNK, 2 * CHUNK, CHUNK / 2 + 3, 7}) {
                for (boolean direct : new boolean[] {true, false}) {
                    assertArrayEquals(want, readAsChannel(store.read(id, r[0], r[1]), size, direct),
                            "range " + r[0] + "+" + r[1] + " buffer " + size + (direct ? " direct" : " heap"));
                }
            }
        }
    }

    @Test
    void secondOpenOfTheSameDirFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(dir, CHUNK, clock));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }

    @Test
    void survivesReopenAndReadsBlobsCutWithAnotherChunkSize() throws Exception {
        byte[] data = randomBytes(12 * CHUNK + 11); // past the WAL chunks: most of it ingested as an SST
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

    private long ingestFiles() throws IOException {
        try (var files = java.nio.file.Files.list(dir.resolve("blobs").resolve("ingest"))) {
            return files.count();
        }
    }

    @Test
    void chunksPastTheWalOnesAreIngestedReadBackByRangeAndDeleted() throws Exception {
        int wal = RocksDbBlobStore.DEFAULT_WAL_CHUNKS;
        for (int size : new int[] {12 * CHUNK + 11, 12 * CHUNK, (wal + 1) * CHUNK, wal * CHUNK + 1}) {
            byte[] data = randomBytes(size);
            BlobId id = put(data, Set.of()).id();
            assertEquals(0, ingestFiles(), "a committed blob's SST was moved into the database");
            long[][] ranges = {{0, -1}, {wal * CHUNK - 3, 6}, {(wal - 1) * CHUNK, 2 * CHUNK}, {size - CHUNK - 1, -1}, {wal * CHUNK, CHUNK}};
            for (long[] r : ranges) {
                if (r[0] > size) continue;
                int to = r[1] == -1 ? size : (int) Math.min(size, r[0] + r[1]);
                byte[] want = java.util.Arrays.copyOfRange(data, (int) r[0], to);
                assertArrayEquals(want, readAll(store.read(id, r[0], r[1])), "stream " + size + " range " + r[0] + "+" + r[1]);
                assertArrayEquals(want, readAsChannel(store.read(id, r[0], r[1]), CHUNK, true), "channel " + size + " range " + r[0] + "+" + r[1]);
            }
            store.delete(id);
            assertThrows(java.util.NoSuchElementException.class, () -> store.size(id));
            assertEquals(new BlobStoreStats(0, 0, 0), stats(store), "no chunk of a deleted " + size + "-byte blob is left");
        }
    }

    @Test
    void aDiscardedBlobStaysReadableForTheGrace() throws Exception {
        byte[] data = randomBytes(3 * CHUNK);
        BlobId id = put(data, Set.of()).id();
        store.discard(id);
        // a GET that found the object just before it was replaced has DISCARD_GRACE_MILLIS to open its blob
        assertEquals(3 * CHUNK, store.size(id));
        assertArrayEquals(data, readAll(store.read(id, 0, -1)));
        assertEquals(new BlobStoreStats(0, 0, 0), stats(store)); // stats() carries out waiting discards at once
        assertEquals(0, ((RocksDbBlobStore) store).trackedReaders());
    }

    @Test
    void anIngestedBlobIsLeftInThePageCache() throws Exception {
        // SstFileWriter drops what it wrote from the page cache; the store reads it back in after the commit.
        // Megabytes, so that what ingestion itself reads (footer, index, properties) is not the whole file.
        int chunk = 256 << 10;
        Path other = dir.resolve("large");
        try (BlobStore large = open(other, chunk, clock)) {
            Path ingested = putIngested(large, other, chunk, List.of()).sst();
            try (FileChannel ch = FileChannel.open(ingested)) {
                java.nio.MappedByteBuffer pages = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                assertTrue(loadedWithin(pages, 10_000), ingested + " is not all in the page cache");
            }
        }
    }

    @Test
    void theReadBackWaitsWhileALargeBlobIsRead() throws Exception {
        int chunk = 256 << 10;
        Path other = dir.resolve("large");
        try (BlobStore large = open(other, chunk, clock)) {
            Ingested first = putIngested(large, other, chunk, List.of());
            Path second;
            try (InputStream reading = large.read(first.id(), 0, -1)) {
                assertTrue(reading.read() >= 0);
                second = putIngested(large, other, chunk, List.of(first.sst())).sst();
                try (FileChannel ch = FileChannel.open(second)) {
                    java.nio.MappedByteBuffer pages = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                    assertTrue(!loadedWithin(pages, 300), second + " was read back while a large blob was being read");
                }
            }
            try (FileChannel ch = FileChannel.open(second)) {
                java.nio.MappedByteBuffer pages = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                assertTrue(loadedWithin(pages, 10_000), second + " is not all in the page cache once the read is done");
            }
        }
    }

    private record Ingested(BlobId id, Path sst) {}

    /** Writes a 40-chunk blob into {@code store} (at {@code storeDir}); its id and ingested SST, not one of {@code before}. */
    private Ingested putIngested(BlobStore store, Path storeDir, int chunk, List<Path> before) throws IOException {
        BlobId id;
        try (BlobWriter w = store.create(Set.of())) {
            w.write(randomBytes(40 * chunk));
            id = w.commit().id();
        }
        List<Path> ssts;
        try (var files = java.nio.file.Files.list(storeDir.resolve("blobs"))) {
            ssts = files.filter(f -> f.toString().endsWith(".sst")).toList();
        }
        Path ingested = null;
        for (Path f : ssts) if (java.nio.file.Files.size(f) >= 30L * chunk && !before.contains(f)) ingested = f;
        assertTrue(ingested != null, "no new ingested SST among " + ssts);
        return new Ingested(id, ingested);
    }

    /** Whether all of {@code pages} are resident within {@code millis} (the read-back runs off the committing thread). */
    private static boolean loadedWithin(java.nio.MappedByteBuffer pages, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!pages.isLoaded() && System.nanoTime() < deadline) Thread.sleep(20);
        return pages.isLoaded();
    }

    @Test
    void anAbortedOrDeadWritersSstIsRemovedAndItsChunksCollected() throws Exception {
        BlobWriter aborted = store.create(Set.of());
        aborted.write(randomBytes(11 * CHUNK));
        assertEquals(1, ingestFiles(), "the chunks past the WAL ones are in the writer's SST");
        aborted.abort();
        assertEquals(0, ingestFiles(), "abort removes the SST");
        assertEquals(new BlobStoreStats(0, 0, 0), stats(store));

        byte[] keptData = randomBytes(10 * CHUNK + 5);
        BlobInfo kept = put(keptData, Set.of());
        BlobWriter dead = store.create(Set.of());
        dead.write(randomBytes(11 * CHUNK)); // left with its SST not ingested, as if the process died
        store.close();
        assertEquals(1, ingestFiles());

        store = open(dir, CHUNK, clock);
        assertEquals(0, ingestFiles(), "open removes SSTs no commit ingested");
        assertEquals(new BlobStoreStats(1, 1, 2), stats(store));
        assertEquals(1, store.collectOrphans(id -> true, java.time.Duration.ofDays(1)));
        assertEquals(new BlobStoreStats(1, 0, 1), stats(store));
        assertArrayEquals(keptData, readAll(store.read(kept.id(), 0, -1)));
    }
}
