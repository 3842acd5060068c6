package io.awsemu.s3.select.parquet;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shapes of data that give the encoders their edge cases, each read as DuckDB reads it: a one-entry dictionary
 * (indices of bit width 0), columns that are all NULL, empty and very long strings, one row, a single-value run of
 * every level, a wide table, and values at the ends of their types' ranges.
 */
class ParquetEdgeCasesTest {
    @RegisterExtension
    static final ParquetTesting t = new ParquetTesting();

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 'same' AS s, 42 AS n, 1.5::DOUBLE AS d FROM range(5000) r(i)",
            "SELECT NULL::VARCHAR AS s, NULL::BIGINT AS n, NULL::DOUBLE AS d, NULL::DECIMAL(20,4) AS m FROM range(3000) r(i)",
            "SELECT CASE WHEN i % 2 = 0 THEN '' ELSE NULL END AS s, i AS n FROM range(3000) r(i)",
            "SELECT repeat('x', 100000 + i) AS s, i AS n FROM range(30) r(i)",
            "SELECT 7 AS n, 'one' AS s",
            "SELECT i AS n FROM range(1) r(i) WHERE i > 5",
            "SELECT '-9223372036854775808'::BIGINT AS lo, 9223372036854775807::BIGINT AS hi, '-2147483648'::INTEGER AS ilo,"
                    + " 2147483647::INTEGER AS ihi, 'NaN'::DOUBLE AS nan, '-inf'::DOUBLE AS ninf, -0.0::DOUBLE AS negzero,"
                    + " 99999999999999999999999999999999999999::DECIMAL(38,0) AS big, -0.0001::DECIMAL(10,4) AS small"
                    + " FROM range(3) r(i)",
            "SELECT TIMESTAMP '1677-09-22 00:00:00' + INTERVAL (i) DAY AS old, TIMESTAMP '2262-04-10 00:00:00' - INTERVAL (i) DAY"
                    + " AS late, DATE '0001-01-01' + i::INTEGER AS d1 FROM range(20) r(i)",
            "SELECT i % 3 = 0 AS b, CASE WHEN i % 5 = 0 THEN NULL ELSE i % 7 END AS small FROM range(100000) r(i)",
            "SELECT {'a': {'b': {'c': CASE WHEN i % 3 = 0 THEN NULL ELSE i END}}} AS deep, CASE WHEN i % 4 = 0 THEN NULL"
                    + " ELSE {'x': i} END AS maybe FROM range(5000) r(i)"})
    void readAsDuckDbReadsThem(String select) {
        for (String options : new String[] {"COMPRESSION SNAPPY", "COMPRESSION UNCOMPRESSED, PARQUET_VERSION V2"}) {
            t.assertSameAsDuckDb(t.write(select, options));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 150})
    void aWideTable(int rows) {
        StringBuilder cols = new StringBuilder("i AS c0");
        for (int c = 1; c < 300; c++) {
            cols.append(", ").append(c % 3 == 0 ? "CASE WHEN i % 2 = 0 THEN NULL ELSE 'v' || (i * " + c + ") END"
                    : c % 3 == 1 ? "i * " + c : "(i / " + c + ")::DOUBLE").append(" AS c").append(c);
        }
        t.assertSameAsDuckDb(t.write("SELECT " + cols + " FROM range(" + rows + ") r(i)", "COMPRESSION GZIP"));
    }
}
