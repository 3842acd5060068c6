package io.awsemu.core.storage;

import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.core.storage.blob.BlobStore;
import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.blob.RocksDbBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.core.storage.meta.MetadataDb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The emulator's two stores: blobs (RocksDB at {@code <dataDir>/blobs}) and metadata (H2 at
 * {@code <dataDir>/meta.mv.db}), or both in memory for {@code awsemu.dataDir=:memory:}. The blob
 * store opens first, so a second emulator on the same data dir fails on RocksDB's LOCK with a
 * clear message before H2 is touched. Also owns the {@link BlobCollector} services register with.
 */
public final class DataStores implements AutoCloseable {
    private final BlobStore blobs;
    private final MetadataDb metadata;
    private final BlobCollector collector;
    private final Path dataDir;

    private DataStores(BlobStore blobs, MetadataDb metadata, Path dataDir) {
        this.blobs = blobs;
        this.metadata = metadata;
        this.dataDir = dataDir;
        this.collector = new BlobCollector(blobs);
    }

    public static DataStores open(EmulatorConfig cfg) {
        return cfg.inMemory() ? inMemory() : open(cfg.dataDir());
    }

    /** File-backed stores under {@code dataDir} (created if missing). */
    public static DataStores open(Path dataDir) {
        RocksDbBlobStore blobs;
        try {
            blobs = new RocksDbBlobStore(dataDir.resolve("blobs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new DataStores(blobs, H2MetadataDb.file(dataDir), dataDir);
        } catch (RuntimeException e) {
            blobs.close();
            throw e;
        }
    }

    public static DataStores inMemory() {
        return new DataStores(new InMemoryBlobStore(), H2MetadataDb.inMemory(), null);
    }

    public BlobStore blobs() { return blobs; }

    public MetadataDb metadata() { return metadata; }

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
            blobs.close();
        }
    }
}
