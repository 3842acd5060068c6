package io.awsemu.core.storage;

import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.core.storage.blob.BlobId;
import io.awsemu.core.storage.blob.BlobInfo;
import io.awsemu.core.storage.blob.BlobStore;
import io.awsemu.core.storage.blob.BlobWriter;
import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.blob.RocksDbBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataStoresTest {
    @TempDir
    Path dir;

    private static BlobId put(BlobStore s, int n) throws IOException {
        try (BlobWriter w = s.create(Set.of())) {
            w.write(new byte[n]);
            BlobInfo info = w.commit();
            return info.id();
        }
    }

    @Test
    void rocksDbsNativeLibraryIsCachedInNativeDir() throws IOException {
        Path cache = dir.resolve("native");
        EmulatorConfig cfg = EmulatorConfig.of(Map.of("dataDir", dir.resolve("data").toString(), "nativeDir", cache.toString()));
        try (DataStores s = DataStores.open(cfg)) {
            assertInstanceOf(RocksDbBlobStore.class, s.blobs());
            put(s.blobs(), 10);
        }
        try (var list = Files.list(cache)) {
            assertEquals(1, list.filter(p -> p.getFileName().toString().startsWith("rocksdbjni-")).count());
        }
    }

    @Test
    void opensFilesUnderDataDirAndRefusesASecondOpener() {
        Path data = dir.resolve("nested/data");
        EmulatorConfig cfg = EmulatorConfig.of(Map.of("dataDir", data.toString()));
        try (DataStores s = DataStores.open(cfg)) {
            assertInstanceOf(RocksDbBlobStore.class, s.blobs());
            assertTrue(Files.isDirectory(data.resolve("blobs")));
            assertTrue(Files.exists(data.resolve("meta.mv.db")));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> DataStores.open(cfg));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            // the failed opener must not have closed the live stores
            assertEquals(Integer.valueOf(1), s.metadata().read(c -> 1));
        }
        try (DataStores again = DataStores.open(cfg)) {
            assertEquals(data, again.dataDir());
        }
    }

    @Test
    void memoryDataDirKeepsNothingOnDisk() throws Exception {
        try (DataStores s = DataStores.open(EmulatorConfig.of(Map.of("dataDir", ":memory:")))) {
            assertInstanceOf(InMemoryBlobStore.class, s.blobs());
            assertEquals(null, s.dataDir());
            BlobId id = put(s.blobs(), 3);
            assertEquals(3, s.blobs().size(id));
        }
    }

    @Test
    void collectorDeletesOnlyWhatNoOwnerReferences() throws Exception {
        try (DataStores s = DataStores.inMemory()) {
            BlobId a = put(s.blobs(), 1), b = put(s.blobs(), 2), c = put(s.blobs(), 3);
            BlobCollector col = s.collector();
            // no owners yet: nothing committed may go
            assertEquals(0, col.collect(Duration.ZERO));
            col.register("s3", a::equals);
            col.register("ebs", b::equals);
            assertEquals(1, col.collect(Duration.ZERO));
            assertThrows(NoSuchElementException.class, () -> s.blobs().size(c));
            assertEquals(2, s.blobs().size(b));
            col.unregister("ebs");
            assertEquals(1, col.collect(Duration.ZERO));
            assertThrows(NoSuchElementException.class, () -> s.blobs().size(b));
            assertEquals(1, s.blobs().size(a));
            // too young to collect
            BlobId d = put(s.blobs(), 4);
            assertEquals(0, col.collect(Duration.ofHours(1)));
            assertEquals(4, s.blobs().size(d));
        }
    }

    @Test
    void scheduledCollectorRunsAndSurvivesAFailingPredicate() throws Exception {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
        try (DataStores s = DataStores.inMemory()) {
            BlobId keep = put(s.blobs(), 1);
            BlobId drop = put(s.blobs(), 1);
            java.util.concurrent.atomic.AtomicBoolean fail = new java.util.concurrent.atomic.AtomicBoolean(true);
            s.collector().register("svc", id -> {
                if (fail.get()) throw new IllegalStateException("db down");
                return id.equals(keep);
            });
            ScheduledFuture<?> f = s.collector().schedule(ex, Duration.ofMillis(20), Duration.ZERO);
            Thread.sleep(100);
            assertEquals(1, s.blobs().size(drop)); // failing passes delete nothing
            fail.set(false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            boolean gone = false;
            while (!gone && System.nanoTime() < deadline) {
                try {
                    s.blobs().size(drop);
                    Thread.sleep(20);
                } catch (NoSuchElementException e) {
                    gone = true;
                }
            }
            assertTrue(gone, "scheduled pass never removed the orphan");
            assertEquals(1, s.blobs().size(keep));
            f.cancel(false);
        } finally {
            ex.shutdownNow();
        }
    }
}
