package io.awsemu.core.storage;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.storage.blob.BlobId;
import io.awsemu.core.storage.blob.BlobInfo;
import io.awsemu.core.storage.blob.BlobWriter;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throwaway numbers for the storage layer (not a test; the bench module owns real benchmarks):
 * {@code java -cp <test classpath> io.awsemu.core.storage.StorageBenchMain <emptyDir>}.
 */
public final class StorageBenchMain {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        System.out.println("RSS before open: " + rssMb() + " MB");
        try (DataStores s = DataStores.open(dir)) {
            s.metadata().migrate("crashtest", StorageBenchMain.class.getClassLoader());
            System.out.println("RSS after open: " + rssMb() + " MB");
            smallBlobs(s, 4, 4096, false, 3000);
            smallBlobs(s, 4, 4096, true, 3000);
            smallBlobs(s, 1, 4096, false, 3000);
            metadataOnly(s, 4, 3000);
            sequential(s, 256);
            System.out.println("RSS after runs: " + rssMb() + " MB");
        }
    }

    static void smallBlobs(DataStores s, int threads, int size, boolean publish, long millis) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong rows = new AtomicLong(System.nanoTime());
        long end = System.nanoTime() + millis * 1_000_000;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                byte[] data = new byte[size];
                new SplittableRandom().nextBytes(data);
                try {
                    while (System.nanoTime() < end) {
                        BlobInfo info;
                        try (BlobWriter w = s.blobs().create(Set.of(ChecksumAlgorithm.CRC32))) {
                            w.write(data);
                            info = w.commit();
                        }
                        if (publish) insert(s, rows.incrementAndGet(), info);
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        System.out.printf("%d thread(s), %d B blobs%s: %.0f commits/s%n", threads, size,
                publish ? " + H2 row per blob" : "", done.get() * 1000.0 / millis);
    }

    static void insert(DataStores s, long row, BlobInfo info) {
        s.metadata().tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO crashtest.objects (id, blob_id, md5, size) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, row);
                ps.setString(2, info.id().toString());
                ps.setString(3, "0".repeat(32));
                ps.setLong(4, info.size());
                return ps.executeUpdate();
            }
        });
    }

    static void metadataOnly(DataStores s, int threads, long millis) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong rows = new AtomicLong(1L << 40);
        long end = System.nanoTime() + millis * 1_000_000;
        BlobInfo fake = new BlobInfo(BlobId.random(), 0, new byte[16], java.util.Map.of());
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    insert(s, rows.incrementAndGet(), fake);
                    done.incrementAndGet();
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        System.out.printf("%d thread(s), H2 insert tx only: %.0f tx/s%n", threads, done.get() * 1000.0 / millis);
    }

    static void sequential(DataStores s, int mib) throws Exception {
        byte[] buf = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(buf);
        long t0 = System.nanoTime();
        BlobInfo info;
        try (BlobWriter w = s.blobs().create(Set.of())) {
            for (int i = 0; i < mib; i++) {
                buf[0] = (byte) i;
                w.write(buf);
            }
            info = w.commit();
        }
        double ws = (System.nanoTime() - t0) / 1e9;
        System.out.printf("sequential write %d MiB (MD5 on): %.2f s = %.0f MB/s%n", mib, ws, mib / ws);
        long t1 = System.nanoTime();
        long n = 0;
        try (InputStream in = s.blobs().read(info.id())) {
            for (int k; (k = in.read(buf)) != -1; ) n += k;
        }
        double rs = (System.nanoTime() - t1) / 1e9;
        System.out.printf("sequential read %d MiB: %.2f s = %.0f MB/s (%d bytes)%n", mib, rs, mib / rs, n);
        long t2 = System.nanoTime();
        try (InputStream in = s.blobs().read(info.id(), 200L << 20, 1)) {
            in.read();
        }
        System.out.printf("1-byte ranged read at 200 MiB: %.2f ms%n", (System.nanoTime() - t2) / 1e6);
        s.blobs().delete(info.id());
    }

    static long rssMb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
        }
        return -1;
    }
}
