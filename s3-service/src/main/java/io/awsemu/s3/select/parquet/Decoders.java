package io.awsemu.s3.select.parquet;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;

import static io.awsemu.s3.select.parquet.Metadata.BOOLEAN;
import static io.awsemu.s3.select.parquet.Metadata.BYTE_ARRAY;
import static io.awsemu.s3.select.parquet.Metadata.DOUBLE;
import static io.awsemu.s3.select.parquet.Metadata.FIXED_LEN_BYTE_ARRAY;
import static io.awsemu.s3.select.parquet.Metadata.FLOAT;
import static io.awsemu.s3.select.parquet.Metadata.INT32;
import static io.awsemu.s3.select.parquet.Metadata.INT64;
import static io.awsemu.s3.select.parquet.Metadata.INT96;
import static io.awsemu.s3.select.parquet.ParquetErrors.parquetParsingError;

/**
 * Parquet's encodings, decoding straight from a page's bytes {@code [off, end)} one value at a time: levels
 * (RLE/bit-packed hybrid, old BIT_PACKED), and values (PLAIN, dictionary indices, RLE booleans,
 * DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT). Reading past the data is a
 * ParquetParsingError; nothing is allocated from a count in the data beyond the data's own size.
 */
final class Decoders {
    private Decoders() {}

    static int le32(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    static long le64(byte[] b, int p) {
        return (le32(b, p) & 0xFFFF_FFFFL) | (long) le32(b, p + 4) << 32;
    }

    static int bitWidth(int max) {
        return 32 - Integer.numberOfLeadingZeros(max);
    }

    private static RuntimeException ended(String what) {
        return parquetParsingError(what + " data ended early");
    }

    /** A stream of small unsigned ints: levels or dictionary indices. */
    abstract static class Ints {
        abstract int next();
    }

    /** The RLE / bit-packed hybrid (levels, dictionary indices, RLE booleans), without a length prefix. */
    static final class Rle extends Ints {
        private final byte[] b;
        private final int end;
        private final int width;
        private int pos;
        private int left;
        private boolean packed;
        private int value;
        private final int[] group = new int[8];
        private int groupIdx = 8;
        private int packedPos;

        Rle(byte[] b, int off, int end, int width) {
            if (width < 0 || width > 32) throw parquetParsingError("bit width " + width);
            this.b = b;
            this.pos = off;
            this.end = end;
            this.width = width;
        }

        @Override
        int next() {
            while (left == 0) run();
            left--;
            if (!packed) return value;
            if (groupIdx == 8) unpackGroup();
            return group[groupIdx++];
        }

        private void run() {
            if (pos >= end) throw ended("RLE");
            long header = 0;
            for (int shift = 0; ; shift += 7) {
                if (pos >= end || shift > 28) throw parquetParsingError("RLE run header");
                int x = b[pos++] & 0xFF;
                header |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) break;
            }
            if ((header & 1) == 0) {
                packed = false;
                left = (int) Math.min(header >>> 1, Integer.MAX_VALUE);
                int bytes = (width + 7) / 8;
                if (end - pos < bytes) throw ended("RLE");
                int v = 0;
                for (int i = 0; i < bytes; i++) v |= (b[pos++] & 0xFF) << (8 * i);
                value = v;
            } else {
                packed = true;
                long groups = header >>> 1;
                long count = groups * 8;
                long bytes = groups * width;
                if (bytes > end - pos) { // a last run cut short: only the values whose bits are all there
                    count = (long) (end - pos) * 8 / width;
                    bytes = end - pos;
                }
                left = (int) Math.min(count, Integer.MAX_VALUE);
                packedPos = pos;
                pos += (int) bytes;
                groupIdx = 8;
            }
        }

        private void unpackGroup() {
            long acc = 0;
            int bits = 0;
            int p = packedPos;
            long mask = (1L << width) - 1;
            for (int i = 0; i < 8; i++) {
                while (bits < width) {
                    acc |= (long) (p < pos ? b[p] & 0xFF : 0) << bits;
                    p++;
                    bits += 8;
                }
                group[i] = (int) (acc & mask);
                acc >>>= width;
                bits -= width;
            }
            packedPos = p;
            groupIdx = 0;
        }
    }

