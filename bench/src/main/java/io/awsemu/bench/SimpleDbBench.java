package io.awsemu.bench;

import static io.awsemu.bench.BenchArgs.positive;
import static io.awsemu.bench.BenchArgs.value;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.retry.PredefinedRetryPolicies;
import com.amazonaws.services.simpledb.AmazonSimpleDB;
import com.amazonaws.services.simpledb.AmazonSimpleDBClientBuilder;
import com.amazonaws.services.simpledb.model.BatchPutAttributesRequest;
import com.amazonaws.services.simpledb.model.CreateDomainRequest;
import com.amazonaws.services.simpledb.model.DeleteDomainRequest;
import com.amazonaws.services.simpledb.model.GetAttributesRequest;
import com.amazonaws.services.simpledb.model.PutAttributesRequest;
import com.amazonaws.services.simpledb.model.ReplaceableAttribute;
import com.amazonaws.services.simpledb.model.ReplaceableItem;
import com.amazonaws.services.simpledb.model.SelectRequest;
import com.amazonaws.services.simpledb.model.SelectResult;
import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.core.server.EmulatorServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SimpleDB through SDK v1 (SigV2 Query, what the field's old code uses): PutAttributes and
 * GetAttributes throughput with several threads, then a large domain built with
 * BatchPutAttributes and the latency of the first page of two Selects over it.
 *
 * <p>Usage: {@code SimpleDbBench [--endpoint URL] [--threads N] [--seconds S] [--items N] [--runs N]}.
 * Without {@code --endpoint} it starts an in-process {@link EmulatorServer} on a free port with a
 * temporary data directory (client and server then share the JVM and the cores).
 */
public final class SimpleDbBench {

    /** Parsed command line. */
    record Options(String endpoint, int threads, int seconds, int items, int runs) {
        static Options parse(String... args) {
            String endpoint = null;
            int threads = 4, seconds = 10, items = 100_000, runs = 50;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--endpoint" -> endpoint = value(args, ++i, a);
                    case "--threads" -> threads = positive(value(args, ++i, a), a);
                    case "--seconds" -> seconds = positive(value(args, ++i, a), a);
                    case "--items" -> items = positive(value(args, ++i, a), a);
                    case "--runs" -> runs = positive(value(args, ++i, a), a);
                    default -> {
                        // a bare first argument is the endpoint, as in `SimpleDbBench http://host:4566`
                        if (endpoint == null && (a.startsWith("http://") || a.startsWith("https://"))) endpoint = a;
                        else throw new IllegalArgumentException("unknown argument: " + a);
                    }
                }
            }
            return new Options(endpoint, threads, seconds, items, runs);
        }
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** {@code expires} values are spread evenly over this year, so the cut-off below selects about half. */
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SPAN_SECONDS = 365L * 24 * 3600;

    public static void main(String[] args) throws Exception {
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SimpleDbBench [--endpoint URL] [--threads N] [--seconds S] [--items N] [--runs N]");
            System.exit(2);
            return;
        }
        EmulatorServer server = null;
        Path dir = null;
        String endpoint = o.endpoint();
        if (endpoint == null) {
            dir = Files.createTempDirectory("awsemu-sdb-bench");
            server = EmulatorServer.start(EmulatorConfig.of(Map.of("port", "0", "dataDir", dir.toString())));
            endpoint = server.endpoint().toString();
        }
        List<String> rows = new ArrayList<>();
        try {
            run(o, endpoint, rows);
        } finally {
            if (server != null) server.close();
            if (dir != null) ColdStartBench.deleteTree(dir);
        }
        System.out.println();
        System.out.printf("SimpleDB via SDK v1 against %s (%s; %d threads, %d cores)%n",
                endpoint, o.endpoint() == null ? "in-process server" : "external server", o.threads(),
                Runtime.getRuntime().availableProcessors());
        String header = String.format(Locale.ROOT, "%-58s %12s %9s %9s %9s", "measure", "ops/s", "p50 ms", "p90 ms", "p99 ms");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        rows.forEach(System.out::println);
    }

    private static void run(Options o, String endpoint, List<String> rows) throws Exception {
        AmazonSimpleDB sdb = client(endpoint, o.threads());
        String rw = "benchrw", big = "benchselect";
        sdb.createDomain(new CreateDomainRequest(rw));
        sdb.createDomain(new CreateDomainRequest(big));
        int keys = 1000;

        // the first seconds of each phase also warm the JIT; they are counted, which favours nobody
        System.out.printf("PutAttributes, %d threads, %d s...%n", o.threads(), o.seconds());
        Throughput put = throughput(o.threads(), o.seconds(), (t, i) -> sdb.putAttributes(new PutAttributesRequest(rw,
                "item-" + ((t * 7919L + i) % keys), List.of(
                        new ReplaceableAttribute("counter", Long.toString(i), true),
                        new ReplaceableAttribute("owner", "thread-" + t, true),
                        new ReplaceableAttribute("tag", "v" + (i % 10), false)))));
        rows.add(put.row("PutAttributes (3 attributes, " + keys + " items)"));

        System.out.printf("GetAttributes, %d threads, %d s...%n", o.threads(), o.seconds());
        Throughput get = throughput(o.threads(), o.seconds(), (t, i) -> sdb.getAttributes(
                new GetAttributesRequest(rw, "item-" + ThreadLocalRandom.current().nextInt(keys))));
        rows.add(get.row("GetAttributes (random of " + keys + " items)"));

        System.out.printf("BatchPutAttributes: %d items, 25 per call, %d threads...%n", o.items(), o.threads());
        long t0 = System.nanoTime();
        int batches = (o.items() + 24) / 25;
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        List<Long> batchLat = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> done = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            int first = b * 25, last = Math.min(o.items(), first + 25);
            done.add(pool.submit(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                List<ReplaceableItem> batch = new ArrayList<>(25);
                for (int i = first; i < last; i++) {
                    String expires = ISO.format(FROM.plusSeconds(r.nextLong(SPAN_SECONDS)));
                    batch.add(new ReplaceableItem(String.format(Locale.ROOT, "item%07d", i), List.of(
                            new ReplaceableAttribute("expires", expires, true),
                            new ReplaceableAttribute("name", randomName(r), true),
                            new ReplaceableAttribute("size", String.format(Locale.ROOT, "%010d", r.nextInt(1_000_000)), true))));
                }
                long s = System.nanoTime();
                sdb.batchPutAttributes(new BatchPutAttributesRequest(big, batch));
                long d = System.nanoTime() - s;
                batchLat.add(d);
                return null;
            }));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();
        double loadS = (System.nanoTime() - t0) / 1e9;
        long[] bl = batchLat.stream().mapToLong(Long::longValue).sorted().toArray();
        rows.add(String.format(Locale.ROOT, "%-58s %12.0f %9.1f %9.1f %9.1f",
                "BatchPutAttributes (25 items/call; ops = items/s)", o.items() / loadS,
                pct(bl, 50), pct(bl, 90), pct(bl, 99)));
        System.out.printf("  loaded %d items in %.1f s%n", o.items(), loadS);

        String cutoff = ISO.format(FROM.plusSeconds(SPAN_SECONDS / 2));
        select(sdb, rows, o.runs(), "select * from " + big + " where expires < '" + cutoff + "'");
        select(sdb, rows, o.runs(), "select * from " + big + " where name like '%x%'");
        select(sdb, rows, o.runs(), "select count(*) from " + big + " where expires < '" + cutoff + "'");

        sdb.deleteDomain(new DeleteDomainRequest(rw));
        sdb.deleteDomain(new DeleteDomainRequest(big));
        ((com.amazonaws.AmazonWebServiceClient) sdb).shutdown();
    }

    /** First page only (no NextToken), as a UI listing would: {@code runs} timed after 3 untimed. */
    private static void select(AmazonSimpleDB sdb, List<String> rows, int runs, String expression) {
        System.out.printf("Select x%d: %s%n", runs, expression);
        SelectResult first = null;
        for (int i = 0; i < 3; i++) first = sdb.select(new SelectRequest(expression, false));
        long[] lat = new long[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            sdb.select(new SelectRequest(expression, false));
            lat[i] = System.nanoTime() - s;
        }
        Arrays.sort(lat);
        String shown = expression.length() > 44 ? expression.substring(0, 41) + "..." : expression;
        double meanS = Arrays.stream(lat).average().orElse(0) / 1e9;
        rows.add(String.format(Locale.ROOT, "%-58s %12.1f %9.1f %9.1f %9.1f",
                "Select " + shown.substring(7) + " [" + first.getItems().size() + (first.getNextToken() != null ? "+" : "") + "]",
                1 / meanS, pct(lat, 50), pct(lat, 90), pct(lat, 99)));
    }

    interface Op {
        void call(int thread, long iteration);
    }

    record Throughput(long ops, long errors, double seconds, long[] sortedNanos) {
        String row(String what) {
            return String.format(Locale.ROOT, "%-58s %12.0f %9.2f %9.2f %9.2f", what + (errors > 0 ? " (" + errors + " errors)" : ""),
                    ops / seconds, pct(sortedNanos, 50), pct(sortedNanos, 90), pct(sortedNanos, 99));
        }
    }

    private static Throughput throughput(int threads, int seconds, Op op) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[threads][];
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                long i = 0;
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    try {
                        op.call(id, i++);
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                    lat[n++] = System.nanoTime() - s;
                }
                latencies[id] = Arrays.copyOf(lat, n);
            }, "bench-" + t);
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) th.join();
        double secs = (System.nanoTime() - t0) / 1e9;
        long[] merged = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Throughput(merged.length, errors.get(), secs, merged);
    }

    static double pct(long[] sortedNanos, int p) {
        if (sortedNanos.length == 0) return Double.NaN;
        int idx = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, idx))] / 1e6;
    }

    private static String randomName(ThreadLocalRandom r) {
        char[] c = new char[8];
        for (int i = 0; i < c.length; i++) c[i] = (char) ('a' + r.nextInt(26));
        return new String(c);
    }

    static AmazonSimpleDB client(String endpoint, int threads) {
        return AmazonSimpleDBClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, "us-east-1"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("test", "test")))
                // no retries: a failure must show as an error, not as a slow operation
                .withClientConfiguration(new ClientConfiguration().withMaxConnections(Math.max(threads, 8))
                        .withRetryPolicy(PredefinedRetryPolicies.NO_RETRY_POLICY))
                .build();
    }

    private SimpleDbBench() {}
}
