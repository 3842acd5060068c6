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
import java.nio.file.StandardCopyOption;
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
 * <p>Usage: {@code ColdStartBench [--jar PATH] [--runs N] [--idle SECONDS] [--java PATH]
 * [--flags "JVM FLAGS"]... [--cds "JVM FLAGS"]... [--aot "JVM FLAGS"]...}. Without
 * {@code --flags}/{@code --cds}/{@code --aot} it runs {@link #DEFAULT_CONFIGS}.
 * A {@code --cds} configuration first records an AppCDS archive with those flags
 * ({@code -XX:ArchiveClassesAtExit} and the jar's {@code --exit-after-start}), then runs with it;
 * {@code --aot} does the same with a JDK 25+ AOT cache ({@code -XX:AOTCacheOutput}, then
 * {@code -XX:AOTCache}). Archives are recorded first, then the runs go round-robin over the flag sets.
 * The data dir of that recording run also becomes the runs' metadata template ({@code awsemu.metaTemplate}),
 * as in the image. {@code --java} picks the {@code java} of the flag sets that follow it
 * (default: the one running the bench); a second {@code --jar} likewise (A/B of two builds).
 */
public final class ColdStartBench {

    /** What a configuration records before its runs, with the same flags, and then starts with. */
    enum Archive {
        NONE(""), CDS(" +AppCDS"), AOT(" +AOT cache");

        final String suffix;

        Archive(String suffix) { this.suffix = suffix; }
    }

    /** One JVM flag set to measure, run by {@code java} (null: the bench's own) on {@code jar} (null: the first --jar). */
    record Config(String java, Path jar, String flags, Archive archive) {
        Config(String flags, boolean cds) { this(null, null, flags, cds ? Archive.CDS : Archive.NONE); }

        String label() {
            return (flags.isBlank() ? "(JVM defaults)" : flags) + archive.suffix
                    + (java == null ? "" : " [" + jdkName(java) + "]") + (jar == null ? "" : " [" + jar + "]");
        }

        /** {@code temurin-25-jdk-amd64} for {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}. */
        static String jdkName(String java) {
            Path home = Path.of(java).getParent() == null ? null : Path.of(java).getParent().getParent();
            return home == null || home.getFileName() == null ? java : home.getFileName().toString();
        }
    }

    /**
     * The image's: tuned for RAM (small initial heap, so start-up garbage is collected early instead of
     * touching fresh pages) and start (C1 only, one compiler thread: on two cores a second one took CPU
     * from the start itself) and no hsperfdata file ({@code jps}/{@code jstat} don't list the process;
     * 15-40 ms less start-up CPU in two of three A/Bs).
     */
    static final String LEAN = "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:+UseSerialGC -Xms16m";

    static final List<Config> DEFAULT_CONFIGS = List.of(
            new Config("", false),
            new Config("-XX:+UseSerialGC", false), // what the Dockerfile's AWSEMU_JVM_DEFAULTS picked before this bench
            new Config("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", false),
            new Config("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", true),
            new Config(LEAN, true),
            new Config(LEAN + " -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30",
                    true));

    /** Parsed command line. */
    record Options(Path jar, int runs, int idleSeconds, List<Config> configs, boolean memoryRun) {
        static Options parse(String... args) {
            Path jar = Path.of("docker/target/awsemu.jar");
            int runs = 5;
            int idle = 10;
            boolean memory = true;
            boolean jarGiven = false;
            Path otherJar = null; // a second --jar: for the flag sets after it (A/B of two builds)
            String java = null;
            List<Config> configs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--jar" -> {
                        if (jarGiven) otherJar = Path.of(value(args, ++i, a));
                        else jar = Path.of(value(args, ++i, a));
                        jarGiven = true;
                    }
                    case "--runs" -> runs = positive(value(args, ++i, a), a);
                    case "--idle" -> idle = positive(value(args, ++i, a), a);
                    case "--java" -> java = value(args, ++i, a);
                    case "--flags" -> configs.add(new Config(java, otherJar, value(args, ++i, a).trim(), Archive.NONE));
                    case "--cds" -> configs.add(new Config(java, otherJar, value(args, ++i, a).trim(), Archive.CDS));
                    case "--aot" -> configs.add(new Config(java, otherJar, value(args, ++i, a).trim(), Archive.AOT));
                    case "--no-memory" -> memory = false;
                    default -> throw new IllegalArgumentException("unknown argument: " + a);
                }
            }
            if (idle < 3) throw new IllegalArgumentException("--idle must be at least 3 (the first RSS is read at 2 s)");
            return new Options(jar, runs, idle, configs.isEmpty() ? DEFAULT_CONFIGS : List.copyOf(configs), memory);
        }
    }

    /** What one process start measured; times in ms, memory in kB, -1 when not measured. */
    record Run(boolean memory, double startMs, long serverReadyMs, long cpuMs, long rss2s, long rssIdle, long rssAfterRequests,
               double exitMs, int exitCode) {}

    private static final Pattern READY = Pattern.compile("ready on \\S+ in (\\d+) ms");

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: ColdStartBench [--jar PATH] [--runs N] [--idle SECONDS] [--no-memory]"
                    + " [--java PATH] [--flags \"JVM FLAGS\"]... [--cds \"JVM FLAGS\"]... [--aot \"JVM FLAGS\"]...");
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(o.jar())) {
            System.err.println("no jar at " + o.jar() + ": run `mvn -B -q -o package -DskipTests` from the repository root");
            System.exit(2);
        }
        String ownJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf("cold start of %s (%d runs per flag set, %d s idle; %s, %d cores, java %s)%n%n",
                o.jar(), o.runs(), o.idleSeconds(), System.getProperty("os.name"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        // warm the client side once so its own class loading is not counted in the first run
        probe(freePort());

        Path work = Files.createTempDirectory("awsemu-coldstart");
        List<String> table = new ArrayList<>();
        try {
            // archives first, then the runs round-robin over the flag sets, so a change in the
            // machine's load spreads over all of them instead of favouring one
            List<String> java = new ArrayList<>();
            List<Path> jars = new ArrayList<>();
            List<List<String>> flags = new ArrayList<>();
            for (int n = 0; n < o.configs().size(); n++) {
                Config c = o.configs().get(n);
                String j = c.java() == null ? ownJava : c.java();
                Path jar = c.jar() == null ? o.jar() : c.jar();
                if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("no jar at " + jar);
                List<String> f = new ArrayList<>(split(c.flags()));
                if (c.archive() != Archive.NONE) {
                    boolean cds = c.archive() == Archive.CDS;
                    Path file = work.resolve("awsemu-" + (n + 1) + (cds ? ".jsa" : ".aot"));
                    Path template = work.resolve("awsemu-" + (n + 1) + "-meta.mv.db");
                    double ms = recordArchive(j, f,
                            (cds ? "-XX:ArchiveClassesAtExit=" : "-XX:AOTCacheOutput=") + file, jar, file, template, work);
                    System.out.printf("  recorded %s (%d kB) in %.0f ms%n", file.getFileName(), Files.size(file) / 1024, ms);
                    f.add((cds ? "-XX:SharedArchiveFile=" : "-XX:AOTCache=") + file);
                    // as the image: its build run also leaves the migrated metadata that new data dirs start from
                    if (Files.isRegularFile(template)) f.add("-Dawsemu.metaTemplate=" + template);
                }
                java.add(j);
                jars.add(jar);
                flags.add(f);
            }
            List<List<Run>> runs = new ArrayList<>();
            o.configs().forEach(c -> runs.add(new ArrayList<>()));
            for (int i = 0; i < o.runs(); i++) {
                for (int n = 0; n < o.configs().size(); n++) {
                    runs.get(n).add(once(java.get(n), flags.get(n), jars.get(n), work, false, o.idleSeconds(),
                            o.configs().get(n).label(), i));
                }
            }
            for (int n = 0; n < o.configs().size(); n++) {
                Run mem = o.memoryRun()
                        ? once(java.get(n), flags.get(n), jars.get(n), work, true, o.idleSeconds(), o.configs().get(n).label(), -1)
                        : null;
                table.add(row(o.configs().get(n), runs.get(n), mem));
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
        System.out.println("cpu = the server's user+system CPU time at the first 200 (median; all threads; steadier than start on a busy machine);");
        System.out.println("RSS = VmRSS in MB (median): 2 s after ready, after the idle period (models preloaded),");
        System.out.println("and after S3 ListBuckets + SimpleDB ListDomains + EC2 DescribeInstances, 3 times; exit = SIGTERM -> process gone.");
        System.out.println("target: start <= 500 ms and idle RSS <= 100 MB.");
    }

    static final String HEADER = String.format(Locale.ROOT, "%-20s %-8s %-6s %-6s %-8s %-8s %-9s %-9s %-7s %-6s %s",
            "start ms min/med/max", "mem ms", "jvm ms", "cpu ms", "RSS 2s", "RSS idle", "RSS reqs", "exit ms", "target", "runs", "flags");

    private static String row(Config c, List<Run> runs, Run mem) {
        List<Double> starts = runs.stream().map(Run::startMs).sorted().toList();
        double med = median(starts);
        long idle = medianLong(runs.stream().map(Run::rssIdle).toList());
        boolean ok = med <= 500 && idle > 0 && idle <= 100 * 1024;
        return String.format(Locale.ROOT, "%-20s %-8s %-6d %-6d %-8s %-8s %-9s %-9.0f %-7s %-6d %s",
                String.format(Locale.ROOT, "%.0f/%.0f/%.0f", starts.get(0), med, starts.get(starts.size() - 1)),
                mem == null ? "-" : String.format(Locale.ROOT, "%.0f", mem.startMs()),
                medianLong(runs.stream().map(Run::serverReadyMs).toList()),
                medianLong(runs.stream().map(Run::cpuMs).toList()),
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
            long cpuMs = cpuMs(p.pid());
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
            Run r = new Run(memory, startMs, serverReady, cpuMs, rss2, rssIdle, rssReq, exitMs, p.exitValue());
            System.out.printf(Locale.ROOT, "  %-5s start %6.0f ms (jvm %4d, cpu %4d)  RSS %s / %s / %s MB  exit %4.0f ms (%d)  %s%n",
                    memory ? "mem" : "run" + (index + 1), startMs, serverReady, cpuMs, mb(rss2), mb(rssIdle), mb(rssReq),
                    exitMs, r.exitCode(), label);
            return r;
        } finally {
            if (p.isAlive()) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (data != null) deleteTree(data);
            Files.deleteIfExists(log);
        }
    }

    /**
     * Records a dynamic AppCDS archive or an AOT cache ({@code output} is the JVM flag that writes it)
     * the way an image build would: start, first answer possible, exit.
     */
    private static double recordArchive(String java, List<String> flags, String output, Path jar, Path file,
                                        Path template, Path work) throws Exception {
        Path data = Files.createTempDirectory(work, "cds");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(flags);
        cmd.add(output);
        cmd.add("-Dawsemu.port=0");
        cmd.add("-Dawsemu.dataDir=" + data);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("--exit-after-start");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException("could not record " + file.getFileName() + ":\n" + out);
        }
        Path meta = data.resolve("meta.mv.db");
        if (Files.isRegularFile(meta)) Files.copy(meta, template, StandardCopyOption.REPLACE_EXISTING);
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

    /** User + system CPU time of the process so far, all threads (dead ones too), in ms; -1 where there is no procfs. */
    static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after "(comm)": state is field 3, utime 14 and stime 15, in clock ticks (USER_HZ, 100 on Linux)
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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