    /** The deprecated BIT_PACKED level encoding: bits packed from the most significant end. */
    static final class BitPacked extends Ints {
        private final byte[] b;
        private final int width;
        private long bit;
        private final long endBit;

        BitPacked(byte[] b, int off, int end, int width) {
            this.b = b;
            this.width = width;
            this.bit = (long) off * 8;
            this.endBit = (long) end * 8;
        }

        @Override
        int next() {
            if (bit + width > endBit) throw ended("BIT_PACKED");
            int v = 0;
            for (int i = 0; i < width; i++, bit++) v = v << 1 | (b[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1;
            return v;
        }
    }

    /** Ints that are always zero: the levels of a column whose max level is 0. */
    static final Ints ZERO = new Ints() {
        @Override
        int next() {
            return 0;
        }
    };

    // ---- values ----

    /** The values of one page (the non-null ones), as the nodes of a row. */
    abstract static class Values {
        abstract JsonNode next();
    }

    static Values plain(byte[] b, int off, int end, Schema.Leaf leaf) {
        ValueMapper m = leaf.mapper();
        return switch (leaf.physical()) {
            case BOOLEAN -> new Values() {
                long bit = (long) off * 8;

                @Override
                JsonNode next() {
                    if (bit >= (long) end * 8) throw ended("PLAIN");
                    boolean v = (b[(int) (bit >>> 3)] >>> (bit & 7) & 1) != 0;
                    bit++;
                    return m.ofBoolean(v);
                }
            };
            case INT32 -> new Fixed(b, off, end, 4) {
                @Override JsonNode value(int p) { return m.ofInt(le32(b, p)); }
            };
            case INT64 -> new Fixed(b, off, end, 8) {
                @Override JsonNode value(int p) { return m.ofLong(le64(b, p)); }
            };
            case FLOAT -> new Fixed(b, off, end, 4) {
                @Override JsonNode value(int p) { return m.ofFloat(Float.intBitsToFloat(le32(b, p))); }
            };
            case DOUBLE -> new Fixed(b, off, end, 8) {
                @Override JsonNode value(int p) { return m.ofDouble(Double.longBitsToDouble(le64(b, p))); }
            };
            case INT96 -> new Fixed(b, off, end, 12) {
                @Override JsonNode value(int p) { return m.ofBytes(b, p, 12); }
            };
            case FIXED_LEN_BYTE_ARRAY -> new Fixed(b, off, end, leaf.typeLength()) {
                @Override JsonNode value(int p) { return m.ofBytes(b, p, width); }
            };
            default -> new Values() { // BYTE_ARRAY: a 4-byte length, then the bytes
                int pos = off;

                @Override
                JsonNode next() {
                    if (end - pos < 4) throw ended("PLAIN");
                    int len = le32(b, pos);
                    if (len < 0 || len > end - pos - 4) throw ended("PLAIN");
                    JsonNode v = m.ofBytes(b, pos + 4, len);
                    pos += 4 + len;
                    return v;
                }
            };
        };
    }

    private abstract static class Fixed extends Values {
        final byte[] b;
        final int end;
        final int width;
        int pos;

        Fixed(byte[] b, int off, int end, int width) {
            this.b = b;
            this.pos = off;
            this.end = end;
            this.width = width;
        }

        @Override
        final JsonNode next() {
            if (end - pos < width) throw ended("PLAIN");
            JsonNode v = value(pos);
            pos += width;
            return v;
        }

        abstract JsonNode value(int p);
    }

    /** Dictionary indices: a bit width byte, then the RLE / bit-packed hybrid. */
    static Values dictionary(byte[] b, int off, int end, Dictionary dict) {
        if (off >= end) throw ended("dictionary index");
        Rle ids = new Rle(b, off + 1, end, b[off] & 0xFF);
        return new Values() {
            @Override
            JsonNode next() {
                return dict.get(ids.next());
            }
        };
    }

    /** RLE booleans (data page v2): a 4-byte length, then the hybrid with bit width 1. */
    static Values rleBooleans(byte[] b, int off, int end, ValueMapper m) {
        if (end - off < 4) throw ended("RLE");
        int len = le32(b, off);
        if (len < 0 || len > end - off - 4) throw ended("RLE");
        Rle bits = new Rle(b, off + 4, off + 4 + len, 1);
        return new Values() {
            @Override
            JsonNode next() {
                return m.ofBoolean(bits.next() != 0);
            }
        };
    }

    static Values deltaBinaryPacked(byte[] b, int off, int end, Schema.Leaf leaf) {
        DeltaBinaryPacked d = new DeltaBinaryPacked(b, off, end);
        ValueMapper m = leaf.mapper();
        if (leaf.physical() == INT32) {
            return new Values() {
                @Override JsonNode next() { return m.ofInt((int) d.next()); }
            };
        }
        return new Values() {
            @Override JsonNode next() { return m.ofLong(d.next()); }
        };
    }

    /** Lengths (DELTA_BINARY_PACKED), then all the bytes one after the other. */
    static Values deltaLengthByteArray(byte[] b, int off, int end, ValueMapper m) {
        DeltaBinaryPacked lengths = new DeltaBinaryPacked(b, off, end);
        int[] pos = {lengths.end()};
        return new Values() {
            @Override
            JsonNode next() {
                long len = lengths.next();
                if (len < 0 || len > end - pos[0]) throw ended("DELTA_LENGTH_BYTE_ARRAY");
                JsonNode v = m.ofBytes(b, pos[0], (int) len);
                pos[0] += (int) len;
                return v;
            }
        };
    }

    /** Prefix lengths shared with the value before, then the suffixes as DELTA_LENGTH_BYTE_ARRAY. */
    static Values deltaByteArray(byte[] b, int off, int end, Schema.Leaf leaf) {
        DeltaBinaryPacked prefixes = new DeltaBinaryPacked(b, off, end);
        DeltaBinaryPacked suffixes = new DeltaBinaryPacked(b, prefixes.end(), end);
        ValueMapper m = leaf.mapper();
        boolean fixed = leaf.physical() == FIXED_LEN_BYTE_ARRAY;
        return new Values() {
            int pos = suffixes.end();
            byte[] last = new byte[64];
            int lastLen;

            @Override
            JsonNode next() {
                long prefix = prefixes.next(), suffix = suffixes.next();
                if (prefix < 0 || prefix > lastLen || suffix < 0 || suffix > end - pos) throw ended("DELTA_BYTE_ARRAY");
                int len = (int) (prefix + suffix);
                if (fixed && len != leaf.typeLength()) throw parquetParsingError("DELTA_BYTE_ARRAY value of the wrong length");
                if (last.length < len) last = Arrays.copyOf(last, Math.max(len, last.length * 2));
                System.arraycopy(b, pos, last, (int) prefix, (int) suffix);
                pos += (int) suffix;
                lastLen = len;
                return m.ofBytes(last, 0, len);
            }
        };
    }

    /** Byte k of value i is at {@code off + k * n + i}, for n values of the type's width. */
    static Values byteStreamSplit(byte[] b, int off, int end, Schema.Leaf leaf) {
        int width = switch (leaf.physical()) {
            case INT32, FLOAT -> 4;
            case INT64, DOUBLE -> 8;
            case FIXED_LEN_BYTE_ARRAY -> leaf.typeLength();
            default -> throw parquetParsingError("BYTE_STREAM_SPLIT on physical type " + leaf.physical());
        };
        if ((end - off) % width != 0) throw parquetParsingError("BYTE_STREAM_SPLIT data is not whole values");
        int n = (end - off) / width;
        ValueMapper m = leaf.mapper();
        int physical = leaf.physical();
        return new Values() {
            int i;
            final byte[] v = new byte[width];

            @Override
            JsonNode next() {
                if (i >= n) throw ended("BYTE_STREAM_SPLIT");
                for (int k = 0; k < width; k++) v[k] = b[off + k * n + i];
                i++;
                return switch (physical) {
                    case INT32 -> m.ofInt(le32(v, 0));
                    case INT64 -> m.ofLong(le64(v, 0));
                    case FLOAT -> m.ofFloat(Float.intBitsToFloat(le32(v, 0)));
                    case DOUBLE -> m.ofDouble(Double.longBitsToDouble(le64(v, 0)));
                    default -> m.ofBytes(v, 0, width);
                };
            }
        };
    }

    /**
     * DELTA_BINARY_PACKED: a header (block size, miniblocks per block, count, first value), then blocks of a min delta
     * and bit-packed miniblocks. One miniblock is unpacked at a time.
     */
    static final class DeltaBinaryPacked {
        private static final int MAX_BLOCK = 1 << 20, MAX_MINIBLOCK = 1 << 16;
        private final byte[] b;
        private final int end;
        private int pos;
        private final int perMiniblock, miniblocks;
        private final long count;
        private final int dataStart;
        private final long first;
        private long read;
        private long last;
        private long minDelta;
        private final int[] widths;
        private int miniblock;
        private final long[] buf;
        private int bufIdx, bufLeft;

        DeltaBinaryPacked(byte[] b, int off, int end) {
            this.b = b;
            this.end = end;
            this.pos = off;
            long blockSize = uvarint(), mb = uvarint();
            count = uvarint();
            first = zigzag(uvarint());
            if (blockSize <= 0 || blockSize % 128 != 0 || blockSize > MAX_BLOCK || mb <= 0 || blockSize % mb != 0
                    || (blockSize / mb) % 32 != 0 || blockSize / mb > MAX_MINIBLOCK || count > Integer.MAX_VALUE) {
                throw parquetParsingError("DELTA_BINARY_PACKED header");
            }
            miniblocks = (int) mb;
            perMiniblock = (int) (blockSize / mb);
            dataStart = pos;
            widths = new int[miniblocks];
            miniblock = miniblocks;
            buf = new long[perMiniblock];
        }

        long next() {
            if (read >= count) throw ended("DELTA_BINARY_PACKED");
            read++;
            if (read == 1) return last = first;
            if (bufLeft == 0) loadMiniblock();
            bufLeft--;
            return last = last + minDelta + buf[bufIdx++];
        }

        /** Where the encoded values end (what follows them starts), found by walking the block headers. */
        int end() {
            int save = pos;
            pos = dataStart;
            long remaining = count - 1;
            while (remaining > 0) {
                uvarint(); // min delta
                if (end - pos < miniblocks) throw ended("DELTA_BINARY_PACKED");
                int w0 = pos;
                pos += miniblocks;
                for (int i = 0; i < miniblocks && remaining > 0; i++) {
                    int w = b[w0 + i] & 0xFF;
                    if (w > 64) throw parquetParsingError("DELTA_BINARY_PACKED bit width " + w);
                    int bytes = perMiniblock / 8 * w;
                    if (end - pos < bytes) throw ended("DELTA_BINARY_PACKED");
                    pos += bytes;
                    remaining -= perMiniblock;
                }
            }
            int result = pos;
            pos = save;
            return result;
        }

        private void loadMiniblock() {
            if (miniblock == miniblocks) {
                minDelta = zigzag(uvarint());
                if (end - pos < miniblocks) throw ended("DELTA_BINARY_PACKED");
                for (int i = 0; i < miniblocks; i++) widths[i] = b[pos++] & 0xFF;
                miniblock = 0;
            }
            int w = widths[miniblock++];
            if (w > 64) throw parquetParsingError("DELTA_BINARY_PACKED bit width " + w);
            int bytes = perMiniblock / 8 * w;
            if (end - pos < bytes) throw ended("DELTA_BINARY_PACKED");
            unpack(b, pos, w, buf, perMiniblock);
            pos += bytes;
            bufIdx = 0;
            bufLeft = perMiniblock;
        }

        private long uvarint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw ended("DELTA_BINARY_PACKED");
                int x = b[pos++] & 0xFF;
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
            throw parquetParsingError("DELTA_BINARY_PACKED varint");
        }

        private static long zigzag(long v) {
            return (v >>> 1) ^ -(v & 1);
        }

        /** n values of w bits (0..64), least significant bits first; the bytes are known to be there. */
        static void unpack(byte[] b, int p, int w, long[] out, int n) {
            if (w == 0) {
                Arrays.fill(out, 0, n, 0);
                return;
            }
            long acc = 0;
            int bits = 0;
            for (int i = 0; i < n; i++) {
                long v = 0;
                int got = 0;
                while (got < w) { // up to 32 bits at a time, so the accumulator never overflows
                    int take = Math.min(32, w - got);
                    while (bits < take) {
                        acc |= (long) (b[p++] & 0xFF) << bits;
                        bits += 8;
                    }
                    v |= (acc & ((1L << take) - 1)) << got;
                    acc >>>= take;
                    bits -= take;
                    got += take;
                }
                out[i] = v;
            }
        }
    }

