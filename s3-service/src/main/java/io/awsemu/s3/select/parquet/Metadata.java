package io.awsemu.s3.select.parquet;

import java.util.ArrayList;
import java.util.List;

import static io.awsemu.s3.select.parquet.ParquetErrors.parquetParsingError;
import static io.awsemu.s3.select.parquet.Thrift.BINARY;
import static io.awsemu.s3.select.parquet.Thrift.I32;
import static io.awsemu.s3.select.parquet.Thrift.I64;
import static io.awsemu.s3.select.parquet.Thrift.LIST;
import static io.awsemu.s3.select.parquet.Thrift.STRUCT;
import static io.awsemu.s3.select.parquet.Thrift.TRUE;

/**
 * The parts of parquet-format's {@code parquet.thrift} the reader needs, decoded from the compact protocol; fields it
 * does not use (statistics, indexes, key/value metadata, encryption) are skipped. Absent optional integers are -1
 * where the format never uses negative values, else null.
 */
final class Metadata {
    private Metadata() {}

    // Enum values from parquet.thrift.
    static final int BOOLEAN = 0, INT32 = 1, INT64 = 2, INT96 = 3, FLOAT = 4, DOUBLE = 5, BYTE_ARRAY = 6, FIXED_LEN_BYTE_ARRAY = 7;
    static final int REQUIRED = 0, OPTIONAL = 1, REPEATED = 2;
    static final int DATA_PAGE = 0, INDEX_PAGE = 1, DICTIONARY_PAGE = 2, DATA_PAGE_V2 = 3;
    static final int PLAIN = 0, PLAIN_DICTIONARY = 2, RLE = 3, BIT_PACKED = 4, DELTA_BINARY_PACKED = 5,
            DELTA_LENGTH_BYTE_ARRAY = 6, DELTA_BYTE_ARRAY = 7, RLE_DICTIONARY = 8, BYTE_STREAM_SPLIT = 9;
    static final int UNCOMPRESSED = 0, SNAPPY = 1, GZIP = 2;
    static final String[] CODECS = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};

    record FileMetaData(List<SchemaElement> schema, long numRows, List<RowGroup> rowGroups) {}

    /**
     * @param logicalType the LogicalType union's field id (1 STRING ... 15 FLOAT16), or 0 when absent
     */
    record SchemaElement(Integer type, int typeLength, int repetition, String name, int numChildren,
                         Integer convertedType, Integer scale, Integer precision, int logicalType,
                         LogicalParams logical) {}

    /** The parameters of the logical types that have any (DECIMAL, TIME, TIMESTAMP, INTEGER). */
    record LogicalParams(int scale, int precision, int timeUnit, int bitWidth, boolean signed) {}

    record RowGroup(List<ColumnChunk> columns, long totalByteSize, long numRows) {}

    record ColumnChunk(String filePath, ColumnMetaData meta) {}

    record ColumnMetaData(int type, List<String> path, int codec, long numValues, long totalUncompressedSize,
                          long totalCompressedSize, long dataPageOffset, long dictionaryPageOffset) {}

    record PageHeader(int type, int uncompressedSize, int compressedSize, int numValues, int encoding,
                      int defEncoding, int repEncoding, int numNulls, int numRows, int defLength, int repLength,
                      boolean compressed) {}

    // ---- FileMetaData ----

    static FileMetaData fileMetaData(Thrift t) {
        List<SchemaElement> schema = null;
        List<RowGroup> groups = null;
        long numRows = -1;
        int outer = t.beginStruct();
        while (t.nextField()) {
            switch (t.fieldId) {
                case 2 -> { if (t.is(LIST)) schema = list(t, Metadata::schemaElement); }
                case 3 -> { if (t.is(I64)) numRows = t.i64(); }
                case 4 -> { if (t.is(LIST)) groups = list(t, Metadata::rowGroup); }
                default -> t.skip(t.fieldType);
            }
        }
        t.endStruct(outer);
        if (schema == null || groups == null || numRows < 0) throw parquetParsingError("FileMetaData lacks a required field");
        return new FileMetaData(schema, numRows, groups);
    }

    private interface Reader<T> {
        T read(Thrift t);
    }

    private static <T> List<T> list(Thrift t, Reader<T> reader) {
        int n = t.listSize();
        if (t.elemType != STRUCT) throw parquetParsingError("thrift list of type " + t.elemType + " where structs belong");
        List<T> out = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) out.add(reader.read(t));
        return out;
    }

    private static SchemaElement schemaElement(Thrift t) {
        Integer type = null, converted = null, scale = null, precision = null;
        int typeLength = -1, repetition = -1, numChildren = -1, logical = 0;
        LogicalParams params = null;
        String name = null;
        int outer = t.beginStruct();
        while (t.nextField()) {
            switch (t.fieldId) {
                case 1 -> { if (t.is(I32)) type = t.i32(); }
                case 2 -> { if (t.is(I32)) typeLength = t.i32(); }
                case 3 -> { if (t.is(I32)) repetition = t.i32(); }
                case 4 -> { if (t.is(BINARY)) name = t.string(); }
                case 5 -> { if (t.is(I32)) numChildren = t.i32(); }
                case 6 -> { if (t.is(I32)) converted = t.i32(); }
                case 7 -> { if (t.is(I32)) scale = t.i32(); }
                case 8 -> { if (t.is(I32)) precision = t.i32(); }
                case 10 -> {
                    if (t.is(STRUCT)) {
                        int[] id = new int[1];
                        params = logicalType(t, id);
                        logical = id[0];
                    }
                }
                default -> t.skip(t.fieldType);
            }
        }
        t.endStruct(outer);
        if (name == null) throw parquetParsingError("SchemaElement without a name");
        return new SchemaElement(type, typeLength, repetition, name, numChildren, converted, scale, precision, logical, params);
    }

    /** The LogicalType union: which member is set (its field id, in id[0]) and its parameters. */
    private static LogicalParams logicalType(Thrift t, int[] id) {
        int scale = -1, precision = -1, unit = 0, bitWidth = 0;
        boolean signed = true;
        int outer = t.beginStruct();
        while (t.nextField()) {
            int member = t.fieldId;
            if (t.fieldType != STRUCT) {
                t.skip(t.fieldType);
                continue;
            }
            id[0] = member;
            int inner = t.beginStruct();
            while (t.nextField()) {
                int f = t.fieldId;
                if (member == 5 && f == 1 && t.has(I32)) scale = t.i32();
                else if (member == 5 && f == 2 && t.has(I32)) precision = t.i32();
                else if ((member == 7 || member == 8) && f == 2 && t.has(STRUCT)) unit = timeUnit(t);
                else if (member == 10 && f == 1 && t.has(Thrift.BYTE)) bitWidth = (byte) t.byteAt();
                else if (member == 10 && f == 2 && t.has(TRUE)) signed = t.fieldBool();
                else t.skip(t.fieldType);
            }
            t.endStruct(inner);
        }
        t.endStruct(outer);
        return new LogicalParams(scale, precision, unit, bitWidth, signed);
    }

    /** TimeUnit: 1 MILLIS, 2 MICROS, 3 NANOS (0 when unknown). */
    private static int timeUnit(Thrift t) {
        int unit = 0;
        int outer = t.beginStruct();
        while (t.nextField()) {
            if (t.fieldType == STRUCT && t.fieldId >= 1 && t.fieldId <= 3) unit = t.fieldId;
            t.skip(t.fieldType);
        }
        t.endStruct(outer);
        return unit;
    }

    private static RowGroup rowGroup(Thrift t) {
        List<ColumnChunk> columns = null;
        long total = -1, rows = -1;
        int outer = t.beginStruct();
        while (t.nextField()) {
            switch (t.fieldId) {
                case 1 -> { if (t.is(LIST)) columns = list(t, Metadata::columnChunk); }
                case 2 -> { if (t.is(I64)) total = t.i64(); }
                case 3 -> { if (t.is(I64)) rows = t.i64(); }
                default -> t.skip(t.fieldType);
            }
        }
        t.endStruct(outer);
        if (columns == null || total < 0 || rows < 0) throw parquetParsingError("RowGroup lacks a required field");
        return new RowGroup(columns, total, rows);
    }

    private static ColumnChunk columnChunk(Thrift t) {
        String path = null;
        ColumnMetaData meta = null;
        int outer = t.beginStruct();
        while (t.nextField()) {
            switch (t.fieldId) {
                case 1 -> { if (t.is(BINARY)) path = t.string(); }
                case 3 -> { if (t.is(STRUCT)) meta = columnMetaData(t); }
                default -> t.skip(t.fieldType);
            }
        }
        t.endStruct(outer);
        return new ColumnChunk(path, meta);
    }

    private static ColumnMetaData columnMetaData(Thrift t) {
        int type = -1, codec = -1;
        List<String> path = null;
        long numValues = -1, uncompressed = -1, compressed = -1, dataOffset = -1, dictOffset = -1;
        int outer = t.beginStruct();
        while (t.nextField()) {
            switch (t.fieldId) {
                case 1 -> { if (t.is(I32)) type = t.i32(); }
                case 3 -> {
                    if (t.is(LIST)) {
                        int n = t.listSize();
                        if (t.elemType != BINARY) throw parquetParsingError("path_in_schema is not a list of strings");
                        path = new ArrayList<>(Math.min(n, 64));
                        for (int i = 0; i < n; i++) path.add(t.string());
                    }
                }
                case 4 -> { if (t.is(I32)) codec = t.i32(); }
                case 5 -> { if (t.is(I64)) numValues = t.i64(); }
                case 6 -> { if (t.is(I64)) uncompressed = t.i64(); }
                case 7 -> { if (t.is(I64)) compressed = t.i64(); }
                case 9 -> { if (t.is(I64)) dataOffset = t.i64(); }
                case 11 -> { if (t.is(I64)) dictOffset = t.i64(); }
                default -> t.skip(t.fieldType);
            }
        }
        t.endStruct(outer);
        if (type < 0 || path == null || codec < 0 || numValues < 0 || compressed < 0 || dataOffset < 0) {
            throw parquetParsingError("ColumnMetaData lacks a required field");
        }
        return new ColumnMetaData(type, path, codec, numValues, uncompressed, compressed, dataOffset, dictOffset);
    }

    // ---- PageHeader ----

    static PageHeader pageHeader(Thrift t) {
        int type = -1, uncompressed = -1, compressed = -1;
        int[] sub = {-1, -1, -1, -1, 0, -1, -1, -1, 1}; // numValues, encoding, defEnc, repEnc, nulls, rows, defLen, repLen, compressed
        boolean seenSub = false;
        int outer = t.beginStruct();
        while (t.nextField()) {
            switch (t.fieldId) {
                case 1 -> { if (t.is(I32)) type = t.i32(); }
                case 2 -> { if (t.is(I32)) uncompressed = t.i32(); }
                case 3 -> { if (t.is(I32)) compressed = t.i32(); }
                case 5, 7, 8 -> {
                    int kind = t.fieldId;
                    if (t.is(STRUCT)) {
                        seenSub |= (kind == 5 && type == DATA_PAGE) || (kind == 7 && type == DICTIONARY_PAGE)
                                || (kind == 8 && type == DATA_PAGE_V2);
                        subHeader(t, kind, sub);
                    }
                }
                default -> t.skip(t.fieldType);
            }
        }
        t.endStruct(outer);
        if (type < 0 || uncompressed < 0 || compressed < 0) throw parquetParsingError("PageHeader lacks a required field");
        if (type != INDEX_PAGE && type <= DATA_PAGE_V2 && !seenSub) throw parquetParsingError("page header without its " + type + " header");
        return new PageHeader(type, uncompressed, compressed, sub[0], sub[1], sub[2], sub[3], sub[4], sub[5], sub[6], sub[7], sub[8] != 0);
    }

    /** DataPageHeader (5), DictionaryPageHeader (7) or DataPageHeaderV2 (8), into the slots of {@code sub}. */
    private static void subHeader(Thrift t, int kind, int[] sub) {
        int outer = t.beginStruct();
        while (t.nextField()) {
            int f = t.fieldId;
            if (f == 1 && t.has(I32)) sub[0] = t.i32();
            else if (kind == 5 && f >= 2 && f <= 4 && t.has(I32)) sub[f - 1] = t.i32();
            else if (kind == 7 && f == 2 && t.has(I32)) sub[1] = t.i32();
            else if (kind == 8 && f == 2 && t.has(I32)) sub[4] = t.i32();
            else if (kind == 8 && f == 3 && t.has(I32)) sub[5] = t.i32();
            else if (kind == 8 && f == 4 && t.has(I32)) sub[1] = t.i32();
            else if (kind == 8 && f == 5 && t.has(I32)) sub[6] = t.i32();
            else if (kind == 8 && f == 6 && t.has(I32)) sub[7] = t.i32();
            else if (kind == 8 && f == 7 && t.has(TRUE)) sub[8] = t.fieldBool() ? 1 : 0;
            else t.skip(t.fieldType);
        }
        t.endStruct(outer);
    }
}
