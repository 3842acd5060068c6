package io.awsemu.core.storage.meta;

import io.awsemu.core.storage.meta.MetadataDb.TxWork;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit without a thread of its own: concurrent callers' short transactions run as one H2
 * transaction. A caller queues its work; if no batch is running it runs everything queued in one
 * transaction (and again while more is queued) and hands every caller its own result; otherwise it waits
 * until the running caller has done that for its work too. So N concurrent writers cost about one commit
 * (MVStore serializes the changed pages once per commit) instead of N, and nobody returns before the
 * transaction holding its work has committed: as durable as a transaction each. Callers wait on their own
 * thread (a worker, never the event loop), each woken by its own latch.
 *
 * <p>If a batch fails (a work throws, say a refused precondition, or the commit fails), every work in it
 * is run again in a transaction of its own, so a failure reaches only the caller whose work failed.
 * Works must therefore have no effect outside the connection, and may run twice. The works of one batch
 * run in queue order and see each other's changes, as if one after the other.
 *
 * <p>Only for works that would otherwise contend anyway (the same rows, or MVStore's commit): one slow
 * work delays the whole batch.
 */
public final class BatchedTx {
    private static final int MAX_BATCH = 64;

    private static final class Pending<T> {
        final TxWork<T> work;
        final CountDownLatch done = new CountDownLatch(1); // counted down after result or error is set
        T result;
        RuntimeException error;

        Pending(TxWork<T> work) {
            this.work = work;
        }

        boolean isDone() {
            return done.getCount() == 0;
        }

        void finish() {
            done.countDown();
        }
    }

    private final MetadataDb db;
    /** Whether a batch's commit is stored before its callers return ({@link MetadataDb#tx}), or left to a later store. */
    private final boolean stored;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();

    public BatchedTx(MetadataDb db) {
        this(db, true);
    }

    /**
     * @param stored false: the batches commit through {@link MetadataDb#txUnstored}, durable only at the next
     *               {@link MetadataDb#store}; their works then run one batch at a time in commit order, so a
     *               sequence number a work takes is in commit order too
     */
    public BatchedTx(MetadataDb db, boolean stored) {
        this.db = db;
        this.stored = stored;
    }

    private <T> T tx(TxWork<T> work) {
        return stored ? db.tx(work) : db.txUnstored(work);
    }

    /** Runs {@code work} in a committed transaction, possibly shared with concurrent callers' works. */
    public <T> T run(TxWork<T> work) {
        Pending<T> p = new Pending<>(work);
        queue.add(p);
        boolean interrupted = false;
        // Done, we still look at the queue once more after unlocking: a work queued while we held the lock
        // found it taken and waits on its latch; it was queued before our unlock, so this look sees it.
        while (!p.isDone() || !queue.isEmpty()) {
            if (lock.tryLock()) {
                try {
                    while (!queue.isEmpty()) runBatch();
                } finally {
                    lock.unlock();
                }
                continue;
            }
            if (p.isDone()) break; // the holder looks at the queue after it unlocks
            // The holder runs our work, or sees it queued after unlocking and runs it then; each waiter is
            // woken by its own latch (no convoy through the lock). The timeout is only a safety net.
            try {
                p.done.await(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true; // the work may be committing: wait for its outcome all the same
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (p.error != null) throw p.error;
        return p.result;
    }

    private void runBatch() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> q; batch.size() < MAX_BATCH && (q = queue.poll()) != null; ) batch.add(q);
        try {
            try {
                List<Object> results = tx(c -> {
                    List<Object> out = new ArrayList<>(batch.size());
                    for (Pending<?> q : batch) out.add(q.work.run(c));
                    return out;
                });
                for (int i = 0; i < batch.size(); i++) succeed(batch.get(i), results.get(i));
            } catch (RuntimeException batchFailure) {
                if (batch.size() == 1) {
                    batch.get(0).error = batchFailure;
                    batch.get(0).finish();
                    return;
                }
                for (Pending<?> q : batch) alone(q);
            }
        } finally {
            for (Pending<?> q : batch) {
                if (!q.isDone()) { // an Error on the way: nobody may wait for a work that left the queue
                    q.error = new MetadataException("a shared transaction failed");
                    q.finish();
                }
            }
        }
    }

    private static <T> void succeed(Pending<T> q, Object result) {
        @SuppressWarnings("unchecked") T r = (T) result;
        q.result = r;
        q.finish();
    }

    private <T> void alone(Pending<T> q) {
        try {
            q.result = tx(q.work);
        } catch (RuntimeException e) {
            q.error = e;
        }
        q.finish();
    }
}
