package io.awsemu.sqs.store;

import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.core.storage.meta.MetadataDb.TxWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One thread that applies queued writes in submission order, many per H2 transaction. A writer's
 * future completes (on {@code completions}, never on this thread) only after the transaction holding
 * its write has committed, so an acknowledged send is as durable as with one commit per message, while
 * a burst of N concurrent sends costs one commit instead of N. If a batch fails, its writes are
 * retried one transaction each so that one bad write fails only its own caller.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_BATCH = 2_000;

    private record Pending(TxWork<?> work, CompletableFuture<Void> done) {}

    private final MetadataDb db;
    private final Executor completions;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    public GroupCommitter(MetadataDb db, Executor completions) {
        this.db = db;
        this.completions = completions;
        this.thread = new Thread(this::loop, "sqs-group-commit");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code work}; the future completes once it is committed (or fails with its exception). */
    public CompletableFuture<Void> submit(TxWork<?> work) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("store closed"));
            return f;
        }
        queue.add(new Pending(work, f));
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
        try {
            db.tx(c -> {
                for (Pending p : batch) p.work().run(c);
                return null;
            });
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                fail(batch.get(0), batchFailure);
                return;
            }
            for (Pending p : batch) {
                try {
                    db.tx(p.work());
                    succeed(p);
                } catch (RuntimeException e) {
                    fail(p, e);
                }
            }
            return;
        }
        for (Pending p : batch) succeed(p);
    }

    private void succeed(Pending p) {
        hand(() -> p.done().complete(null));
    }

    private void fail(Pending p, RuntimeException e) {
        hand(() -> p.done().completeExceptionally(e));
    }

    /** Completes on a worker (the response is written there); inline if the pool refuses. */
    private void hand(Runnable r) {
        try {
            completions.execute(r);
        } catch (RejectedExecutionException e) {
            r.run();
        }
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
