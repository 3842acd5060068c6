package io.awsemu.s3.select;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.awsemu.s3.select.SelectTesting.csv;
import static io.awsemu.s3.select.SelectTesting.eval;
import static io.awsemu.s3.select.SelectTesting.evalError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SelectFunctionsTest {
    private static OffsetDateTime ts(String iso) { return OffsetDateTime.parse(iso); }

    @Test
    void castToNumbers() {
        assertEquals(12L, eval("CAST('12' AS INT)"));
        assertEquals(12L, eval("CAST(' 12 ' AS INTEGER)"));
        assertEquals(12L, eval("CAST(12.9 AS INT)"));
        assertEquals(-12L, eval("CAST('-12.9' AS INT)"));
        assertEquals(1L, eval("CAST(TRUE AS INT)"));
        assertEquals(1.5, eval("CAST('1.5' AS FLOAT)"));
        assertEquals(new BigDecimal("1.50"), eval("CAST('1.50' AS DECIMAL)"));
        assertEquals(new BigDecimal("3"), eval("CAST(3 AS NUMERIC)"));
        assertEquals(new BigDecimal("2.5"), eval("CAST('2.5' AS DECIMAL(10, 2))"));
        assertEquals(31L, eval("CAST(s._1 AS INT)", csv(null, "31")));
    }

    @Test
    void castToStringBoolAndTimestamp() {
        assertEquals("12", eval("CAST(12 AS STRING)"));
        assertEquals("1.50", eval("CAST(1.50 AS VARCHAR)"));
        assertEquals("true", eval("CAST(TRUE AS CHAR)"));
        assertEquals("x", eval("CAST('x' AS VARCHAR(5))"));
        assertEquals(true, eval("CAST('TRUE' AS BOOL)"));
        assertEquals(false, eval("CAST(0 AS BOOLEAN)"));
        assertEquals(ts("2007-04-05T14:30Z"), eval("CAST('2007-04-05T14:30Z' AS TIMESTAMP)"));
        assertEquals(ts("2007-04-05T14:30:15.5-05:00"), eval("CAST('2007-04-05T14:30:15.5-05:00' AS TIMESTAMP)"));
        assertEquals("2007-04-05T14:30:15.5-05:00", eval("CAST(CAST('2007-04-05T14:30:15.500-05:00' AS TIMESTAMP) AS STRING)"));
        assertNull(eval("CAST(NULL AS INT)"));
        assertEquals(OutputRow.MISSING, eval("CAST(MISSING AS INT)"));
    }

    @Test
    void badCasts() {
        assertEquals("CastFailed", evalError("CAST('abc' AS INT)"));
        assertEquals("CastFailed", evalError("CAST('99999999999999999999' AS INT)"));
        assertEquals("CastFailed", evalError("CAST('abc' AS FLOAT)"));
        assertEquals("CastFailed", evalError("CAST('abc' AS DECIMAL)"));
        assertEquals("CastFailed", evalError("CAST('yes' AS BOOL)"));
        assertEquals("CastFailed", evalError("CAST('2024-13-01' AS TIMESTAMP)"));
        assertEquals("InvalidCast", evalError("CAST(`2024-01-01T` AS INT)"));
        assertEquals("InvalidCast", evalError("CAST(1 AS TIMESTAMP)"));
    }

    @Test
    void coalesceAndNullif() {
        assertEquals(2L, eval("COALESCE(NULL, MISSING, 2, 3)"));
        assertNull(eval("COALESCE(NULL, MISSING)"));
        assertNull(eval("NULLIF(1, 1)"));
        assertEquals(1L, eval("NULLIF(1, 2)"));
        assertEquals("a", eval("NULLIF('a', 1)"));
    }

    @Test
    void stringFunctions() {
        assertEquals(5L, eval("CHAR_LENGTH('hello')"));
        assertEquals(2L, eval("character_length('\uD83D\uDE00é')"));
        assertEquals("abc", eval("LOWER('AbC')"));
        assertEquals("ABC", eval("upper('AbC')"));
        assertNull(eval("UPPER(NULL)"));
        assertEquals("IncorrectSqlFunctionArgumentType", evalError("UPPER(1)"));
    }

    @Test
    void trim() {
        assertEquals("foo", eval("TRIM('   foo   ')"));
        assertEquals("foo   ", eval("TRIM(LEADING FROM '   foo   ')"));
        assertEquals("   foo", eval("TRIM(TRAILING FROM '   foo   ')"));
        assertEquals("foo", eval("TRIM(BOTH FROM '   foo   ')"));
        assertEquals("foobar", eval("TRIM(BOTH '12' FROM '1112211foobar22211122')"));
        assertEquals("foobar22211122", eval("TRIM(LEADING '12' FROM '1112211foobar22211122')"));
        assertEquals("xfoo", eval("TRIM('y' FROM 'xfooy')"));
        assertNull(eval("TRIM(NULL)"));
    }

    @Test
    void substring() {
        assertEquals("23", eval("SUBSTRING('123456789', 2, 2)"));
        assertEquals("23", eval("SUBSTRING('123456789' FROM 2 FOR 2)"));
        assertEquals("3456789", eval("SUBSTRING('123456789', 3)"));
        assertEquals("3456789", eval("SUBSTRING('123456789' FROM 3)"));
        assertEquals("1", eval("SUBSTRING('123456789', 0, 2)"));
        assertEquals("23456789", eval("SUBSTRING('123456789', 2, 9223372036854775807)"));
        assertEquals("123456789", eval("SUBSTRING('123456789', -5, 9223372036854775807)"));
        assertEquals("", eval("SUBSTRING('123456789', -4, 2)"));
        assertEquals("", eval("SUBSTRING('123', 10)"));
        assertEquals("123", eval("SUBSTRING('123', -1, 10)"));
        assertNull(eval("SUBSTRING(NULL, 1)"));
    }

    @Test
    void utcnowIsTheStartTime() {
        Instant at = Instant.parse("2025-06-01T10:00:00Z");
        SelectQuery.Execution ex = SelectQuery.parse("SELECT UTCNOW() FROM S3Object").start(Clock.fixed(at, ZoneOffset.UTC));
        assertEquals(List.of(at.atOffset(ZoneOffset.UTC)), ex.accept(csv(null, "x")).values());
    }

    @Test
    void toTimestampAndToString() {
        assertEquals(ts("2007-02-23T12:14:33.079-08:00"), eval("TO_TIMESTAMP('2007-02-23T12:14:33.079-08:00')"));
        assertEquals(ts("2007-01-01T00:00Z"), eval("TO_TIMESTAMP('2007T')"));
        assertEquals(ts("2007-02-01T00:00Z"), eval("TO_TIMESTAMP('2007-02')"));
        assertEquals(ts("2024-03-09T00:00Z"), eval("TO_TIMESTAMP('09/03/2024', 'dd/MM/yyyy')"));
        assertEquals(ts("2024-03-09T13:05Z"), eval("TO_TIMESTAMP('2024-03-09 13:05', 'yyyy-MM-dd HH:mm')"));
        assertEquals("ValueParseFailure", evalError("TO_TIMESTAMP('not a date')"));
        assertEquals("ValueParseFailure", evalError("TO_TIMESTAMP('2024', 'dd/MM/yyyy')"));
        assertEquals("July 20, 1969", eval("TO_STRING(`1969-07-20T20:18Z`, 'MMMM d, y')"));
        assertEquals("1969-07-20T20:18:00Z", eval("TO_STRING(`1969-07-20T20:18Z`, 'yyyy-MM-dd''T''HH:mm:ssX')"));
        assertEquals("20:18:00 +0530", eval("TO_STRING(`1969-07-20T20:18+05:30`, 'HH:mm:ss xx')"));
        assertEquals("08 PM", eval("TO_STRING(`1969-07-20T20:18Z`, 'hh a')"));
        assertEquals("EvaluatorInvalidTimestampFormatPattern", evalError("TO_STRING(`1969-07-20T20:18Z`, 'QQ')"));
        assertEquals("IncorrectSqlFunctionArgumentType", evalError("TO_STRING('1969', 'y')"));
    }

    @Test
    void extract() {
        String t = "`2017-01-02T03:04:05.006+07:30`";
        assertEquals(2017L, eval("EXTRACT(YEAR FROM " + t + ")"));
        assertEquals(1L, eval("EXTRACT(MONTH FROM " + t + ")"));
        assertEquals(2L, eval("EXTRACT(DAY FROM " + t + ")"));
        assertEquals(3L, eval("EXTRACT(HOUR FROM " + t + ")"));
        assertEquals(4L, eval("EXTRACT(MINUTE FROM " + t + ")"));
        assertEquals(5L, eval("EXTRACT(SECOND FROM " + t + ")"));
        assertEquals(7L, eval("EXTRACT(TIMEZONE_HOUR FROM " + t + ")"));
        assertEquals(30L, eval("extract(timezone_minute from " + t + ")"));
        assertEquals(-7L, eval("EXTRACT(TIMEZONE_HOUR FROM `2017-01-02T03:04-07:30`)"));
        assertNull(eval("EXTRACT(YEAR FROM NULL)"));
        assertEquals("IncorrectSqlFunctionArgumentType", evalError("EXTRACT(YEAR FROM '2017')"));
    }

    @Test
    void dateAddAndDateDiff() {
        assertEquals(ts("2018-01-01T00:00Z"), eval("DATE_ADD(year, 1, `2017-01-01T`)"));
        assertEquals(ts("2017-03-31T00:00Z"), eval("DATE_ADD(month, 2, `2017-01-31T`)"));
        assertEquals(ts("2016-12-31T00:00Z"), eval("DATE_ADD(day, -1, `2017-01-01T`)"));
        assertEquals(ts("2017-01-01T01:00Z"), eval("DATE_ADD(hour, 1, `2017-01-01T`)"));
        assertEquals(ts("2017-01-01T00:01Z"), eval("DATE_ADD(minute, 1, `2017-01-01T`)"));
        assertEquals(ts("2017-01-01T00:00:30Z"), eval("DATE_ADD(second, 30, `2017-01-01T`)"));
        assertEquals(1L, eval("DATE_DIFF(year, `2010-01-01T`, `2011-01-01T`)"));
        assertEquals(0L, eval("DATE_DIFF(year, `2010-01-02T`, `2011-01-01T`)"));
        assertEquals(-11L, eval("DATE_DIFF(month, `2011-12-01T`, `2011-01-01T`)"));
        assertEquals(31L, eval("DATE_DIFF(day, `2010-01-01T`, `2010-02-01T`)"));
        assertEquals(2L, eval("DATE_DIFF(hour, `2010-01-01T00:00Z`, `2010-01-01T03:00+01:00`)"));
        assertNull(eval("DATE_ADD(day, 1, NULL)"));
    }
}
