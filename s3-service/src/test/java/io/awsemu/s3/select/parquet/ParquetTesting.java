package io.awsemu.s3.select.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.s3.select.SelectException;
import io.awsemu.s3.select.TimestampNode;
import org.duckdb.DuckDBStruct;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * DuckDB writes the files and says what is in them; these helpers compare that with what ParquetReader reads. A test
 * class registers one ({@code @RegisterExtension static final ParquetTesting t = new ParquetTesting();}): DuckDB and
 * a directory for the files are there for its tests, and gone after them.
 */
final class ParquetTesting implements BeforeAllCallback, AfterAllCallback {
    Connection duck;
    Path dir;
    private int files;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("parquet-test");
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        duck.close();
        try (var entries = Files.list(dir)) {
            for (Path p : entries.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    /** Writes {@code select}'s rows with COPY ... (FORMAT PARQUET, options) and returns the file. */
    Path write(String select, String options) {
        Path file = dir.resolve("f" + (files++) + ".parquet");
        exec("COPY (" + select + ") TO '" + file + "' (FORMAT PARQUET" + (options.isEmpty() ? "" : ", " + options) + ")");
        return file;
    }

    void exec(String sql) {
        try (Statement s = duck.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every row DuckDB reads from the file, as column name to canonical value (see {@link #canonical}). */
    List<List<Object>> duckRows(Path file) {
        return duckRows("SELECT * FROM read_parquet('" + file + "')");
    }

    /** Every row of a DuckDB query, as column name to canonical value. */
    List<List<Object>> duckRows(String query) {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = duck.createStatement();
             ResultSet r = s.executeQuery(query)) {
            ResultSetMetaData m = r.getMetaData();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= m.getColumnCount(); i++) row.add(List.of(m.getColumnName(i), canonical(r.getObject(i))));
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** Where each row group's first column chunk starts, as DuckDB says. */
    List<Long> rowGroupStarts(Path file) throws SQLException {
        List<Long> starts = new ArrayList<>();
        try (Statement s = duck.createStatement();
             ResultSet r = s.executeQuery("SELECT row_group_id, min(coalesce(dictionary_page_offset, data_page_offset)) "
                     + "FROM parquet_metadata('" + file + "') GROUP BY row_group_id ORDER BY row_group_id")) {
            while (r.next()) starts.add(r.getLong(2));
        }
        return starts;
    }

    static RandomAccessSource source(Path file) {
        try {
            return RandomAccessSource.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ObjectNode> readAll(RandomAccessSource in, long[] range) {
        try (ParquetReader r = ParquetReader.open(in, range)) {
            List<ObjectNode> rows = new ArrayList<>();
            for (ObjectNode row; (row = r.next()) != null; ) rows.add(row);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Our rows, canonical like {@link #duckRows}. */
    static List<List<Object>> ourRows(List<ObjectNode> nodes) {
        List<List<Object>> rows = new ArrayList<>();
        for (ObjectNode n : nodes) {
            List<Object> row = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                row.add(List.of(e.getKey(), canonical(e.getValue())));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Reads the file both ways and checks every value. */
    void assertSameAsDuckDb(Path file) {
        List<List<Object>> expected = duckRows(file);
        List<List<Object>> actual = ourRows(readAll(source(file), null));
        assertEquals(expected.size(), actual.size(), "rows of " + file);
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), actual.get(i), "row " + i + " of " + file);
    }

    /**
     * One form for both sides: integers as BigInteger, FLOAT as its double, DECIMAL as BigDecimal (scale kept), text
     * and blobs as String, dates and timestamps as OffsetDateTime in UTC, structs as lists of (name, value). A JSON
     * node of the wrong kind (a DecimalNode for a double, ...) stays a node, so it never equals DuckDB's value.
     */
    static Object canonical(Object v) {
        try {
            if (v == null) return "NULL";
            if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) return BigInteger.valueOf(((Number) v).longValue());
            if (v instanceof Float f) return (double) f;
            if (v instanceof Blob b) return new String(b.getBytes(1, (int) b.length()), StandardCharsets.UTF_8);
            if (v instanceof LocalDate d) return d.atStartOfDay().atOffset(ZoneOffset.UTC);
            if (v instanceof Timestamp t) return t.toLocalDateTime().atOffset(ZoneOffset.UTC);
            if (v instanceof LocalDateTime t) return t.atOffset(ZoneOffset.UTC);
            if (v instanceof OffsetDateTime t) return t.withOffsetSameInstant(ZoneOffset.UTC);
            if (v instanceof DuckDBStruct s) {
                List<Object> fields = new ArrayList<>();
                for (Map.Entry<String, Object> e : s.getMap().entrySet()) fields.add(List.of(e.getKey(), canonical(e.getValue())));
                return fields;
            }
            if (v instanceof JsonNode n) return canonicalNode(n);
            return v;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object canonicalNode(JsonNode n) {
        if (n.isNull()) return "NULL";
        if (n.isBoolean()) return n.booleanValue();
        if (n.isIntegralNumber()) return n.bigIntegerValue();
        if (n.isDouble()) return n.doubleValue();
        if (n.isBigDecimal()) return n.decimalValue();
        if (n.isTextual()) return n.textValue();
        if (n instanceof TimestampNode p) {
            OffsetDateTime t = p.timestamp();
            assertEquals(ZoneOffset.UTC, t.getOffset());
            return t;
        }
        if (n.isObject()) {
            List<Object> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.add(List.of(e.getKey(), canonicalNode(e.getValue())));
            }
            return fields;
        }
        return n;
    }

    /** The file, read whole, fails with this S3 error code. */
    static SelectException assertError(String code, RandomAccessSource in) {
        SelectException e = assertThrows(SelectException.class, () -> readAll(in, null));
        assertEquals(code, e.code(), e.toString());
        assertNotNull(e.getMessage());
        return e;
    }
}
