package io.awsemu.bench;

import static io.awsemu.bench.BenchArgs.positive;
import static io.awsemu.bench.BenchArgs.value;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cold start and memory of the runnable jar, per set of JVM flags: process start to the first
 * {@code 200} from {@code /_awsemu/health}, RSS after 2 s and 10 s idle, RSS after a few requests,
 * and how long SIGTERM takes. Builds nothing: give it {@code docker/target/awsemu.jar}.
 *
 * <p>Usage: {@code ColdStartBench [--jar PATH] [--runs N] [--idle SECONDS] [--flags "JVM FLAGS"]...
 * [--cds "JVM FLAGS"]...}. Without {@code --flags}/{@code --cds} it runs {@link #DEFAULT_CONFIGS}.
 * A {@code --cds} configuration first records an AppCDS archive with those flags
 * ({@code -XX:ArchiveClassesAtExit} and the jar's {@code --exit-after-start}), then runs with it.
 */
public final class ColdStartBench {

    /** One JVM flag set to measure; {@code cds} adds an AppCDS archive recorded with the same flags. */
    record Config(String flags, boolean cds) {
        String label() { return (flags.isBlank() ? "(JVM defaults)" : flags) + (cds ? " +AppCDS" : ""); }
    }

    /** Tuned for RAM: small initial heap so start-up garbage is collected early instead of touching fresh pages. */
    static final String LEAN = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m";

    static final List<Config> DEFAULT_CONFIGS = List.of(
            new Config("", false),
            new Config("-XX:+UseSerialGC", false), // what the Dockerfile's AWSEMU_JVM_DEFAULTS picked before this bench
            new Config("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", false),
            new Config("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", true),
            new Config(LEAN, true),
            new Config(LEAN + " -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
                    + " -XX:-UsePerfData", true));

    /** Parsed command line. */
    record Options(Path jar, int runs, int idleSeconds, List<Config> configs, boolean memoryRun) {
        static Options parse(String... args) {
            Path jar = Path.of("docker/target/awsemu.jar");
            int runs = 5;
            int idle = 10;
            boolean memory = true;
            List<Config> configs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--jar" -> jar = Path.of(value(args, ++i, a));
                    case "--runs" -> runs = positive(value(args, ++i, a), a);
                    case "--idle" -> idle = positive(value(args, ++i, a), a);
                    case "--flags" -> configs.add(new Config(value(args, ++i, a).trim(), false));
                    case "--cds" -> configs.add(new Config(value(args, ++i, a).trim(), true));
                    case "--no-memory" -> memory = false;
                    default -> throw new IllegalArgumentException("unknown argument: " + a);
                }
            }
            if (idle < 3) throw new IllegalArgumentException("--idle must be at least 3 (the first RSS is read at 2 s)");
            return new Options(jar, runs, idle, configs.isEmpty() ? DEFAULT_CONFIGS : List.copyOf(configs), memory);
        }
    }

    /** What one process start measured; times in ms, memory in kB, -1 when not measured. */
    record Run(boolean memory, double startMs, long serverReadyMs, long rss2s, long rssIdle, long rssAfterRequests,
               double exitMs, int exitCode) {}

    private static final Pattern READY = Pattern.compile("ready on \\S+ in (\\d+) ms");

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: ColdStartBench [--jar PATH] [--runs N] [--idle SECONDS] [--no-memory]"
                    + " [--flags \"JVM FLAGS\"]... [--cds \"JVM FLAGS\"]...");
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(o.jar())) {
            System.err.println("no jar at " + o.jar() + ": run `mvn -B -q -o package -DskipTests` from the repository root");
            System.exit(2);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf("cold start of %s (%d runs per flag set, %d s idle; %s, %d cores, java %s)%n%n",
                o.jar(), o.runs(), o.idleSeconds(), System.getProperty("os.name"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        // warm the client side once so its own class loading is not counted in the first run
        probe(freePort());

        Path work = Files.createTempDirectory("awsemu-coldstart");
        List<String> table = new ArrayList<>();
        try {
            int n = 0;
            for (Config c : o.configs()) {
                n++;
                List<String> flags = new ArrayList<>(split(c.flags()));
                if (c.cds()) {
                    Path jsa = work.resolve("awsemu-" + n + ".jsa");
                    double ms = recordArchive(java, flags, o.jar(), jsa, work);
                    System.out.printf("  recorded %s (%d kB) in %.0f ms%n", jsa.getFileName(), Files.size(jsa) / 1024, ms);
                    flags.add("-XX:SharedArchiveFile=" + jsa);
                }
                List<Run> runs = new ArrayList<>();
                for (int i = 0; i < o.runs(); i++) runs.add(once(java, flags, o.jar(), work, false, o.idleSeconds(), c.label(), i));
                Run mem = o.memoryRun() ? once(java, flags, o.jar(), work, true, o.idleSeconds(), c.label(), -1) : null;
                table.add(row(c, runs, mem));
            }
        } finally {
            deleteTree(work);
        }
        System.out.println();
        System.out.println(HEADER);
        System.out.println("-".repeat(HEADER.length()));
        table.forEach(System.out::println);
        System.out.println();
        System.out.println("start = process spawn -> first 200 from /_awsemu/health (min/median/max over the runs);");
        System.out.println("mem = the same with -Dawsemu.dataDir=:memory:; jvm = the server's own 'ready in' (JVM start -> port open);");
        System.out.println("RSS = VmRSS in MB (median): 2 s after ready, after the idle period (models preloaded),");
        System.out.println("and after S3 ListBuckets + SimpleDB ListDomains + EC2 DescribeInstances, 3 times; exit = SIGTERM -> process gone.");
        System.out.println("target: start <= 500 ms and idle RSS <= 100 MB.");
    }

    static final String HEADER = String.format(Locale.ROOT, "%-20s %-8s %-6s %-8s %-8s %-9s %-9s %-7s %-6s %s",
            "start ms min/med/max", "mem ms", "jvm ms", "RSS 2s", "RSS idle", "RSS reqs", "exit ms", "target", "runs", "flags");

    private static String row(Config c, List<Run> runs, Run mem) {
        List<Double> starts = runs.stream().map(Run::startMs).sorted().toList();
        double med = median(starts);
        long idle = medianLong(runs.stream().map(Run::rssIdle).toList());
        boolean ok = med <= 500 && idle > 0 && idle <= 100 * 1024;
        return String.format(Locale.ROOT, "%-20s %-8s %-6d %-8s %-8s %-9s %-9.0f %-7s %-6d %s",
                String.format(Locale.ROOT, "%.0f/%.0f/%.0f", starts.get(0), med, starts.get(starts.size() - 1)),
                mem == null ? "-" : String.format(Locale.ROOT, "%.0f", mem.startMs()),
                medianLong(runs.stream().map(Run::serverReadyMs).toList()),
                mb(medianLong(runs.stream().map(Run::rss2s).toList())), mb(idle),
                mb(medianLong(runs.stream().map(Run::rssAfterRequests).toList())),
                median(runs.stream().map(Run::exitMs).sorted().toList()),
                ok ? "MET" : "missed", runs.size(), c.label());
    }

    private static Run once(String java, List<String> flags, Path jar, Path work, boolean memory, int idleSeconds,
                            String label, int index) throws Exception {
        int port = freePort();
        Path data = memory ? null : Files.createTempDirectory(work, "data");
        Path log = Files.createTempFile(work, "server", ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(flags);
        cmd.add("-Dawsemu.port=" + port);
        cmd.add("-Dawsemu.dataDir=" + (memory ? ":memory:" : data.toString()));
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            // a refused connect returns at once; the 1 ms nap keeps the poller off the server's cores
            while (probe(port) != 200) {
                if (!p.isAlive()) throw new IllegalStateException("server exited with " + p.exitValue() + ":\n" + Files.readString(log));
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) throw new IllegalStateException("no health answer in 60 s");
                Thread.sleep(1);
            }
            double startMs = (System.nanoTime() - t0) / 1e6;
            long ready = System.nanoTime();
            sleepUntil(ready, 2000);
            long rss2 = rssKb(p.pid());
            sleepUntil(ready, idleSeconds * 1000L);
            long rssIdle = rssKb(p.pid());
            for (int i = 0; i < 3; i++) {
                // unsigned, so anonymous: AWS answers ListBuckets with 403 AccessDenied after routing and auth
                int s3 = get(port, "/");
                if (s3 != 200 && s3 != 403) throw new IllegalStateException("S3 ListBuckets answered " + s3);
                check(get(port, "/?Action=ListDomains&Version=2009-04-15"), "SimpleDB ListDomains");
                // EC2 handlers may not be bound yet: its 501 still goes through the (3 MB) model's codec
                int ec2 = get(port, "/?Action=DescribeInstances&Version=2016-11-15");
                if (ec2 != 200 && ec2 != 501) throw new IllegalStateException("EC2 DescribeInstances answered " + ec2);
            }
            long rssReq = rssKb(p.pid());
            long t1 = System.nanoTime();
            p.destroy(); // SIGTERM on Linux
            if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("no exit 30 s after SIGTERM");
            double exitMs = (System.nanoTime() - t1) / 1e6;
            Matcher m = READY.matcher(Files.readString(log));
            long serverReady = m.find() ? Long.parseLong(m.group(1)) : -1;
            Run r = new Run(memory, startMs, serverReady, rss2, rssIdle, rssReq, exitMs, p.exitValue());
            System.out.printf(Locale.ROOT, "  %-5s start %6.0f ms (jvm %4d)  RSS %s / %s / %s MB  exit %4.0f ms (%d)  %s%n",
                    memory ? "mem" : "run" + (index + 1), startMs, serverReady, mb(rss2), mb(rssIdle), mb(rssReq),
                    exitMs, r.exitCode(), label);
            return r;
        } finally {
            if (p.isAlive()) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (data != null) deleteTree(data);
            Files.deleteIfExists(log);
        }
    }

    /** Records a dynamic AppCDS archive the way an image build would: start, first answer possible, exit. */
    private static double recordArchive(String java, List<String> flags, Path jar, Path jsa, Path work) throws Exception {
        Path data = Files.createTempDirectory(work, "cds");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(flags);
        cmd.add("-XX:ArchiveClassesAtExit=" + jsa);
        cmd.add("-Dawsemu.port=0");
        cmd.add("-Dawsemu.dataDir=" + data);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("--exit-after-start");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(jsa)) {
            throw new IllegalStateException("could not record the CDS archive:\n" + out);
        }
        deleteTree(data);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void check(int status, String what) {
        if (status != 200) throw new IllegalStateException(what + " answered " + status);
    }

    /** Status of {@code GET /_awsemu/health}, or -1 while nothing listens. */
    static int probe(int port) {
        try {
            return get(port, "/_awsemu/health");
        } catch (IOException e) {
            return -1;
        }
    }

    /** A bare HTTP/1.1 GET on a fresh connection: no client library start-up in the measurement. */
    static int get(int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            String head = new String(all, 0, Math.min(all.length, 64), StandardCharsets.US_ASCII);
            if (!head.startsWith("HTTP/1.1 ")) return -1;
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    /** VmRSS from {@code /proc/<pid>/status} in kB, -1 where there is no procfs. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static List<String> split(String flags) {
        return flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static long medianLong(List<Long> values) {
        List<Long> s = values.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static String mb(long kb) {
        return kb < 0 ? "?" : String.format(Locale.ROOT, "%.0f", kb / 1024.0);
    }

    private static void sleepUntil(long startNanos, long millis) throws InterruptedException {
        long left = millis - (System.nanoTime() - startNanos) / 1_000_000;
        if (left > 0) Thread.sleep(left);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private ColdStartBench() {}
}
