package io.awsemu.core.storage.meta;

import io.awsemu.core.storage.meta.MetadataDb.TxWork;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit without a thread of its own: concurrent callers' short transactions run as one H2
 * transaction. A caller queues its work and takes the lock; if its work is still queued then, it runs
 * everything queued in one transaction and hands every caller its own result; otherwise the holder
 * before it already did. So N concurrent writers cost about one commit (MVStore serializes the changed
 * pages once per commit) instead of N, and nobody returns before the transaction holding its work has
 * committed: as durable as a transaction each. Callers wait on their own thread (a worker, never the
 * event loop).
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
        T result;
        RuntimeException error;
        boolean done; // written and read under the lock

        Pending(TxWork<T> work) {
            this.work = work;
        }
    }

    private final MetadataDb db;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();

    public BatchedTx(MetadataDb db) {
        this.db = db;
    }

    /** Runs {@code work} in a committed transaction, possibly shared with concurrent callers' works. */
    public <T> T run(TxWork<T> work) {
        Pending<T> p = new Pending<>(work);
        queue.add(p);
        lock.lock();
        try {
            while (!p.done) runBatch(); // a batch drains from the head, so ours comes
        } finally {
            lock.unlock();
        }
        if (p.error != null) throw p.error;
        return p.result;
    }

    private void runBatch() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> q; batch.size() < MAX_BATCH && (q = queue.poll()) != null; ) batch.add(q);
        try {
            try {
                List<Object> results = db.tx(c -> {
                    List<Object> out = new ArrayList<>(batch.size());
                    for (Pending<?> q : batch) out.add(q.work.run(c));
                    return out;
                });
                for (int i = 0; i < batch.size(); i++) succeed(batch.get(i), results.get(i));
            } catch (RuntimeException batchFailure) {
                if (batch.size() == 1) {
                    batch.get(0).error = batchFailure;
                    batch.get(0).done = true;
                    return;
                }
                for (Pending<?> q : batch) alone(q);
            }
        } finally {
            for (Pending<?> q : batch) {
                if (!q.done) { // an Error on the way: nobody may wait for a work that left the queue
                    q.error = new MetadataException("a shared transaction failed");
                    q.done = true;
                }
            }
        }
    }

    private static <T> void succeed(Pending<T> q, Object result) {
        @SuppressWarnings("unchecked") T r = (T) result;
        q.result = r;
        q.done = true;
    }

    private <T> void alone(Pending<T> q) {
        try {
            q.result = db.tx(q.work);
        } catch (RuntimeException e) {
            q.error = e;
        }
        q.done = true;
    }
}
