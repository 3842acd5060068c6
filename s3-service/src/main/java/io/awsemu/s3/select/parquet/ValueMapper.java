package io.awsemu.s3.select.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.awsemu.s3.select.TimestampNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.awsemu.s3.select.parquet.ParquetErrors.parquetParsingError;

/**
 * Turns one column's physical values into the JSON nodes of a row, by its logical type: the decoders call the method
 * of their physical type, so nothing is boxed on the way. The schema picks a mapper that accepts its physical type;
 * the other methods are never called.
 */
abstract class ValueMapper {
    /** Bytes of a BYTE_ARRAY decimal: more would be over S3 Select's 1,000 digits anyway. */
    static final int MAX_DECIMAL_BYTES = 512;
    private static final long JULIAN_EPOCH_DAY = 2_440_588;

    JsonNode ofBoolean(boolean v) { throw new IllegalStateException(); }
    JsonNode ofInt(int v) { throw new IllegalStateException(); }
    JsonNode ofLong(long v) { throw new IllegalStateException(); }
    JsonNode ofFloat(float v) { throw new IllegalStateException(); }
    JsonNode ofDouble(double v) { throw new IllegalStateException(); }
    JsonNode ofBytes(byte[] b, int off, int len) { throw new IllegalStateException(); }

    static final ValueMapper BOOLEAN = new ValueMapper() {
        @Override JsonNode ofBoolean(boolean v) { return BooleanNode.valueOf(v); }
    };

    static final ValueMapper INT = new ValueMapper() {
        @Override JsonNode ofInt(int v) { return IntNode.valueOf(v); }
        @Override JsonNode ofLong(long v) { return LongNode.valueOf(v); }
    };

    static final ValueMapper UNSIGNED = new ValueMapper() {
        @Override JsonNode ofInt(int v) { return v >= 0 ? IntNode.valueOf(v) : LongNode.valueOf(v & 0xFFFF_FFFFL); }
        @Override JsonNode ofLong(long v) {
            if (v >= 0) return LongNode.valueOf(v);
            return BigIntegerNode.valueOf(BigInteger.valueOf(v >>> 1).shiftLeft(1).add(BigInteger.valueOf(v & 1)));
        }
    };

    static final ValueMapper FLOATING = new ValueMapper() {
        @Override JsonNode ofFloat(float v) { return DoubleNode.valueOf(v); }
        @Override JsonNode ofDouble(double v) { return DoubleNode.valueOf(v); }
        /** FLOAT16: two bytes, little-endian IEEE half precision. */
        @Override JsonNode ofBytes(byte[] b, int off, int len) {
            return DoubleNode.valueOf(halfToFloat((b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8));
        }
    };

    /** UTF-8 text; malformed bytes become U+FFFD (what {@code new String} does). */
    static final ValueMapper TEXT = new ValueMapper() {
        @Override JsonNode ofBytes(byte[] b, int off, int len) { return TextNode.valueOf(new String(b, off, len, StandardCharsets.UTF_8)); }
    };

    /** The logical type UNKNOWN: a column that is always null. */
    static final ValueMapper NULL = new ValueMapper() {
        @Override JsonNode ofBoolean(boolean v) { return NullNode.instance; }
        @Override JsonNode ofInt(int v) { return NullNode.instance; }
        @Override JsonNode ofLong(long v) { return NullNode.instance; }
        @Override JsonNode ofFloat(float v) { return NullNode.instance; }
        @Override JsonNode ofDouble(double v) { return NullNode.instance; }
        @Override JsonNode ofBytes(byte[] b, int off, int len) { return NullNode.instance; }
    };

    /** Days since 1970-01-01, as a timestamp at midnight UTC. */
    static final ValueMapper DATE = new ValueMapper() {
        @Override JsonNode ofInt(int v) { return instant(v * 86_400L, 0); }
    };

    /** INT96: nanoseconds of the day then the Julian day, little-endian (Impala's and Spark's old timestamps). */
    static final ValueMapper INT96 = new ValueMapper() {
        @Override JsonNode ofBytes(byte[] b, int off, int len) {
            long nanos = Decoders.le64(b, off);
            long day = Decoders.le32(b, off + 8) - JULIAN_EPOCH_DAY;
            return instant(Math.addExact(day * 86_400L, Math.floorDiv(nanos, 1_000_000_000L)), Math.floorMod(nanos, 1_000_000_000L));
        }
    };

    /** INT64 counts of {@code unitsPerSecond} since the epoch. */
    static ValueMapper timestamp(long unitsPerSecond) {
        long nanosPerUnit = 1_000_000_000L / unitsPerSecond;
        return new ValueMapper() {
            @Override JsonNode ofLong(long v) {
                return instant(Math.floorDiv(v, unitsPerSecond), Math.floorMod(v, unitsPerSecond) * nanosPerUnit);
            }
        };
    }

    static ValueMapper decimal(int scale) {
        return new ValueMapper() {
            @Override JsonNode ofInt(int v) { return DecimalNode.valueOf(BigDecimal.valueOf(v, scale)); }
            @Override JsonNode ofLong(long v) { return DecimalNode.valueOf(BigDecimal.valueOf(v, scale)); }
            /** Two's complement, big-endian. */
            @Override JsonNode ofBytes(byte[] b, int off, int len) {
                if (len == 0 || len > MAX_DECIMAL_BYTES) throw parquetParsingError("decimal of " + len + " bytes");
                return DecimalNode.valueOf(new BigDecimal(new BigInteger(b, off, len), scale));
            }
        };
    }

    private static JsonNode instant(long epochSecond, long nano) {
        try {
            LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, (int) nano, ZoneOffset.UTC);
            return new TimestampNode(OffsetDateTime.of(t, ZoneOffset.UTC));
        } catch (java.time.DateTimeException e) {
            throw parquetParsingError("timestamp out of range: " + epochSecond + "s");
        }
    }

    static float halfToFloat(int h) {
        int sign = (h & 0x8000) << 16, exp = (h >>> 10) & 0x1F, mant = h & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F80_0000 | mant << 13);
        if (exp != 0) return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
        float f = mant * 0x1p-24f; // subnormal (or zero)
        return sign != 0 ? -f : f;
    }
}
