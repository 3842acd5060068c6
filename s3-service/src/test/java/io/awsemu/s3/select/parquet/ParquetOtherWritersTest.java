package io.awsemu.s3.select.parquet;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Files other writers made (see the scripts beside them). arrow-rs (the Rust Parquet writer, through parquet-wasm), with
 * its own choices of page sizes, statistics, page indexes and encodings (DELTA_BINARY_PACKED over INT32 and INT64,
 * DELTA_BYTE_ARRAY, DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT over FLOAT and DOUBLE, pages of 512 bytes, row groups
 * of 700 rows); and parquetjs. Every value we read must be what DuckDB reads from the same file.
 */
class ParquetOtherWritersTest {
    @RegisterExtension
    static final ParquetTesting t = new ParquetTesting();

    @ParameterizedTest
    @ValueSource(strings = {"arrowrs-v1-snappy-dict.parquet", "arrowrs-v2-gzip-plain.parquet", "arrowrs-v2-delta.parquet",
            "arrowrs-v1-small-pages.parquet"})
    void arrowRs(String name) throws IOException {
        t.assertSameAsDuckDb(copy("/parquet/arrow-rs/", name));
    }

    /**
     * parquetjs's files: converted types (UTF8, TIMESTAMP_MILLIS, DATE, INT_16, DECIMAL on INT32), RLE levels, an
     * optional group, and a bare repeated field, of which S3 Select gives the last value (DuckDB reads it as a list:
     * its last element is compared).
     */
    @ParameterizedTest
    @ValueSource(strings = {"parquetjs-snappy.parquet", "parquetjs-gzip-v2.parquet", "parquetjs-plain.parquet"})
    void parquetJs(String name) throws IOException {
        Path file = copy("/parquet/parquetjs/", name);
        List<List<Object>> expected = t.duckRows("SELECT * EXCLUDE (tag), tag[-1] AS tag FROM read_parquet('" + file + "')");
        List<List<Object>> actual = ParquetTesting.ourRows(ParquetTesting.readAll(ParquetTesting.source(file), null));
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) assertEquals(byName(expected.get(i)), byName(actual.get(i)), "row " + i);
    }

    static Path copy(String folder, String name) throws IOException {
        Path file = t.dir.resolve(name);
        try (InputStream in = ParquetOtherWritersTest.class.getResourceAsStream(folder + name)) {
            assertNotNull(in, name);
            Files.copy(in, file);
        }
        return file;
    }

    /** A row's (name, value) pairs in name order. */
    @SuppressWarnings("unchecked")
    static List<List<Object>> byName(List<Object> row) {
        List<List<Object>> pairs = new ArrayList<>();
        for (Object o : row) pairs.add((List<Object>) o);
        pairs.sort(Comparator.comparing(p -> (String) p.get(0)));
        return pairs;
    }
}
