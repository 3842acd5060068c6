package io.awsemu.s3.select.parquet;

import static io.awsemu.s3.select.parquet.ParquetErrors.parquetParsingError;

/**
 * Raw Snappy (the block format Parquet uses, no framing): a varint of the uncompressed length, then literals and
 * back-references. Every length and offset is checked against the input and the output written so far.
 */
final class Snappy {
    private Snappy() {}

    /** The uncompressed length the block announces, and where its elements start (in out[0]). */
    static int uncompressedLength(byte[] in, int off, int end, int[] start) {
        long v = 0;
        int p = off;
        for (int shift = 0; ; shift += 7) {
            if (p >= end || shift > 28) throw parquetParsingError("snappy length");
            int x = in[p++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) break;
        }
        if (v > Integer.MAX_VALUE) throw parquetParsingError("snappy length");
        start[0] = p;
        return (int) v;
    }

    /** Decompresses {@code in[off, end)} into {@code out[0, expected)}; the block must say exactly that length. */
    static void decompress(byte[] in, int off, int end, byte[] out, int expected) {
        int[] start = new int[1];
        if (uncompressedLength(in, off, end, start) != expected) throw parquetParsingError("snappy length differs from the page's");
        int p = start[0], o = 0;
        while (p < end) {
            int tag = in[p++] & 0xFF;
            int kind = tag & 3;
            if (kind == 0) { // literal
                int len = tag >>> 2;
                if (len >= 60) {
                    int n = len - 59;
                    if (end - p < n) throw parquetParsingError("snappy literal length");
                    len = 0;
                    for (int i = 0; i < n; i++) len |= (in[p++] & 0xFF) << (8 * i);
                }
                long l = (len & 0xFFFF_FFFFL) + 1;
                if (l > end - p || l > expected - o) throw parquetParsingError("snappy literal overruns");
                System.arraycopy(in, p, out, o, (int) l);
                p += (int) l;
                o += (int) l;
                continue;
            }
            int len, offset;
            if (kind == 1) {
                if (p >= end) throw parquetParsingError("snappy copy");
                len = 4 + ((tag >>> 2) & 7);
                offset = (tag >>> 5) << 8 | (in[p++] & 0xFF);
            } else if (kind == 2) {
                if (end - p < 2) throw parquetParsingError("snappy copy");
                len = (tag >>> 2) + 1;
                offset = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8;
                p += 2;
            } else {
                if (end - p < 4) throw parquetParsingError("snappy copy");
                len = (tag >>> 2) + 1;
                offset = Decoders.le32(in, p);
                p += 4;
            }
            if (offset <= 0 || offset > o || len > expected - o) throw parquetParsingError("snappy copy out of range");
            if (offset >= len) {
                System.arraycopy(out, o - offset, out, o, len);
                o += len;
            } else { // overlapping: a run repeating the last offset bytes
                for (int i = 0; i < len; i++, o++) out[o] = out[o - offset];
            }
        }
        if (o != expected) throw parquetParsingError("snappy output shorter than announced");
    }
}
