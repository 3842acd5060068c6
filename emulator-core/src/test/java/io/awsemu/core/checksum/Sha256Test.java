package io.awsemu.core.checksum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/** The C1 SHA-256 against FIPS 180-4's examples and the JDK's digest, over every padding case and split. */
class Sha256Test {

    private static byte[] jdk(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    @Test
    void knownAnswers() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HexFormat.of().formatHex(new Sha256().digest(new byte[0])));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(new Sha256().digest("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                HexFormat.of().formatHex(new Sha256().digest(
                        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void everyLengthAroundTheBlockAndPaddingEdges() throws Exception {
        Random r = new Random(7);
        for (int len = 0; len <= 300; len++) {
            byte[] data = new byte[len];
            r.nextBytes(data);
            assertArrayEquals(jdk(data), new Sha256().digest(data), "length " + len);
        }
    }

    @Test
    void anySplitOfUpdatesGivesTheSameDigestAndDigestResets() throws Exception {
        Random r = new Random(11);
        byte[] data = new byte[200_003];
        r.nextBytes(data);
        byte[] want = jdk(data);
        Sha256 d = new Sha256();
        for (int round = 0; round < 3; round++) {
            int off = 0;
            while (off < data.length) {
                int n = Math.min(data.length - off, r.nextInt(200));
                if (n == 1) d.update(data[off]);
                else d.update(data, off, n);
                off += n;
            }
            assertArrayEquals(want, d.digest(), "round " + round); // digest() resets for the next round
        }
        d.update(ByteBuffer.wrap(data));
        assertArrayEquals(want, d.digest());
    }

    @Test
    void cloneContinuesIndependently() throws Exception {
        byte[] a = "first part, ".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "second part".getBytes(StandardCharsets.US_ASCII);
        Sha256 d = new Sha256();
        d.update(a);
        MessageDigest copy = (MessageDigest) d.clone();
        d.update(b);
        byte[] ab = new byte[a.length + b.length];
        System.arraycopy(a, 0, ab, 0, a.length);
        System.arraycopy(b, 0, ab, a.length, b.length);
        assertArrayEquals(jdk(ab), d.digest());
        assertArrayEquals(jdk(a), copy.digest());
    }

    @Test
    void newDigestIsASha256WhicheverImplementation() throws Exception {
        byte[] data = new byte[1000];
        new Random(3).nextBytes(data);
        MessageDigest d = Sha256.newDigest();
        assertEquals(32, d.getDigestLength());
        assertArrayEquals(jdk(data), d.digest(data));
        assertArrayEquals(jdk(data), Checksums.compute(ChecksumAlgorithm.SHA256, data));
    }
}
