package io.awsemu.s3.select.parquet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.s3.select.SelectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Truncated and corrupted DuckDB files (every codec S3 Select reads, both page versions): each either reads or fails
 * with a SelectException, never another exception, and soon. Half the corruptions hit the footer and the page
 * headers' neighbourhood, where a flipped bit changes a length rather than a value.
 */
class ParquetFuzzTest {
    private static final int CASES = Integer.getInteger("parquet.fuzz.cases", 2400);
    /** A hang guard, not a speed check: a case is a read of a file of a few hundred KB. */
    private static final long MAX_MILLIS_PER_CASE = 30_000;

    @RegisterExtension
    static final ParquetTesting t = new ParquetTesting();

    @Test
    void corruptFilesReadOrFailWithS3Errors() throws Exception {
        List<byte[]> files = new ArrayList<>();
        String select = ParquetReaderTest.ALL_TYPES.replace("ROWS", "300");
        for (String codec : List.of("UNCOMPRESSED", "SNAPPY", "GZIP")) {
            for (String version : List.of("V1", "V2")) {
                files.add(Files.readAllBytes(t.write(select, "COMPRESSION " + codec + ", PARQUET_VERSION " + version)));
            }
        }
        files.add(Files.readAllBytes(t.write("SELECT i, 'k' || (i % 9) AS k FROM range(5000) r(i)", "ROW_GROUP_SIZE 2048, COMPRESSION SNAPPY")));
        long seed = Long.getLong("parquet.fuzz.seed", System.nanoTime());
        Random rnd = new Random(seed);
        int read = 0, failed = 0;
        java.util.Map<String, Integer> unchecked = new java.util.TreeMap<>(); // failures no explicit check caught
        for (int i = 0; i < CASES; i++) {
            byte[] original = files.get(i % files.size());
            byte[] b = mutate(original, rnd);
            long start = System.nanoTime();
            try {
                readAll(b);
                read++;
            } catch (SelectException e) {
                failed++;
                if (e instanceof ParquetErrors.ParquetException p && (p.detail.startsWith("row: ") || p.detail.startsWith("footer: "))) {
                    unchecked.merge(p.detail.replaceAll("[0-9]+", "N"), 1, Integer::sum);
                }
            } catch (Throwable e) {
                fail("case " + i + " (seed " + seed + "): " + e, e);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (ms > MAX_MILLIS_PER_CASE) fail("case " + i + " (seed " + seed + ") took " + ms + " ms");
        }
        System.out.println("parquet fuzz: read " + read + ", failed " + failed + ", past the explicit checks: " + unchecked);
        assertTrue(failed > CASES / 10 && read > 0, "read " + read + ", failed " + failed + " (seed " + seed + ")");
    }

    private static void readAll(byte[] b) throws IOException {
        try (ParquetReader r = ParquetReader.open(RandomAccessSource.of(b), null)) {
            for (ObjectNode row; (row = r.next()) != null; ) row.size();
        }
    }

    static byte[] mutate(byte[] original, Random rnd) {
        int n = original.length;
        int kind = rnd.nextInt(6);
        if (kind == 0) return Arrays.copyOf(original, rnd.nextInt(n)); // truncated
        byte[] b = original.clone();
        int footerLen = Decoders.le32(original, n - 8);
        int edits = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(8) : 0);
        for (int e = 0; e < edits; e++) {
            // half in the footer (metadata), half anywhere (page headers, levels, values)
            int p = rnd.nextBoolean() ? n - 8 - 1 - rnd.nextInt(Math.max(1, Math.min(footerLen, n - 9))) : rnd.nextInt(n);
            switch (kind) {
                case 1, 2 -> b[p] ^= (byte) (1 << rnd.nextInt(8));
                case 3 -> b[p] = (byte) rnd.nextInt(256);
                case 4 -> b[p] = (byte) (rnd.nextBoolean() ? 0xFF : 0x7F); // a length's byte turned huge
                default -> { // a run of bytes copied from elsewhere in the file
                    int len = Math.min(1 + rnd.nextInt(16), n - p);
                    System.arraycopy(original, rnd.nextInt(n - len + 1), b, p, len);
                }
            }
        }
        return b;
    }
}
