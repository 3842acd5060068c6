package io.awsemu.core.checksum;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.Checksum;

/**
 * CRC-64/NVME (the S3 {@code CRC64NVME} checksum): reflected polynomial 0x9A6C9329AC4BC9B5, initial
 * value and final xor all ones; check value for "123456789" is 0xAE8B14860A799888.
 *
 * <p>Slice-by-16 table lookup (16 tables of 256, 32 KiB) over little-endian longs read through a byte-array
 * view: the JDK has no CRC64, and S3 computes this one over every multipart upload's parts by default. Under
 * C1 alone (the image) that is 0.42 ms/MiB against 0.84 for slice-by-8 with byte-by-byte loads (0.36 and
 * 0.50 under C2).
 */
public final class Crc64Nvme implements Checksum {
    /** Reflected form of 0xAD93D23594C93659. */
    public static final long POLY = 0x9A6C9329AC4BC9B5L;

    /** {@code T[s][i]}: the register after byte {@code i} followed by {@code s} zero bytes. */
    private static final long[][] T = new long[16][256];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            T[0][i] = c;
        }
        for (int i = 0; i < 256; i++) {
            for (int s = 1; s < 16; s++) {
                long prev = T[s - 1][i];
                T[s][i] = (prev >>> 8) ^ T[0][(int) (prev & 0xff)];
            }
        }
    }

    /** The register, kept inverted (init ~0) so getValue() is one more inversion. */
    private long crc = -1L;

    @Override
    public void update(int b) {
        crc = T[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    @Override
    public void update(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        long c = crc;
        int i = off;
        int end = off + len;
        long[][] t = T;
        long[] t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3], t4 = t[4], t5 = t[5], t6 = t[6], t7 = t[7];
        long[] t8 = t[8], t9 = t[9], t10 = t[10], t11 = t[11], t12 = t[12], t13 = t[13], t14 = t[14], t15 = t[15];
        while (end - i >= 16) {
            long lo = c ^ (long) LONGS.get(b, i);
            long hi = (long) LONGS.get(b, i + 8);
            c = t15[(int) (lo & 0xff)] ^ t14[(int) ((lo >>> 8) & 0xff)] ^ t13[(int) ((lo >>> 16) & 0xff)]
                    ^ t12[(int) ((lo >>> 24) & 0xff)] ^ t11[(int) ((lo >>> 32) & 0xff)] ^ t10[(int) ((lo >>> 40) & 0xff)]
                    ^ t9[(int) ((lo >>> 48) & 0xff)] ^ t8[(int) (lo >>> 56)]
                    ^ t7[(int) (hi & 0xff)] ^ t6[(int) ((hi >>> 8) & 0xff)] ^ t5[(int) ((hi >>> 16) & 0xff)]
                    ^ t4[(int) ((hi >>> 24) & 0xff)] ^ t3[(int) ((hi >>> 32) & 0xff)] ^ t2[(int) ((hi >>> 40) & 0xff)]
                    ^ t1[(int) ((hi >>> 48) & 0xff)] ^ t0[(int) (hi >>> 56)];
            i += 16;
        }
        while (i < end) {
            c = t0[(int) ((c ^ b[i++]) & 0xff)] ^ (c >>> 8);
        }
        crc = c;
    }

    @Override
    public long getValue() {
        return ~crc;
    }

    @Override
    public void reset() {
        crc = -1L;
    }
}
