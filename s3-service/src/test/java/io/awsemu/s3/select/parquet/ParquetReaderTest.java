package io.awsemu.s3.select.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.s3.select.TimestampNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files DuckDB writes, with every type S3 Select reads, read back and checked value by value against DuckDB. */
class ParquetReaderTest {
    @RegisterExtension
    static final ParquetTesting t = new ParquetTesting();

    /** Every supported type, NULLs in every column, about 1 in 7 rows. */
    static final String ALL_TYPES = """
            SELECT i::INT AS id,
              CASE WHEN i % 7 = 1 THEN NULL ELSE i % 3 = 0 END AS b,
              CASE WHEN i % 7 = 2 THEN NULL ELSE (i % 256 - 128)::TINYINT END AS ti,
              CASE WHEN i % 7 = 3 THEN NULL ELSE (i * 7 % 65536 - 32768)::SMALLINT END AS si,
              CASE WHEN i % 7 = 4 THEN NULL ELSE (i * 104729 - 2000000000)::INTEGER END AS ii,
              CASE WHEN i % 7 = 5 THEN NULL ELSE (i::BIGINT * 1000000007 * 1000003 - 9000000000000000000) END AS bi,
              CASE WHEN i % 7 = 6 THEN NULL ELSE (i % 256)::UTINYINT END AS ut,
              CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 3 % 65536)::USMALLINT END AS us,
              CASE WHEN i % 7 = 1 THEN NULL ELSE (4294967295 - i)::UINTEGER END AS ui,
              CASE WHEN i % 7 = 2 THEN NULL ELSE (18446744073709551615 - i * 1000000000000)::UBIGINT END AS ub,
              CASE WHEN i % 7 = 3 THEN NULL WHEN i % 11 = 0 THEN 'NaN'::FLOAT ELSE (i / 3.0)::FLOAT END AS f,
              CASE WHEN i % 7 = 4 THEN NULL WHEN i % 13 = 0 THEN 'Infinity'::DOUBLE WHEN i % 13 = 1 THEN '-Infinity'::DOUBLE
                   WHEN i % 13 = 2 THEN 'NaN'::DOUBLE ELSE i / 7.0 END AS d,
              CASE WHEN i % 7 = 5 THEN NULL ELSE ((i % 19999) - 9999) / 100 END::DECIMAL(4,2) AS d4,
              CASE WHEN i % 7 = 6 THEN NULL ELSE (i * 1234567 - 500000000) / 1000000 END::DECIMAL(18,6) AS d18,
              CASE WHEN i % 7 = 0 THEN NULL ELSE (i::DECIMAL(30,10) * 12345678901234.5678901 - 7) END::DECIMAL(30,10) AS d30,
              CASE WHEN i % 7 = 1 THEN NULL WHEN i % 5 = 0 THEN '' WHEN i % 5 = 1 THEN 'héllo wörld ✓ 𝄞' ELSE 'v' || i END AS s,
              CASE WHEN i % 7 = 2 THEN NULL ELSE ('\\xFF\\x00' || i::VARCHAR)::BLOB END AS bl,
              CASE WHEN i % 7 = 3 THEN NULL ELSE DATE '1960-03-04' + (i * 37)::INT END AS dt,
              CASE WHEN i % 7 = 4 THEN NULL ELSE TIMESTAMP '1950-01-01 00:00:00.123456' + INTERVAL (i * 7777777) SECOND END AS ts,
              CASE WHEN i % 7 = 5 THEN NULL ELSE (TIMESTAMP '2001-02-03 04:05:06.789' + INTERVAL (i) DAY)::TIMESTAMP_MS END AS tms,
              CASE WHEN i % 7 = 6 THEN NULL ELSE (TIMESTAMP_NS '2020-01-01 00:00:00.123456789' + INTERVAL (i * 3) MINUTE) END AS tns,
              CASE WHEN i % 7 = 0 THEN NULL ELSE (TIMESTAMPTZ '2010-06-07 08:09:10.5+00' + INTERVAL (i) HOUR) END AS tz,
              CASE WHEN i % 7 = 1 THEN NULL ELSE {'a': i, 'b': CASE WHEN i % 3 = 0 THEN NULL ELSE 'x' || (i % 4) END,
                   'inner': CASE WHEN i % 5 = 0 THEN NULL ELSE {'c': i % 2 = 0, 'd': (i / 4)::DOUBLE} END} END AS st,
              'low' || (i % 5) AS lowcard,
              md5(i::VARCHAR) AS highcard
            FROM range(ROWS) r(i)
            """;

    @ParameterizedTest
    @CsvSource({
            "UNCOMPRESSED, V1, 100000",
            "SNAPPY, V1, 100000",
            "GZIP, V1, 100000",
            "UNCOMPRESSED, V2, 100000",
            "SNAPPY, V2, 100000",
            "GZIP, V2, 100000",
            "SNAPPY, V1, 2048",
            "GZIP, V2, 2048",
    })
    void everyTypeAsDuckDbReadsIt(String codec, String version, int rowGroupSize) {
        Path file = t.write(ALL_TYPES.replace("ROWS", "5000"), "COMPRESSION " + codec + ", PARQUET_VERSION " + version + ", ROW_GROUP_SIZE " + rowGroupSize);
        t.assertSameAsDuckDb(file);
    }

