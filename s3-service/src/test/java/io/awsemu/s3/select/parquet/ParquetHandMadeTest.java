package io.awsemu.s3.select.parquet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.s3.select.SelectException;
import io.awsemu.s3.select.TimestampNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files written by hand, for what DuckDB never writes: repeated fields, BIT_PACKED levels, INT96, FLOAT16,
 * DELTA_BYTE_ARRAY, 64-bit deltas, Thrift fields the reader does not know, a row group over S3's limit.
 */
public class ParquetHandMadeTest {
    // parquet.thrift enums
    static final int INT32 = 1, INT64 = 2, INT96 = 3, BYTE_ARRAY = 6, FIXED = 7;
    static final int REQUIRED = 0, OPTIONAL = 1, REPEATED = 2;
    static final int PLAIN = 0, PLAIN_DICTIONARY = 2, RLE = 3, BIT_PACKED = 4, DELTA_BINARY_PACKED = 5, DELTA_BYTE_ARRAY = 7;

    @Test
    void aRepeatedFieldGivesItsLastValue() {
        // rows [1, 2, 3], [], [7]: entries (rep, def) (0,1) (1,1) (1,1) (0,0) (0,1)
        byte[] body = concat(rleLevels(bits(0, 1, 1, 0, 0)), rleLevels(bits(1, 1, 1, 0, 1)), le32(1, 2, 3, 7));
        byte[] file = file(s -> leaf(s, "x", INT32, REPEATED, null), 1, 3, 700,
                chunk(INT32, "x", 5, dataPageV1(body, 5, PLAIN, RLE, RLE)));
        List<ObjectNode> rows = ParquetTesting.readAll(RandomAccessSource.of(file), null);
        assertEquals(3, rows.size());
        assertEquals(3, rows.get(0).get("x").intValue());
        assertTrue(rows.get(1).get("x").isNull());
        assertEquals(7, rows.get(2).get("x").intValue());
    }

    @Test
    void int96TimestampsWithBitPackedLevels() {
        long day = LocalDate.of(2020, 1, 2).toEpochDay() + 2_440_588;
        long nanos = (3 * 3600 + 4 * 60 + 5) * 1_000_000_000L + 6;
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        for (int i = 0; i < 2; i++) v.writeBytes(concat(le64(nanos), le32((int) day)));
        byte[] body = concat(new byte[] {(byte) 0b1010_0000}, v.toByteArray()); // defs 1, 0, 1, most significant bit first
        byte[] file = file(s -> leaf(s, "t", INT96, OPTIONAL, null), 1, 3, 100,
                chunk(INT96, "t", 3, dataPageV1(body, 3, PLAIN, BIT_PACKED, BIT_PACKED)));
        List<ObjectNode> rows = ParquetTesting.readAll(RandomAccessSource.of(file), null);
        assertEquals(OffsetDateTime.parse("2020-01-02T03:04:05.000000006Z"), ((TimestampNode) rows.get(0).get("t")).timestamp());
        assertTrue(rows.get(1).get("t").isNull());
        assertEquals(3, rows.size());
    }

    @Test
    void float16IsADouble() {
        byte[] body = new byte[] {0x00, 0x3C, 0x00, (byte) 0xC1, (byte) 0xFF, 0x7B, 0x00, 0x7C}; // 1, -2.5, 65504, +inf
        byte[] file = file(s -> {
            s.struct(-1).i32(1, FIXED).i32(2, 2).i32(3, REQUIRED).str(4, "h");
            s.struct(10).struct(15).end().end();
            s.end();
        }, 1, 4, 100, chunk(FIXED, "h", 4, dataPageV1(body, 4, PLAIN, RLE, RLE)));
        List<ObjectNode> rows = ParquetTesting.readAll(RandomAccessSource.of(file), null);
        assertTrue(rows.get(0).get("h").isDouble());
        assertEquals(List.of(1.0, -2.5, 65504.0, Double.POSITIVE_INFINITY), rows.stream().map(r -> r.get("h").doubleValue()).toList());
    }

