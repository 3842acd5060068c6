package io.awsemu.sqs;

import io.awsemu.core.concurrent.Background;
import io.awsemu.sqs.engine.Queue;
import io.awsemu.sqs.engine.SqsEngine;
import io.awsemu.sqs.engine.SqsEngine.Delivery;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * ReceiveMessage long polls without a parked thread: a waiter sits in the queue's list until a send
 * (or a message turning visible, or the deadline) wakes it; each wake retries the receive on a worker.
 */
public final class LongPolls {
    private final SqsEngine engine;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final Clock clock;

    public LongPolls(SqsEngine engine, ScheduledExecutorService scheduler, Executor workers, Clock clock) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.workers = workers;
        this.clock = clock;
        engine.onAvailable(engine::wakeWaiters);
    }

    public CompletableFuture<List<Delivery>> await(Queue q, long waitMillis, Supplier<SqsEngine.Received> attempt) {
        Waiter w = new Waiter(q, clock.millis() + waitMillis, attempt);
        w.timeout = scheduler.schedule(w::expire, waitMillis, TimeUnit.MILLISECONDS);
        w.park();
        return w.future;
    }

    private final class Waiter implements Runnable {
        final Queue queue;
        final long deadline;
        final Supplier<SqsEngine.Received> attempt;
        final CompletableFuture<List<Delivery>> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeout;
        ScheduledFuture<?> recheck;
        boolean done;

        Waiter(Queue queue, long deadline, Supplier<SqsEngine.Received> attempt) {
            this.queue = queue;
            this.deadline = deadline;
            this.attempt = attempt;
        }

        /** Waits for a send, and for the next delayed or in-flight message to turn visible. */
        synchronized void park() {
            if (done) return;
            engine.await(queue, this);
            long next = engine.nextVisibleAt(queue);
            if (next > 0 && next < deadline) {
                recheck = scheduler.schedule(this, Math.max(1, next - clock.millis()), TimeUnit.MILLISECONDS);
            }
        }

        /** Woken: retry on a worker, not on the sender's, the committer's or the scheduler's thread. */
        @Override
        public void run() {
            // here if the pool refuses: a full pool must not lose a waiter's answer or fail a send
            Background.executeOrRun(workers, this::retry);
        }

        private void retry() {
            SqsEngine.Received got;
            synchronized (this) {
                if (done) return;
                engine.cancelAwait(queue, this);
                if (recheck != null) recheck.cancel(false);
                try {
                    got = attempt.get();
                } catch (RuntimeException e) {
                    done = true;
                    timeout.cancel(false);
                    future.completeExceptionally(e);
                    return;
                }
                if (got.deliveries().isEmpty()) {
                    park();
                    return;
                }
                done = true;
                timeout.cancel(false);
            }
            // answered once the delivery state is committed
            got.written().whenComplete((v, e) -> {
                if (e == null) future.complete(got.deliveries());
                else future.completeExceptionally(e);
            });
        }

        synchronized void expire() {
            if (done) return;
            done = true;
            engine.cancelAwait(queue, this);
            if (recheck != null) recheck.cancel(false);
            Background.executeOrRun(workers, () -> future.complete(List.of()));
        }
    }
}
