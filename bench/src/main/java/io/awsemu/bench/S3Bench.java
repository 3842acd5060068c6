package io.awsemu.bench;

import static io.awsemu.bench.BenchArgs.positive;
import static io.awsemu.bench.BenchArgs.value;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 through SDK v2, the same client against every target in one run: awsemu (the runnable jar with
 * the image's JVM flags), s3proxy (filesystem backend), S3Mock, and {@link NullS3Endpoint}, which
 * stores nothing and so measures what the client itself can do on this machine.
 *
 * <p>Workloads: PUT and GET of 4 KiB objects with several threads (ops/s), PUT and GET of 64 MiB
 * (MiB/s), a 1 GiB multipart upload and its download with the server's peak RSS, and
 * ListObjectsV2 over 10,000 keys (keys/s). A target that answers a workload with NotImplemented
 * gets "n/a (NotImplemented)" in that row; any other failure is printed in the cell, never fatal.
 *
 * <p>Targets run one after the other, each started just before its workloads and stopped after,
 * so no server uses CPU or memory while another is measured. See docs/benchmarks.md.
 * {@code --endpoint NAME=URL} measures a server started by hand instead; with {@code --endpoint-pid NAME=PID}
 * its server CPU per request is printed too (A/B of two builds in one run: the old one as awsemu, the new
 * one under another target's name).
 */
public final class S3Bench {

    private static final byte[] ONE_BYTE = {'x'};
    static final List<String> TARGETS = List.of("awsemu", "s3proxy", "s3mock", "null");
    static final List<String> WORKLOADS = List.of("small", "large", "multipart", "list");

    /** Parsed command line. */
    record Options(List<String> targets, List<String> workloads, Map<String, URI> endpoints, Map<String, Long> pids,
                   Path awsemuJar,
                   String awsemuFlags, Path s3proxyJar, Path s3mockJar, Path s3mockJava, Path dockerfile,
                   int threads, int seconds, int warmupSeconds, int largeMib, int largeRuns,
                   int multipartMib, int partMib, int listKeys, int listRuns) {

        static Options parse(String... args) {
            List<String> targets = TARGETS;
            List<String> workloads = WORKLOADS;
            Map<String, URI> endpoints = new LinkedHashMap<>();
            Map<String, Long> pids = new LinkedHashMap<>();
            Path awsemuJar = Path.of("docker/target/awsemu.jar");
            String awsemuFlags = null;
            Path s3proxyJar = Path.of("bench/s3-peers/target/s3proxy.jar");
            Path s3mockJar = Path.of("bench/s3-peers/target/s3mock.jar");
            Path s3mockJava = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
            Path dockerfile = Path.of("docker/Dockerfile");
            int threads = 4, seconds = 10, warmup = 3, largeMib = 64, largeRuns = 3, mpMib = 1024, partMib = 64,
                    listKeys = 10_000, listRuns = 5;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--targets" -> targets = names(value(args, ++i, a), TARGETS, a);
                    case "--workloads" -> workloads = names(value(args, ++i, a), WORKLOADS, a);
                    case "--endpoint" -> {
                        String v = value(args, ++i, a);
                        int eq = v.indexOf('=');
                        if (eq <= 0 || !v.startsWith("http", eq + 1)) {
                            throw new IllegalArgumentException("--endpoint needs NAME=http://host:port, got " + v);
                        }
                        endpoints.put(v.substring(0, eq), URI.create(v.substring(eq + 1)));
                    }
                    case "--endpoint-pid" -> {
                        String v = value(args, ++i, a);
                        int eq = v.indexOf('=');
                        if (eq <= 0) throw new IllegalArgumentException("--endpoint-pid needs NAME=PID, got " + v);
                        pids.put(v.substring(0, eq), Long.parseLong(v.substring(eq + 1)));
                    }
                    case "--awsemu-jar" -> awsemuJar = Path.of(value(args, ++i, a));
                    case "--awsemu-flags" -> awsemuFlags = value(args, ++i, a).trim();
                    case "--s3proxy-jar" -> s3proxyJar = Path.of(value(args, ++i, a));
                    case "--s3mock-jar" -> s3mockJar = Path.of(value(args, ++i, a));
                    case "--s3mock-java" -> s3mockJava = Path.of(value(args, ++i, a));
                    case "--dockerfile" -> dockerfile = Path.of(value(args, ++i, a));
                    case "--threads" -> threads = positive(value(args, ++i, a), a);
                    case "--seconds" -> seconds = positive(value(args, ++i, a), a);
                    case "--warmup" -> warmup = nonNegative(value(args, ++i, a), a);
                    case "--large-mib" -> largeMib = positive(value(args, ++i, a), a);
                    case "--large-runs" -> largeRuns = positive(value(args, ++i, a), a);
                    case "--multipart-mib" -> mpMib = positive(value(args, ++i, a), a);
                    case "--part-mib" -> partMib = positive(value(args, ++i, a), a);
                    case "--list-keys" -> listKeys = positive(value(args, ++i, a), a);
                    case "--list-runs" -> listRuns = positive(value(args, ++i, a), a);
                    default -> throw new IllegalArgumentException("unknown argument: " + a);
                }
            }
            if (partMib < 5) throw new IllegalArgumentException("--part-mib must be at least 5 (S3's minimum part size)");
            if (mpMib < partMib) throw new IllegalArgumentException("--multipart-mib must be at least --part-mib");
            if (!endpoints.isEmpty()) {
                // external endpoints replace the started servers; the null ceiling still runs unless --targets says otherwise
                List<String> t = new ArrayList<>(endpoints.keySet());
                if (targets.contains("null") && !endpoints.containsKey("null")) t.add("null");
                targets = List.copyOf(t);
            }
            return new Options(targets, workloads, Map.copyOf(endpoints), Map.copyOf(pids), awsemuJar, awsemuFlags, s3proxyJar, s3mockJar,
                    s3mockJava, dockerfile, threads, seconds, warmup, largeMib, largeRuns, mpMib, partMib, listKeys, listRuns);
        }

        /** The same workloads made small: what warms the client's JIT before the first target is measured. */
        Options clientWarmup() {
            return new Options(List.of("null"), workloads, Map.of(), Map.of(), awsemuJar, awsemuFlags, s3proxyJar, s3mockJar, s3mockJava,
                    dockerfile, threads, Math.max(1, warmupSeconds), 0, largeMib, 1, partMib, partMib, Math.min(listKeys, 2000), 1);
        }

        private static List<String> names(String csv, List<String> allowed, String flag) {
            List<String> out = new ArrayList<>();
            for (String s : csv.split(",")) {
                String n = s.trim();
                if (n.isEmpty()) continue;
                if (!allowed.contains(n)) throw new IllegalArgumentException(flag + ": unknown name " + n + " (one of " + allowed + ")");
                if (!out.contains(n)) out.add(n);
            }
            if (out.isEmpty()) throw new IllegalArgumentException(flag + " needs at least one name");
            return List.copyOf(out);
        }
    }

    /** One table cell: a number, or a reason there is none ("n/a (NotImplemented)", "error: ..."). */
    record Cell(double value, String text) {
        static Cell of(double v) { return new Cell(v, null); }
        static Cell note(String t) { return new Cell(Double.NaN, t); }
        boolean hasValue() { return text == null; }
        String show() { return text != null ? text : value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value); }
    }

    /** Rows of the table, in order, with their unit. */
    static final Map<String, String> ROWS = rows();

    private static Map<String, String> rows() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("put4k", "PUT 4 KiB, %d threads (ops/s)");
        r.put("get4k", "GET 4 KiB, %d threads (ops/s)");
        r.put("put64m", "PUT %d MiB (MiB/s)");
        r.put("get64m", "GET %d MiB (MiB/s)");
        r.put("mpup", "multipart upload %d MiB (MiB/s)");
        r.put("mpdown", "GET of that object (MiB/s)");
        r.put("mprss", "server peak RSS during multipart (MB)");
        r.put("put64mcpu", "server CPU per MiB, PUT %d MiB (ms)");
        r.put("get64mcpu", "server CPU per MiB, GET %d MiB (ms)");
        r.put("mpupcpu", "server CPU per MiB, multipart upload (ms)");
        r.put("mpdowncpu", "server CPU per MiB, GET of that object (ms)");
        r.put("list", "ListObjectsV2 over %d keys (keys/s)");
        return r;
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: S3Bench [--targets awsemu,s3proxy,s3mock,null] [--workloads small,large,multipart,list]"
                    + " [--endpoint NAME=URL]... [--endpoint-pid NAME=PID]... [--awsemu-jar P] [--awsemu-flags \"...\"] [--s3proxy-jar P] [--s3mock-jar P]"
                    + " [--s3mock-java P] [--threads N] [--seconds S] [--warmup S] [--large-mib N] [--large-runs N]"
                    + " [--multipart-mib N] [--part-mib N] [--list-keys N] [--list-runs N]");
            System.exit(2);
            return;
        }
        String load0 = loadAverage();
        Map<String, Map<String, Cell>> results = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        byte[] large = randomBytes(o.largeMib() << 20, 64);
        byte[] part = o.partMib() == o.largeMib() ? large : randomBytes(o.partMib() << 20, 65);
        if (o.warmupSeconds() > 0) {
            // the client's own JIT warm-up, against the null endpoint and not counted: otherwise the
            // first target would be measured with a cold client and the last with a hot one
            System.out.printf("== client warm-up (not counted)%n");
            Options w = o.clientWarmup();
            try (Target t = Target.start("null", w); S3Client s3 = client(t.endpoint(), w.threads())) {
                Workloads wl = new Workloads(s3, w, t, new LinkedHashMap<>(), large, part);
                JitWarmup.untilQuiet(o.warmupSeconds(), JitWarmup.MAX_SECONDS, () -> {
                    for (String name : w.workloads()) wl.run(name);
                });
            }
        }
        for (String name : o.targets()) {
            System.out.printf("%n== %s%n", name);
            Map<String, Cell> cells = new LinkedHashMap<>();
            results.put(name, cells);
            try (Target t = Target.start(name, o)) {
                notes.put(name, t.description());
                System.out.printf("   %s at %s%n", t.description(), t.endpoint());
                try (S3Client s3 = client(t.endpoint(), o.threads())) {
                    Workloads w = new Workloads(s3, o, t, cells, large, part);
                    for (String wl : o.workloads()) w.run(wl);
                }
            } catch (Exception e) {
                System.out.printf("   could not run %s: %s%n", name, e);
                notes.put(name, "failed to start: " + e.getMessage());
            }
        }
        System.out.println();
        System.out.printf("S3 via SDK v2 (%s), %d cores, java %s; load average at start %s, at end %s%n",
                "aws-sdk-java " + software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load0, loadAverage());
        notes.forEach((k, v) -> System.out.printf("  %-8s %s%n", k, v));
        System.out.println();
        System.out.print(table(o, results));
    }

    /** A markdown table: one row per measure, one column per target, then awsemu's ratio to each other target. */
    static String table(Options o, Map<String, Map<String, Cell>> results) {
        List<String> cols = new ArrayList<>(results.keySet());
        String ours = cols.contains("awsemu") ? "awsemu" : cols.isEmpty() ? null : cols.get(0);
        List<String> others = cols.stream().filter(c -> !c.equals(ours)).toList();
        StringBuilder sb = new StringBuilder("| workload |");
        cols.forEach(c -> sb.append(' ').append(c.equals("null") ? "null ceiling" : c).append(" |"));
        others.forEach(c -> sb.append(' ').append(ours).append(" / ").append(c.equals("null") ? "ceiling" : c).append(" |"));
        sb.append("\n|---|");
        sb.append("---:|".repeat(cols.size() + others.size())).append('\n');
        for (Map.Entry<String, String> row : ROWS.entrySet()) {
            if (results.values().stream().noneMatch(m -> m.containsKey(row.getKey()))) continue;
            sb.append("| ").append(label(o, row.getKey(), row.getValue())).append(" |");
            for (String c : cols) sb.append(' ').append(results.get(c).getOrDefault(row.getKey(), Cell.note("-")).show()).append(" |");
            Cell mine = results.get(ours).getOrDefault(row.getKey(), Cell.note("-"));
            for (String c : others) {
                Cell theirs = results.get(c).getOrDefault(row.getKey(), Cell.note("-"));
                sb.append(' ').append(mine.hasValue() && theirs.hasValue() && theirs.value() > 0
                        ? String.format(Locale.ROOT, "%.2f×", mine.value() / theirs.value()) : "-").append(" |");
            }
            sb.append('\n');
        }
        sb.append("\nRSS and CPU ratios: lower is better; every other ratio: higher is better.\n");
        return sb.toString();
    }

    private static String label(Options o, String key, String fmt) {
        return switch (key) {
            case "put4k", "get4k" -> String.format(Locale.ROOT, fmt, o.threads());
            case "put64m", "get64m", "put64mcpu", "get64mcpu" -> String.format(Locale.ROOT, fmt, o.largeMib());
            case "mpup" -> String.format(Locale.ROOT, fmt, o.multipartMib());
            case "list" -> String.format(Locale.ROOT, fmt, o.listKeys());
            default -> fmt;
        };
    }

    /** The workloads against one target; each records its cells and never throws. */
    private static final class Workloads {
        private final S3Client s3;
        private final Options o;
        private final Target target;
        private final Map<String, Cell> cells;
        private final byte[] large;
        private final byte[] part;

        Workloads(S3Client s3, Options o, Target target, Map<String, Cell> cells, byte[] large, byte[] part) {
            this.s3 = s3;
            this.o = o;
            this.target = target;
            this.cells = cells;
            this.large = large;
            this.part = part;
        }

        void run(String workload) {
            String bucket = "bench-" + workload;
            List<String> rows = switch (workload) {
                case "small" -> List.of("put4k", "get4k");
                case "large" -> List.of("put64m", "get64m", "put64mcpu", "get64mcpu");
                case "multipart" -> List.of("mpup", "mpdown", "mprss", "mpupcpu", "mpdowncpu");
                default -> List.of("list");
            };
            try {
                s3.createBucket(b -> b.bucket(bucket));
                switch (workload) {
                    case "small" -> small(bucket);
                    case "large" -> large(bucket);
                    case "multipart" -> multipart(bucket);
                    default -> list(bucket);
                }
            } catch (Exception e) {
                Cell c = Cell.note(reason(e));
                System.out.printf("   %s: %s%n", workload, c.show());
                for (String r : rows) cells.putIfAbsent(r, c);
            }
        }

        private void small(String bucket) throws Exception {
            byte[] body = randomBytes(4096, 4);
            int keys = 1000;
            Throughput.Op put = (t, i) -> s3.putObject(b -> b.bucket(bucket).key("small/" + t + "/" + (i % keys)),
                    RequestBody.fromBytes(body));
            // every thread's first `keys` PUTs create its keys; warm-up makes sure all exist before the GETs
            for (int t = 0; t < o.threads(); t++) for (int i = 0; i < keys; i += 97) put.call(t, i);
            if (o.warmupSeconds() > 0) {
                Throughput.run(o.threads(), o.warmupSeconds(), put);
            }
            long cpu0 = RssSampler.cpuMillis(target.pid());
            Throughput p = Throughput.run(o.threads(), o.seconds(), put);
            record("put4k", p, cpu0);
            Throughput.Op get = (t, i) -> {
                int k = ThreadLocalRandom.current().nextInt(keys / 97 + 1) * 97;
                byte[] got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("small/" + t + "/" + k)).asByteArrayUnsafe();
                if (got.length != body.length) throw new IllegalStateException("GET returned " + got.length + " bytes");
            };
            if (o.warmupSeconds() > 0) Throughput.run(o.threads(), o.warmupSeconds(), get);
            long cpu1 = RssSampler.cpuMillis(target.pid());
            record("get4k", Throughput.run(o.threads(), o.seconds(), get), cpu1);
        }

        private void record(String row, Throughput t, long cpuBefore) {
            Cell c = t.ops() == 0 ? Cell.note("error: " + t.firstError()) : Cell.of(t.ops() / t.seconds());
            cells.put(row, c);
            System.out.printf("   %-8s %s ops/s (%d ops, %d errors%s; p50 %.2f ms, p99 %.2f ms%s)%n", row, c.show(), t.ops(), t.errors(),
                    t.errors() > 0 ? ", first: " + t.firstError() : "", SimpleDbBench.pct(t.sortedNanos(), 50),
                    SimpleDbBench.pct(t.sortedNanos(), 99), serverCpu(cpuBefore, t.ops(), "op"));
        }

        /** ", server CPU x ms/unit" over a phase that began at {@code cpuBefore}; empty when not measurable. */
        private String serverCpu(long cpuBefore, long units, String unit) {
            long now = RssSampler.cpuMillis(target.pid());
            if (cpuBefore < 0 || now < 0 || units == 0) return "";
            return String.format(Locale.ROOT, ", server CPU %.3f ms/%s", (double) (now - cpuBefore) / units, unit);
        }

        private void large(String bucket) throws Exception {
            // as for the small objects: the measured runs see a warmed-up server (JIT, buffers), whichever it is
            long warmEnd = System.nanoTime() + o.warmupSeconds() * 1_000_000_000L;
            if (o.warmupSeconds() > 0) {
                do {
                    s3.putObject(b -> b.bucket(bucket).key("large/warm-up"), body(large));
                    drain(bucket, "large/warm-up", large.length);
                } while (System.nanoTime() < warmEnd);
                s3.deleteObject(b -> b.bucket(bucket).key("large/warm-up"));
            }
            long bytes = (long) large.length * o.largeRuns();
            long t0 = System.nanoTime();
            long cpu0 = cpuMillis(target.pid());
            for (int i = 0; i < o.largeRuns(); i++) {
                String key = "large/" + i;
                s3.putObject(b -> b.bucket(bucket).key(key), body(large));
            }
            cells.put("put64m", mibPerSecond(bytes, System.nanoTime() - t0));
            cells.put("put64mcpu", cpuPerMib(target.pid(), cpu0, bytes));
            t0 = System.nanoTime();
            cpu0 = cpuMillis(target.pid());
            for (int i = 0; i < o.largeRuns(); i++) drain(bucket, "large/0", large.length);
            cells.put("get64m", mibPerSecond(bytes, System.nanoTime() - t0));
            cells.put("get64mcpu", cpuPerMib(target.pid(), cpu0, bytes));
            System.out.printf("   put64m %s MiB/s (server CPU %s ms/MiB), get64m %s MiB/s (%s ms/MiB)%n", cells.get("put64m").show(),
                    cells.get("put64mcpu").show(), cells.get("get64m").show(), cells.get("get64mcpu").show());
        }

        private void multipart(String bucket) throws Exception {
            String key = "multipart/big.bin";
            RssSampler rss = target.pid() > 0 ? RssSampler.start(target.pid()) : null;
            try {
                String upload;
                try {
                    upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
                } catch (S3Exception e) {
                    if ("NotImplemented".equals(e.awsErrorDetails().errorCode())) {
                        Cell na = Cell.note("n/a (NotImplemented)");
                        List.of("mpup", "mpdown", "mprss").forEach(r -> cells.put(r, na));
                        System.out.println("   multipart: n/a (NotImplemented)");
                        return;
                    }
                    throw e;
                }
                int parts = o.multipartMib() / o.partMib();
                long total = (long) parts * part.length;
                if (o.warmupSeconds() > 0) warmUpParts(bucket, key);
                List<CompletedPart> done = new ArrayList<>();
                long t0 = System.nanoTime();
                long cpu0 = cpuMillis(target.pid());
                for (int n = 1; n <= parts; n++) {
                    int pn = n;
                    String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(pn), body(part)).eTag();
                    done.add(CompletedPart.builder().partNumber(pn).eTag(etag).build());
                }
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload).multipartUpload(m -> m.parts(done)));
                cells.put("mpup", mibPerSecond(total, System.nanoTime() - t0));
                cells.put("mpupcpu", cpuPerMib(target.pid(), cpu0, total));
                t0 = System.nanoTime();
                cpu0 = cpuMillis(target.pid());
                drain(bucket, key, total);
                cells.put("mpdown", mibPerSecond(total, System.nanoTime() - t0));
                cells.put("mpdowncpu", cpuPerMib(target.pid(), cpu0, total));
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            } finally {
                if (rss != null) {
                    long peakKb = rss.stop();
                    cells.putIfAbsent("mprss", peakKb > 0 ? Cell.of(peakKb / 1024.0) : Cell.note("-"));
                } else {
                    cells.putIfAbsent("mprss", Cell.note("-"));
                }
            }
            System.out.printf("   mpup %s MiB/s (server CPU %s ms/MiB), mpdown %s MiB/s (%s ms/MiB), peak RSS %s MB%n",
                    cells.get("mpup").show(), cells.getOrDefault("mpupcpu", Cell.note("-")).show(), cells.get("mpdown").show(),
                    cells.getOrDefault("mpdowncpu", Cell.note("-")).show(), cells.get("mprss").show());
        }

        /** Uploads parts to an upload of its own for the warm-up seconds (at least one), then aborts it. */
        private void warmUpParts(String bucket, String key) {
            String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key + ".warm-up")).uploadId();
            long end = System.nanoTime() + o.warmupSeconds() * 1_000_000_000L;
            int pn = 0;
            do {
                int n = ++pn;
                s3.uploadPart(b -> b.bucket(bucket).key(key + ".warm-up").uploadId(upload).partNumber(n), body(part));
            } while (System.nanoTime() < end);
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key + ".warm-up").uploadId(upload));
        }

        private void list(String bucket) throws Exception {
            long t0 = System.nanoTime();
            AtomicLong next = new AtomicLong();
            Throughput fill = Throughput.runCount(o.threads(), () -> {
                long i = next.getAndIncrement();
                if (i >= o.listKeys()) return false;
                // one byte, not zero: s3proxy 4.1 breaks the connection on a share of empty PUTs
                s3.putObject(b -> b.bucket(bucket).key(String.format(Locale.ROOT, "list/%06d", i)), RequestBody.fromBytes(ONE_BYTE));
                return true;
            });
            if (fill.errors() > 0) {
                System.out.printf("   list: %d of %d PUTs failed, first: %s%n", fill.errors(), o.listKeys(), fill.firstError());
                throw new IllegalStateException(fill.errors() + " PUTs failed");
            }
            System.out.printf("   list: %d keys created in %.1f s%n", o.listKeys(), (System.nanoTime() - t0) / 1e9);
            listAll(bucket); // untimed: warms both sides
            long cpu0 = RssSampler.cpuMillis(target.pid());
            t0 = System.nanoTime();
            for (int r = 0; r < o.listRuns(); r++) listAll(bucket);
            double s = (System.nanoTime() - t0) / 1e9;
            cells.put("list", Cell.of((double) o.listKeys() * o.listRuns() / s));
            System.out.printf("   list %s keys/s%s%n", cells.get("list").show(),
                    serverCpu(cpu0, (long) o.listKeys() * o.listRuns() / 1000, "1000 keys"));
        }

        private void listAll(String bucket) {
            ListObjectsV2Iterable pages = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("list/"));
            long n = 0;
            for (ListObjectsV2Response page : pages) n += page.contents().size();
            if (n != o.listKeys()) throw new IllegalStateException("listed " + n + " keys, expected " + o.listKeys());
        }

        private void drain(String bucket, String key, long expected) throws IOException {
            long n = 0;
            byte[] buf = new byte[1 << 16];
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
                for (int r; (r = in.read(buf)) > 0; ) n += r;
            }
            if (n != expected) throw new IllegalStateException("GET " + key + " returned " + n + " bytes, expected " + expected);
        }
    }

    /** A body the SDK can re-read without copying the array. */
    private static RequestBody body(byte[] data) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), data.length, "application/octet-stream");
    }

    /**
     * A server's user+system CPU time so far (/proc/PID/stat, in clock ticks of 10 ms); -1 without a
     * local process. CPU per MiB hardly moves with other load on the machine, unlike MiB/s.
     */
    static long cpuMillis(long pid) {
        if (pid <= 0) return -1;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // fields 14 and 15, utime and stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Cell cpuPerMib(long pid, long cpu0, long bytes) {
        long cpu1 = cpuMillis(pid);
        return cpu0 < 0 || cpu1 < 0 ? Cell.note("-") : Cell.of((cpu1 - cpu0) / (bytes / 1048576.0));
    }

    static Cell mibPerSecond(long bytes, long nanos) {
        return Cell.of(bytes / 1048576.0 / (nanos / 1e9));
    }

    static String reason(Throwable e) {
        if (e instanceof S3Exception s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            return "NotImplemented".equals(code) ? "n/a (NotImplemented)" : "error: " + code + " (" + s.statusCode() + ")";
        }
        String m = e.getMessage() == null ? "" : ": " + e.getMessage();
        String s = "error: " + e.getClass().getSimpleName() + m;
        return s.length() > 70 ? s.substring(0, 67) + "..." : s;
    }

    static S3Client client(URI endpoint, int threads) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(ApacheHttpClient.builder().maxConnections(Math.max(threads, 8))
                        .socketTimeout(Duration.ofMinutes(5)).build())
                // no retries: a failure must show as an error, not as a slow operation
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Throughput of an operation run by several threads for a while, with per-call latencies. */
    record Throughput(long ops, long errors, String firstError, double seconds, long[] sortedNanos) {
        interface Op {
            void call(int thread, long iteration) throws Exception;
        }

        interface Step {
            /** One call; false when there is no more work. */
            boolean next() throws Exception;
        }

        static Throughput run(int threads, int seconds, Op op) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            return go(threads, t -> {
                long[] i = {0};
                return () -> {
                    if (System.nanoTime() >= end) return false;
                    op.call(t, i[0]++);
                    return true;
                };
            });
        }

        static Throughput runCount(int threads, Step step) throws InterruptedException {
            return go(threads, t -> step);
        }

        private static Throughput go(int threads, java.util.function.IntFunction<Step> steps) throws InterruptedException {
            AtomicLong errors = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            String[] first = {null};
            long[][] latencies = new long[threads][];
            List<Thread> ts = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Step step = steps.apply(t);
                Thread th = new Thread(() -> {
                    long[] lat = new long[1 << 14];
                    int n = 0;
                    while (!stop.get()) {
                        long s = System.nanoTime();
                        try {
                            if (!step.next()) break;
                        } catch (Exception e) {
                            synchronized (first) {
                                if (first[0] == null) first[0] = e instanceof S3Exception ? reason(e) : e.toString();
                            }
                            // a target that fails everything must not spin for the whole period
                            if (errors.incrementAndGet() > 1000) stop.set(true);
                            continue;
                        }
                        if (n == lat.length) lat = java.util.Arrays.copyOf(lat, n * 2);
                        lat[n++] = System.nanoTime() - s;
                    }
                    latencies[id] = java.util.Arrays.copyOf(lat, n);
                }, "bench-" + t);
                th.start();
                ts.add(th);
            }
            for (Thread th : ts) th.join();
            double secs = (System.nanoTime() - t0) / 1e9;
            long[] merged = java.util.Arrays.stream(latencies).flatMapToLong(java.util.Arrays::stream).sorted().toArray();
            return new Throughput(merged.length, errors.get(), first[0], secs, merged);
        }
    }

    /** Samples a process's VmRSS every 50 ms and keeps the highest. */
    static final class RssSampler {
        private final Thread thread;
        private final AtomicLong peakKb = new AtomicLong();
        private volatile boolean running = true;

        private RssSampler(long pid) {
            thread = new Thread(() -> {
                while (running) {
                    long kb = rssKb(pid);
                    peakKb.accumulateAndGet(kb, Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
        }

        static RssSampler start(long pid) {
            RssSampler s = new RssSampler(pid);
            s.thread.start();
            return s;
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peakKb.get();
        }

        /** The process's user + system CPU time in ms from /proc/<pid>/stat; -1 when not readable. */
        static long cpuMillis(long pid) {
            if (pid <= 0) return -1;
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // fields after the parenthesized command name: state is field 3, utime 14, stime 15
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** USER_HZ: 100 on every Linux the bench runs on. */
        private static final long CLOCK_TICKS = 100;

        static long rssKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
                }
            } catch (IOException | NumberFormatException e) {
                // the process is gone or /proc is not Linux's: no sample
            }
            return -1;
        }
    }

    /** A server under test: started here (awsemu, s3proxy, S3Mock, the null endpoint) or given by URL. */
    interface Target extends AutoCloseable {
        URI endpoint();
        /** The server's process id for RSS sampling; 0 when not a separate local process. */
        long pid();
        String description();
        @Override void close() throws Exception;

        static Target start(String name, Options o) throws Exception {
            URI given = o.endpoints().get(name);
            if (given != null) return new External(given, o.pids().getOrDefault(name, 0L));
            return switch (name) {
                case "null" -> {
                    NullS3Endpoint n = NullS3Endpoint.start();
                    yield new External(n.endpoint()) {
                        @Override public String description() { return "NullS3Endpoint in the bench JVM (stores nothing)"; }
                        @Override public void close() throws IOException { n.close(); }
                    };
                }
                case "awsemu" -> Spawned.awsemu(o);
                case "s3proxy" -> Spawned.s3proxy(o);
                case "s3mock" -> Spawned.s3mock(o);
                default -> throw new IllegalArgumentException(name + ": give it with --endpoint " + name + "=URL");
            };
        }
    }

    private static class External implements Target {
        private final URI endpoint;
        private final long pid;
        External(URI endpoint) { this(endpoint, 0); }
        External(URI endpoint, long pid) { this.endpoint = endpoint; this.pid = pid; }
        @Override public URI endpoint() { return endpoint; }
        @Override public long pid() { return pid; }
        @Override public String description() { return "external endpoint"; }
        @Override public void close() throws Exception {}
    }

    /** A server in its own JVM on a free loopback port with a fresh data directory, stopped with SIGTERM. */
    private static final class Spawned implements Target {
        private final Process process;
        private final URI endpoint;
        private final Path dir;
        private final String description;

        private Spawned(Process process, URI endpoint, Path dir, String description) {
            this.process = process;
            this.endpoint = endpoint;
            this.dir = dir;
            this.description = description;
        }

        static Spawned awsemu(Options o) throws Exception {
            require(o.awsemuJar(), "run `mvn -B -q -o package -DskipTests` first");
            String flags = o.awsemuFlags() != null ? o.awsemuFlags() : imageFlags(o.dockerfile());
            int port = ColdStartBench.freePort();
            Path dir = Files.createTempDirectory("awsemu-s3bench");
            List<String> cmd = new ArrayList<>(List.of(javaOf()));
            cmd.addAll(ColdStartBench.split(flags));
            cmd.addAll(List.of("-Dawsemu.port=" + port, "-Dawsemu.bindAddress=127.0.0.1",
                    "-Dawsemu.dataDir=" + dir.resolve("data"), "-jar", o.awsemuJar().toString()));
            // the image's malloc setting goes with its flags (it caps native memory, see the Dockerfile)
            Map<String, String> env = o.awsemuFlags() != null ? Map.of() : imageEnv(o.dockerfile());
            return launch(cmd, env, port, dir, "/_awsemu/health", "awsemu.jar, image JVM flags: " + flags
                    + (env.isEmpty() ? "" : ", environment " + env));
        }

        static Spawned s3proxy(Options o) throws Exception {
            require(o.s3proxyJar(), "fetch it: mvn -B -q -f bench/s3-peers/pom.xml dependency:copy");
            int port = ColdStartBench.freePort();
            Path dir = Files.createTempDirectory("s3proxy-s3bench");
            Files.createDirectories(dir.resolve("blobs"));
            Path props = dir.resolve("s3proxy.conf");
            Files.writeString(props, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=test",
                    "s3proxy.credential=test",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dir.resolve("blobs"), ""));
            List<String> cmd = List.of(javaOf(), "-jar", o.s3proxyJar().toString(), "--properties", props.toString());
            return launch(cmd, port, dir, "/", "s3proxy 4.1.0, filesystem backend, JVM defaults");
        }

        static Spawned s3mock(Options o) throws Exception {
            require(o.s3mockJar(), "fetch it: mvn -B -q -f bench/s3-peers/pom.xml dependency:copy");
            require(o.s3mockJava(), "S3Mock 5 needs a newer JDK; give one with --s3mock-java");
            int port = ColdStartBench.freePort();
            Path dir = Files.createTempDirectory("s3mock-s3bench");
            List<String> cmd = List.of(o.s3mockJava().toString(), "-jar", o.s3mockJar().toString(),
                    "--http.port=" + port, "--server.port=" + ColdStartBench.freePort(),
                    "--server.address=127.0.0.1",
                    "--com.adobe.testing.s3mock.store.root=" + dir.resolve("store"),
                    "--com.adobe.testing.s3mock.store.retain-files-on-exit=false");
            return launch(cmd, port, dir, "/", "S3Mock 5.2.0 on " + o.s3mockJava().getParent().getParent().getFileName() + ", JVM defaults");
        }

        private static Spawned launch(List<String> cmd, int port, Path dir, String probe, String description) throws Exception {
            return launch(cmd, Map.of(), port, dir, probe, description);
        }

        private static Spawned launch(List<String> cmd, Map<String, String> env, int port, Path dir, String probe,
                                      String description) throws Exception {
            Path log = dir.resolve("server.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    String tail = Files.readString(log);
                    ColdStartBench.deleteTree(dir);
                    throw new IllegalStateException("exited with " + p.exitValue() + ": "
                            + tail.substring(Math.max(0, tail.length() - 2000)));
                }
                if (answers(endpoint.resolve(probe))) return new Spawned(p, endpoint, dir, description);
                Thread.sleep(100);
            }
            p.destroyForcibly().waitFor();
            ColdStartBench.deleteTree(dir);
            throw new IllegalStateException("no answer on " + endpoint + " within 120 s; see the command " + cmd);
        }

        private static boolean answers(URI uri) {
            try {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                int status = c.getResponseCode();
                try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                    if (in != null) in.readAllBytes();
                }
                return status > 0;
            } catch (IOException e) {
                return false;
            }
        }

        @Override public URI endpoint() { return endpoint; }
        @Override public long pid() { return process.pid(); }
        @Override public String description() { return description; }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            ColdStartBench.deleteTree(dir);
        }

        private static void require(Path p, String hint) {
            if (!Files.isRegularFile(p)) throw new IllegalStateException("missing " + p + ": " + hint);
        }

        private static String javaOf() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }

    private static final Pattern JVM_DEFAULTS = Pattern.compile("AWSEMU_JVM_DEFAULTS=\"([^\"]*)\"");

    /** The JVM flags the image gives the server, read from the Dockerfile so the two cannot drift apart. */
    private static final Pattern MALLOC_ARENA_MAX = Pattern.compile("(?m)^\\s*(?:ENV\\s+)?MALLOC_ARENA_MAX=(\\d+)");

    /** The image's MALLOC_ARENA_MAX, as the Dockerfile's ENV sets it (empty when it sets none). */
    static Map<String, String> imageEnv(Path dockerfile) throws IOException {
        Matcher m = MALLOC_ARENA_MAX.matcher(Files.readString(dockerfile));
        return m.find() ? Map.of("MALLOC_ARENA_MAX", m.group(1)) : Map.of();
    }

    static String imageFlags(Path dockerfile) throws IOException {
        Matcher m = JVM_DEFAULTS.matcher(Files.readString(dockerfile));
        if (!m.find()) throw new IllegalStateException("no AWSEMU_JVM_DEFAULTS=\"...\" in " + dockerfile);
        return m.group(1);
    }

    private static int nonNegative(String v, String flag) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(flag + " needs a non-negative integer, got " + v);
    }

    private S3Bench() {}
}
