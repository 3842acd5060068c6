package io.awsemu.core.checksum;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * SHA-256 for payload hashes, chunk signatures and x-amz-checksum-sha256. {@link #newDigest()} gives
 * the JDK's digest, except in a JVM limited to C1 ({@code -XX:TieredStopAtLevel=1}, the image's
 * start-up setting): C2's SHA intrinsics are missing there, and the JDK's Java code, which reads its
 * input through VarHandles, runs at about 50 MiB/s per core. This class is plain int arithmetic,
 * unrolled with the working variables renamed instead of shifted, which C1 compiles to about twice
 * that. The 64 rounds are split in four methods: one would pass HugeMethodLimit (8000 bytes of
 * bytecode) and never be compiled at all.
 */
public final class Sha256 extends MessageDigest implements Cloneable {
    private static final int[] INITIAL = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

    private int[] state = INITIAL.clone();
    private int[] work = new int[8];
    private int[] schedule = new int[16];
    private byte[] block = new byte[64];
    private int buffered;
    private long length;

    public Sha256() {
        super("SHA-256");
    }

    /** The faster SHA-256 for this JVM: the JDK's where C2 compiles it, this class under C1 alone. */
    public static MessageDigest newDigest() {
        if (C1Only.YES) return new Sha256();
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }

    /** True in a JVM limited to C1, where this class is faster than the JDK's digest. */
    static boolean c1Only() {
        return C1Only.YES;
    }

    /** The chaining state after whole blocks only (HMAC's padded keys); copied. */
    int[] midState() {
        if (buffered != 0) throw new IllegalStateException("not on a block boundary");
        return state.clone();
    }

    /** Continues from a {@link #midState} taken after {@code length} bytes, as if they had just been hashed. */
    void resume(int[] midState, long length) {
        System.arraycopy(midState, 0, state, 0, 8);
        this.buffered = 0;
        this.length = length;
    }

    /** Asked once, on the first digest rather than at start-up. */
    private static final class C1Only {
        static final boolean YES = detect();

        private static boolean detect() {
            try {
                HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                if (!Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue())) return false;
                int level = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
                return level >= 1 && level <= 3;
            } catch (RuntimeException | LinkageError e) {
                return false; // not HotSpot, or no management module: the JDK's digest
            }
        }
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    @Override
    protected void engineUpdate(byte input) {
        block[buffered++] = input;
        length++;
        if (buffered == 64) {
            compress(block, 0);
            buffered = 0;
        }
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        Objects.checkFromIndexSize(offset, len, input.length);
        length += len;
        if (buffered > 0) {
            int n = Math.min(len, 64 - buffered);
            System.arraycopy(input, offset, block, buffered, n);
            buffered += n;
            offset += n;
            len -= n;
            if (buffered < 64) return;
            compress(block, 0);
            buffered = 0;
        }
        while (len >= 64) {
            compress(input, offset);
            offset += 64;
            len -= 64;
        }
        System.arraycopy(input, offset, block, 0, len);
        buffered = len;
    }

