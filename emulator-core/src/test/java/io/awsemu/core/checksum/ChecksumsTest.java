package io.awsemu.core.checksum;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.SdkChecksum;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChecksumsTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static long crc64(byte[] b) {
        return Checksums.crcValue(ChecksumAlgorithm.CRC64NVME, Checksums.compute(ChecksumAlgorithm.CRC64NVME, b));
    }

    @Test
    void crc64nvmeKnownVectors() {
        // catalogue check value, then aws-c-checksums / aws-crt test vectors
        assertEquals(0xAE8B14860A799888L, crc64(ascii("123456789")));
        assertEquals(0L, crc64(new byte[0]));
        assertEquals(0xCF3473434D4ECF3BL, crc64(new byte[32]));
        byte[] seq = new byte[32];
        for (int i = 0; i < 32; i++) seq[i] = (byte) i;
        assertEquals(0xB9D9D4A8492CBD7FL, crc64(seq));
        assertArrayEquals(new byte[] {0x0C, 0x1A, (byte) 0x80, 0x03, 0x6D, 0x65, (byte) 0xC5, 0x55},
                Checksums.compute(ChecksumAlgorithm.CRC64NVME, ascii("aaaaaaaaaa")));
        assertEquals(0x7585d198a2d5b287L, crc64(ascii("test1")));
        assertEquals(0x215f4b83b86262f3L, crc64(ascii("test1test2")));
        assertEquals("AAAAAAAAAAA=", Checksums.base64(Checksums.compute(ChecksumAlgorithm.CRC64NVME, new byte[0])));
    }

    @Test
    void crc32FamilyKnownVectors() {
        assertEquals(0xCBF43926L, Checksums.crcValue(ChecksumAlgorithm.CRC32, Checksums.compute(ChecksumAlgorithm.CRC32, ascii("123456789"))));
        assertEquals(0xE3069283L, Checksums.crcValue(ChecksumAlgorithm.CRC32C, Checksums.compute(ChecksumAlgorithm.CRC32C, ascii("123456789"))));
        assertEquals(4157704578L, Checksums.crcValue(ChecksumAlgorithm.CRC32, Checksums.compute(ChecksumAlgorithm.CRC32, ascii("Hello"))));
        assertEquals(2178485787L, Checksums.crcValue(ChecksumAlgorithm.CRC32C, Checksums.compute(ChecksumAlgorithm.CRC32C, ascii("Hello"))));
        assertEquals(4, Checksums.compute(ChecksumAlgorithm.CRC32, ascii("x")).length);
    }

    @Test
    void slicedCrc64MatchesBytewiseForEverySplit() {
        byte[] data = new byte[1000];
        new Random(7).nextBytes(data);
        Crc64Nvme bytewise = new Crc64Nvme();
        for (byte b : data) bytewise.update(b);
        for (int split = 0; split <= 17; split++) {
            Crc64Nvme c = new Crc64Nvme();
            c.update(data, 0, split);
            c.update(data, split, data.length - split);
            assertEquals(bytewise.getValue(), c.getValue(), "split " + split);
        }
    }

    @Test
    void matchesSdkAndJdkOnRandomData() throws Exception {
        Random r = new Random(42);
        for (int len : new int[] {0, 1, 7, 8, 9, 63, 4096, 100_003}) {
            byte[] data = new byte[len];
            r.nextBytes(data);
            assertArrayEquals(sdk(DefaultChecksumAlgorithm.CRC32, data), Checksums.compute(ChecksumAlgorithm.CRC32, data));
            assertArrayEquals(sdk(DefaultChecksumAlgorithm.CRC32C, data), Checksums.compute(ChecksumAlgorithm.CRC32C, data));
            assertArrayEquals(sdk(DefaultChecksumAlgorithm.SHA1, data), Checksums.compute(ChecksumAlgorithm.SHA1, data));
            assertArrayEquals(sdk(DefaultChecksumAlgorithm.SHA256, data), Checksums.compute(ChecksumAlgorithm.SHA256, data));
            assertArrayEquals(MessageDigest.getInstance("MD5").digest(data), Checksums.md5(data));
        }
    }

    private static byte[] sdk(software.amazon.awssdk.checksums.spi.ChecksumAlgorithm alg, byte[] data) {
        SdkChecksum c = SdkChecksum.forAlgorithm(alg);
        c.update(data, 0, data.length);
        return c.getChecksumBytes();
    }

    @Test
    void byteBufferUpdateEqualsArrayUpdate() {
        byte[] data = new byte[5000];
        new Random(1).nextBytes(data);
        for (ChecksumAlgorithm alg : ChecksumAlgorithm.values()) {
            ChecksumDigest heap = Checksums.newDigest(alg);
            heap.update(ByteBuffer.wrap(data));
            ChecksumDigest direct = Checksums.newDigest(alg);
            ByteBuffer d = ByteBuffer.allocateDirect(data.length).put(data).flip();
            direct.update(d);
            assertEquals(0, d.remaining());
            byte[] expected = Checksums.compute(alg, data);
            assertArrayEquals(expected, heap.digest(), alg.name());
            assertArrayEquals(expected, direct.digest(), alg.name());
            assertEquals(Checksums.length(alg), expected.length);
        }
    }

    @Test
    void digestResets() {
        ChecksumDigest d = Checksums.newDigest(ChecksumAlgorithm.CRC64NVME);
        d.update(ascii("junk"));
        d.digest();
        d.update(ascii("123456789"));
        assertEquals(0xAE8B14860A799888L, Checksums.crcValue(ChecksumAlgorithm.CRC64NVME, d.digest()));
        d.update(ascii("junk"));
        d.reset();
        d.update(ascii("123456789"));
        assertEquals(0xAE8B14860A799888L, Checksums.crcValue(ChecksumAlgorithm.CRC64NVME, d.digest()));
    }

    @Test
    void combineKnownCrc64Vector() {
        assertEquals(0x215f4b83b86262f3L,
                Checksums.combine(ChecksumAlgorithm.CRC64NVME, 0x7585d198a2d5b287L, 0xf436c0c0f28b290cL, 5));
    }

    @Test
    void combineEqualsDigestOfConcatenation() {
        Random r = new Random(3);
        for (ChecksumAlgorithm alg : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.CRC64NVME}) {
            for (int[] lens : new int[][] {{0, 0}, {5, 0}, {0, 5}, {1, 1}, {1000, 1}, {3, 70_000}, {1 << 20, 12345}}) {
                byte[] a = new byte[lens[0]];
                byte[] b = new byte[lens[1]];
                r.nextBytes(a);
                r.nextBytes(b);
                byte[] ab = new byte[a.length + b.length];
                System.arraycopy(a, 0, ab, 0, a.length);
                System.arraycopy(b, 0, ab, a.length, b.length);
                byte[] combined = Checksums.combine(alg, Checksums.compute(alg, a), Checksums.compute(alg, b), b.length);
                assertArrayEquals(Checksums.compute(alg, ab), combined, alg + " " + lens[0] + "+" + lens[1]);
            }
        }
        // JDK oracle for 32-bit variants, across three parts
        byte[] p1 = ascii("The quick brown fox "), p2 = ascii("jumps over "), p3 = ascii("the lazy dog");
        CRC32 whole = new CRC32();
        whole.update(p1); whole.update(p2); whole.update(p3);
        long c = crc32(p1);
        c = Checksums.combine(ChecksumAlgorithm.CRC32, c, crc32(p2), p2.length);
        c = Checksums.combine(ChecksumAlgorithm.CRC32, c, crc32(p3), p3.length);
        assertEquals(whole.getValue(), c);
        CRC32C wholeC = new CRC32C();
        wholeC.update(p1); wholeC.update(p2);
        CRC32C c1 = new CRC32C(); c1.update(p1);
        CRC32C c2 = new CRC32C(); c2.update(p2);
        assertEquals(wholeC.getValue(), Checksums.combine(ChecksumAlgorithm.CRC32C, c1.getValue(), c2.getValue(), p2.length));
    }

    private static long crc32(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    @Test
    void combineRejectsNonCrcAndBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Checksums.combine(ChecksumAlgorithm.SHA256, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Checksums.combine(ChecksumAlgorithm.CRC32, 1, 2, -1));
        assertThrows(IllegalArgumentException.class,
                () -> Checksums.combine(ChecksumAlgorithm.CRC32, new byte[8], new byte[4], 1));
    }

    @Test
    void base64RoundTripAndRejectsGarbage() {
        byte[] d = Checksums.compute(ChecksumAlgorithm.CRC32, ascii("Hello"));
        assertEquals("99GJgg==", Checksums.base64(d)); // 4157704578 = 0xF7D18982
        assertArrayEquals(d, Checksums.fromBase64("99GJgg=="));
        assertThrows(IllegalArgumentException.class, () -> Checksums.fromBase64("not base64!"));
    }
}
