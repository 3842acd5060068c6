package io.awsemu.core.server;

import io.awsemu.core.concurrent.Background;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code java -jar awsemu.jar}: starts the server from system properties and the environment,
 * runs the ready hooks, and closes cleanly on SIGTERM/SIGINT.
 *
 * <p>{@code --exit-after-start} asks itself a few requests once the port is open, then stops (CDS
 * archive creation, start-up benchmarks): an archive recorded then holds the classes of answering
 * too, as the image's does (it stops the server after its first health answer).
 */
public final class Launcher {
    /**
     * Not a static field: the logging back end's set-up (slf4j-simple builds a date format, ~90 ms of a
     * cold JVM's start) runs on its own thread from the first line of {@link #main}, beside the config
     * and the stores' opening instead of before them. Loggers asked for meanwhile are slf4j's
     * substitutes, which replay what they were given once the back end is ready.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(Launcher.class);
    }

    /** Where executable scripts run once the server is ready (LocalStack's ready.d pattern). */
    public static final String READY_HOOKS = "/etc/awsemu/init/ready.d";

    private static final String NETTY_JFR = "io.netty.jfr.enabled";
    private static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

    private Launcher() {}

    /**
     * The JVM-wide settings {@code java -jar} runs with unless the command line sets them; public so that a
     * bench serving the emulator from its own main class runs the same way.
     */
    public static void runtimeDefaults() {
        // Netty registers its allocator's JFR events at its first buffer: the jdk.jfr module's classes and a
        // recorder listener, on a cold start's critical path, for a recording nobody runs. -D... overrides it.
        if (System.getProperty(NETTY_JFR) == null) System.setProperty(NETTY_JFR, "false");
        // Netty's default leak detection records a stack trace for one buffer in 128 and at each of its uses:
        // ~2 % of the event loops' CPU under SQS batch load. The test suite runs it at "paranoid" (every
        // buffer), where a leak fails the build; -Dio.netty.leakDetection.level=simple turns it back on.
        if (System.getProperty(NETTY_LEAK_DETECTION) == null) System.setProperty(NETTY_LEAK_DETECTION, "disabled");
    }

    public static void main(String[] args) throws InterruptedException {
        runtimeDefaults();
        Background.supply("awsemu-logging", LoggerFactory::getILoggerFactory);
        boolean exitAfterStart = List.of(args).contains("--exit-after-start");
        EmulatorConfig config;
        EmulatorServer server;
        try {
            config = EmulatorConfig.fromEnvironment();
            server = EmulatorServer.start(config);
        } catch (RuntimeException e) {
            log().error("awsemu could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        long sinceJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        log().info("awsemu {} ready on {} in {} ms (services {}, data {}, auth {})", EmulatorServer.version(),
                server.endpoint(), sinceJvm, config.services(),
                config.inMemory() ? EmulatorConfig.MEMORY : config.dataDir(), config.get(EmulatorConfig.Key.AUTH));
        if (exitAfterStart) {
            askSelf(server);
            server.close();
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log().info("awsemu stopping: draining in-flight requests");
            server.close();
            log().info("awsemu stopped");
            stopped.countDown();
        }, "awsemu-shutdown"));
        runReadyHooks(Path.of(System.getProperty("awsemu.readyHooks", READY_HOOKS)), server);
        stopped.await();
    }

    /** What a client asks first: the health answer (readiness probes) and, unsigned, S3's ListBuckets. */
    private static final List<String> FIRST_REQUESTS = List.of("/_awsemu/health", "/");

    /** Sends {@link #FIRST_REQUESTS} to the server over its port; a failure is logged, not fatal. */
    static void askSelf(EmulatorServer server) {
        java.net.URI endpoint = server.endpoint();
        for (String path : FIRST_REQUESTS) {
            try (java.net.Socket s = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().readAllBytes();
            } catch (IOException e) {
                log().warn("--exit-after-start: GET {} failed: {}", path, e.getMessage());
            }
        }
    }

    /** Runs every executable file in {@code dir}, in name order, with its output in our log. */
    static void runReadyHooks(Path dir, EmulatorServer server) {
        if (!Files.isDirectory(dir)) return;
        List<Path> scripts;
        try (Stream<Path> s = Files.list(dir)) {
            scripts = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            log().warn("cannot list ready hooks in {}: {}", dir, e.getMessage());
            return;
        }
        for (Path script : scripts) {
            if (!Files.isExecutable(script)) {
                log().warn("ready hook {} is not executable; skipped", script);
                continue;
            }
            try {
                ProcessBuilder pb = new ProcessBuilder(script.toString()).redirectErrorStream(true);
                pb.environment().put("AWS_ENDPOINT_URL", server.endpoint().toString());
                pb.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "test");
                pb.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "test");
                pb.environment().putIfAbsent("AWS_DEFAULT_REGION", server.config().region());
                Process p = pb.start();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) log().info("[{}] {}", script.getFileName(), line);
                }
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    log().warn("ready hook {} timed out", script);
                } else {
                    log().info("ready hook {} exited with {}", script.getFileName(), p.exitValue());
                }
            } catch (IOException e) {
                log().warn("ready hook {} failed: {}", script, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
