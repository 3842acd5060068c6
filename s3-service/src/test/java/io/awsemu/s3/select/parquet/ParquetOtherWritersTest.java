package io.awsemu.s3.select.parquet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Files another writer made: arrow-rs (the Rust Parquet writer, through parquet-wasm; see gen.mjs beside them), with
 * its own choices of page sizes, statistics, page indexes and encodings (DELTA_BINARY_PACKED over INT32 and INT64,
 * DELTA_BYTE_ARRAY, DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT over FLOAT and DOUBLE, pages of 512 bytes, row groups
 * of 700 rows). Every value we read must be what DuckDB reads from the same file.
 */
class ParquetOtherWritersTest {
    @TempDir
    static Path dir;
    static ParquetTesting t;

    @BeforeAll
    static void duckDb() {
        t = new ParquetTesting(dir);
    }

    @AfterAll
    static void close() throws Exception {
        t.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"arrowrs-v1-snappy-dict.parquet", "arrowrs-v2-gzip-plain.parquet", "arrowrs-v2-delta.parquet",
            "arrowrs-v1-small-pages.parquet"})
    void arrowRs(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/parquet/arrow-rs/" + name)) {
            assertNotNull(in, name);
            Files.copy(in, file);
        }
        t.assertSameAsDuckDb(file);
    }
}
