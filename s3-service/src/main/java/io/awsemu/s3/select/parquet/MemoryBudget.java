package io.awsemu.s3.select.parquet;

import java.util.concurrent.atomic.AtomicLong;

import static io.awsemu.s3.select.parquet.ParquetErrors.overMaxParquetBlockSize;

/**
 * What the Parquet readers running at once may hold in pages, page buffers and dictionaries: a third of the heap
 * (about 85 MB under the image's 256 MB). A file whose row group needs more at once (many columns with large pages)
 * is refused with OverMaxParquetBlockSize instead of running the server out of memory, which ends the process
 * ({@code -XX:+ExitOnOutOfMemoryError}). Each reader charges its buffers as they grow and gives them all back when it
 * moves to the next row group or closes.
 */
final class MemoryBudget {
    private static final AtomicLong HELD = new AtomicLong();
    static final long LIMIT = Runtime.getRuntime().maxMemory() / 3;

    private final long limit;
    private final AtomicLong pool;
    private long held;

    MemoryBudget() {
        this(LIMIT, HELD);
    }

    /** For tests: a budget of its own. */
    MemoryBudget(long limit, AtomicLong pool) {
        this.limit = limit;
        this.pool = pool;
    }

    /** Takes {@code bytes} more, or throws OverMaxParquetBlockSize (taking nothing) when the pool cannot give them. */
    void charge(long bytes) {
        if (bytes <= 0) return;
        long after = pool.addAndGet(bytes);
        if (after > limit) {
            pool.addAndGet(-bytes);
            throw overMaxParquetBlockSize("pages needing " + (held + bytes) + " bytes at once ("
                    + (after - bytes - held) + " held by other Parquet reads, " + limit + " in all)");
        }
        held += bytes;
    }

    /** Gives back everything this reader holds. */
    void releaseAll() {
        pool.addAndGet(-held);
        held = 0;
    }

    long held() {
        return held;
    }

    /** What all readers hold now, for tests. */
    static long pooled() {
        return HELD.get();
    }
}
