package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Object bytes stream socket -> RocksDB -> socket: an object four times larger than the emulator's heap
 * ({@code -Xmx256m -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1}, as in the image, in a child JVM) goes up as one PutObject and
 * as a multipart upload, comes down with its MD5 intact, and ranged GETs near its end return the right bytes.
 * The client side never holds the object either: the bytes are generated, seekably, as they are sent.
 *
 * <p>Default size 1 GiB. The 5 GiB (the largest single PUT AWS allows) runs with
 * {@code mvn -B -o -pl s3-service -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=S3LargeObjectIT -Dawsemu.largeTests=true} and needs about 12 GB free disk.
 */
class S3LargeObjectIT {
    static final long MIB = 1024L * 1024;
    static final long SIZE = Boolean.getBoolean("awsemu.largeTests") ? 5 * 1024 * MIB : 1024 * MIB;
    static final long PART = 64 * MIB;
    /** ACCP's library is bundled for Linux x86-64 only (NativeDigests falls back to Java elsewhere). */
    static final boolean NATIVE_DIGESTS_BUNDLED = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")
            && System.getProperty("os.arch").matches("amd64|x86_64");

    @Test
    void largeObjectsStreamUnderA256MiBHeap(@TempDir Path dataDir) throws Exception {
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, Map.of("auth", "known", "services", "s3"),
                List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1"));
             S3Client s3 = S3DurabilityIT.client(p)) {
            s3.createBucket(b -> b.bucket("large"));

            long t0 = System.nanoTime();
            MessageDigest sent = MessageDigest.getInstance("MD5");
            PutObjectResponse put = s3.putObject(b -> b.bucket("large").key("single.bin"),
                    RequestBody.fromContentProvider(() -> new Generated(0, SIZE, sent), SIZE, "application/octet-stream"));
            byte[] md5 = sent.digest();
            assertEquals("\"" + HexFormat.of().formatHex(md5) + "\"", put.eTag(), "the server's MD5 of what it stored");
            long t1 = System.nanoTime();

            String uploadId = s3.createMultipartUpload(b -> b.bucket("large").key("multi.bin")).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            for (long off = 0; off < SIZE; off += PART) {
                long start = off, len = Math.min(PART, SIZE - off);
                int number = parts.size() + 1;
                String etag = s3.uploadPart(b -> b.bucket("large").key("multi.bin").uploadId(uploadId).partNumber(number),
                        RequestBody.fromContentProvider(() -> new Generated(start, len, null), len, "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            String multiEtag = s3.completeMultipartUpload(b -> b.bucket("large").key("multi.bin").uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).eTag();
            assertTrue(multiEtag.endsWith("-" + parts.size() + "\""), multiEtag);
            long t2 = System.nanoTime();

            assertDownload(s3, "single.bin", md5);
            long t3 = System.nanoTime();
            assertDownload(s3, "multi.bin", md5);
            long t4 = System.nanoTime();

            // near the end, and across the last part boundary of the multipart object
            assertRange(s3, "single.bin", SIZE - 1000, SIZE - 1);
            assertRange(s3, "multi.bin", SIZE - 1000, SIZE - 1);
            long lastPart = (SIZE - 1) / PART * PART;
            assertRange(s3, "multi.bin", lastPart - 4096, lastPart + 4095);
            ResponseBytes<GetObjectResponse> suffix = s3.getObjectAsBytes(b -> b.bucket("large").key("single.bin").range("bytes=-10"));
            assertArrayEquals(expected(SIZE - 10, 10), suffix.asByteArray());
            assertEquals("bytes " + (SIZE - 10) + "-" + (SIZE - 1) + "/" + SIZE, suffix.response().contentRange());

            System.out.printf("S3LargeObjectIT %d MiB: put %.1f s, multipart put %.1f s, get %.1f s, multipart get %.1f s%n",
                    SIZE / MIB, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9);
            assertTrue(p.isAlive(), "the emulator survived:\n" + p.output());
            if (NATIVE_DIGESTS_BUNDLED) {
                // under C1 the first large body loads them: the rest of the PUT's chunk signatures and the whole
                // multipart upload (ETags, chunk signatures) were checked by native digests, the asserts above by Java
                assertTrue(p.output().contains("native digests ready"), p.output());
            }
            assertFalse(p.output().contains("OutOfMemoryError"), p.output());
        }
    }

    @Test
    void smallUploadsTogetherLoadTheNativeDigestsAndAnIdleServerDoesNot(@TempDir Path dataDir) throws Exception {
        assumeTrue(NATIVE_DIGESTS_BUNDLED, "ACCP's library is bundled for Linux x86-64 only");
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, Map.of("auth", "known", "services", "s3"),
                List.of("-XX:TieredStopAtLevel=1"));
             S3Client s3 = S3DurabilityIT.client(p)) {
            s3.createBucket(b -> b.bucket("small"));
            byte[] body = new byte[256 * 1024]; // each well under the 1 MiB of a bulk body
            new java.util.Random(3).nextBytes(body);
            s3.putObject(b -> b.bucket("small").key("first"), RequestBody.fromBytes(body));
            Thread.sleep(500);
            assertFalse(p.output().contains("native digests ready"), "one small body loads nothing:\n" + p.output());
            for (int i = 0; i < 40; i++) { // 10 MiB together
                String key = "k" + i;
                s3.putObject(b -> b.bucket("small").key(key), RequestBody.fromBytes(body));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!p.output().contains("native digests ready") && System.nanoTime() < deadline) Thread.sleep(100);
            assertTrue(p.output().contains("native digests ready"), p.output());
            // and what was stored under either kind of digest reads back whole
            assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket("small").key("k39")).asByteArray());
            assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket("small").key("first")).asByteArray());
        }
    }

    static void assertDownload(S3Client s3, String key, byte[] md5) throws Exception {
        MessageDigest got = MessageDigest.getInstance("MD5");
        long n = 0;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket("large").key(key))) {
            assertEquals(SIZE, in.response().contentLength());
            byte[] buf = new byte[1 << 20];
            for (int r; (r = in.read(buf)) > 0; ) {
                got.update(buf, 0, r);
                n += r;
            }
        }
        assertEquals(SIZE, n, key + " size");
        assertArrayEquals(md5, got.digest(), key + " MD5");
    }

    static void assertRange(S3Client s3, String key, long first, long last) {
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("large").key(key).range("bytes=" + first + "-" + last));
        assertEquals("bytes " + first + "-" + last + "/" + SIZE, got.response().contentRange());
        assertArrayEquals(expected(first, (int) (last - first + 1)), got.asByteArray(), key + " " + first + "-" + last);
    }

    static byte[] expected(long offset, int length) {
        byte[] b = new byte[length];
        try (InputStream in = new Generated(offset, length, null)) {
            int n = in.readNBytes(b, 0, length);
            assertEquals(length, n);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return b;
    }

    /** Pseudo-random bytes whose value depends only on their position, so any slice can be generated on its own. */
    static final class Generated extends InputStream {
        private final long end;
        private final MessageDigest md;
        private long pos;

        /** The digest, if any, is reset: it sees what the last opened stream produced (the SDK may reopen on retry). */
        Generated(long offset, long length, MessageDigest md) {
            this.pos = offset;
            this.end = offset + length;
            this.md = md;
            if (md != null) md.reset();
        }

        static long word(long index) {   // splitmix64
            long z = index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= end) return -1;
            int n = (int) Math.min(len, end - pos);
            long w = word(pos >>> 3);
            for (int i = 0; i < n; i++, pos++) {
                int shift = (int) (pos & 7);
                if (shift == 0) w = word(pos >>> 3);
                b[off + i] = (byte) (w >>> (shift << 3));
            }
            if (md != null) md.update(b, off, n);
            return n;
        }
    }
}
