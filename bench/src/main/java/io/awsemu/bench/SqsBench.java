package io.awsemu.bench;

import static io.awsemu.bench.BenchArgs.positive;
import static io.awsemu.bench.BenchArgs.value;

import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.core.server.EmulatorServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SQS through SDK v2 (JSON protocol, the SDK default) against three servers started in the same run,
 * each in its own JVM: awsemu (sqs only, a data directory on disk: every send is committed to H2
 * before it is answered), ElasticMQ (in-memory: nothing is durable) and a do-nothing SQS endpoint
 * (canned answers: what the client alone can do on these cores, the ceiling).
 *
 * <p>Workloads: SendMessageBatch of 10 from N threads; draining 10,000 messages with
 * ReceiveMessage(10) + DeleteMessageBatch from N threads; single SendMessage latency (1 thread);
 * producer/consumer end-to-end latency with long polling consumers.
 *
 * <p>Usage: {@code SqsBench --elasticmq-cp CLASSPATH --elasticmq-conf FILE [--threads N] [--seconds S]
 * [--messages N] [--sends N] [--rate R] [--warmup S] [--server-warmup S] [--only null,elasticmq,awsemu] [--server-jvm "ARGS"]}. The
 * client JIT is warmed against a do-nothing endpoint first: at least {@code --warmup} seconds (default 15), then until
 * it is quiet ({@link JitWarmup}). Each server then gets {@code --server-warmup} seconds (default 10) of batch sends and
 * the drain of what they left, not counted, before its measured phases.
 */
public final class SqsBench {