    @Test
    void deltaByteArrayStrings() {
        List<String> words = List.of("apple", "applesauce", "apply", "banana", "", "band", "bandana");
        List<Long> prefixes = new ArrayList<>(), suffixes = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        String last = "";
        for (String w : words) {
            int p = 0;
            while (p < Math.min(last.length(), w.length()) && last.charAt(p) == w.charAt(p)) p++;
            prefixes.add((long) p);
            suffixes.add((long) (w.length() - p));
            data.writeBytes(w.substring(p).getBytes(StandardCharsets.UTF_8));
            last = w;
        }
        byte[] body = concat(deltaBinaryPacked(prefixes), deltaBinaryPacked(suffixes), data.toByteArray());
        byte[] file = file(s -> leaf(s, "w", BYTE_ARRAY, REQUIRED, 0), 1, words.size(), 100,
                chunk(BYTE_ARRAY, "w", words.size(), dataPageV1(body, words.size(), DELTA_BYTE_ARRAY, RLE, RLE)));
        assertEquals(words, ParquetTesting.readAll(RandomAccessSource.of(file), null).stream().map(r -> r.get("w").textValue()).toList());
    }

    @Test
    void deltasOfSixtyFourBitsWrapAround() {
        List<Long> values = new ArrayList<>(List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE, 5L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
        for (long i = 0; i < 300; i++) values.add(i * i * (i % 2 == 0 ? 1 : -1) * 1_000_003L); // several blocks
        byte[] file = file(s -> leaf(s, "n", INT64, REQUIRED, null), 1, values.size(), 100,
                chunk(INT64, "n", values.size(), dataPageV1(deltaBinaryPacked(values), values.size(), DELTA_BINARY_PACKED, RLE, RLE)));
        assertEquals(values, ParquetTesting.readAll(RandomAccessSource.of(file), null).stream().map(r -> r.get("n").longValue()).toList());
    }

    @Test
    void dictionaryPageThenIndices() {
        byte[] dict = concat(le32(5), "alpha".getBytes(StandardCharsets.UTF_8), le32(4), "beta".getBytes(StandardCharsets.UTF_8));
        // bit width 1, one bit-packed group: indices 1 0 1 1 0
        byte[] indices = {1, 3, 0b01101};
        byte[] pages = concat(dictionaryPage(dict, 2), dataPageV1(indices, 5, PLAIN_DICTIONARY, RLE, RLE));
        byte[] file = file(s -> leaf(s, "d", BYTE_ARRAY, REQUIRED, 0), 1, 5, 100, chunk(BYTE_ARRAY, "d", 5, pages));
        assertEquals(List.of("beta", "alpha", "beta", "beta", "alpha"),
                ParquetTesting.readAll(RandomAccessSource.of(file), null).stream().map(r -> r.get("d").textValue()).toList());
    }

    @Test
    void thriftFieldsTheReaderDoesNotKnowAreSkipped() {
        byte[] file = file(s -> {
            leaf(s, "x", INT32, REQUIRED, null);
            // FileMetaData field 100: a struct holding a list of structs, a map, a double, a bool and a binary
            s.struct(100).list(1, 12, 2).elem().i32(1, 5).end().elem().bin(9, new byte[300]).end();
            s.fieldHeader(2, 11);
            s.varint(2);
            s.out.write(0x85); // binary -> i32
            s.varint(1); s.out.writeBytes(new byte[] {'k'}); s.varint(2);
            s.varint(1); s.out.writeBytes(new byte[] {'l'}); s.varint(4);
            s.fieldHeader(3, 7);
            s.out.writeBytes(new byte[8]);
            s.bool(4, true).str(40, "far field id").end();
        }, 1, 2, 100, chunk(INT32, "x", 2, dataPageV1(le32(10, 20), 2, PLAIN, RLE, RLE)));
        assertEquals(List.of(10, 20), ParquetTesting.readAll(RandomAccessSource.of(file), null).stream().map(r -> r.get("x").intValue()).toList());
    }

    /** A file of one INT32 row whose row group says it is {@code totalByteSize} bytes uncompressed (also S3SelectParquetIT's). */
    public static byte[] rowGroupClaiming(long totalByteSize) {
        return file(s -> leaf(s, "x", INT32, REQUIRED, null), 1, 1, totalByteSize,
                chunk(INT32, "x", 1, dataPageV1(le32(1), 1, PLAIN, RLE, RLE)));
    }

    @Test
    void aRowGroupOverFiveHundredTwelveMegabytesIsRefused() {
        byte[] file = rowGroupClaiming(513L << 20);
        SelectException e = assertThrows(SelectException.class, () -> ParquetReader.open(RandomAccessSource.of(file), null));
        assertEquals("OverMaxParquetBlockSize", e.code());
        assertEquals("The Parquet file is above the max row group size.", e.getMessage());
    }

    @Test
    void aPageClaimingGigabytesIsRefusedBeforeAllocating() {
        Compact h = new Compact();
        h.struct(-1).i32(1, 0).i32(2, Integer.MAX_VALUE).i32(3, 4);
        h.struct(5).i32(1, 1).i32(2, PLAIN).i32(3, RLE).i32(4, RLE).end();
        h.end();
        byte[] file = file(s -> leaf(s, "x", INT32, REQUIRED, null), 1, 1, 100,
                chunk(INT32, "x", 1, concat(h.out.toByteArray(), le32(1))));
        SelectException e = assertThrows(SelectException.class, () -> ParquetTesting.readAll(RandomAccessSource.of(file), null));
        assertEquals("ParquetParsingError", e.code());
    }

    // ---- building files ----

    /** A Thrift compact protocol writer, just enough for Parquet's footer and page headers. */
    static final class Compact {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int[] last = new int[32];
        private int depth;

        void fieldHeader(int id, int type) {
            int delta = id - last[depth];
            if (delta > 0 && delta <= 15) out.write(delta << 4 | type);
            else {
                out.write(type);
                varint((id << 1) ^ (id >> 31));
            }
            last[depth] = id;
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }

        Compact i32(int id, int v) { fieldHeader(id, 5); varint(((long) v << 1 ^ v >> 31) & 0xFFFF_FFFFL); return this; }
        Compact i64(int id, long v) { fieldHeader(id, 6); varint(v << 1 ^ v >> 63); return this; }
        Compact bin(int id, byte[] b) { fieldHeader(id, 8); varint(b.length); out.writeBytes(b); return this; }
        Compact str(int id, String s) { return bin(id, s.getBytes(StandardCharsets.UTF_8)); }
        Compact bool(int id, boolean v) { fieldHeader(id, v ? 1 : 2); return this; }

        /** A struct field (id), or with id -1 a struct that is not a field (the top one). */
        Compact struct(int id) {
            if (id >= 0) fieldHeader(id, 12);
            last[++depth] = 0;
            return this;
        }

        Compact end() { out.write(0); depth--; return this; }

        Compact list(int id, int elemType, int n) {
            fieldHeader(id, 9);
            if (n < 15) out.write(n << 4 | elemType);
            else {
                out.write(0xF0 | elemType);
                varint(n);
            }
            return this;
        }

        /** A struct element of a list. */
        Compact elem() { last[++depth] = 0; return this; }
    }

    record Chunk(int type, String name, long numValues, byte[] pages) {}

    static Chunk chunk(int type, String name, long numValues, byte[] pages) {
        return new Chunk(type, name, numValues, pages);
    }

    static void leaf(Compact s, String name, int type, int repetition, Integer converted) {
        s.elem().i32(1, type).i32(3, repetition).str(4, name);
        if (converted != null) s.i32(6, converted);
        s.end();
    }

    /**
     * A file of one row group; {@code schema} writes the schema elements after the root (which has {@code fields}
     * children), then may add more FileMetaData fields (ids above 4).
     */
    static byte[] file(Consumer<Compact> schema, int fields, long rows, long totalByteSize, Chunk... chunks) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
        long[] offsets = new long[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            offsets[i] = f.size();
            f.writeBytes(chunks[i].pages());
        }
        Compact m = new Compact();
        m.struct(-1).i32(1, 1);
        m.list(2, 12, fields + 1);
        m.elem().str(4, "schema").i32(5, fields).end();
        Compact rest = new Compact();
        rest.last[0] = 2;
        schema.accept(rest);
        // the consumer's first `fields` structs are schema elements; what follows are fields of FileMetaData
        m.out.writeBytes(rest.out.toByteArray());
        m.last[m.depth] = rest.last[0];
        m.i64(3, rows);
        m.list(4, 12, 1).elem();
        m.list(1, 12, chunks.length);
        for (int i = 0; i < chunks.length; i++) {
            Chunk c = chunks[i];
            m.elem().i64(2, offsets[i]).struct(3).i32(1, c.type());
            m.list(2, 5, 1);
            m.varint(0);
            m.list(3, 8, 1);
            m.varint(c.name().length());
            m.out.writeBytes(c.name().getBytes(StandardCharsets.UTF_8));
            m.i32(4, 0).i64(5, c.numValues()).i64(6, c.pages().length).i64(7, c.pages().length).i64(9, offsets[i]).end().end();
        }
        m.i64(2, totalByteSize).i64(3, rows).end();
        m.end();
        byte[] footer = m.out.toByteArray();
        f.writeBytes(footer);
        f.writeBytes(le32(footer.length));
        f.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
        return f.toByteArray();
    }

