package io.awsemu.core.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Work off the caller's thread: one-off start-up steps, small pools of daemon threads, hand-offs. */
public final class Background {
    private Background() {}

    /** Runs {@code work} on a new daemon thread named {@code threadName}. */
    public static <T> CompletableFuture<T> supply(String threadName, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** Waits for {@code future} and rethrows its failure as it was thrown, not wrapped. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /**
     * Up to {@code threads} daemon threads named {@code name-1}, {@code name-2}, ..., started as work arrives
     * and ended after {@code idleSeconds} without any; the queue is unbounded.
     */
    public static ThreadPoolExecutor idlePool(String name, int threads, int idleSeconds) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, idleSeconds, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(name + "-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * One daemon thread named {@code name-1} (then {@code name-2}, ...), for delayed work: started when work is
     * scheduled, ended after {@code idleSeconds} without any (never while delayed work is queued). Delayed work
     * still queued at shutdown is dropped.
     */
    public static ScheduledThreadPoolExecutor idleScheduler(String name, int idleSeconds) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemonThreads(name + "-"));
        s.setKeepAliveTime(idleSeconds, TimeUnit.SECONDS);
        s.allowCoreThreadTimeOut(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /** Daemon threads named {@code prefix} followed by 1, 2, ... */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs {@code work} on {@code executor}, or on this thread if the executor refuses it (full or shut down). */
    public static void executeOrRun(Executor executor, Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            work.run();
        }
    }
}