    @Override
    protected byte[] engineDigest() {
        long bits = length << 3;
        block[buffered++] = (byte) 0x80;
        if (buffered > 56) {
            Arrays.fill(block, buffered, 64, (byte) 0);
            compress(block, 0);
            buffered = 0;
        }
        Arrays.fill(block, buffered, 56, (byte) 0);
        for (int i = 0; i < 8; i++) block[56 + i] = (byte) (bits >>> (56 - 8 * i));
        compress(block, 0);
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            int v = state[i];
            out[4 * i] = (byte) (v >>> 24);
            out[4 * i + 1] = (byte) (v >>> 16);
            out[4 * i + 2] = (byte) (v >>> 8);
            out[4 * i + 3] = (byte) v;
        }
        engineReset();
        return out;
    }

    @Override
    protected void engineReset() {
        System.arraycopy(INITIAL, 0, state, 0, 8);
        buffered = 0;
        length = 0;
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        Sha256 c = (Sha256) super.clone();
        c.state = state.clone();
        c.work = new int[8];
        c.schedule = new int[16];
        c.block = block.clone();
        return c;
    }

    private void compress(byte[] m, int o) {
        int[] w = schedule;
        for (int i = 0; i < 16; i++, o += 4) {
            w[i] = (m[o] << 24) | ((m[o + 1] & 0xff) << 16) | ((m[o + 2] & 0xff) << 8) | (m[o + 3] & 0xff);
        }
        int[] s = work;
        System.arraycopy(state, 0, s, 0, 8);
        rounds0(s, w);
        rounds1(s, w);
        rounds2(s, w);
        rounds3(s, w);
        for (int i = 0; i < 8; i++) state[i] += s[i];
    }

    // 16 rounds each (FIPS 180-4, 6.2.2); after 16 renamings a..h are back in their places.
    // w: the message schedule, W[t] kept in w[t mod 16].

    private static void rounds0(int[] s, int[] w) {
        int a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
        int w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7];
        int w8 = w[8], w9 = w[9], w10 = w[10], w11 = w[11], w12 = w[12], w13 = w[13], w14 = w[14], w15 = w[15];
        h += (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25)) + ((e & f) ^ (~e & g)) + 0x428a2f98 + w0;
        d += h;
        h += (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        g += (Integer.rotateRight(d, 6) ^ Integer.rotateRight(d, 11) ^ Integer.rotateRight(d, 25)) + ((d & e) ^ (~d & f)) + 0x71374491 + w1;
        c += g;
        g += (Integer.rotateRight(h, 2) ^ Integer.rotateRight(h, 13) ^ Integer.rotateRight(h, 22)) + ((h & a) ^ (h & b) ^ (a & b));
        f += (Integer.rotateRight(c, 6) ^ Integer.rotateRight(c, 11) ^ Integer.rotateRight(c, 25)) + ((c & d) ^ (~c & e)) + 0xb5c0fbcf + w2;
        b += f;
        f += (Integer.rotateRight(g, 2) ^ Integer.rotateRight(g, 13) ^ Integer.rotateRight(g, 22)) + ((g & h) ^ (g & a) ^ (h & a));
        e += (Integer.rotateRight(b, 6) ^ Integer.rotateRight(b, 11) ^ Integer.rotateRight(b, 25)) + ((b & c) ^ (~b & d)) + 0xe9b5dba5 + w3;
        a += e;
        e += (Integer.rotateRight(f, 2) ^ Integer.rotateRight(f, 13) ^ Integer.rotateRight(f, 22)) + ((f & g) ^ (f & h) ^ (g & h));
        d += (Integer.rotateRight(a, 6) ^ Integer.rotateRight(a, 11) ^ Integer.rotateRight(a, 25)) + ((a & b) ^ (~a & c)) + 0x3956c25b + w4;
        h += d;
        d += (Integer.rotateRight(e, 2) ^ Integer.rotateRight(e, 13) ^ Integer.rotateRight(e, 22)) + ((e & f) ^ (e & g) ^ (f & g));
        c += (Integer.rotateRight(h, 6) ^ Integer.rotateRight(h, 11) ^ Integer.rotateRight(h, 25)) + ((h & a) ^ (~h & b)) + 0x59f111f1 + w5;
        g += c;
        c += (Integer.rotateRight(d, 2) ^ Integer.rotateRight(d, 13) ^ Integer.rotateRight(d, 22)) + ((d & e) ^ (d & f) ^ (e & f));
        b += (Integer.rotateRight(g, 6) ^ Integer.rotateRight(g, 11) ^ Integer.rotateRight(g, 25)) + ((g & h) ^ (~g & a)) + 0x923f82a4 + w6;
        f += b;
        b += (Integer.rotateRight(c, 2) ^ Integer.rotateRight(c, 13) ^ Integer.rotateRight(c, 22)) + ((c & d) ^ (c & e) ^ (d & e));
        a += (Integer.rotateRight(f, 6) ^ Integer.rotateRight(f, 11) ^ Integer.rotateRight(f, 25)) + ((f & g) ^ (~f & h)) + 0xab1c5ed5 + w7;
        e += a;
        a += (Integer.rotateRight(b, 2) ^ Integer.rotateRight(b, 13) ^ Integer.rotateRight(b, 22)) + ((b & c) ^ (b & d) ^ (c & d));
        h += (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25)) + ((e & f) ^ (~e & g)) + 0xd807aa98 + w8;
        d += h;
        h += (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        g += (Integer.rotateRight(d, 6) ^ Integer.rotateRight(d, 11) ^ Integer.rotateRight(d, 25)) + ((d & e) ^ (~d & f)) + 0x12835b01 + w9;
        c += g;
        g += (Integer.rotateRight(h, 2) ^ Integer.rotateRight(h, 13) ^ Integer.rotateRight(h, 22)) + ((h & a) ^ (h & b) ^ (a & b));
        f += (Integer.rotateRight(c, 6) ^ Integer.rotateRight(c, 11) ^ Integer.rotateRight(c, 25)) + ((c & d) ^ (~c & e)) + 0x243185be + w10;
        b += f;
        f += (Integer.rotateRight(g, 2) ^ Integer.rotateRight(g, 13) ^ Integer.rotateRight(g, 22)) + ((g & h) ^ (g & a) ^ (h & a));
        e += (Integer.rotateRight(b, 6) ^ Integer.rotateRight(b, 11) ^ Integer.rotateRight(b, 25)) + ((b & c) ^ (~b & d)) + 0x550c7dc3 + w11;
        a += e;
        e += (Integer.rotateRight(f, 2) ^ Integer.rotateRight(f, 13) ^ Integer.rotateRight(f, 22)) + ((f & g) ^ (f & h) ^ (g & h));
        d += (Integer.rotateRight(a, 6) ^ Integer.rotateRight(a, 11) ^ Integer.rotateRight(a, 25)) + ((a & b) ^ (~a & c)) + 0x72be5d74 + w12;
        h += d;
        d += (Integer.rotateRight(e, 2) ^ Integer.rotateRight(e, 13) ^ Integer.rotateRight(e, 22)) + ((e & f) ^ (e & g) ^ (f & g));
        c += (Integer.rotateRight(h, 6) ^ Integer.rotateRight(h, 11) ^ Integer.rotateRight(h, 25)) + ((h & a) ^ (~h & b)) + 0x80deb1fe + w13;
        g += c;
        c += (Integer.rotateRight(d, 2) ^ Integer.rotateRight(d, 13) ^ Integer.rotateRight(d, 22)) + ((d & e) ^ (d & f) ^ (e & f));
        b += (Integer.rotateRight(g, 6) ^ Integer.rotateRight(g, 11) ^ Integer.rotateRight(g, 25)) + ((g & h) ^ (~g & a)) + 0x9bdc06a7 + w14;
        f += b;
        b += (Integer.rotateRight(c, 2) ^ Integer.rotateRight(c, 13) ^ Integer.rotateRight(c, 22)) + ((c & d) ^ (c & e) ^ (d & e));
        a += (Integer.rotateRight(f, 6) ^ Integer.rotateRight(f, 11) ^ Integer.rotateRight(f, 25)) + ((f & g) ^ (~f & h)) + 0xc19bf174 + w15;
        e += a;
        a += (Integer.rotateRight(b, 2) ^ Integer.rotateRight(b, 13) ^ Integer.rotateRight(b, 22)) + ((b & c) ^ (b & d) ^ (c & d));
        s[0] = a; s[1] = b; s[2] = c; s[3] = d; s[4] = e; s[5] = f; s[6] = g; s[7] = h;
        w[0] = w0; w[1] = w1; w[2] = w2; w[3] = w3; w[4] = w4; w[5] = w5; w[6] = w6; w[7] = w7;
        w[8] = w8; w[9] = w9; w[10] = w10; w[11] = w11; w[12] = w12; w[13] = w13; w[14] = w14; w[15] = w15;
    }

    private static void rounds1(int[] s, int[] w) {
        int a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
        int w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7];
        int w8 = w[8], w9 = w[9], w10 = w[10], w11 = w[11], w12 = w[12], w13 = w[13], w14 = w[14], w15 = w[15];
        w0 += (Integer.rotateRight(w1, 7) ^ Integer.rotateRight(w1, 18) ^ (w1 >>> 3)) + w9
                + (Integer.rotateRight(w14, 17) ^ Integer.rotateRight(w14, 19) ^ (w14 >>> 10));
        h += (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25)) + ((e & f) ^ (~e & g)) + 0xe49b69c1 + w0;
        d += h;
        h += (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        w1 += (Integer.rotateRight(w2, 7) ^ Integer.rotateRight(w2, 18) ^ (w2 >>> 3)) + w10
                + (Integer.rotateRight(w15, 17) ^ Integer.rotateRight(w15, 19) ^ (w15 >>> 10));
        g += (Integer.rotateRight(d, 6) ^ Integer.rotateRight(d, 11) ^ Integer.rotateRight(d, 25)) + ((d & e) ^ (~d & f)) + 0xefbe4786 + w1;
        c += g;
        g += (Integer.rotateRight(h, 2) ^ Integer.rotateRight(h, 13) ^ Integer.rotateRight(h, 22)) + ((h & a) ^ (h & b) ^ (a & b));
        w2 += (Integer.rotateRight(w3, 7) ^ Integer.rotateRight(w3, 18) ^ (w3 >>> 3)) + w11
                + (Integer.rotateRight(w0, 17) ^ Integer.rotateRight(w0, 19) ^ (w0 >>> 10));
        f += (Integer.rotateRight(c, 6) ^ Integer.rotateRight(c, 11) ^ Integer.rotateRight(c, 25)) + ((c & d) ^ (~c & e)) + 0x0fc19dc6 + w2;
        b += f;
        f += (Integer.rotateRight(g, 2) ^ Integer.rotateRight(g, 13) ^ Integer.rotateRight(g, 22)) + ((g & h) ^ (g & a) ^ (h & a));
        w3 += (Integer.rotateRight(w4, 7) ^ Integer.rotateRight(w4, 18) ^ (w4 >>> 3)) + w12
                + (Integer.rotateRight(w1, 17) ^ Integer.rotateRight(w1, 19) ^ (w1 >>> 10));
        e += (Integer.rotateRight(b, 6) ^ Integer.rotateRight(b, 11) ^ Integer.rotateRight(b, 25)) + ((b & c) ^ (~b & d)) + 0x240ca1cc + w3;
        a += e;
        e += (Integer.rotateRight(f, 2) ^ Integer.rotateRight(f, 13) ^ Integer.rotateRight(f, 22)) + ((f & g) ^ (f & h) ^ (g & h));
        w4 += (Integer.rotateRight(w5, 7) ^ Integer.rotateRight(w5, 18) ^ (w5 >>> 3)) + w13
                + (Integer.rotateRight(w2, 17) ^ Integer.rotateRight(w2, 19) ^ (w2 >>> 10));
        d += (Integer.rotateRight(a, 6) ^ Integer.rotateRight(a, 11) ^ Integer.rotateRight(a, 25)) + ((a & b) ^ (~a & c)) + 0x2de92c6f + w4;
        h += d;
        d += (Integer.rotateRight(e, 2) ^ Integer.rotateRight(e, 13) ^ Integer.rotateRight(e, 22)) + ((e & f) ^ (e & g) ^ (f & g));
        w5 += (Integer.rotateRight(w6, 7) ^ Integer.rotateRight(w6, 18) ^ (w6 >>> 3)) + w14
                + (Integer.rotateRight(w3, 17) ^ Integer.rotateRight(w3, 19) ^ (w3 >>> 10));
        c += (Integer.rotateRight(h, 6) ^ Integer.rotateRight(h, 11) ^ Integer.rotateRight(h, 25)) + ((h & a) ^ (~h & b)) + 0x4a7484aa + w5;
        g += c;
        c += (Integer.rotateRight(d, 2) ^ Integer.rotateRight(d, 13) ^ Integer.rotateRight(d, 22)) + ((d & e) ^ (d & f) ^ (e & f));
        w6 += (Integer.rotateRight(w7, 7) ^ Integer.rotateRight(w7, 18) ^ (w7 >>> 3)) + w15
                + (Integer.rotateRight(w4, 17) ^ Integer.rotateRight(w4, 19) ^ (w4 >>> 10));
        b += (Integer.rotateRight(g, 6) ^ Integer.rotateRight(g, 11) ^ Integer.rotateRight(g, 25)) + ((g & h) ^ (~g & a)) + 0x5cb0a9dc + w6;
        f += b;
        b += (Integer.rotateRight(c, 2) ^ Integer.rotateRight(c, 13) ^ Integer.rotateRight(c, 22)) + ((c & d) ^ (c & e) ^ (d & e));
        w7 += (Integer.rotateRight(w8, 7) ^ Integer.rotateRight(w8, 18) ^ (w8 >>> 3)) + w0
                + (Integer.rotateRight(w5, 17) ^ Integer.rotateRight(w5, 19) ^ (w5 >>> 10));
        a += (Integer.rotateRight(f, 6) ^ Integer.rotateRight(f, 11) ^ Integer.rotateRight(f, 25)) + ((f & g) ^ (~f & h)) + 0x76f988da + w7;
        e += a;
        a += (Integer.rotateRight(b, 2) ^ Integer.rotateRight(b, 13) ^ Integer.rotateRight(b, 22)) + ((b & c) ^ (b & d) ^ (c & d));
        w8 += (Integer.rotateRight(w9, 7) ^ Integer.rotateRight(w9, 18) ^ (w9 >>> 3)) + w1
                + (Integer.rotateRight(w6, 17) ^ Integer.rotateRight(w6, 19) ^ (w6 >>> 10));
        h += (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25)) + ((e & f) ^ (~e & g)) + 0x983e5152 + w8;
        d += h;
        h += (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        w9 += (Integer.rotateRight(w10, 7) ^ Integer.rotateRight(w10, 18) ^ (w10 >>> 3)) + w2
                + (Integer.rotateRight(w7, 17) ^ Integer.rotateRight(w7, 19) ^ (w7 >>> 10));
        g += (Integer.rotateRight(d, 6) ^ Integer.rotateRight(d, 11) ^ Integer.rotateRight(d, 25)) + ((d & e) ^ (~d & f)) + 0xa831c66d + w9;
        c += g;
        g += (Integer.rotateRight(h, 2) ^ Integer.rotateRight(h, 13) ^ Integer.rotateRight(h, 22)) + ((h & a) ^ (h & b) ^ (a & b));
        w10 += (Integer.rotateRight(w11, 7) ^ Integer.rotateRight(w11, 18) ^ (w11 >>> 3)) + w3
                + (Integer.rotateRight(w8, 17) ^ Integer.rotateRight(w8, 19) ^ (w8 >>> 10));
        f += (Integer.rotateRight(c, 6) ^ Integer.rotateRight(c, 11) ^ Integer.rotateRight(c, 25)) + ((c & d) ^ (~c & e)) + 0xb00327c8 + w10;
        b += f;
        f += (Integer.rotateRight(g, 2) ^ Integer.rotateRight(g, 13) ^ Integer.rotateRight(g, 22)) + ((g & h) ^ (g & a) ^ (h & a));
        w11 += (Integer.rotateRight(w12, 7) ^ Integer.rotateRight(w12, 18) ^ (w12 >>> 3)) + w4
                + (Integer.rotateRight(w9, 17) ^ Integer.rotateRight(w9, 19) ^ (w9 >>> 10));
        e += (Integer.rotateRight(b, 6) ^ Integer.rotateRight(b, 11) ^ Integer.rotateRight(b, 25)) + ((b & c) ^ (~b & d)) + 0xbf597fc7 + w11;
        a += e;
        e += (Integer.rotateRight(f, 2) ^ Integer.rotateRight(f, 13) ^ Integer.rotateRight(f, 22)) + ((f & g) ^ (f & h) ^ (g & h));
        w12 += (Integer.rotateRight(w13, 7) ^ Integer.rotateRight(w13, 18) ^ (w13 >>> 3)) + w5
                + (Integer.rotateRight(w10, 17) ^ Integer.rotateRight(w10, 19) ^ (w10 >>> 10));
        d += (Integer.rotateRight(a, 6) ^ Integer.rotateRight(a, 11) ^ Integer.rotateRight(a, 25)) + ((a & b) ^ (~a & c)) + 0xc6e00bf3 + w12;
        h += d;
        d += (Integer.rotateRight(e, 2) ^ Integer.rotateRight(e, 13) ^ Integer.rotateRight(e, 22)) + ((e & f) ^ (e & g) ^ (f & g));
        w13 += (Integer.rotateRight(w14, 7) ^ Integer.rotateRight(w14, 18) ^ (w14 >>> 3)) + w6
                + (Integer.rotateRight(w11, 17) ^ Integer.rotateRight(w11, 19) ^ (w11 >>> 10));
        c += (Integer.rotateRight(h, 6) ^ Integer.rotateRight(h, 11) ^ Integer.rotateRight(h, 25)) + ((h & a) ^ (~h & b)) + 0xd5a79147 + w13;
        g += c;
        c += (Integer.rotateRight(d, 2) ^ Integer.rotateRight(d, 13) ^ Integer.rotateRight(d, 22)) + ((d & e) ^ (d & f) ^ (e & f));
        w14 += (Integer.rotateRight(w15, 7) ^ Integer.rotateRight(w15, 18) ^ (w15 >>> 3)) + w7
                + (Integer.rotateRight(w12, 17) ^ Integer.rotateRight(w12, 19) ^ (w12 >>> 10));
        b += (Integer.rotateRight(g, 6) ^ Integer.rotateRight(g, 11) ^ Integer.rotateRight(g, 25)) + ((g & h) ^ (~g & a)) + 0x06ca6351 + w14;
        f += b;
        b += (Integer.rotateRight(c, 2) ^ Integer.rotateRight(c, 13) ^ Integer.rotateRight(c, 22)) + ((c & d) ^ (c & e) ^ (d & e));
        w15 += (Integer.rotateRight(w0, 7) ^ Integer.rotateRight(w0, 18) ^ (w0 >>> 3)) + w8
                + (Integer.rotateRight(w13, 17) ^ Integer.rotateRight(w13, 19) ^ (w13 >>> 10));
        a += (Integer.rotateRight(f, 6) ^ Integer.rotateRight(f, 11) ^ Integer.rotateRight(f, 25)) + ((f & g) ^ (~f & h)) + 0x14292967 + w15;
        e += a;
        a += (Integer.rotateRight(b, 2) ^ Integer.rotateRight(b, 13) ^ Integer.rotateRight(b, 22)) + ((b & c) ^ (b & d) ^ (c & d));
        s[0] = a; s[1] = b; s[2] = c; s[3] = d; s[4] = e; s[5] = f; s[6] = g; s[7] = h;
        w[0] = w0; w[1] = w1; w[2] = w2; w[3] = w3; w[4] = w4; w[5] = w5; w[6] = w6; w[7] = w7;
        w[8] = w8; w[9] = w9; w[10] = w10; w[11] = w11; w[12] = w12; w[13] = w13; w[14] = w14; w[15] = w15;
    }

    private static void rounds2(int[] s, int[] w) {
        int a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
        int w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7];
        int w8 = w[8], w9 = w[9], w10 = w[10], w11 = w[11], w12 = w[12], w13 = w[13], w14 = w[14], w15 = w[15];
        w0 += (Integer.rotateRight(w1, 7) ^ Integer.rotateRight(w1, 18) ^ (w1 >>> 3)) + w9
                + (Integer.rotateRight(w14, 17) ^ Integer.rotateRight(w14, 19) ^ (w14 >>> 10));
        h += (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25)) + ((e & f) ^ (~e & g)) + 0x27b70a85 + w0;
        d += h;
        h += (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        w1 += (Integer.rotateRight(w2, 7) ^ Integer.rotateRight(w2, 18) ^ (w2 >>> 3)) + w10
                + (Integer.rotateRight(w15, 17) ^ Integer.rotateRight(w15, 19) ^ (w15 >>> 10));
        g += (Integer.rotateRight(d, 6) ^ Integer.rotateRight(d, 11) ^ Integer.rotateRight(d, 25)) + ((d & e) ^ (~d & f)) + 0x2e1b2138 + w1;
        c += g;
        g += (Integer.rotateRight(h, 2) ^ Integer.rotateRight(h, 13) ^ Integer.rotateRight(h, 22)) + ((h & a) ^ (h & b) ^ (a & b));
        w2 += (Integer.rotateRight(w3, 7) ^ Integer.rotateRight(w3, 18) ^ (w3 >>> 3)) + w11
                + (Integer.rotateRight(w0, 17) ^ Integer.rotateRight(w0, 19) ^ (w0 >>> 10));
        f += (Integer.rotateRight(c, 6) ^ Integer.rotateRight(c, 11) ^ Integer.rotateRight(c, 25)) + ((c & d) ^ (~c & e)) + 0x4d2c6dfc + w2;
        b += f;
        f += (Integer.rotateRight(g, 2) ^ Integer.rotateRight(g, 13) ^ Integer.rotateRight(g, 22)) + ((g & h) ^ (g & a) ^ (h & a));
        w3 += (Integer.rotateRight(w4, 7) ^ Integer.rotateRight(w4, 18) ^ (w4 >>> 3)) + w12
                + (Integer.rotateRight(w1, 17) ^ Integer.rotateRight(w1, 19) ^ (w1 >>> 10));
        e += (Integer.rotateRight(b, 6) ^ Integer.rotateRight(b, 11) ^ Integer.rotateRight(b, 25)) + ((b & c) ^ (~b & d)) + 0x53380d13 + w3;
        a += e;
        e += (Integer.rotateRight(f, 2) ^ Integer.rotateRight(f, 13) ^ Integer.rotateRight(f, 22)) + ((f & g) ^ (f & h) ^ (g & h));
        w4 += (Integer.rotateRight(w5, 7) ^ Integer.rotateRight(w5, 18) ^ (w5 >>> 3)) + w13
                + (Integer.rotateRight(w2, 17) ^ Integer.rotateRight(w2, 19) ^ (w2 >>> 10));
        d += (Integer.rotateRight(a, 6) ^ Integer.rotateRight(a, 11) ^ Integer.rotateRight(a, 25)) + ((a & b) ^ (~a & c)) + 0x650a7354 + w4;
        h += d;
        d += (Integer.rotateRight(e, 2) ^ Integer.rotateRight(e, 13) ^ Integer.rotateRight(e, 22)) + ((e & f) ^ (e & g) ^ (f & g));
        w5 += (Integer.rotateRight(w6, 7) ^ Integer.rotateRight(w6, 18) ^ (w6 >>> 3)) + w14
                + (Integer.rotateRight(w3, 17) ^ Integer.rotateRight(w3, 19) ^ (w3 >>> 10));
        c += (Integer.rotateRight(h, 6) ^ Integer.rotateRight(h, 11) ^ Integer.rotateRight(h, 25)) + ((h & a) ^ (~h & b)) + 0x766a0abb + w5;
        g += c;
        c += (Integer.rotateRight(d, 2) ^ Integer.rotateRight(d, 13) ^ Integer.rotateRight(d, 22)) + ((d & e) ^ (d & f) ^ (e & f));
        w6 += (Integer.rotateRight(w7, 7) ^ Integer.rotateRight(w7, 18) ^ (w7 >>> 3)) + w15
                + (Integer.rotateRight(w4, 17) ^ Integer.rotateRight(w4, 19) ^ (w4 >>> 10));
        b += (Integer.rotateRight(g, 6) ^ Integer.rotateRight(g, 11) ^ Integer.rotateRight(g, 25)) + ((g & h) ^ (~g & a)) + 0x81c2c92e + w6;
        f += b;
        b += (Integer.rotateRight(c, 2) ^ Integer.rotateRight(c, 13) ^ Integer.rotateRight(c, 22)) + ((c & d) ^ (c & e) ^ (d & e));
        w7 += (Integer.rotateRight(w8, 7) ^ Integer.rotateRight(w8, 18) ^ (w8 >>> 3)) + w0
                + (Integer.rotateRight(w5, 17) ^ Integer.rotateRight(w5, 19) ^ (w5 >>> 10));
        a += (Integer.rotateRight(f, 6) ^ Integer.rotateRight(f, 11) ^ Integer.rotateRight(f, 25)) + ((f & g) ^ (~f & h)) + 0x92722c85 + w7;
        e += a;
        a += (Integer.rotateRight(b, 2) ^ Integer.rotateRight(b, 13) ^ Integer.rotateRight(b, 22)) + ((b & c) ^ (b & d) ^ (c & d));
        w8 += (Integer.rotateRight(w9, 7) ^ Integer.rotateRight(w9, 18) ^ (w9 >>> 3)) + w1
                + (Integer.rotateRight(w6, 17) ^ Integer.rotateRight(w6, 19) ^ (w6 >>> 10));
        h += (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25)) + ((e & f) ^ (~e & g)) + 0xa2bfe8a1 + w8;
        d += h;
        h += (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        w9 += (Integer.rotateRight(w10, 7) ^ Integer.rotateRight(w10, 18) ^ (w10 >>> 3)) + w2
                + (Integer.rotateRight(w7, 17) ^ Integer.rotateRight(w7, 19) ^ (w7 >>> 10));
        g += (Integer.rotateRight(d, 6) ^ Integer.rotateRight(d, 11) ^ Integer.rotateRight(d, 25)) + ((d & e) ^ (~d & f)) + 0xa81a664b + w9;
        c += g;
        g += (Integer.rotateRight(h, 2) ^ Integer.rotateRight(h, 13) ^ Integer.rotateRight(h, 22)) + ((h & a) ^ (h & b) ^ (a & b));
        w10 += (Integer.rotateRight(w11, 7) ^ Integer.rotateRight(w11, 18) ^ (w11 >>> 3)) + w3
                + (Integer.rotateRight(w8, 17) ^ Integer.rotateRight(w8, 19) ^ (w8 >>> 10));
        f += (Integer.rotateRight(c, 6) ^ Integer.rotateRight(c, 11) ^ Integer.rotateRight(c, 25)) + ((c & d) ^ (~c & e)) + 0xc24b8b70 + w10;
        b += f;
        f += (Integer.rotateRight(g, 2) ^ Integer.rotateRight(g, 13) ^ Integer.rotateRight(g, 22)) + ((g & h) ^ (g & a) ^ (h & a));
        w11 += (Integer.rotateRight(w12, 7) ^ Integer.rotateRight(w12, 18) ^ (w12 >>> 3)) + w4
                + (Integer.rotateRight(w9, 17) ^ Integer.rotateRight(w9, 19) ^ (w9 >>> 10));
        e += (Integer.rotateRight(b, 6) ^ Integer.rotateRight(b, 11) ^ Integer.rotateRight(b, 25)) + ((b & c) ^ (~b & d)) + 0xc76c51a3 + w11;
        a += e;
        e += (Integer.rotateRight(f, 2) ^ Integer.rotateRight(f, 13) ^ Integer.rotateRight(f, 22)) + ((f & g) ^ (f & h) ^ (g & h));
        w12 += (Integer.rotateRight(w13, 7) ^ Integer.rotateRight(w13, 18) ^ (w13 >>> 3)) + w5
                + (Integer.rotateRight(w10, 17) ^ Integer.rotateRight(w10, 19) ^ (w10 >>> 10));
        d += (Integer.rotateRight(a, 6) ^ Integer.rotateRight(a, 11) ^ Integer.rotateRight(a, 25)) + ((a & b) ^ (~a & c)) + 0xd192e819 + w12;
        h += d;
        d += (Integer.rotateRight(e, 2) ^ Integer.rotateRight(e, 13) ^ Integer.rotateRight(e, 22)) + ((e & f) ^ (e & g) ^ (f & g));
        w13 += (Integer.rotateRight(w14, 7) ^ Integer.rotateRight(w14, 18) ^ (w14 >>> 3)) + w6
                + (Integer.rotateRight(w11, 17) ^ Integer.rotateRight(w11, 19) ^ (w11 >>> 10));
        c += (Integer.rotateRight(h, 6) ^ Integer.rotateRight(h, 11) ^ Integer.rotateRight(h, 25)) + ((h & a) ^ (~h & b)) + 0xd6990624 + w13;
        g += c;
        c += (Integer.rotateRight(d, 2) ^ Integer.rotateRight(d, 13) ^ Integer.rotateRight(d, 22)) + ((d & e) ^ (d & f) ^ (e & f));
        w14 += (Integer.rotateRight(w15, 7) ^ Integer.rotateRight(w15, 18) ^ (w15 >>> 3)) + w7
                + (Integer.rotateRight(w12, 17) ^ Integer.rotateRight(w12, 19) ^ (w12 >>> 10));
        b += (Integer.rotateRight(g, 6) ^ Integer.rotateRight(g, 11) ^ Integer.rotateRight(g, 25)) + ((g & h) ^ (~g & a)) + 0xf40e3585 + w14;
        f += b;
        b += (Integer.rotateRight(c, 2) ^ Integer.rotateRight(c, 13) ^ Integer.rotateRight(c, 22)) + ((c & d) ^ (c & e) ^ (d & e));
        w15 += (Integer.rotateRight(w0, 7) ^ Integer.rotateRight(w0, 18) ^ (w0 >>> 3)) + w8
                + (Integer.rotateRight(w13, 17) ^ Integer.rotateRight(w13, 19) ^ (w13 >>> 10));
        a += (Integer.rotateRight(f, 6) ^ Integer.rotateRight(f, 11) ^ Integer.rotateRight(f, 25)) + ((f & g) ^ (~f & h)) + 0x106aa070 + w15;
        e += a;
        a += (Integer.rotateRight(b, 2) ^ Integer.rotateRight(b, 13) ^ Integer.rotateRight(b, 22)) + ((b & c) ^ (b & d) ^ (c & d));
        s[0] = a; s[1] = b; s[2] = c; s[3] = d; s[4] = e; s[5] = f; s[6] = g; s[7] = h;
        w[0] = w0; w[1] = w1; w[2] = w2; w[3] = w3; w[4] = w4; w[5] = w5; w[6] = w6; w[7] = w7;
        w[8] = w8; w[9] = w9; w[10] = w10; w[11] = w11; w[12] = w12; w[13] = w13; w[14] = w14; w[15] = w15;
    }

    private static void rounds3(int[] s, int[] w) {
        int a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
        int w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7];
        int w8 = w[8], w9 = w[9], w10 = w[10], w11 = w[11], w12 = w[12], w13 = w[13], w14 = w[14], w15 = w[15];
        w0 += (Integer.rotateRight(w1, 7) ^ Integer.rotateRight(w1, 18) ^ (w1 >>> 3)) + w9
                + (Integer.rotateRight(w14, 17) ^ Integer.rotateRight(w14, 19) ^ (w14 >>> 10));
        h += (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25)) + ((e & f) ^ (~e & g)) + 0x19a4c116 + w0;
        d += h;
        h += (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        w1 += (Integer.rotateRight(w2, 7) ^ Integer.rotateRight(w2, 18) ^ (w2 >>> 3)) + w10
                + (Integer.rotateRight(w15, 17) ^ Integer.rotateRight(w15, 19) ^ (w15 >>> 10));
        g += (Integer.rotateRight(d, 6) ^ Integer.rotateRight(d, 11) ^ Integer.rotateRight(d, 25)) + ((d & e) ^ (~d & f)) + 0x1e376c08 + w1;
        c += g;
        g += (Integer.rotateRight(h, 2) ^ Integer.rotateRight(h, 13) ^ Integer.rotateRight(h, 22)) + ((h & a) ^ (h & b) ^ (a & b));
        w2 += (Integer.rotateRight(w3, 7) ^ Integer.rotateRight(w3, 18) ^ (w3 >>> 3)) + w11
                + (Integer.rotateRight(w0, 17) ^ Integer.rotateRight(w0, 19) ^ (w0 >>> 10));
        f += (Integer.rotateRight(c, 6) ^ Integer.rotateRight(c, 11) ^ Integer.rotateRight(c, 25)) + ((c & d) ^ (~c & e)) + 0x2748774c + w2;
        b += f;
        f += (Integer.rotateRight(g, 2) ^ Integer.rotateRight(g, 13) ^ Integer.rotateRight(g, 22)) + ((g & h) ^ (g & a) ^ (h & a));
        w3 += (Integer.rotateRight(w4, 7) ^ Integer.rotateRight(w4, 18) ^ (w4 >>> 3)) + w12
                + (Integer.rotateRight(w1, 17) ^ Integer.rotateRight(w1, 19) ^ (w1 >>> 10));
        e += (Integer.rotateRight(b, 6) ^ Integer.rotateRight(b, 11) ^ Integer.rotateRight(b, 25)) + ((b & c) ^ (~b & d)) + 0x34b0bcb5 + w3;
        a += e;
        e += (Integer.rotateRight(f, 2) ^ Integer.rotateRight(f, 13) ^ Integer.rotateRight(f, 22)) + ((f & g) ^ (f & h) ^ (g & h));
        w4 += (Integer.rotateRight(w5, 7) ^ Integer.rotateRight(w5, 18) ^ (w5 >>> 3)) + w13
                + (Integer.rotateRight(w2, 17) ^ Integer.rotateRight(w2, 19) ^ (w2 >>> 10));
        d += (Integer.rotateRight(a, 6) ^ Integer.rotateRight(a, 11) ^ Integer.rotateRight(a, 25)) + ((a & b) ^ (~a & c)) + 0x391c0cb3 + w4;
        h += d;
        d += (Integer.rotateRight(e, 2) ^ Integer.rotateRight(e, 13) ^ Integer.rotateRight(e, 22)) + ((e & f) ^ (e & g) ^ (f & g));
        w5 += (Integer.rotateRight(w6, 7) ^ Integer.rotateRight(w6, 18) ^ (w6 >>> 3)) + w14
                + (Integer.rotateRight(w3, 17) ^ Integer.rotateRight(w3, 19) ^ (w3 >>> 10));
        c += (Integer.rotateRight(h, 6) ^ Integer.rotateRight(h, 11) ^ Integer.rotateRight(h, 25)) + ((h & a) ^ (~h & b)) + 0x4ed8aa4a + w5;
        g += c;
        c += (Integer.rotateRight(d, 2) ^ Integer.rotateRight(d, 13) ^ Integer.rotateRight(d, 22)) + ((d & e) ^ (d & f) ^ (e & f));
        w6 += (Integer.rotateRight(w7, 7) ^ Integer.rotateRight(w7, 18) ^ (w7 >>> 3)) + w15
                + (Integer.rotateRight(w4, 17) ^ Integer.rotateRight(w4, 19) ^ (w4 >>> 10));
        b += (Integer.rotateRight(g, 6) ^ Integer.rotateRight(g, 11) ^ Integer.rotateRight(g, 25)) + ((g & h) ^ (~g & a)) + 0x5b9cca4f + w6;
        f += b;
        b += (Integer.rotateRight(c, 2) ^ Integer.rotateRight(c, 13) ^ Integer.rotateRight(c, 22)) + ((c & d) ^ (c & e) ^ (d & e));
        w7 += (Integer.rotateRight(w8, 7) ^ Integer.rotateRight(w8, 18) ^ (w8 >>> 3)) + w0
                + (Integer.rotateRight(w5, 17) ^ Integer.rotateRight(w5, 19) ^ (w5 >>> 10));
        a += (Integer.rotateRight(f, 6) ^ Integer.rotateRight(f, 11) ^ Integer.rotateRight(f, 25)) + ((f & g) ^ (~f & h)) + 0x682e6ff3 + w7;
        e += a;
        a += (Integer.rotateRight(b, 2) ^ Integer.rotateRight(b, 13) ^ Integer.rotateRight(b, 22)) + ((b & c) ^ (b & d) ^ (c & d));
        w8 += (Integer.rotateRight(w9, 7) ^ Integer.rotateRight(w9, 18) ^ (w9 >>> 3)) + w1
                + (Integer.rotateRight(w6, 17) ^ Integer.rotateRight(w6, 19) ^ (w6 >>> 10));
        h += (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25)) + ((e & f) ^ (~e & g)) + 0x748f82ee + w8;
        d += h;
        h += (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        w9 += (Integer.rotateRight(w10, 7) ^ Integer.rotateRight(w10, 18) ^ (w10 >>> 3)) + w2
                + (Integer.rotateRight(w7, 17) ^ Integer.rotateRight(w7, 19) ^ (w7 >>> 10));
        g += (Integer.rotateRight(d, 6) ^ Integer.rotateRight(d, 11) ^ Integer.rotateRight(d, 25)) + ((d & e) ^ (~d & f)) + 0x78a5636f + w9;
        c += g;
        g += (Integer.rotateRight(h, 2) ^ Integer.rotateRight(h, 13) ^ Integer.rotateRight(h, 22)) + ((h & a) ^ (h & b) ^ (a & b));
        w10 += (Integer.rotateRight(w11, 7) ^ Integer.rotateRight(w11, 18) ^ (w11 >>> 3)) + w3
                + (Integer.rotateRight(w8, 17) ^ Integer.rotateRight(w8, 19) ^ (w8 >>> 10));
        f += (Integer.rotateRight(c, 6) ^ Integer.rotateRight(c, 11) ^ Integer.rotateRight(c, 25)) + ((c & d) ^ (~c & e)) + 0x84c87814 + w10;
        b += f;
        f += (Integer.rotateRight(g, 2) ^ Integer.rotateRight(g, 13) ^ Integer.rotateRight(g, 22)) + ((g & h) ^ (g & a) ^ (h & a));
        w11 += (Integer.rotateRight(w12, 7) ^ Integer.rotateRight(w12, 18) ^ (w12 >>> 3)) + w4
                + (Integer.rotateRight(w9, 17) ^ Integer.rotateRight(w9, 19) ^ (w9 >>> 10));
        e += (Integer.rotateRight(b, 6) ^ Integer.rotateRight(b, 11) ^ Integer.rotateRight(b, 25)) + ((b & c) ^ (~b & d)) + 0x8cc70208 + w11;
        a += e;
        e += (Integer.rotateRight(f, 2) ^ Integer.rotateRight(f, 13) ^ Integer.rotateRight(f, 22)) + ((f & g) ^ (f & h) ^ (g & h));
        w12 += (Integer.rotateRight(w13, 7) ^ Integer.rotateRight(w13, 18) ^ (w13 >>> 3)) + w5
                + (Integer.rotateRight(w10, 17) ^ Integer.rotateRight(w10, 19) ^ (w10 >>> 10));
        d += (Integer.rotateRight(a, 6) ^ Integer.rotateRight(a, 11) ^ Integer.rotateRight(a, 25)) + ((a & b) ^ (~a & c)) + 0x90befffa + w12;
        h += d;
        d += (Integer.rotateRight(e, 2) ^ Integer.rotateRight(e, 13) ^ Integer.rotateRight(e, 22)) + ((e & f) ^ (e & g) ^ (f & g));
        w13 += (Integer.rotateRight(w14, 7) ^ Integer.rotateRight(w14, 18) ^ (w14 >>> 3)) + w6
                + (Integer.rotateRight(w11, 17) ^ Integer.rotateRight(w11, 19) ^ (w11 >>> 10));
        c += (Integer.rotateRight(h, 6) ^ Integer.rotateRight(h, 11) ^ Integer.rotateRight(h, 25)) + ((h & a) ^ (~h & b)) + 0xa4506ceb + w13;
        g += c;
        c += (Integer.rotateRight(d, 2) ^ Integer.rotateRight(d, 13) ^ Integer.rotateRight(d, 22)) + ((d & e) ^ (d & f) ^ (e & f));
        w14 += (Integer.rotateRight(w15, 7) ^ Integer.rotateRight(w15, 18) ^ (w15 >>> 3)) + w7
                + (Integer.rotateRight(w12, 17) ^ Integer.rotateRight(w12, 19) ^ (w12 >>> 10));
        b += (Integer.rotateRight(g, 6) ^ Integer.rotateRight(g, 11) ^ Integer.rotateRight(g, 25)) + ((g & h) ^ (~g & a)) + 0xbef9a3f7 + w14;
        f += b;
        b += (Integer.rotateRight(c, 2) ^ Integer.rotateRight(c, 13) ^ Integer.rotateRight(c, 22)) + ((c & d) ^ (c & e) ^ (d & e));
        w15 += (Integer.rotateRight(w0, 7) ^ Integer.rotateRight(w0, 18) ^ (w0 >>> 3)) + w8
                + (Integer.rotateRight(w13, 17) ^ Integer.rotateRight(w13, 19) ^ (w13 >>> 10));
        a += (Integer.rotateRight(f, 6) ^ Integer.rotateRight(f, 11) ^ Integer.rotateRight(f, 25)) + ((f & g) ^ (~f & h)) + 0xc67178f2 + w15;
        e += a;
        a += (Integer.rotateRight(b, 2) ^ Integer.rotateRight(b, 13) ^ Integer.rotateRight(b, 22)) + ((b & c) ^ (b & d) ^ (c & d));
        s[0] = a; s[1] = b; s[2] = c; s[3] = d; s[4] = e; s[5] = f; s[6] = g; s[7] = h;
    }
}