    static byte[] dataPageV1(byte[] body, int numValues, int encoding, int defEncoding, int repEncoding) {
        Compact h = new Compact();
        h.struct(-1).i32(1, 0).i32(2, body.length).i32(3, body.length);
        h.struct(5).i32(1, numValues).i32(2, encoding).i32(3, defEncoding).i32(4, repEncoding).end();
        h.bin(50, new byte[] {1, 2, 3}); // a field from the future
        h.end();
        return concat(h.out.toByteArray(), body);
    }

    static byte[] dictionaryPage(byte[] body, int numValues) {
        Compact h = new Compact();
        h.struct(-1).i32(1, 2).i32(2, body.length).i32(3, body.length);
        h.struct(7).i32(1, numValues).i32(2, PLAIN_DICTIONARY).end();
        h.end();
        return concat(h.out.toByteArray(), body);
    }

    /** v1 levels: a 4-byte length, then one bit-packed run of width 1. */
    static byte[] rleLevels(byte[] packedBits) {
        byte[] run = concat(new byte[] {(byte) (packedBits.length << 1 | 1)}, packedBits);
        return concat(le32(run.length), run);
    }

    /** Bits, least significant first, in whole bytes. */
    static byte[] bits(int... v) {
        byte[] b = new byte[(v.length + 7) / 8];
        for (int i = 0; i < v.length; i++) b[i / 8] |= (byte) (v[i] << (i % 8));
        return b;
    }

