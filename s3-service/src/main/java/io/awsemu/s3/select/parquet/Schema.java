package io.awsemu.s3.select.parquet;

import io.awsemu.s3.select.parquet.Metadata.SchemaElement;

import java.util.ArrayList;
import java.util.List;

import static io.awsemu.s3.select.parquet.Metadata.BOOLEAN;
import static io.awsemu.s3.select.parquet.Metadata.BYTE_ARRAY;
import static io.awsemu.s3.select.parquet.Metadata.DOUBLE;
import static io.awsemu.s3.select.parquet.Metadata.FIXED_LEN_BYTE_ARRAY;
import static io.awsemu.s3.select.parquet.Metadata.FLOAT;
import static io.awsemu.s3.select.parquet.Metadata.INT32;
import static io.awsemu.s3.select.parquet.Metadata.INT64;
import static io.awsemu.s3.select.parquet.Metadata.INT96;
import static io.awsemu.s3.select.parquet.Metadata.OPTIONAL;
import static io.awsemu.s3.select.parquet.Metadata.REPEATED;
import static io.awsemu.s3.select.parquet.Metadata.REQUIRED;
import static io.awsemu.s3.select.parquet.ParquetErrors.parquetParsingError;
import static io.awsemu.s3.select.parquet.ParquetErrors.unsupportedParquetType;

/**
 * The file's schema as a tree: groups (structs) and leaves (columns), each with the definition level at which it is
 * present. Types S3 Select refuses (LIST, MAP, TIME, INTERVAL, JSON, BSON, UUID, ...) are refused here, when the
 * file is opened. A {@code repeated} field that is not inside a LIST (which is refused) gives the last of its values
 * in each row, as S3 Select does ("Selecting on a repeated field returns only the last value").
 */
final class Schema {
    /** Deeper nesting than any real schema; bounds the recursion over a corrupt one. */
    static final int MAX_DEPTH = 64;
    /** A FIXED_LEN_BYTE_ARRAY longer than this is taken for corruption. */
    static final int MAX_FIXED_LENGTH = 1 << 20;

    sealed interface Node permits Group, Leaf {
        String name();

        /** The definition level from which this field is present (not null). */
        int defLevel();
    }

    record Group(String name, int defLevel, List<Node> children, int firstLeaf) implements Node {}

    /**
     * A column.
     *
     * @param defLevel the max definition level: the value is there at this level, null below it
     * @param repLevel the max repetition level (0 unless some field on its path is repeated)
     */
    record Leaf(String name, int defLevel, int repLevel, int column, List<String> path, int physical,
                int typeLength, ValueMapper mapper) implements Node {}

    final Group root;
    final List<Leaf> leaves = new ArrayList<>();
    private final List<SchemaElement> elements;
    private int next;

    private Schema(List<SchemaElement> elements) {
        this.elements = elements;
        SchemaElement top = elements.get(0);
        next = 1;
        root = group(top, 0, 0, 0, List.of());
        if (next != elements.size()) throw parquetParsingError("schema has " + (elements.size() - next) + " elements outside its tree");
        if (leaves.isEmpty()) throw parquetParsingError("schema without columns");
    }

    static Schema of(List<SchemaElement> elements) {
        if (elements.isEmpty()) throw parquetParsingError("empty schema");
        return new Schema(elements);
    }

    private Group group(SchemaElement e, int def, int rep, int depth, List<String> path) {
        if (depth > MAX_DEPTH) throw parquetParsingError("schema nested deeper than " + MAX_DEPTH);
        if (e.numChildren() <= 0) throw unsupportedParquetType("group " + e.name() + " without fields");
        if (e.numChildren() > elements.size() - next) throw parquetParsingError("group " + e.name() + " claims more fields than the schema has");
        if (e.logicalType() != 0 || e.convertedType() != null) {
            throw unsupportedParquetType("group " + e.name() + " of logical type " + e.logicalType() + "/" + e.convertedType());
        }
        int firstLeaf = leaves.size();
        List<Node> children = new ArrayList<>(e.numChildren());
        for (int i = 0; i < e.numChildren(); i++) {
            if (next >= elements.size()) throw parquetParsingError("group " + e.name() + " claims more fields than the schema has");
            SchemaElement c = elements.get(next++);
            int r = c.repetition();
            if (r != REQUIRED && r != OPTIONAL && r != REPEATED) throw parquetParsingError("field " + c.name() + " of repetition " + r);
            int cdef = def + (r == REQUIRED ? 0 : 1);
            int crep = rep + (r == REPEATED ? 1 : 0);
            List<String> cpath = new ArrayList<>(path);
            cpath.add(c.name());
            boolean isGroup = c.numChildren() > 0 || c.type() == null;
            children.add(isGroup ? group(c, cdef, crep, depth + 1, cpath) : leaf(c, cdef, crep, cpath));
        }
        return new Group(e.name(), def, children, firstLeaf);
    }

