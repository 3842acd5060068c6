package io.awsemu.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Warms the bench client's JIT until it has nearly stopped compiling, so that no target is measured
 * while the client's compiler threads take a core from the server.
 *
 * <p>Why: the AWS SDK is large. A client JVM warmed for a few seconds kept C2 busy for tens of seconds
 * afterwards (35 s of compile time in a 35 s S3 run, 7,800 compilations, single methods taking up to
 * 1 s), on a machine with 2 cores. The first target measured paid for it; the last got a hot client.
 * A round counts as quiet when the JIT spent less than {@link #QUIET} of the round's wall time compiling.
 */
final class JitWarmup {
    private JitWarmup() {}

    /** One warm-up round: the same calls as the measured workloads, against the do-nothing endpoint. */
    interface Round {
        void run() throws Exception;
    }

    /** Compile time per wall time (summed over compiler threads) below which a round is quiet. */
    static final double QUIET = 0.05;

    /** The longest warm-up, quiet or not. */
    static final int MAX_SECONDS = 120;

    /**
     * Runs rounds for at least {@code minSeconds}, then until a round is quiet, but never longer than
     * {@code maxSeconds}; prints one line per round.
     */
    static void untilQuiet(int minSeconds, int maxSeconds, Round round) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        long min = TimeUnit.SECONDS.toNanos(minSeconds);
        long max = TimeUnit.SECONDS.toNanos(Math.max(minSeconds, maxSeconds));
        for (int n = 1; ; n++) {
            long t0 = System.nanoTime();
            long c0 = timed ? jit.getTotalCompilationTime() : 0;
            round.run();
            long wallMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            long compileMs = timed ? jit.getTotalCompilationTime() - c0 : 0;
            double share = (double) compileMs / wallMs;
            System.out.printf(Locale.ROOT, "   warm-up round %d: %.1f s, client JIT compiling %d ms (%.0f %% of the round)%n",
                    n, wallMs / 1e3, compileMs, share * 100);
            long elapsed = System.nanoTime() - start;
            if (elapsed >= max) {
                if (timed && share >= QUIET) System.out.printf("   client JIT still busy after %d s: measuring anyway%n", maxSeconds);
                return;
            }
            if (elapsed >= min && (!timed || share < QUIET)) return;
        }
    }
}
