package io.awsemu.sqs.store;

import io.awsemu.core.storage.KeyValueStore;
import io.awsemu.core.storage.KeyValueStore.Batch;
import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.core.storage.meta.MetadataDb.TxWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One thread that applies queued writes in submission order, many per record write. A write is a
 * {@link Batch} of records (built by the caller, under its queue's monitor), optionally preceded by an
 * H2 transaction (queue rows: deleteQueue, move tasks). Consecutive record batches are written as one
 * atomic {@link KeyValueStore#write}; an H2 step first writes what is gathered before it, so the order
 * of submission is the order of effects. A writer's future completes only after its write returned, so
 * an acknowledged send is as durable as with one write per message, while a burst of N concurrent sends
 * costs one write instead of N. Futures complete on this thread: their dependents must be short and
 * never wait (the server writes the answers on the request's event loop or a worker, not here).
 *
 * <p>When nothing is queued or being committed, a record batch is written on the submitting thread instead,
 * if the store takes it without waiting ({@link KeyValueStore#writeNow}), and its future is complete on return:
 * no hand-off to this thread and back, which cost a fifth of the server's CPU per sent message (two thread
 * wake-ups per request). Otherwise, or if the store would make the write wait, it is queued as before. Either
 * way a write goes after every write submitted before it. So the submitting thread (an event loop) runs the
 * future's dependents when it attaches them: they must take no monitor the submitter may hold around its submit
 * (a queue's), but one it holds itself. A write on the submitting thread that took longer than
 * {@link #SLOW_NANOS} (the store busy in a way it did not refuse, a slow disk) sends every write of the next
 * {@link #BACK_OFF_NANOS} to this thread, so a submitter that must not wait is held up once, not at every write.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_BATCH = 2_000;
    /** A write on the submitting thread that took longer than this ... */
    static final long SLOW_NANOS = 5_000_000L;
    /** ... makes the writes of this long after it go to the committer. */
    static final long BACK_OFF_NANOS = 1_000_000_000L;

    private record Pending(TxWork<?> meta, Batch records, CompletableFuture<Void> done) {}

    private final KeyValueStore records;
    private final boolean sync;
    private final MetadataDb db;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    /** Held by whoever writes: this thread for a commit, a submitter for a write on its own thread. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Writes queued or being committed; a submitter writes on its own thread only when there are none. */
    private final AtomicInteger queued = new AtomicInteger();
    private final long slowNanos, backOffNanos;
    /** {@link System#nanoTime} before which no write is done on the submitting thread. */
    private volatile long submitterWritesFrom = System.nanoTime();

    /** @param sync fsync each record write (see {@link RecordsQueueStore} for why it is off) */
    public GroupCommitter(KeyValueStore records, boolean sync, MetadataDb db) {
        this(records, sync, db, SLOW_NANOS, BACK_OFF_NANOS);
    }

    GroupCommitter(KeyValueStore records, boolean sync, MetadataDb db, long slowNanos, long backOffNanos) {
        this.records = records;
        this.sync = sync;
        this.db = db;
        this.slowNanos = slowNanos;
        this.backOffNanos = backOffNanos;
        this.thread = new Thread(this::loop, "sqs-group-commit");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code records}; the future completes once they are written (or fails with the write's exception). */
    public CompletableFuture<Void> submit(Batch records) {
        return submit(null, records);
    }

    /** Queues {@code meta} (one H2 transaction), then {@code records}; a failing {@code meta} skips its records. */
    public CompletableFuture<Void> submit(TxWork<?> meta, Batch records) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("store closed"));
            return f;
        }
        if (meta == null && !sync && System.nanoTime() - submitterWritesFrom >= 0 && writing.tryLock()) {
            try {
                if (queued.get() == 0 && writtenNow(records, f)) return f;
            } finally {
                writing.unlock();
            }
        }
        queued.incrementAndGet();
        queue.add(new Pending(meta, records, f));
        return f;
    }

    /**
     * Nothing queued or being committed, so the next write goes on its submitter's thread (for tests: a write's future
     * completes a moment before the committer lowers its count and lets go of the lock).
     */
    boolean idle() {
        return queued.get() == 0 && !writing.isLocked();
    }

    /** Writes {@code records} on this thread if the store takes them at once; false when it would have waited. */
    private boolean writtenNow(Batch records, CompletableFuture<Void> f) {
        long start = System.nanoTime();
        try {
            if (!this.records.writeNow(records)) return false;
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
            return true;
        } finally {
            long end = System.nanoTime();
            if (end - start > slowNanos) {
                submitterWritesFrom = end + backOffNanos;
                log.debug("a records write on {} took {} us: writes go to the committer for a while",
                        Thread.currentThread().getName(), (end - start) / 1000);
            }
        }
        f.complete(null);
        return true;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                writing.lock();
                try {
                    queue.drainTo(batch, MAX_BATCH - 1);
                    commit(batch);
                } finally {
                    queued.addAndGet(-batch.size());
                    writing.unlock();
                }
            } catch (InterruptedException e) {
                if (closed) break;
            } catch (Throwable t) {
                log.error("group commit failed", t);
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        Batch group = new Batch();
        List<Pending> grouped = new ArrayList<>();
        for (Pending p : batch) {
            if (p.meta() != null) {
                write(group, grouped);
                group = new Batch();
                grouped = new ArrayList<>();
                try {
                    db.tx(p.meta());
                } catch (RuntimeException e) {
                    fail(p, e);
                    continue;
                }
            }
            group.addAll(p.records());
            grouped.add(p);
        }
        write(group, grouped);
    }

    private void write(Batch group, List<Pending> grouped) {
        if (grouped.isEmpty()) return;
        try {
            records.write(group, sync);
        } catch (RuntimeException e) {
            for (Pending p : grouped) fail(p, e);
            return;
        }
        for (Pending p : grouped) p.done().complete(null);
    }

    private void fail(Pending p, RuntimeException e) {
        p.done().completeExceptionally(e);
    }

    /** Applies what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
