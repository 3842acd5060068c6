package io.awsemu.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The emulator in a child JVM (same class path as the test), for restart and {@code kill -9} tests.
 * Its output is kept and printed when a start fails. Like the image, it runs with a 256 MiB heap and
 * {@code -XX:+ExitOnOutOfMemoryError}, so running out of heap ends the process instead of limping on.
 */
public final class EmulatorProcess implements AutoCloseable {
    private final Path dataDir;
    private final Map<String, String> properties;
    private final List<String> jvmOptions;
    private final int port;
    private Process process;
    private Thread pump;
    private final List<String> output = new ArrayList<>();

    private EmulatorProcess(Path dataDir, Map<String, String> properties, List<String> jvmOptions, int port) {
        this.dataDir = dataDir;
        this.properties = properties;
        this.jvmOptions = jvmOptions;
        this.port = port;
    }

    /** Starts on a free port with data in {@code dataDir}, and waits until it answers. */
    public static EmulatorProcess start(Path dataDir, Map<String, String> properties) throws IOException {
        return start(dataDir, properties, List.of());
    }

    /** As {@link #start(Path, Map)}, with extra JVM options after the defaults (a later {@code -Xmx} wins). */
    public static EmulatorProcess start(Path dataDir, Map<String, String> properties, List<String> jvmOptions) throws IOException {
        EmulatorProcess p = new EmulatorProcess(dataDir, new LinkedHashMap<>(properties), List.copyOf(jvmOptions), freePort());
        p.launch();
        return p;
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(jvmOptions);
        cmd.add("-Dawsemu.port=" + port);
        cmd.add("-Dawsemu.bindAddress=127.0.0.1");
        cmd.add("-Dawsemu.dataDir=" + dataDir);
        cmd.add("-Dawsemu.readyHooks=/nonexistent");
        properties.forEach((k, v) -> cmd.add("-Dawsemu." + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.awsemu.core.server.Launcher");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Process proc = process;
        pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "emulator-process-output");
        pump.setDaemon(true);
        pump.start();
        awaitReady();
    }

    private void awaitReady() throws IOException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) throw new IOException("emulator exited with " + process.exitValue() + ":\n" + output());
            try {
                HttpURLConnection c = (HttpURLConnection) new URL(endpoint() + "/_awsemu/health").openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) return;
            } catch (IOException notYet) {
                // keep waiting
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        throw new IOException("emulator did not become ready within 60 s:\n" + output());
    }

    public URI endpoint() { return URI.create("http://127.0.0.1:" + port); }
    public int port() { return port; }

    public boolean isAlive() { return process != null && process.isAlive(); }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill9() throws InterruptedException {
        process.toHandle().destroyForcibly();   // Process.destroy* would also close our end of its output
        process.waitFor(30, TimeUnit.SECONDS);
        pump.join(5_000);
    }

    /** SIGTERM: the emulator drains and closes its stores. Returns the exit code. */
    public int stop() throws InterruptedException {
        process.toHandle().destroy();   // SIGTERM; Process.destroy() would also close our end of its output
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("emulator did not stop within 30 s on SIGTERM:\n" + output());
        }
        pump.join(5_000);   // the last log lines
        return process.exitValue();
    }

    /** Starts again on the same port and data directory. */
    public void restart() throws IOException {
        if (process.isAlive()) throw new IllegalStateException("still running");
        launch();
    }

    /** The running emulator's thread dump (jcmd of the JDK that runs the tests), for a failure message. */
    public String threadDump() {
        if (process == null || !process.isAlive()) return "(not running)";
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process j = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(j.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            j.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            return dump;
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