    @Test
    void valuesHaveTheNodeTypesS3SelectEvaluates() {
        Path file = t.write("""
                SELECT 1.5::FLOAT f, 2.25::DOUBLE d, 12.30::DECIMAL(4,2) d4, 18446744073709551615::UBIGINT ub, 7::TINYINT ti,
                  DATE '2020-01-02' dt, TIMESTAMP_NS '2020-01-02 03:04:05.123456789' ns, {'a': NULL::INT} st, NULL::INT n
                """, "");
        ObjectNode row = ParquetTesting.readAll(ParquetTesting.source(file), null).get(0);
        assertTrue(row.get("f").isDouble());
        assertTrue(row.get("d").isDouble());
        assertEquals(new BigDecimal("12.30"), row.get("d4").decimalValue());
        assertEquals(new BigInteger("18446744073709551615"), row.get("ub").bigIntegerValue());
        assertTrue(row.get("ti").isIntegralNumber());
        assertEquals(OffsetDateTime.parse("2020-01-02T00:00Z"), ((TimestampNode) row.get("dt")).timestamp());
        assertEquals(OffsetDateTime.parse("2020-01-02T03:04:05.123456789Z"), ((TimestampNode) row.get("ns")).timestamp());
        assertTrue(row.get("st").get("a").isNull());
        assertTrue(row.get("n").isNull());
        assertEquals(List.of("f", "d", "d4", "ub", "ti", "dt", "ns", "st", "n"), fieldNames(row));
    }

    @Test
    void nestedStructsAndNullStructs() {
        Path file = t.write("""
                SELECT CASE WHEN i % 4 = 0 THEN NULL
                  ELSE {'x': i, 'y': CASE WHEN i % 4 = 1 THEN NULL ELSE {'z': CASE WHEN i % 4 = 2 THEN NULL ELSE 'deep' || i END,
                        'w': {'v': i * 2}} END} END AS s
                FROM range(400) r(i)
                """, "ROW_GROUP_SIZE 100");
        t.assertSameAsDuckDb(file);
        List<ObjectNode> rows = ParquetTesting.readAll(ParquetTesting.source(file), null);
        assertTrue(rows.get(0).get("s").isNull());
        assertTrue(rows.get(1).get("s").get("y").isNull());
        assertTrue(rows.get(2).get("s").get("y").get("z").isNull());
        assertEquals("deep3", rows.get(3).get("s").get("y").get("z").textValue());
        assertEquals(6, rows.get(3).get("s").get("y").get("w").get("v").intValue());
    }

    @Test
    void manyRowGroupsAndPagesThatSplitRowsDifferently() {
        // a wide string column fills pages far sooner than a boolean one: their page boundaries never line up
        Path file = t.write("SELECT i, repeat('x', (i % 300)::INT) || i AS wide, i % 2 = 0 AS flag, "
                + "CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS n FROM range(60000) r(i)", "ROW_GROUP_SIZE 7000, COMPRESSION SNAPPY");
        t.assertSameAsDuckDb(file);
    }

    @Test
    void dictionaryHeavyAndHighCardinality() {
        for (String version : List.of("V1", "V2")) {
            Path file = t.write("SELECT 'city-' || (i % 40) AS city, (i % 3)::DECIMAL(18,6) AS small, md5(i::VARCHAR) AS h, "
                    + "random() AS r, i * 1000003 % 99991 AS k FROM range(30000) r(i)", "PARQUET_VERSION " + version);
            t.assertSameAsDuckDb(file);
        }
    }

    @Test
    void emptyFileHasNoRows() {
        Path file = t.write("SELECT 1 AS a WHERE false", "");
        assertEquals(0, ParquetTesting.readAll(ParquetTesting.source(file), null).size());
    }

    @Test
    void scanRangeReadsTheRowGroupsThatStartInIt() throws Exception {
        Path file = t.write("SELECT i FROM range(6144) r(i)", "ROW_GROUP_SIZE 2048, COMPRESSION UNCOMPRESSED");
        List<Long> starts = t.rowGroupStarts(file);
        assertEquals(3, starts.size());
        RandomAccessSource in = ParquetTesting.source(file);
        List<ObjectNode> middle = ParquetTesting.readAll(in, new long[] {starts.get(1), starts.get(2)});
        assertEquals(2048, middle.size());
        assertEquals(2048, middle.get(0).get("i").longValue());
        assertEquals(4095, middle.get(2047).get("i").longValue());
        assertEquals(0, ParquetTesting.readAll(in, new long[] {starts.get(1) + 1, starts.get(2)}).size());
        assertEquals(6144, ParquetTesting.readAll(in, new long[] {0, in.size()}).size());
        assertEquals(4096, ParquetTesting.readAll(in, new long[] {starts.get(1), in.size()}).size());
    }

    @Test
    void countsBytesScannedAndProcessed() throws Exception {
        Path file = t.write("SELECT i, md5(i::VARCHAR) h FROM range(20000) r(i)", "COMPRESSION GZIP");
        RandomAccessSource in = ParquetTesting.source(file);
        try (ParquetReader r = ParquetReader.open(in, null)) {
            long afterFooter = r.bytesScanned();
            assertTrue(afterFooter > 12 && afterFooter < in.size());
            while (r.next() != null) { }
            assertTrue(r.bytesScanned() <= in.size(), r.bytesScanned() + " of " + in.size());
            assertTrue(r.bytesScanned() > in.size() * 9 / 10, r.bytesScanned() + " of " + in.size());
            assertTrue(r.bytesProcessed() > r.bytesScanned() - afterFooter, "gzip pages inflate");
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
