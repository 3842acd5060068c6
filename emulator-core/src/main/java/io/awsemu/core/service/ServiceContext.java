package io.awsemu.core.service;

import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.core.storage.KeyValueStore;
import io.awsemu.core.storage.blob.BlobStore;
import io.awsemu.core.storage.meta.MetadataDb;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** Everything a service may use. State hangs off this, never off statics. */
public interface ServiceContext {
    EmulatorConfig config();

    /** The clock every engine reads; tests inject a fixed or stepping one. */
    Clock clock();

    /** Object bytes (RocksDB, or memory for {@code :memory:}). */
    BlobStore blobs();

    /** Metadata (H2); each service migrates and uses its own schema. */
    MetadataDb metadata();

    /**
     * Small records written too often for H2 (RocksDB beside the blobs, or memory for {@code :memory:}),
     * seen through {@link KeyValueStore#namespace}: each service uses its own namespace.
     */
    KeyValueStore records();

    /** For timeouts and background sweeps; tasks must be short or hand off to {@link #workers()}. */
    ScheduledExecutorService scheduler();

    /** The bounded pool handlers run on. */
    Executor workers();

    /**
     * Where a service registers which blobs its metadata references, so that the periodic collector
     * removes only orphans (blobs of writes that crashed or were replaced).
     */
    io.awsemu.core.storage.BlobCollector blobCollector();

    /** Small interfaces services publish for each other (CloudFront reads S3 through one). */
    InternalServices internal();
}