    /** A dictionary page's values, decoded on use; small dictionaries keep the nodes they made. */
    static final class Dictionary {
        private static final int CACHED = 1 << 16;
        private final byte[] data;
        private final int size;
        private final int[] offsets; // BYTE_ARRAY: where each value's length prefix is
        private final JsonNode[] cache;
        private final Schema.Leaf leaf;

        /**
         * At most what a dictionary of {@code count} values in {@code bytes} bytes holds: its copy of the page, the
         * value offsets, and the cached values (each a node and, for text, a String of at most two bytes per byte).
         */
        static long footprint(int bytes, int count) {
            long n = Math.max(0, count);
            return 3L * bytes + 4 * n + 48 * Math.min(n, CACHED);
        }

        Dictionary(byte[] page, int off, int end, int count, Schema.Leaf leaf) {
            this.leaf = leaf;
            this.data = Arrays.copyOfRange(page, off, end);
            if (count < 0) throw parquetParsingError("dictionary of " + count + " values");
            int n = data.length;
            int width = switch (leaf.physical()) {
                case BOOLEAN -> 0;
                case INT32, FLOAT -> 4;
                case INT64, DOUBLE -> 8;
                case INT96 -> 12;
                case FIXED_LEN_BYTE_ARRAY -> leaf.typeLength();
                default -> -1;
            };
            if (width == 0 && (long) count > (long) n * 8) throw ended("dictionary");
            if (width > 0 && (long) count * width > n) throw ended("dictionary");
            if (width < 0) {
                if (count > n / 4) throw ended("dictionary");
                offsets = new int[count];
                int p = 0;
                for (int i = 0; i < count; i++) {
                    if (n - p < 4) throw ended("dictionary");
                    int len = le32(data, p);
                    if (len < 0 || len > n - p - 4) throw ended("dictionary");
                    offsets[i] = p;
                    p += 4 + len;
                }
            } else {
                offsets = null;
            }
            this.size = count;
            this.cache = count <= CACHED ? new JsonNode[count] : null;
        }

        JsonNode get(int i) {
            if (i < 0 || i >= size) throw parquetParsingError("dictionary index " + i + " of " + size);
            if (cache != null) {
                JsonNode v = cache[i];
                if (v == null) cache[i] = v = decode(i);
                return v;
            }
            return decode(i);
        }

        private JsonNode decode(int i) {
            ValueMapper m = leaf.mapper();
            return switch (leaf.physical()) {
                case BOOLEAN -> m.ofBoolean((data[i >>> 3] >>> (i & 7) & 1) != 0);
                case INT32 -> m.ofInt(le32(data, i * 4));
                case INT64 -> m.ofLong(le64(data, i * 8));
                case FLOAT -> m.ofFloat(Float.intBitsToFloat(le32(data, i * 4)));
                case DOUBLE -> m.ofDouble(Double.longBitsToDouble(le64(data, i * 8)));
                case INT96 -> m.ofBytes(data, i * 12, 12);
                case FIXED_LEN_BYTE_ARRAY -> m.ofBytes(data, i * leaf.typeLength(), leaf.typeLength());
                default -> m.ofBytes(data, offsets[i] + 4, le32(data, offsets[i]));
            };
        }
    }
}
