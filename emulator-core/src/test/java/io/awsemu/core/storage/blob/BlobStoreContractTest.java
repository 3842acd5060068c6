package io.awsemu.core.storage.blob;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.checksum.Checksums;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour every {@link BlobStore} shares; subclasses say how to open one. */
abstract class BlobStoreContractTest {
    /** Deliberately odd so ranges straddle chunk boundaries at unaligned places. */
    static final int CHUNK = 1000;

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    BlobStore store;
    final Random random = new Random(1234);

    abstract BlobStore open(Path dir, int chunkSize, MutableClock clock) throws IOException;

    abstract BlobStoreStats stats(BlobStore store) throws IOException;

    @BeforeEach
    void setUp() throws IOException {
        store = open(dir, CHUNK, clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Writes in uneven pieces so chunk filling is exercised at every phase. */
    BlobInfo put(byte[] data, Set<ChecksumAlgorithm> sums) throws IOException {
        try (BlobWriter w = store.create(sums)) {
            int off = 0;
            int step = 1;
            while (off < data.length) {
                int n = Math.min(step, data.length - off);
                w.write(data, off, n);
                off += n;
                step = step * 3 + 1;
            }
            assertEquals(data.length, w.size());
            return w.commit();
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void writeCommitReadWholeBlobs() throws Exception {
        for (int n : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 17}) {
            byte[] data = randomBytes(n);
            BlobInfo info = put(data, Set.of());
            assertEquals(n, info.size());
            assertEquals(n, store.size(info.id()));
            assertArrayEquals(data, readAll(store.read(info.id())), "size " + n);
        }
    }

    @Test
    void rangesAcrossChunkBoundaries() throws Exception {
        byte[] data = randomBytes(4 * CHUNK + 321);
        BlobId id = put(data, Set.of()).id();
        long[][] ranges = {
                {0, 1}, {0, CHUNK}, {0, CHUNK + 1}, {CHUNK - 1, 2}, {CHUNK, CHUNK}, {CHUNK + 500, -1},
                {1500, 2000}, {2 * CHUNK - 3, 3}, {4 * CHUNK + 320, 1}, {4 * CHUNK + 321, -1}, {17, 0},
                {3 * CHUNK + 999, 10_000}, // past the end: cut at the end
        };
        for (long[] r : ranges) {
            int from = (int) r[0];
            int to = r[1] == -1 ? data.length : (int) Math.min(data.length, r[0] + r[1]);
            assertArrayEquals(Arrays.copyOfRange(data, from, to), readAll(store.read(id, r[0], r[1])),
                    "range " + r[0] + "+" + r[1]);
        }
        // byte-at-a-time and skip paths
        try (InputStream in = store.read(id, CHUNK - 2, 5)) {
            assertEquals(data[CHUNK - 2] & 0xff, in.read());
            assertEquals(2, in.skip(2));
            assertEquals(data[CHUNK + 1] & 0xff, in.read());
            assertEquals(data[CHUNK + 2] & 0xff, in.read());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void readsOfAKnownSizeGiveTheSameBytes() throws Exception {
        for (int n : new int[] {1, 100, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7}) {
            byte[] data = randomBytes(n);
            BlobId id = put(data, Set.of()).id();
            assertArrayEquals(data, readAll(store.read(id, n, 0, -1)), "size " + n);
            int from = n / 3;
            assertArrayEquals(Arrays.copyOfRange(data, from, Math.min(n, from + 50)), readAll(store.read(id, n, from, 50)),
                    "size " + n + " from " + from);
            // a size that is not chunk 0's own length is looked up, as without one (a larger one cannot be its first chunk)
            assertArrayEquals(data, readAll(store.read(id, n + 1, 0, -1)), "size " + n + " given one more");
        }
        BlobId missing = BlobId.random();
        assertThrows(NoSuchElementException.class, () -> store.read(missing, 10, 0, -1));
    }

    @Test
    void badRangesAndMissingBlobs() throws Exception {
        BlobId id = put(randomBytes(10), Set.of()).id();
        assertThrows(IllegalArgumentException.class, () -> store.read(id, 11, -1));
        assertThrows(IllegalArgumentException.class, () -> store.read(id, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> store.read(id, 0, -2));
        BlobId missing = BlobId.random();
        assertThrows(NoSuchElementException.class, () -> store.size(missing));
        assertThrows(NoSuchElementException.class, () -> store.read(missing));
    }

    @Test
    void digestsMatchJdk() throws Exception {
        for (int n : new int[] {0, 5, 3 * CHUNK + 7, 200_001}) {
            byte[] data = randomBytes(n);
            BlobInfo info = put(data, EnumSet.allOf(ChecksumAlgorithm.class));
            assertArrayEquals(MessageDigest.getInstance("MD5").digest(data), info.md5());
            assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(data), info.checksums().get(ChecksumAlgorithm.SHA1));
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), info.checksums().get(ChecksumAlgorithm.SHA256));
            CRC32 crc = new CRC32();
            crc.update(data);
            assertEquals(crc.getValue(), Checksums.crcValue(ChecksumAlgorithm.CRC32, info.checksums().get(ChecksumAlgorithm.CRC32)));
            CRC32C crcc = new CRC32C();
            crcc.update(data);
            assertEquals(crcc.getValue(), Checksums.crcValue(ChecksumAlgorithm.CRC32C, info.checksums().get(ChecksumAlgorithm.CRC32C)));
            assertArrayEquals(Checksums.compute(ChecksumAlgorithm.CRC64NVME, data), info.checksums().get(ChecksumAlgorithm.CRC64NVME));
        }
        BlobInfo onlyMd5 = put(randomBytes(3), Set.of());
        assertTrue(onlyMd5.checksums().isEmpty());
        assertEquals(Set.of(ChecksumAlgorithm.CRC32C), put(randomBytes(3), Set.of(ChecksumAlgorithm.CRC32C)).checksums().keySet());
    }

    @Test
    void abortLeavesNothing() throws Exception {
        BlobWriter w = store.create(Set.of());
        w.write(randomBytes(3 * CHUNK + 5));
        assertEquals(1, stats(store).pending());
        w.abort();
        w.abort(); // idempotent
        assertThrows(IOException.class, () -> w.write(1));
        assertThrows(IOException.class, w::commit);
        assertEquals(new BlobStoreStats(0, 0, 0), stats(store));

        // close() without commit aborts too
        try (BlobWriter w2 = store.create(Set.of())) {
            w2.write(randomBytes(2 * CHUNK));
        }
        assertEquals(new BlobStoreStats(0, 0, 0), stats(store));
    }

    @Test
    void commitIsFinal() throws Exception {
        BlobWriter w = store.create(Set.of());
        w.write(randomBytes(10));
        BlobInfo info = w.commit();
        w.abort(); // no-op after commit
        w.close();
        assertEquals(10, store.size(info.id()));
        assertThrows(IOException.class, () -> w.write(1));
        assertThrows(IOException.class, w::commit);
    }

    @Test
    void deleteIsIdempotent() throws Exception {
        BlobId big = put(randomBytes(70 * CHUNK + 1), Set.of()).id(); // past the point-delete limit
        BlobId small = put(randomBytes(2 * CHUNK), Set.of()).id();
        store.delete(big);
        store.delete(big);
        store.delete(BlobId.random());
        assertThrows(NoSuchElementException.class, () -> store.size(big));
        assertEquals(new BlobStoreStats(1, 0, 1), stats(store));
        store.delete(small);
        assertEquals(new BlobStoreStats(0, 0, 0), stats(store));
    }

    @Test
    void discardRemovesLikeDelete() throws Exception {
        BlobId big = put(randomBytes(70 * CHUNK + 1), Set.of()).id();
        BlobId small = put(randomBytes(2 * CHUNK), Set.of()).id();
        store.discard(big);
        store.discard(big);
        store.discard(BlobId.random());
        assertEquals(new BlobStoreStats(1, 0, 1), stats(store)); // waits for the discards queued so far
        assertThrows(NoSuchElementException.class, () -> store.size(big));
        store.discard(small);
        assertEquals(new BlobStoreStats(0, 0, 0), stats(store));
    }

    @Test
    void aStreamReadsToItsEndWhateverRemovesTheBlobMeanwhile() throws Exception {
        for (boolean discard : new boolean[] {false, true}) {
            byte[] data = randomBytes(70 * CHUNK + 1);
            BlobId id = put(data, Set.of()).id();
            byte[] got = new byte[data.length];
            try (InputStream in = store.read(id, 0, -1)) {
                int first = in.readNBytes(got, 0, 3 * CHUNK + 7);
                if (discard) store.discard(id); else store.delete(id);
                stats(store); // carries out the discard now
                int rest = in.readNBytes(got, first, data.length - first);
                assertEquals(data.length, first + rest);
                assertEquals(-1, in.read());
            }
            assertArrayEquals(data, got, discard ? "discard" : "delete");
            assertEquals(new BlobStoreStats(0, 0, 0), stats(store), "removed once the stream closed");
            assertThrows(NoSuchElementException.class, () -> store.size(id));
        }
    }

    @Test
    void aHeldBlobIsRemovedWhenItsLastHoldCloses() throws Exception {
        byte[] data = randomBytes(5 * CHUNK);
        BlobId id = put(data, Set.of()).id();
        BlobStore.Hold a = store.hold(id);
        BlobStore.Hold b = store.hold(id);
        store.delete(id);
        store.discard(id);
        assertEquals(new BlobStoreStats(1, 0, 1), stats(store));
        a.close();
        a.close(); // idempotent: b still holds it
        assertArrayEquals(data, readAll(store.read(id, 0, -1)));
        b.close();
        assertEquals(new BlobStoreStats(0, 0, 0), stats(store));
        assertThrows(NoSuchElementException.class, () -> store.size(id));
        store.hold(BlobId.random()).close(); // a hold does not ask whether the blob exists
    }

    @Test
    void collectOrphansHonoursAgeAndReferences() throws Exception {
        BlobId kept = put(randomBytes(2 * CHUNK + 1), Set.of()).id();
        BlobId orphanOld = put(randomBytes(CHUNK + 1), Set.of()).id();
        clock.advance(Duration.ofMinutes(10));
        BlobId orphanYoung = put(randomBytes(5), Set.of()).id();
        BlobWriter inProgress = store.create(Set.of());
        inProgress.write(randomBytes(2 * CHUNK)); // live writer: never collected

        int removed = store.collectOrphans(id -> id.equals(kept), Duration.ofMinutes(5));
        assertEquals(1, removed);
        assertThrows(NoSuchElementException.class, () -> store.size(orphanOld));
        assertEquals(2 * CHUNK + 1, store.size(kept));
        assertEquals(5, store.size(orphanYoung));

        BlobInfo late = inProgress.commit();
        assertEquals(2, store.collectOrphans(id -> id.equals(kept), Duration.ZERO));
        assertThrows(NoSuchElementException.class, () -> store.size(late.id()));
        assertEquals(new BlobStoreStats(1, 0, 1), stats(store));
        assertEquals(0, store.collectOrphans(id -> id.equals(kept), Duration.ZERO));
    }

    @Test
    void concurrentWritersAllCommit() throws Exception {
        int threads = 4, each = 25;
        BlobInfo[][] infos = new BlobInfo[threads][each];
        byte[][][] datas = new byte[threads][each][];
        Thread[] ts = new Thread[threads];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            int tt = t;
            ts[t] = new Thread(() -> {
                Random r = new Random(tt);
                try {
                    for (int i = 0; i < each; i++) {
                        byte[] d = new byte[r.nextInt(3 * CHUNK)];
                        r.nextBytes(d);
                        datas[tt][i] = d;
                        try (BlobWriter w = store.create(Set.of(ChecksumAlgorithm.CRC32))) {
                            w.write(d);
                            infos[tt][i] = w.commit();
                        }
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        if (failure[0] != null) throw new AssertionError(failure[0]);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < each; i++) {
                assertArrayEquals(datas[t][i], readAll(store.read(infos[t][i].id())));
            }
        }
        assertEquals(threads * each, stats(store).committed());
    }

    @Test
    void closedStoreRefusesWork() throws Exception {
        BlobId id = put(randomBytes(5), Set.of()).id();
        store.close();
        assertThrows(Exception.class, () -> store.size(id));
        assertThrows(Exception.class, () -> store.create(Set.of()));
        store.close(); // idempotent
    }
}
