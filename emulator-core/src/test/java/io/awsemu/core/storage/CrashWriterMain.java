package io.awsemu.core.storage;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.storage.blob.BlobInfo;
import io.awsemu.core.storage.blob.BlobWriter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link StorageCrashTest}: writes blobs and publishes them in metadata until it
 * is killed, printing {@code ACK <row> <blobId> <md5> <size>} only after the metadata transaction returned.
 * Also leaves the two kinds of garbage a crash makes: a writer that never finishes, and blobs
 * committed but never published.
 */
public final class CrashWriterMain {
    private static final AtomicLong rows = new AtomicLong();

    public static void main(String[] args) throws Exception {
        DataStores stores = DataStores.open(Path.of(args[0]));
        stores.metadata().migrate("crashtest", CrashWriterMain.class.getClassLoader());
        PrintStream out = System.out;
        Thread straggler = new Thread(() -> {
            SplittableRandom r = new SplittableRandom(99);
            try {
                while (true) {
                    BlobWriter w = stores.blobs().create(Set.of());
                    byte[] b = new byte[256 * 1024];
                    for (int i = 0; i < 12; i++) {
                        r.nextBytes(b);
                        w.write(b);
                        Thread.sleep(50);
                    }
                    w.abort(); // rarely reached: the kill comes first
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "straggler");
        straggler.setDaemon(true);
        straggler.start();
        Thread[] workers = new Thread[2];
        for (int t = 0; t < workers.length; t++) {
            int seed = t;
            workers[t] = new Thread(() -> work(stores, out, new SplittableRandom(seed)), "writer-" + t);
            workers[t].start();
        }
        for (Thread t : workers) t.join();
    }

    private static void work(DataStores stores, PrintStream out, SplittableRandom r) {
        try {
            byte[] piece = new byte[48 * 1024];
            for (int n = 0; ; n++) {
                // mostly small, some multi-chunk, now and then well past the WAL chunks (RocksDbBlobStore.DEFAULT_WAL_CHUNKS)
                int size = n % 15 == 7 ? (9 << 20) + r.nextInt(3 << 20)
                        : r.nextInt(10) < 3 ? (1 << 20) + r.nextInt(5 << 19) : r.nextInt(20_000);
                BlobInfo info;
                try (BlobWriter w = stores.blobs().create(Set.of(ChecksumAlgorithm.CRC32C))) {
                    for (int left = size; left > 0; ) {
                        int k = Math.min(left, piece.length);
                        r.nextBytes(piece);
                        w.write(piece, 0, k);
                        left -= k;
                    }
                    info = w.commit();
                }
                if (n % 10 == 9) continue; // committed, never published: an orphan
                long row = rows.incrementAndGet();
                String md5 = HexFormat.of().formatHex(info.md5());
                stores.metadata().tx(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO crashtest.objects (id, blob_id, md5, size) VALUES (?, ?, ?, ?)")) {
                        ps.setLong(1, row);
                        ps.setString(2, info.id().toString());
                        ps.setString(3, md5);
                        ps.setLong(4, info.size());
                        return ps.executeUpdate();
                    }
                });
                synchronized (out) {
                    out.println("ACK " + row + " " + info.id() + " " + md5 + " " + info.size());
                    out.flush();
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(3);
        }
    }
}
