package io.awsemu.core.storage.blob;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams one new blob into the store. Nothing is visible (or referenced) until {@link #commit()};
 * {@link #abort()} (or {@link #close()} without commit) removes what was written. Not thread-safe.
 */
public abstract class BlobWriter extends OutputStream {
    /** Bytes written so far. */
    public abstract long size();

    /**
     * Makes the blob durable (synced or group-committed to the write-ahead log before returning) and
     * returns its digests. After this the caller publishes the id in metadata; until then a crash
     * leaves an orphan the collector removes.
     */
    public abstract BlobInfo commit() throws IOException;

    /** Discards everything written. Idempotent; a no-op after commit. */
    public abstract void abort();

    /** Aborts unless committed. */
    @Override
    public void close() {
        abort();
    }
}
