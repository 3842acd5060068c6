package io.awsemu.s3.select.parquet;

import static io.awsemu.s3.select.parquet.ParquetErrors.parquetParsingError;

/**
 * A reader of the Thrift compact protocol over a byte array, the encoding of Parquet's footer and page headers. Every
 * length is checked against the bytes left before anything is allocated, and nesting is bounded, so corrupt input
 * ends in a ParquetParsingError (or {@link Underflow} when the bytes simply ran out).
 */
final class Thrift {
    static final int STOP = 0, TRUE = 1, FALSE = 2, BYTE = 3, I16 = 4, I32 = 5, I64 = 6, DOUBLE = 7, BINARY = 8,
            LIST = 9, SET = 10, MAP = 11, STRUCT = 12;
    /** Deeper than any Parquet structure goes; a corrupt file cannot recurse the stack away. */
    private static final int MAX_DEPTH = 24;

    /** The input ended inside a structure: more bytes may make it whole (a page header read in pieces). */
    static final class Underflow extends RuntimeException {
        Underflow() {
            super("thrift input ended", null, false, false);
        }
    }

    private final byte[] b;
    private int pos;
    private final int end;
    private int depth;

    /** The id of the field just read, and its type (for booleans, TRUE or FALSE: the value). */
    int fieldId, fieldType;

    Thrift(byte[] b, int off, int end) {
        this.b = b;
        this.pos = off;
        this.end = end;
    }

    int position() {
        return pos;
    }

    // ---- structs ----

    /** A struct starts: field ids restart from zero. Returns the previous last id, to pass to {@link #endStruct}. */
    int beginStruct() {
        if (++depth > MAX_DEPTH) throw parquetParsingError("thrift nesting deeper than " + MAX_DEPTH);
        int outer = fieldId;
        fieldId = 0;
        return outer;
    }

    void endStruct(int outer) {
        depth--;
        fieldId = outer;
    }

    /** Reads the next field header; false at the struct's STOP. */
    boolean nextField() {
        int h = byteAt();
        if (h == 0) return false;
        fieldType = h & 0x0F;
        int delta = h >>> 4;
        fieldId = delta != 0 ? fieldId + delta : (short) zigzag32(varint32());
        return true;
    }

    /** Reads a field of the type the schema expects, or skips it when the file says another type. */
    boolean is(int type) {
        boolean ok = fieldType == type || (type == TRUE && fieldType == FALSE);
        if (!ok) skip(fieldType);
        return ok;
    }

    /** Whether the field just read has this type (TRUE also matches FALSE); nothing is skipped. */
    boolean has(int type) {
        return fieldType == type || (type == TRUE && fieldType == FALSE);
    }

    boolean fieldBool() {
        return fieldType == TRUE;
    }

    // ---- scalars ----

    int byteAt() {
        if (pos >= end) throw new Underflow();
        return b[pos++] & 0xFF;
    }

    long varint64() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int x = byteAt();
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return v;
        }
        throw parquetParsingError("thrift varint longer than 10 bytes");
    }

    int varint32() {
        long v = varint64();
        if ((v >>> 32) != 0) throw parquetParsingError("thrift varint over 32 bits");
        return (int) v;
    }

    static int zigzag32(int v) {
        return (v >>> 1) ^ -(v & 1);
    }

    int i32() {
        return zigzag32(varint32());
    }

    long i64() {
        long v = varint64();
        return (v >>> 1) ^ -(v & 1);
    }

    byte[] binary() {
        int len = varint32();
        if (len < 0 || len > end - pos) {
            if (len >= 0) throw new Underflow();
            throw parquetParsingError("thrift binary of negative length");
        }
        byte[] out = new byte[len];
        System.arraycopy(b, pos, out, 0, len);
        pos += len;
        return out;
    }

    String string() {
        return new String(binary(), java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- containers ----

    /** The element type of the list whose header {@link #listSize} just read. */
    int elemType;

    /** Reads a list (or set) header: its size, with its element type in {@link #elemType}. */
    int listSize() {
        int h = byteAt();
        elemType = h & 0x0F;
        int size = h >>> 4;
        if (size == 15) size = varint32();
        // every element takes at least one byte: a size beyond the bytes left is corrupt (or truncated)
        if (size < 0) throw parquetParsingError("thrift list of negative size");
        if (size > end - pos) throw new Underflow();
        return size;
    }

    // ---- skipping ----

    void skip(int type) {
        switch (type) {
            case TRUE, FALSE -> { }
            case BYTE -> byteAt();
            case I16, I32, I64 -> varint64();
            case DOUBLE -> {
                if (end - pos < 8) throw new Underflow();
                pos += 8;
            }
            case BINARY -> {
                int len = varint32();
                if (len < 0) throw parquetParsingError("thrift binary of negative length");
                if (len > end - pos) throw new Underflow();
                pos += len;
            }
            case LIST, SET -> {
                int n = listSize();
                int t = elemType;
                enter();
                for (int i = 0; i < n; i++) skipElement(t);
                depth--;
            }
            case MAP -> {
                int n = varint32();
                if (n < 0) throw parquetParsingError("thrift map of negative size");
                if (n == 0) return;
                if (n > end - pos) throw new Underflow();
                int kv = byteAt();
                enter();
                for (int i = 0; i < n; i++) {
                    skipElement(kv >>> 4);
                    skipElement(kv & 0x0F);
                }
                depth--;
            }
            case STRUCT -> {
                int outer = beginStruct();
                while (nextField()) skip(fieldType);
                endStruct(outer);
            }
            default -> throw parquetParsingError("thrift type " + type);
        }
    }

    /** In a container a boolean is a whole byte. */
    private void skipElement(int type) {
        if (type == TRUE || type == FALSE) byteAt();
        else skip(type);
    }

    private void enter() {
        if (++depth > MAX_DEPTH) throw parquetParsingError("thrift nesting deeper than " + MAX_DEPTH);
    }
}
