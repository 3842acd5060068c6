package io.awsemu.core.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Record batches written as SQS writes them (WAL, no fsync) survive SIGKILL, each whole: a child JVM
 * ({@link Writer}) writes batches of two keys and prints {@code REC <n>} after each write returned;
 * the parent kills it mid-stream, reopens the data dir and finds every acknowledged batch, and no half
 * of any batch.
 */
class RecordsCrashTest {
    @TempDir
    Path dir;

    public static final class Writer {
        public static void main(String[] args) {
            DataStores stores = DataStores.open(Path.of(args[0]));
            KeyValueStore kv = stores.records().namespace("crashtest");
            byte[] body = new byte[300];
            for (long n = 0; ; n++) {
                kv.write(new KeyValueStore.Batch().put(key('a', n), body).put(key('b', n), new byte[] {1}), false);
                System.out.println("REC " + n);
                System.out.flush();
            }
        }
    }

    static byte[] key(char kind, long n) {
        return ByteBuffer.allocate(9).put((byte) kind).putLong(n).array();
    }

    @Test
    void acknowledgedBatchesSurviveKillMinus9Whole() throws Exception {
        Path data = dir.resolve("data"), stderr = dir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), Writer.class.getName(), data.toString())
                .redirectError(stderr.toFile()).start();
        long[] acked = {-1};
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    if (l.startsWith("REC ")) synchronized (acked) { acked[0] = Long.parseLong(l.substring(4)); }
                }
            } catch (Exception ignored) {
                // the pipe breaks when the child dies
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && child.isAlive()) {
            synchronized (acked) { if (acked[0] >= 1000) break; }
            Thread.sleep(20);
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush, no close
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        reader.join(5000);
        long last;
        synchronized (acked) { last = acked[0]; }
        assertTrue(last >= 100, () -> "too few acknowledged batches to mean anything: " + acked[0] + " " + err(stderr));

        Set<Long> a = new HashSet<>(), b = new HashSet<>();
        try (DataStores stores = DataStores.open(data)) {
            stores.records().namespace("crashtest").scan(new byte[0], (k, v) ->
                    (k[0] == 'a' ? a : b).add(ByteBuffer.wrap(k, 1, 8).getLong()));
        }
        for (long n = 0; n <= last; n++) assertTrue(a.contains(n), "acknowledged batch " + n + " is missing");
        assertEquals(a, b, "a batch was applied in part");
    }

    private static String err(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (Exception e) {
            return e.toString();
        }
    }
}
