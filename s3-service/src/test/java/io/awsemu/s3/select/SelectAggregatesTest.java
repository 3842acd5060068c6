package io.awsemu.s3.select;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.awsemu.s3.select.SelectTesting.csv;
import static io.awsemu.s3.select.SelectTesting.errorCode;
import static io.awsemu.s3.select.SelectTesting.json;
import static io.awsemu.s3.select.SelectTesting.parseError;
import static io.awsemu.s3.select.SelectTesting.run;
import static io.awsemu.s3.select.SelectTesting.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectAggregatesTest {
    private static final InputRecord[] NUMBERS = {
            json("{\"n\":1,\"s\":\"b\"}"), json("{\"n\":4,\"s\":\"a\"}"), json("{\"n\":null,\"s\":\"c\"}"), json("{\"s\":\"d\"}"), json("{\"n\":7}"),
    };

    @Test
    void aggregatesGiveOneRowAtTheEnd() {
        SelectQuery q = SelectQuery.parse("SELECT COUNT(*) FROM S3Object");
        assertTrue(q.aggregate());
        SelectQuery.Execution ex = q.start();
        for (InputRecord r : NUMBERS) assertNull(ex.accept(r));
        assertFalse(ex.done());
        OutputRow row = ex.finish();
        assertEquals(List.of("_1"), row.names());
        assertEquals(List.of(5L), row.values());
    }

    @Test
    void eachAggregateSkipsNullAndMissing() {
        assertEquals(List.of(List.of(5L, 3L, 12L, new BigDecimal("4"), 1L, 7L, "a", "d")),
                values("SELECT COUNT(*), COUNT(s.n), SUM(s.n), AVG(s.n), MIN(s.n), MAX(s.n), MIN(s.s), MAX(s.s) FROM S3Object s", NUMBERS));
    }

    @Test
    void aggregatesOverNoRows() {
        assertEquals(List.of(List.of(0L, 0L)), values("SELECT COUNT(*), COUNT(s.n) FROM S3Object s"));
        List<Object> row = values("SELECT SUM(s.n), AVG(s.n), MIN(s.n), MAX(s.n) FROM S3Object s WHERE FALSE", NUMBERS).get(0);
        assertEquals(java.util.Arrays.asList(null, null, null, null), row);
    }

    @Test
    void aggregatesRespectWhereAndAliases() {
        OutputRow row = run("SELECT COUNT(*) AS c, SUM(s.n) total FROM S3Object s WHERE s.n > 1", NUMBERS).get(0);
        assertEquals(List.of("c", "total"), row.names());
        assertEquals(List.of(2L, 11L), row.values());
    }

    @Test
    void aggregatesOverCsvNeedCast() {
        InputRecord[] rows = {csv(null, "1.5"), csv(null, "2")};
        assertEquals(List.of(List.of(new BigDecimal("3.5"), new BigDecimal("1.75"))),
                values("SELECT SUM(CAST(_1 AS DECIMAL)), AVG(CAST(_1 AS DECIMAL)) FROM S3Object", rows));
        assertEquals(List.of(List.of(3.5)), values("SELECT SUM(CAST(_1 AS FLOAT)) FROM S3Object", rows));
        assertEquals("IncorrectSqlFunctionArgumentType", errorCode(() -> values("SELECT SUM(_1) FROM S3Object", rows)));
    }

    @Test
    void expressionsOverAggregates() {
        assertEquals(List.of(List.of(10L, "n=5")),
                values("SELECT COUNT(*) * 2, 'n=' || CAST(COUNT(*) AS STRING) FROM S3Object", NUMBERS));
        assertEquals(List.of(List.of(2L)), values("SELECT COUNT(*) FROM S3Object[*].a[*] x", json("{\"a\":[1,2]}")));
    }

    @Test
    void sumOverflows() {
        InputRecord[] big = {json("{\"n\":9223372036854775807}"), json("{\"n\":1}")};
        assertEquals("IntegerOverflow", errorCode(() -> values("SELECT SUM(s.n) FROM S3Object s", big)));
    }

    @Test
    void minOverMixedTypesIsAnError() {
        assertEquals("IncorrectSqlFunctionArgumentType", errorCode(() -> values("SELECT MIN(s.x) FROM S3Object s", json("{\"x\":1}"), json("{\"x\":\"a\"}"))));
    }

    @Test
    void misuse() {
        assertEquals("ParseUnsupportedSelect", parseError("SELECT COUNT(*), s.n FROM S3Object s"));
        assertEquals("ParseUnsupportedSelect", parseError("SELECT s.n + SUM(s.n) FROM S3Object s"));
        assertEquals("ParseAsteriskIsNotAloneInSelectList", parseError("SELECT *, COUNT(*) FROM S3Object s"));
        assertEquals("UnsupportedSqlOperation", parseError("SELECT s.n FROM S3Object s WHERE COUNT(*) > 1"));
        assertEquals("UnsupportedSqlOperation", parseError("SELECT SUM(COUNT(*)) FROM S3Object s"));
        assertEquals("ParseUnsupportedCallWithStar", parseError("SELECT SUM(*) FROM S3Object"));
        assertEquals("ParseNonUnaryAgregateFunctionCall", parseError("SELECT MAX(1, 2) FROM S3Object"));
        assertEquals("ParseNonUnaryAgregateFunctionCall", parseError("SELECT COUNT() FROM S3Object"));
    }
}
