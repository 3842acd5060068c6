package io.awsemu.core.storage;

import io.awsemu.core.storage.blob.BlobId;
import io.awsemu.core.storage.blob.BlobStoreStats;
import io.awsemu.core.storage.blob.RocksDbBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An acknowledged write survives SIGKILL: a child JVM ({@link CrashWriterMain}) writes blobs and
 * metadata rows, printing an ACK after each durable publish; the parent kills it mid-stream, reopens
 * the stores and checks every ACKed row and its bytes, then that the collector leaves no garbage.
 */
class StorageCrashTest {
    private static final Pattern ACK = Pattern.compile("ACK (\\d+) ([0-9a-f]{32}) ([0-9a-f]{32}) (\\d+)");
    /** A blob this large has full chunks past the WAL ones: they are ingested as the blob's own SST (1 MiB chunks). */
    private static final long LARGE = (RocksDbBlobStore.DEFAULT_WAL_CHUNKS + 1L) << 20;
    /** ACKs seen before the kill, one of them of a large blob: however slow the machine, the kill lands mid-stream. */
    private static final int ACKS_BEFORE_KILL = 12;

    @TempDir
    Path dir;

    record Ack(long row, String blobId, String md5) {}

    @Test
    void acknowledgedWritesSurviveKillMinus9() throws Exception {
        Path stderr = dir.resolve("child.err");
        Path data = dir.resolve("data");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashWriterMain.class.getName(), data.toString())
                .redirectError(stderr.toFile())
                .start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) synchronized (lines) { lines.add(l); }
            } catch (Exception ignored) {
                // the pipe breaks when the child dies
            }
        });
        reader.start();
        // Not a fixed time: under load 2 s after the first ACK held too few ACKs, or none of a large blob.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && child.isAlive() && !enoughToKill(lines)) Thread.sleep(20);
        assertTrue(child.isAlive(), () -> "child died early: " + read(stderr));
        Thread.sleep(300); // writes of every kind in flight when the kill comes
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush, no close
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        reader.join(5000);

        Map<Long, Ack> acks = new HashMap<>();
        synchronized (lines) {
            for (String l : lines) {
                Matcher m = ACK.matcher(l);
                if (m.matches()) acks.put(Long.parseLong(m.group(1)), new Ack(Long.parseLong(m.group(1)), m.group(2), m.group(3)));
            }
        }
        assertTrue(acks.size() >= 5, () -> "too few ACKs to mean anything: " + acks.size() + " " + read(stderr));

        try (DataStores stores = DataStores.open(data)) {
            Set<BlobId> referenced = new HashSet<>();
            Map<Long, String[]> rows = stores.metadata().read(c -> {
                Map<Long, String[]> out = new HashMap<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT id, blob_id, md5 FROM crashtest.objects")) {
                    while (rs.next()) out.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                }
                return out;
            });
            rows.values().forEach(r -> referenced.add(BlobId.parse(r[0])));

            int large = 0;
            for (Ack a : acks.values()) {
                if (stores.blobs().size(BlobId.parse(a.blobId())) >= LARGE) large++;
                String[] row = rows.get(a.row());
                assertTrue(row != null, "ACKed row " + a.row() + " is missing after the crash");
                assertEquals(a.blobId(), row[0]);
                assertEquals(a.md5(), row[1]);
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                try (InputStream in = stores.blobs().read(BlobId.parse(a.blobId()))) {
                    byte[] buf = new byte[65536];
                    for (int n; (n = in.read(buf)) != -1; ) md5.update(buf, 0, n);
                }
                assertEquals(a.md5(), HexFormat.of().formatHex(md5.digest()), "bytes of ACKed blob " + a.blobId());
            }
            assertTrue(large >= 1, "no ACKed blob took the large-blob path (chunks ingested as an SST)");
            // rows committed but not yet ACKed when the kill came are fine: they must be whole too
            for (String[] row : rows.values()) assertTrue(stores.blobs().size(BlobId.parse(row[0])) >= 0);

            RocksDbBlobStore blobs = (RocksDbBlobStore) stores.blobs();
            BlobStoreStats before = blobs.stats();
            int removed = stores.blobs().collectOrphans(referenced::contains, Duration.ZERO);
            BlobStoreStats after = blobs.stats();
            System.out.printf("crash test: %d ACKs, %d rows, before collect %s, removed %d, after %s%n",
                    acks.size(), rows.size(), before, removed, after);
            assertTrue(removed >= 1, "the straggler's or the unpublished blobs should have been collected");
            assertEquals(rows.size(), after.committed());
            assertEquals(0, after.pending());
            assertTrue(after.chunkOwners() <= after.committed());
            for (BlobId id : referenced) stores.blobs().size(id); // still there
        }
    }

    private static boolean enoughToKill(List<String> lines) {
        int acks = 0;
        boolean large = false;
        synchronized (lines) {
            for (String l : lines) {
                Matcher m = ACK.matcher(l);
                if (!m.matches()) continue;
                acks++;
                large |= Long.parseLong(m.group(4)) >= LARGE;
            }
        }
        return acks >= ACKS_BEFORE_KILL && large;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (Exception e) {
            return e.toString();
        }
    }
}
