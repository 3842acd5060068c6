package io.awsemu.core.storage;

import io.awsemu.core.concurrent.Background;
import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.core.storage.blob.BlobStore;
import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.blob.RocksDbBlobStore;
import io.awsemu.core.storage.blob.RocksDbLibrary;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.core.storage.meta.MetadataDb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The emulator's two stores: blobs and small records (RocksDB at {@code <dataDir>/blobs}) and metadata
 * (H2 at {@code <dataDir>/meta.mv.db}), or both in memory for {@code awsemu.dataDir=:memory:}. A second
 * emulator on the same data dir is refused by {@link DataDirLock} before either store opens. Also owns the {@link BlobCollector} services register with.
 */
public final class DataStores implements AutoCloseable {
    private final BlobStore blobs;
    private final KeyValueStore records;
    private final MetadataDb metadata;
    private final BlobCollector collector;
    private final Path dataDir;
    private final DataDirLock lock;

    private DataStores(BlobStore blobs, KeyValueStore records, MetadataDb metadata, Path dataDir, DataDirLock lock) {
        this.lock = lock;
        this.blobs = blobs;
        this.records = records;
        this.metadata = metadata;
        this.dataDir = dataDir;
        this.collector = new BlobCollector(blobs);
    }

    public static DataStores open(EmulatorConfig cfg) {
        return cfg.inMemory() ? inMemory() : open(cfg.dataDir(), cfg.nativeDir(), cfg.metaTemplate());
    }

    /** {@link #open(Path, Path)} with RocksDB's own loader of its native library. */
    public static DataStores open(Path dataDir) {
        return open(dataDir, null);
    }

    /**
     * File-backed stores under {@code dataDir} (created if missing). H2 opens on a second thread
     * while RocksDB loads its JNI library and replays its WAL: the two are independent, and start-up
     * is most of a CI job's wait. A failure of either closes the other. RocksDB's native library is
     * loaded from {@code nativeDir} (see {@link RocksDbLibrary}; null: RocksDB's own loader).
     */
    public static DataStores open(Path dataDir, Path nativeDir) {
        return open(dataDir, nativeDir, null);
    }

    /**
     * {@link #open(Path, Path)}; a data dir without metadata yet is first seeded from {@code metaTemplate}
     * (see {@link H2MetadataDb#file(Path, Path)}; null: none).
     */
    public static DataStores open(Path dataDir, Path nativeDir, Path metaTemplate) {
        // Taken before either store opens: H2 shares one database per file within a JVM, so a second
        // opener must be refused before it touches H2, or closing it would close the live one.
        DataDirLock lock = DataDirLock.acquire(dataDir);
        CompletableFuture<H2MetadataDb> meta =
                Background.supply("awsemu-open-metadata", () -> H2MetadataDb.file(dataDir, metaTemplate));
        RocksDbBlobStore blobs;
        try {
            RocksDbLibrary.load(nativeDir);
            blobs = new RocksDbBlobStore(dataDir.resolve("blobs"));
        } catch (IOException | RuntimeException | LinkageError e) {
            closeWhenOpened(meta);
            lock.close();
            if (e instanceof IOException io) throw new UncheckedIOException(io);
            if (e instanceof LinkageError le) throw le;
            throw (RuntimeException) e;
        }
        try {
            return new DataStores(blobs, blobs.records(), Background.join(meta), dataDir, lock);
        } catch (RuntimeException | Error e) {
            blobs.close();
            lock.close();
            throw e;
        }
    }

    private static void closeWhenOpened(CompletableFuture<H2MetadataDb> meta) {
        try {
            meta.join().close();
        } catch (RuntimeException ignored) {
            // it failed to open as well; the blob store's error is the one to report
        }
    }

    public static DataStores inMemory() {
        return new DataStores(new InMemoryBlobStore(), new InMemoryKeyValueStore(), H2MetadataDb.inMemory(), null, null);
    }

    public BlobStore blobs() { return blobs; }

    public MetadataDb metadata() { return metadata; }

    /** Small records in key order (the blob store's {@code records} column family, or memory); closed with the blobs. */
    public KeyValueStore records() { return records; }

    /** Where services register what they reference; schedule it once they have. */
    public BlobCollector collector() { return collector; }

    /** The data directory; null in memory. */
    public Path dataDir() { return dataDir; }

    /** Closes metadata, then blobs (a blob nobody points at is harmless; the reverse is not). */
    @Override
    public void close() {
        try {
            metadata.close();
        } finally {
            try {
                blobs.close();
            } finally {
                if (lock != null) lock.close();
            }
        }
    }
}