    private Leaf leaf(SchemaElement e, int def, int rep, List<String> path) {
        int physical = e.type();
        if (physical < BOOLEAN || physical > FIXED_LEN_BYTE_ARRAY) throw parquetParsingError("column " + e.name() + " of physical type " + physical);
        int length = e.typeLength();
        if (physical == FIXED_LEN_BYTE_ARRAY && (length <= 0 || length > MAX_FIXED_LENGTH)) {
            throw parquetParsingError("FIXED_LEN_BYTE_ARRAY of length " + length);
        }
        Leaf leaf = new Leaf(e.name(), def, rep, leaves.size(), List.copyOf(path), physical, length, mapper(e, physical));
        leaves.add(leaf);
        return leaf;
    }

    private static ValueMapper mapper(SchemaElement e, int physical) {
        String what = e.name();
        boolean bytes = physical == BYTE_ARRAY || physical == FIXED_LEN_BYTE_ARRAY;
        boolean integer = physical == INT32 || physical == INT64;
        if (e.logicalType() != 0) {
            Metadata.LogicalParams p = e.logical();
            return switch (e.logicalType()) {
                case 1, 4 -> require(bytes, ValueMapper.TEXT, what); // STRING, ENUM
                case 5 -> decimal(p.scale(), p.precision(), physical, what);
                case 6 -> require(physical == INT32, ValueMapper.DATE, what);
                case 8 -> require(physical == INT64 && p.timeUnit() != 0,
                        ValueMapper.timestamp(p.timeUnit() == 1 ? 1_000 : p.timeUnit() == 2 ? 1_000_000 : 1_000_000_000), what);
                case 10 -> require(integer, p.signed() ? ValueMapper.INT : ValueMapper.UNSIGNED, what);
                case 11 -> ValueMapper.NULL;
                case 15 -> require(physical == FIXED_LEN_BYTE_ARRAY && e.typeLength() == 2, ValueMapper.FLOATING, what);
                // MAP, LIST, TIME, JSON, BSON, UUID, VARIANT, GEOMETRY, GEOGRAPHY and anything newer
                default -> throw unsupportedParquetType("column " + what + " of logical type " + e.logicalType());
            };
        }
        if (e.convertedType() != null) {
            int c = e.convertedType();
            return switch (c) {
                case 0, 4 -> require(bytes, ValueMapper.TEXT, what); // UTF8, ENUM
                case 5 -> decimal(e.scale() == null ? 0 : e.scale(), e.precision() == null ? -1 : e.precision(), physical, what);
                case 6 -> require(physical == INT32, ValueMapper.DATE, what);
                case 9 -> require(physical == INT64, ValueMapper.timestamp(1_000), what);
                case 10 -> require(physical == INT64, ValueMapper.timestamp(1_000_000), what);
                case 11, 12, 13, 14 -> require(integer, ValueMapper.UNSIGNED, what); // UINT_8..UINT_64
                case 15, 16, 17, 18 -> require(integer, ValueMapper.INT, what); // INT_8..INT_64
                // MAP, MAP_KEY_VALUE, LIST, TIME_MILLIS, TIME_MICROS, JSON, BSON, INTERVAL
                default -> throw unsupportedParquetType("column " + what + " of converted type " + c);
            };
        }
        return switch (physical) {
            case BOOLEAN -> ValueMapper.BOOLEAN;
            case INT32, INT64 -> ValueMapper.INT;
            case INT96 -> ValueMapper.INT96;
            case FLOAT, DOUBLE -> ValueMapper.FLOATING;
            default -> ValueMapper.TEXT; // BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY without annotation: bytes read as UTF-8
        };
    }

    private static ValueMapper decimal(int scale, int precision, int physical, String what) {
        if (scale < 0 || scale > 1000 || precision > 1000) throw unsupportedParquetType("DECIMAL(" + precision + "," + scale + ")");
        boolean ok = physical == INT32 || physical == INT64 || physical == BYTE_ARRAY || physical == FIXED_LEN_BYTE_ARRAY;
        return require(ok, ValueMapper.decimal(scale), what);
    }

    private static ValueMapper require(boolean ok, ValueMapper m, String what) {
        if (!ok) throw unsupportedParquetType("column " + what + ": logical type on the wrong physical type");
        return m;
    }
}