    record Options(String elasticMqCp, String elasticMqConf, int threads, int seconds, int messages, int sends,
                   int rate, int warmup, int serverWarmup, List<String> only, String serverJvm, String awsemuCp) {
        static Options parse(String... args) {
            String cp = null, conf = null, serverJvm = "", awsemuCp = System.getProperty("java.class.path");
            int threads = 4, seconds = 10, messages = 10_000, sends = 2_000, rate = 500, warmup = 15, serverWarmup = 10;
            List<String> only = List.of("null", "elasticmq", "awsemu");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--elasticmq-cp" -> cp = value(args, ++i, a);
                    case "--elasticmq-conf" -> conf = value(args, ++i, a);
                    case "--threads" -> threads = positive(value(args, ++i, a), a);
                    case "--seconds" -> seconds = positive(value(args, ++i, a), a);
                    case "--messages" -> messages = positive(value(args, ++i, a), a);
                    case "--sends" -> sends = positive(value(args, ++i, a), a);
                    case "--rate" -> rate = positive(value(args, ++i, a), a);
                    case "--warmup" -> warmup = positive(value(args, ++i, a), a);
                    case "--server-warmup" -> serverWarmup = positive(value(args, ++i, a), a);
                    case "--only" -> only = List.of(value(args, ++i, a).split(","));
                    case "--server-jvm" -> serverJvm = value(args, ++i, a);
                    case "--awsemu-cp" -> awsemuCp = value(args, ++i, a);
                    default -> throw new IllegalArgumentException("unknown argument: " + a);
                }
            }
            if (only.contains("elasticmq") && (cp == null || conf == null)) {
                throw new IllegalArgumentException("--elasticmq-cp and --elasticmq-conf are needed for the ElasticMQ peer");
            }
            return new Options(cp, conf, threads, seconds, messages, sends, rate, warmup, serverWarmup, only, serverJvm, awsemuCp);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve-awsemu")) {
            io.awsemu.core.server.Launcher.runtimeDefaults(); // as java -jar runs it
            serveAwsemu(Integer.parseInt(args[1]), args[2]);
            return;
        }
        if (args.length > 0 && args[0].equals("serve-null")) {
            NullSqsServer.serve(Integer.parseInt(args[1]));
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SqsBench --elasticmq-cp CP --elasticmq-conf FILE [--threads N] [--seconds S] "
                    + "[--messages N] [--sends N] [--rate R] [--warmup S] [--server-warmup S] [--only null,elasticmq,awsemu] [--server-jvm \"ARGS\"] "
                    + "[--awsemu-cp CLASSPATH]");
            System.exit(2);
            return;
        }
        String loadBefore = loadAverage();
        List<String> rows = new ArrayList<>();
        // the client's JIT is warmed first, against the do-nothing endpoint and not counted, so that
        // the first server measured is not the one that pays for it
        List<String> order = new ArrayList<>(List.of("warm-up"));
        order.addAll(o.only());
        for (String target : order) {
            Path dir = Files.createTempDirectory("awsemu-sqs-bench");
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(javaBin()));
            if (!o.serverJvm().isBlank()) cmd.addAll(Arrays.asList(o.serverJvm().trim().split("\\s+")));
            switch (target) {
                case "awsemu" -> cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                        o.awsemuCp(), SqsBench.class.getName(), "serve-awsemu",
                        String.valueOf(port), dir.toString()));
                case "elasticmq" -> cmd.addAll(List.of("-Dconfig.file=" + o.elasticMqConf(), "-Delasticmq.port=" + port,
                        "-Dlogback.configurationFile=none", "-cp", o.elasticMqCp(), "org.elasticmq.server.Main"));
                case "null", "warm-up" -> cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SqsBench.class.getName(),
                        "serve-null", String.valueOf(port)));
                default -> throw new IllegalArgumentException("unknown target " + target);
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile()).start();
            try {
                awaitPort(port, p, dir.resolve("server.log"));
                System.out.printf("%s (pid %d) on port %d%n", target, p.pid(), port);
                if (target.equals("warm-up")) warmUpClient(o, URI.create("http://127.0.0.1:" + port));
                else run(o, target, URI.create("http://127.0.0.1:" + port), p.pid(), rows);
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
                ColdStartBench.deleteTree(dir);
            }
        }
        System.out.println();
        System.out.printf("SQS via SDK v2 (JSON), servers in their own JVMs, %d client threads, %d cores; load average before: %s, after: %s%n",
                o.threads(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
        String header = String.format(Locale.ROOT, "%-10s %-52s %11s %8s %8s %8s %12s", "server", "measure", "msgs/s", "p50 ms",
                "p90 ms", "p99 ms", "srv µs/msg");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        rows.forEach(System.out::println);
    }

    private static void run(Options o, String target, URI endpoint, long serverPid, List<String> rows) throws Exception {
        try (SqsClient sqs = client(endpoint, o.threads() * 2 + 4)) {
            String url = sqs.createQueue(b -> b.queueName("bench")).queueUrl();
            boolean canned = target.equals("null");

            // warm-up of the server's JIT (and the client's against it), not counted: each server starts in a
            // fresh JVM, and with 3 s of it C2 compiling was still 40 % of awsemu's CPU in the measured phases
            batchSends(sqs, url, o.threads(), o.serverWarmup(), Integer.MAX_VALUE);
            drain(sqs, url, o.threads(), canned ? 5_000 : Integer.MAX_VALUE);

            System.out.printf("  %s: SendMessageBatch x10, %d threads, %d s%n", target, o.threads(), o.seconds());
            long cpu0 = cpuNanos(serverPid);
            Result send = batchSends(sqs, url, o.threads(), o.seconds(), Integer.MAX_VALUE);
            rows.add(row(target, "SendMessageBatch x10, " + o.threads() + " threads", send, cpuNanos(serverPid) - cpu0));

            System.out.printf("  %s: drain %d messages (receive 10 + DeleteMessageBatch), %d threads%n", target, o.messages(), o.threads());
            if (!canned) {
                drain(sqs, url, o.threads(), Integer.MAX_VALUE); // the queue holds what the send phase left
                fill(sqs, url, o.messages(), o.threads());
            }
            cpu0 = cpuNanos(serverPid);
            Result drained = drain(sqs, url, o.threads(), o.messages());
            rows.add(row(target, "receive(10)+DeleteMessageBatch, drain " + o.messages() + ", " + o.threads() + " thr", drained,
                    cpuNanos(serverPid) - cpu0));

            System.out.printf("  %s: %d single SendMessage calls, 1 thread%n", target, o.sends());
            long[] lat = new long[o.sends()];
            cpu0 = cpuNanos(serverPid);
            long t0 = System.nanoTime();
            for (int i = 0; i < lat.length; i++) {
                long s = System.nanoTime();
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("single"));
                lat[i] = System.nanoTime() - s;
            }
            Arrays.sort(lat);
            rows.add(row(target, "SendMessage, 1 thread (latency)", new Result(lat.length, (System.nanoTime() - t0) / 1e9, lat, 0),
                    cpuNanos(serverPid) - cpu0));
            if (!canned) drain(sqs, url, o.threads(), Integer.MAX_VALUE);

            if (!canned) {
                System.out.printf("  %s: producer/consumer, %d msgs/s for %d s, 2 long-polling consumers%n", target, o.rate(), o.seconds());
                cpu0 = cpuNanos(serverPid);
                Result e2e = endToEnd(sqs, url, o.rate(), o.seconds());
                rows.add(row(target, "send->receive latency, long poll, " + o.rate() + " msgs/s", e2e, cpuNanos(serverPid) - cpu0));
            }
        }
    }

    private static void warmUpClient(Options o, URI endpoint) throws Exception {
        System.out.printf("  client warm-up against the do-nothing endpoint, at least %d s, then until the client's JIT is quiet%n",
                o.warmup());
        try (SqsClient sqs = client(endpoint, o.threads() * 2 + 4)) {
            String url = sqs.createQueue(b -> b.queueName("bench")).queueUrl();
            JitWarmup.untilQuiet(o.warmup(), JitWarmup.MAX_SECONDS, () -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < end) {
                    batchSends(sqs, url, o.threads(), 1, Integer.MAX_VALUE);
                    drain(sqs, url, o.threads(), 2_000);
                    for (int i = 0; i < 200; i++) sqs.sendMessage(b -> b.queueUrl(url).messageBody("0:0"));
                }
            });
        }
    }

    record Result(long messages, double seconds, long[] sortedNanos, long errors) {}

    /** One table row; {@code serverCpuNanos} is the server's CPU time over the phase (not positive: unknown). */
    private static String row(String target, String what, Result r, long serverCpuNanos) {
        String cpu = serverCpuNanos <= 0 || r.messages() == 0 ? "-"
                : String.format(Locale.ROOT, "%.1f", serverCpuNanos / 1e3 / r.messages());
        return String.format(Locale.ROOT, "%-10s %-52s %11.0f %8.2f %8.2f %8.2f %12s", target,
                what + (r.errors() > 0 ? " (" + r.errors() + " errors)" : ""), r.messages() / r.seconds(),
                SimpleDbBench.pct(r.sortedNanos(), 50), SimpleDbBench.pct(r.sortedNanos(), 90), SimpleDbBench.pct(r.sortedNanos(), 99), cpu);
    }

    /**
     * User + system CPU time of a process from {@code /proc/<pid>/stat} (clock ticks, taken as 100 Hz,
     * Linux's USER_HZ), or a large negative number where there is no procfs (the row then shows "-").
     */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return Long.MIN_VALUE / 2;
        }
    }

    /** SendMessageBatch of 10 from {@code threads} threads for {@code seconds} (or {@code maxBatches} each). */
    private static Result batchSends(SqsClient sqs, String url, int threads, int seconds, int maxBatches) throws Exception {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("message body " + i).build());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        return inThreads(threads, total -> {
            int[] batches = {0};
            return () -> {
                if (System.nanoTime() >= end || batches[0] >= maxBatches) return DONE;
                int sent = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).successful().size();
                batches[0]++;
                return sent;
            };
        });
    }

    /** A worker's next call: how many messages it handled, {@link #UNTIMED} (nothing came) or {@link #DONE}. */
    private interface Step {
        long next();
    }

    private static final long DONE = -1;
    private static final long UNTIMED = -2;

    /**
     * Runs a worker on each of {@code threads} threads until its step says done; the steps of one thread
     * come from {@code worker}, which sees the running total of all threads. A failed call counts as an
     * error and is not timed.
     */
    private static Result inThreads(int threads, java.util.function.Function<AtomicLong, Step> worker) throws Exception {
        AtomicLong total = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long[][] lat = new long[threads][];
        long t0 = System.nanoTime();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Step step = worker.apply(total);
            Thread th = new Thread(() -> {
                long[] l = new long[1 << 12];
                int n = 0;
                while (true) {
                    long s = System.nanoTime();
                    long handled;
                    try {
                        handled = step.next();
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (handled == DONE) break;
                    if (handled == UNTIMED) continue;
                    total.addAndGet(handled);
                    if (n == l.length) l = Arrays.copyOf(l, n * 2);
                    l[n++] = System.nanoTime() - s;
                }
                lat[id] = Arrays.copyOf(l, n);
            });
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) th.join();
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Result(total.get(), secs, Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray(), errors.get());
    }

    private static void fill(SqsClient sqs, String url, int messages, int threads) throws Exception {
        batchSends(sqs, url, threads, 3600, (messages + 10 * threads - 1) / (10 * threads));
    }

    /** Receive(10) + DeleteMessageBatch until {@code limit} messages were received or the queue is empty. */
    private static Result drain(SqsClient sqs, String url, int threads, int limit) throws Exception {
        return inThreads(threads, got -> {
            int[] empty = {0};
            return () -> {
                if (got.get() >= limit || empty[0] >= 3) return DONE;
                List<Message> ms = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
                if (ms.isEmpty()) {
                    empty[0]++;
                    return UNTIMED;
                }
                empty[0] = 0;
                List<DeleteMessageBatchRequestEntry> del = new ArrayList<>();
                for (int i = 0; i < ms.size(); i++) {
                    del.add(DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(ms.get(i).receiptHandle()).build());
                }
                sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(del));
                return ms.size();
            };
        });
    }

    /**
     * One producer sends at {@code rate} msgs/s (10 per call every 10/rate s) for {@code seconds};
     * two consumers long-poll (20 s, 10 messages) and delete in batches; each message carries its send
     * time, so the latency is from the start of the send call to the receive returning it.
     */
    private static Result endToEnd(SqsClient sqs, String url, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] lat = new long[total];
        AtomicLong received = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            Thread th = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        List<Message> ms = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
                        long now = System.nanoTime();
                        if (ms.isEmpty()) continue;
                        List<DeleteMessageBatchRequestEntry> del = new ArrayList<>();
                        for (int i = 0; i < ms.size(); i++) {
                            String[] parts = ms.get(i).body().split(":");
                            int idx = Integer.parseInt(parts[0]);
                            lat[idx] = now - Long.parseLong(parts[1]);
                            del.add(DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(ms.get(i).receiptHandle()).build());
                        }
                        received.addAndGet(ms.size());
                        sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(del));
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
            });
            th.start();
            consumers.add(th);
        }
        Thread.sleep(200); // the consumers are parked in their long polls
        long t0 = System.nanoTime();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < total; i++) {
            long due = t0 + i * intervalNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 1_000_000) Thread.sleep(wait / 1_000_000);
                else Thread.onSpinWait();
            }
            int idx = i;
            try {
                sqs.sendMessage(b -> b.queueUrl(url).messageBody(idx + ":" + System.nanoTime()));
            } catch (RuntimeException e) {
                errors.incrementAndGet();
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() < total && System.nanoTime() < deadline) Thread.sleep(10);
        stop.set(true);
        for (Thread th : consumers) th.join(5_000);
        long[] seen = Arrays.stream(lat).filter(v -> v > 0).sorted().toArray();
        return new Result(seen.length, secs, seen, errors.get() + (total - seen.length));
    }

    static SqsClient client(URI endpoint, int connections) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.builder().maxConnections(connections).socketTimeout(Duration.ofSeconds(30)).build())
                // no retries: a failure must show as an error, not as a slow call
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
    }

    /** The awsemu server process: SQS only, data on disk (durable sends). */
    private static void serveAwsemu(int port, String dataDir) throws Exception {
        EmulatorServer server = EmulatorServer.start(EmulatorConfig.of(Map.of("port", String.valueOf(port),
                "dataDir", dataDir, "services", "sqs")));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }

    private static void awaitPort(int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("server exited: " + Files.readString(log));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("server did not listen on " + port + ": " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private SqsBench() {}
}
