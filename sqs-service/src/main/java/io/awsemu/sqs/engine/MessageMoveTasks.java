package io.awsemu.sqs.engine;

import io.awsemu.sqs.SqsErrors;
import io.awsemu.sqs.store.QueueStore;
import io.awsemu.sqs.store.QueueStore.MoveTaskRow;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Message move tasks (StartMessageMoveTask): each runs in the background in steps of {@link #TICK_MS},
 * moving at most {@code MaxNumberOfMessagesPerSecond} (without it: as fast as the steps allow, AWS's
 * "system optimized"), RUNNING until the messages present at the start have moved (COMPLETED), it is
 * cancelled (CANCELLED) or a queue it needs is gone (FAILED). Tasks are stored, so a RUNNING task goes
 * on after a restart; listings show the last 14 days.
 */
public final class MessageMoveTasks {
    static final long TICK_MS = 100;
    /** Messages one step moves when no rate is given. */
    static final int UNLIMITED_PER_TICK = 1_000;
    static final long LISTED_FOR_MS = 14L * 24 * 3600 * 1000;

    private final SqsEngine engine;
    private final QueueStore store;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    /** Most recent first. */
    private final List<Task> tasks = new ArrayList<>();

    private final class Task {
        final String handle;
        final String sourceArn;
        final String destinationArn;
        final Integer rate;
        final long toMove;
        final long startedAt;
        String status;
        long moved;
        String failureReason;
        double credit;

        Task(MoveTaskRow r) {
            handle = r.handle();
            sourceArn = r.sourceArn();
            destinationArn = r.destinationArn();
            rate = r.rate();
            toMove = r.toMove();
            startedAt = r.startedAt();
            status = r.status();
            moved = r.moved();
            failureReason = r.failureReason();
        }

        MoveTaskRow row() {
            return new MoveTaskRow(handle, sourceArn, destinationArn, rate, status, moved, toMove, failureReason, startedAt);
        }
    }

    public MessageMoveTasks(SqsEngine engine, QueueStore store, Clock clock, ScheduledExecutorService scheduler, Executor workers) {
        this.engine = engine;
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.workers = workers;
        for (MoveTaskRow r : store.loadMoveTasks()) {
            Task t = new Task(r);
            tasks.add(0, t);
            if ("RUNNING".equals(t.status)) schedule(t);
        }
    }

    public record Listed(String handle, String status, String sourceArn, String destinationArn, Integer rate,
                         long moved, long toMove, String failureReason, long startedAt) {}

    public String start(String sourceArn, String destinationArn, Integer rate) {
        Queue source = engine.queueByArn(sourceArn);
        if (source == null) {
            throw SqsErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
        }
        if (engine.deadLetterSources(source).isEmpty()) {
            throw SqsErrors.invalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
        }
        if (destinationArn != null && engine.queueByArn(destinationArn) == null) {
            throw SqsErrors.resourceNotFound("The resource that you specified for the DestinationArn parameter doesn't exist.");
        }
        if (rate != null && (rate < 1 || rate > 500)) {
            throw SqsErrors.invalidParameterValue("MaxNumberOfMessagesPerSecond", rate, "must be between 1 and 500.");
        }
        Task t;
        synchronized (tasks) {
            for (Task other : tasks) {
                if (other.sourceArn.equals(sourceArn) && isRunning(other)) {
                    throw SqsErrors.unsupportedOperation("There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
                }
            }
            String handle = Base64.getEncoder().encodeToString(("{\"taskId\":\"" + UUID.randomUUID()
                    + "\",\"sourceArn\":\"" + sourceArn + "\"}").getBytes(StandardCharsets.UTF_8));
            t = new Task(new MoveTaskRow(handle, sourceArn, destinationArn, rate, "RUNNING", 0, engine.movable(source),
                    null, clock.millis()));
            tasks.add(0, t);
        }
        store.saveMoveTask(t.row()).join();
        schedule(t);
        return t.handle;
    }

    private boolean isRunning(Task t) {
        synchronized (t) {
            return "RUNNING".equals(t.status);
        }
    }

    /** The source's tasks of the last 14 days, most recent first; a handle only for a running task. */
    public List<Listed> list(String sourceArn, int max) {
        long since = clock.millis() - LISTED_FOR_MS;
        List<Listed> out = new ArrayList<>();
        synchronized (tasks) {
            for (Task t : tasks) {
                if (out.size() == max) break;
                if (!t.sourceArn.equals(sourceArn) || t.startedAt < since) continue;
                synchronized (t) {
                    boolean running = "RUNNING".equals(t.status);
                    out.add(new Listed(running ? t.handle : null, t.status, t.sourceArn, t.destinationArn, t.rate, t.moved,
                            t.toMove, t.failureReason, t.startedAt));
                }
            }
        }
        return out;
    }

    /** Cancels a running task and returns how many messages it had moved. */
    public long cancel(String handle) {
        Task t = null;
        synchronized (tasks) {
            for (Task x : tasks) if (x.handle.equals(handle)) t = x;
        }
        if (t == null) throw SqsErrors.resourceNotFound("Task does not exist.");
        MoveTaskRow row;
        java.util.concurrent.CompletableFuture<Void> saved;
        synchronized (t) {
            if (!"RUNNING".equals(t.status)) {
                throw SqsErrors.unsupportedOperation("Only active tasks can be cancelled; this task is " + t.status + ".");
            }
            t.status = "CANCELLED";
            row = t.row();
            // queued under the task's monitor, so a step's older row can never be written after it
            saved = store.saveMoveTask(row);
        }
        saved.join();
        return row.moved();
    }

    private void schedule(Task t) {
        scheduler.schedule(() -> {
            try {
                workers.execute(() -> step(t));
            } catch (RejectedExecutionException e) {
                schedule(t);
            }
        }, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void step(Task t) {
        MoveTaskRow row;
        synchronized (t) {
            if (!"RUNNING".equals(t.status)) return;
            Queue source = engine.queueByArn(t.sourceArn);
            Queue destination = t.destinationArn == null ? null : engine.queueByArn(t.destinationArn);
            if (source == null) {
                fail(t, "The source queue " + t.sourceArn + " no longer exists.");
            } else if (t.destinationArn != null && destination == null) {
                fail(t, "The destination queue " + t.destinationArn + " no longer exists.");
            } else {
                int budget;
                if (t.rate == null) {
                    budget = UNLIMITED_PER_TICK;
                } else {
                    t.credit += t.rate * TICK_MS / 1000.0;
                    budget = (int) t.credit;
                    t.credit -= budget;
                }
                budget = (int) Math.min(budget, t.toMove - t.moved);
                try {
                    SqsEngine.Redriven r = budget > 0 ? engine.redrive(source, destination, budget) : new SqsEngine.Redriven(0, 0);
                    t.moved += r.moved();
                    if (t.moved >= t.toMove || engine.movable(source) == 0) {
                        t.status = "COMPLETED";
                    } else if (budget > 0 && r.moved() == 0 && r.missingTarget() > 0) {
                        fail(t, "The original source queue of a message no longer exists.");
                    }
                } catch (RuntimeException e) {
                    fail(t, "The source queue " + t.sourceArn + " no longer exists.");
                }
            }
            row = t.row();
            store.saveMoveTask(row);
        }
        if ("RUNNING".equals(row.status())) schedule(t);
    }

    private static void fail(Task t, String reason) {
        t.status = "FAILED";
        t.failureReason = reason;
    }
}
