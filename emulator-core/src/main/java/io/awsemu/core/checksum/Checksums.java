package io.awsemu.core.checksum;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * Factories and helpers for the digests S3 speaks: MD5 (ETag, Content-MD5), SHA1, SHA256, CRC32,
 * CRC32C and CRC64NVME. Digest bytes are big-endian; headers carry them base64-encoded.
 */
public final class Checksums {
    private Checksums() {}

    /** A fresh running digest for {@code alg}. */
    public static ChecksumDigest newDigest(ChecksumAlgorithm alg) {
        return switch (alg) {
            case CRC32 -> new CrcDigest(new CRC32(), 4);
            case CRC32C -> new CrcDigest(new CRC32C(), 4);
            case CRC64NVME -> new CrcDigest(new Crc64Nvme(), 8);
            case SHA1 -> new MdDigest(NativeDigests.sha1());
            case SHA256 -> new MdDigest(NativeDigests.sha256());
        };
    }

    public static ChecksumDigest md5() {
        return new MdDigest(NativeDigests.md5());
    }

    /** One-shot digest of {@code data}. */
    public static byte[] compute(ChecksumAlgorithm alg, byte[] data) {
        ChecksumDigest d = newDigest(alg);
        d.update(data, 0, data.length);
        return d.digest();
    }

    public static byte[] md5(byte[] data) {
        ChecksumDigest d = md5();
        d.update(data, 0, data.length);
        return d.digest();
    }

    /** Digest length in bytes. */
    public static int length(ChecksumAlgorithm alg) {
        return switch (alg) {
            case CRC32, CRC32C -> 4;
            case CRC64NVME -> 8;
            case SHA1 -> 20;
            case SHA256 -> 32;
        };
    }

    public static boolean isCrc(ChecksumAlgorithm alg) {
        return alg == ChecksumAlgorithm.CRC32 || alg == ChecksumAlgorithm.CRC32C || alg == ChecksumAlgorithm.CRC64NVME;
    }

    public static String base64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }

    /** Decodes a base64 header value; {@link IllegalArgumentException} if it is not base64. */
    public static byte[] fromBase64(String s) {
        return Base64.getDecoder().decode(s.trim());
    }

    /** A CRC value as its big-endian digest bytes (4 bytes for CRC32/CRC32C, 8 for CRC64NVME). */
    public static byte[] crcBytes(ChecksumAlgorithm alg, long crc) {
        requireCrc(alg);
        return alg == ChecksumAlgorithm.CRC64NVME
                ? ByteBuffer.allocate(8).putLong(crc).array()
                : ByteBuffer.allocate(4).putInt((int) crc).array();
    }

    /** Big-endian digest bytes as a CRC value (unsigned for 32-bit CRCs). */
    public static long crcValue(ChecksumAlgorithm alg, byte[] digest) {
        requireCrc(alg);
        if (digest.length != length(alg)) {
            throw new IllegalArgumentException(alg + " digest must be " + length(alg) + " bytes, not " + digest.length);
        }
        ByteBuffer bb = ByteBuffer.wrap(digest);
        return alg == ChecksumAlgorithm.CRC64NVME ? bb.getLong() : bb.getInt() & 0xffffffffL;
    }

    /**
     * The CRC of A‖B from the CRC of A, the CRC of B and B's length, without the data (zlib's
     * crc32_combine, generalised to any reflected CRC with init = xorout = all ones). S3 uses this for
     * FULL_OBJECT multipart checksums.
     */
    public static long combine(ChecksumAlgorithm alg, long crcA, long crcB, long lengthB) {
        if (lengthB < 0) throw new IllegalArgumentException("lengthB < 0");
        Gf2 g = Gf2.of(alg);
        return g.multmodp(g.x2nmodp(lengthB, 3), crcA & g.mask) ^ (crcB & g.mask);
    }

    /** {@link #combine(ChecksumAlgorithm, long, long, long)} on big-endian digest bytes. */
    public static byte[] combine(ChecksumAlgorithm alg, byte[] crcA, byte[] crcB, long lengthB) {
        return crcBytes(alg, combine(alg, crcValue(alg, crcA), crcValue(alg, crcB), lengthB));
    }

    private static void requireCrc(ChecksumAlgorithm alg) {
        if (!isCrc(alg)) throw new IllegalArgumentException(alg + " is not a CRC");
    }

    /** Arithmetic modulo a reflected CRC polynomial: bit (width-1) is x^0. */
    private static final class Gf2 {
        private static final Gf2 CRC32 = new Gf2(32, 0xEDB88320L);
        private static final Gf2 CRC32C = new Gf2(32, 0x82F63B78L);
        private static final Gf2 CRC64NVME = new Gf2(64, Crc64Nvme.POLY);

        final long poly;
        final long top;
        final long mask;
        /** x2n[k] = x^(2^k) mod p; 67 entries cover any long byte count (k starts at 3 for bytes). */
        final long[] x2n = new long[68];

        static Gf2 of(ChecksumAlgorithm alg) {
            return switch (alg) {
                case CRC32 -> CRC32;
                case CRC32C -> CRC32C;
                case CRC64NVME -> CRC64NVME;
                default -> throw new IllegalArgumentException(alg + " is not a CRC");
            };
        }

        Gf2(int width, long poly) {
            this.poly = poly;
            this.top = 1L << (width - 1);
            this.mask = width == 64 ? -1L : (1L << width) - 1;
            long p = top >>> 1; // x^1
            x2n[0] = p;
            for (int n = 1; n < x2n.length; n++) x2n[n] = p = multmodp(p, p);
        }

        long multmodp(long a, long b) {
            long m = top;
            long p = 0;
            while (m != 0) {
                if ((a & m) != 0) {
                    p ^= b;
                    if ((a & (m - 1)) == 0) break;
                }
                m >>>= 1;
                b = (b & 1) != 0 ? (b >>> 1) ^ poly : b >>> 1;
            }
            return p;
        }

        /** x^(n * 2^k) mod p. */
        long x2nmodp(long n, int k) {
            long p = top; // x^0
            while (n != 0) {
                if ((n & 1) != 0) p = multmodp(x2n[k], p);
                n >>>= 1;
                k++;
            }
            return p;
        }
    }

    private static final class CrcDigest implements ChecksumDigest {
        private final Checksum crc;
        private final int length;

        CrcDigest(Checksum crc, int length) {
            this.crc = crc;
            this.length = length;
        }

        @Override public void update(byte[] b, int off, int len) { crc.update(b, off, len); }
        @Override public void update(ByteBuffer buffer) { crc.update(buffer); }
        @Override public void reset() { crc.reset(); }
        @Override public int length() { return length; }

        @Override
        public byte[] digest() {
            long v = crc.getValue();
            crc.reset();
            return length == 8 ? ByteBuffer.allocate(8).putLong(v).array() : ByteBuffer.allocate(4).putInt((int) v).array();
        }
    }

    private static final class MdDigest implements ChecksumDigest {
        private final MessageDigest md;

        MdDigest(MessageDigest md) {
            this.md = md;
        }

        @Override public void update(byte[] b, int off, int len) { md.update(b, off, len); }
        @Override public void update(ByteBuffer buffer) { md.update(buffer); }
        @Override public byte[] digest() { return md.digest(); }
        @Override public void reset() { md.reset(); }
        @Override public int length() { return md.getDigestLength(); }
    }
}
