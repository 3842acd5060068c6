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

/**
 * One thread that applies queued writes in submission order, many per record write. A write is a
 * {@link Batch} of records (built by the caller, under its queue's monitor), optionally preceded by an
 * H2 transaction (queue rows: deleteQueue, move tasks). Consecutive record batches are written as one
 * atomic {@link KeyValueStore#write}; an H2 step first writes what is gathered before it, so the order
 * of submission is the order of effects. A writer's future completes only after its write returned, so
 * an acknowledged send is as durable as with one write per message, while a burst of N concurrent sends
 * costs one write instead of N. Futures complete on this thread: their dependents must be short and
 * never wait (the server writes the answers on the request's event loop or a worker, not here).
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_BATCH = 2_000;

    private record Pending(TxWork<?> meta, Batch records, CompletableFuture<Void> done) {}

    private final KeyValueStore records;
    private final boolean sync;
    private final MetadataDb db;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /** @param sync fsync each record write (see {@link RecordsQueueStore} for why it is off) */
    public GroupCommitter(KeyValueStore records, boolean sync, MetadataDb db) {
        this.records = records;
        this.sync = sync;
        this.db = db;
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
        queue.add(new Pending(meta, records, f));
        return f;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
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