    /** DELTA_BINARY_PACKED: blocks of 128 values in 4 miniblocks, deltas wrapping around 64 bits. */
    static byte[] deltaBinaryPacked(List<Long> values) {
        Compact o = new Compact();
        o.varint(128);
        o.varint(4);
        o.varint(values.size());
        long first = values.isEmpty() ? 0 : values.get(0);
        o.varint(first << 1 ^ first >> 63);
        for (int start = 1; start < values.size(); start += 128) {
            int n = Math.min(128, values.size() - start);
            long[] d = new long[n];
            long min = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                d[i] = values.get(start + i) - values.get(start + i - 1);
                min = Math.min(min, d[i]);
            }
            o.varint(min << 1 ^ min >> 63);
            int[] widths = new int[4];
            for (int i = 0; i < n; i++) {
                d[i] -= min;
                widths[i / 32] = Math.max(widths[i / 32], 64 - Long.numberOfLeadingZeros(d[i]));
            }
            for (int w : widths) o.out.write(w);
            for (int mb = 0; mb * 32 < n; mb++) {
                int w = widths[mb];
                long acc = 0;
                int bits = 0;
                for (int i = mb * 32; i < mb * 32 + 32; i++) {
                    long v = i < n ? d[i] : 0;
                    for (int k = 0; k < w; k++) {
                        acc |= ((v >>> k) & 1) << bits;
                        if (++bits == 8) {
                            o.out.write((int) acc);
                            acc = 0;
                            bits = 0;
                        }
                    }
                }
            }
        }
        return o.out.toByteArray();
    }

    static byte[] le32(int... v) {
        byte[] b = new byte[v.length * 4];
        for (int i = 0; i < v.length; i++) for (int k = 0; k < 4; k++) b[i * 4 + k] = (byte) (v[i] >>> (8 * k));
        return b;
    }

    static byte[] le64(long v) {
        byte[] b = new byte[8];
        for (int k = 0; k < 8; k++) b[k] = (byte) (v >>> (8 * k));
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }
}
