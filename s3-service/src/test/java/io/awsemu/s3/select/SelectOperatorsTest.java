package io.awsemu.s3.select;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.awsemu.s3.select.SelectTesting.csv;
import static io.awsemu.s3.select.SelectTesting.eval;
import static io.awsemu.s3.select.SelectTesting.evalError;
import static io.awsemu.s3.select.SelectTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SelectOperatorsTest {
    @Test
    void literals() {
        assertEquals("it's", eval("'it''s'"));
        assertEquals(42L, eval("42"));
        assertEquals(new BigDecimal("4.50"), eval("4.50"));
        assertEquals(1500.0, eval("1.5e3"));
        assertEquals(true, eval("TRUE"));
        assertEquals(false, eval("false"));
        assertNull(eval("NULL"));
        assertEquals(OutputRow.MISSING, eval("MISSING"));
        assertEquals("2024-01-01T00:00:00Z", eval("CAST(`2024-01-01T` AS STRING)"));
        assertEquals(-7L, eval("-7"));
    }

    @Test
    void arithmeticKeepsIntegersExactAndWidens() {
        assertEquals(7L, eval("1 + 2 * 3"));
        assertEquals(9L, eval("(1 + 2) * 3"));
        assertEquals(3L, eval("7 / 2"));
        assertEquals(1L, eval("7 % 3"));
        assertEquals(-1L, eval("-7 % 3"));
        assertEquals(-5L, eval("-(2 + 3)"));
        assertEquals(new BigDecimal("3.5"), eval("1 + 2.5"));
        assertEquals(new BigDecimal("3.5"), eval("7 / 2.0"));
        assertEquals(3.5, eval("1 + 2.5e0"));
        assertEquals(2L, eval("10 - 4 - 4"));
        assertEquals(5L, eval("20 / 2 / 2"));
    }

    @Test
    void arithmeticErrors() {
        assertEquals("DivisionByZero", evalError("1 / 0"));
        assertEquals("DivisionByZero", evalError("1 % 0"));
        assertEquals("DivisionByZero", evalError("1.5 / 0.0"));
        assertEquals("IntegerOverflow", evalError("9223372036854775807 + 1"));
        assertEquals("IntegerOverflow", evalError("4611686018427387904 * 2"));
        assertEquals("InvalidDataType", evalError("'a' + 1"));
        assertEquals("InvalidDataType", evalError("-'a'"));
    }

    @Test
    void nullAndMissingPropagateThroughArithmetic() {
        assertNull(eval("1 + NULL"));
        assertEquals(OutputRow.MISSING, eval("1 + MISSING"));
        assertNull(eval("-NULL"));
    }

    @Test
    void concatenation() {
        assertEquals("ab", eval("'a' || 'b'"));
        assertEquals("a1", eval("'a' || CAST(1 AS STRING)"));
        assertNull(eval("'a' || NULL"));
        assertEquals("InvalidDataType", evalError("'a' || 1"));
    }

    @Test
    void comparisons() {
        assertEquals(true, eval("1 = 1"));
        assertEquals(true, eval("1 = 1.0"));
        assertEquals(true, eval("1 <> 2"));
        assertEquals(true, eval("1 != 2"));
        assertEquals(true, eval("1 < 2"));
        assertEquals(true, eval("2 <= 2"));
        assertEquals(false, eval("1 > 2"));
        assertEquals(true, eval("2 >= 1.5"));
        assertEquals(true, eval("'abc' < 'abd'"));
        assertEquals(true, eval("`2024-01-01T` < `2024-01-02T`"));
        assertEquals(true, eval("`2024-01-01T01:00+01:00` = `2024-01-01T00:00Z`"));
        assertEquals(false, eval("'1' = 1"));
        assertEquals(true, eval("'1' <> 1"));
        assertNull(eval("'1' < 2"));
        assertNull(eval("NULL = NULL"));
        assertNull(eval("1 < MISSING"));
    }

    @Test
    void threeValuedLogic() {
        assertEquals(false, eval("NULL AND FALSE"));
        assertNull(eval("NULL AND TRUE"));
        assertEquals(true, eval("NULL OR TRUE"));
        assertNull(eval("NULL OR FALSE"));
        assertNull(eval("NOT NULL"));
        assertEquals(false, eval("NOT TRUE"));
        assertEquals(true, eval("TRUE OR FALSE AND FALSE"));
        assertEquals(false, eval("(TRUE OR FALSE) AND FALSE"));
        assertEquals(true, eval("NOT 1 = 2"));
        assertEquals(false, eval("MISSING AND FALSE"));
        assertEquals("InvalidDataType", evalError("1 AND TRUE"));
    }

    @Test
    void whereKeepsOnlyTrue() {
        InputRecord[] rs = {json("{\"a\":1}"), json("{\"a\":null}"), json("{}"), json("{\"a\":2}")};
        assertEquals(List.of(List.of(1L)), SelectTesting.values("SELECT s.a FROM S3Object s WHERE s.a = 1", rs));
        assertEquals(List.of(List.of(2L)), SelectTesting.values("SELECT s.a FROM S3Object s WHERE NOT s.a = 1", rs));
        assertEquals(2, SelectTesting.values("SELECT s.a FROM S3Object s WHERE s.a IS NULL", rs).size());
        assertEquals(List.of(List.of(OutputRow.MISSING)), SelectTesting.values("SELECT s.a FROM S3Object s WHERE s.a IS MISSING", rs));
        assertEquals(3, SelectTesting.values("SELECT s.a FROM S3Object s WHERE s.a IS NOT MISSING", rs).size());
        assertEquals(2, SelectTesting.values("SELECT s.a FROM S3Object s WHERE s.a IS NOT NULL", rs).size());
    }

    @Test
    void isNullAndIsMissing() {
        assertEquals(true, eval("NULL IS NULL"));
        assertEquals(true, eval("MISSING IS NULL"));
        assertEquals(false, eval("NULL IS MISSING"));
        assertEquals(true, eval("MISSING IS MISSING"));
        assertEquals(true, eval("1 IS NOT NULL"));
        assertEquals(false, eval("1 IS MISSING"));
    }

    @Test
    void like() {
        assertEquals(true, eval("'abc' LIKE 'a%'"));
        assertEquals(true, eval("'abc' LIKE '_b_'"));
        assertEquals(false, eval("'abc' LIKE 'b%'"));
        assertEquals(true, eval("'abc' NOT LIKE 'b%'"));
        assertEquals(true, eval("'a%c' LIKE 'a!%c' ESCAPE '!'"));
        assertEquals(false, eval("'abc' LIKE 'a!%c' ESCAPE '!'"));
        assertEquals(true, eval("'a.c' LIKE 'a.c'"));
        assertEquals(false, eval("'abc' LIKE 'a.c'"));
        assertEquals(true, eval("'line1\nline2' LIKE 'line1%'"));
        assertNull(eval("NULL LIKE 'a%'"));
        assertEquals("LikeInvalidInputs", evalError("'a' LIKE 'a' ESCAPE 'xy'"));
        assertEquals("LikeInvalidInputs", evalError("1 LIKE 'a'"));
        assertEquals("EvaluatorLikePatternInvalidEscapeSequence", evalError("'a' LIKE 'a!' ESCAPE '!'"));
        InputRecord r = SelectTesting.json("{\"v\":\"a_c\",\"p\":\"a#_%\",\"e\":\"#\"}");
        assertEquals(true, eval("s.v LIKE s.p ESCAPE s.e", r));
        assertEquals(false, eval("'abc' LIKE s.p ESCAPE s.e", r));
        assertEquals(false, eval("s.v LIKE 'A%'", r));
    }

    /** LIKE walks the value once per pattern position at most: patterns a regex would backtrack on finish. */
    @Test
    void likeWithoutBacktracking() {
        assertEquals(true, eval("'' LIKE '%'"));
        assertEquals(false, eval("'' LIKE '_'"));
        assertEquals(true, eval("'abcabd' LIKE '%ab_'"));
        assertEquals(true, eval("'aXbXc' LIKE 'a%%b%c'"));
        assertEquals(false, eval("'abcab' LIKE '%ab_'"));
        assertEquals(true, eval("'\uD83D\uDE00x' LIKE '_x'"), "_ is one character, also outside the BMP");
        assertEquals(true, eval("'100%' LIKE '%!%' ESCAPE '!'"));
        assertEquals(true, eval("'a_b' LIKE 'a\\_b' ESCAPE '\\'"));
        var big = SelectTesting.json("{\"v\":\"" + "a".repeat(1_000_000) + "\"}");
        assertEquals(false, eval("s.v LIKE '%a%a%a%a%a%a%b'", big));
        assertEquals(true, eval("s.v LIKE '%a%a%a%a%a%a%'", big));
    }

    @Test
    void between() {
        assertEquals(true, eval("5 BETWEEN 1 AND 10"));
        assertEquals(true, eval("1 BETWEEN 1 AND 10"));
        assertEquals(false, eval("11 BETWEEN 1 AND 10"));
        assertEquals(true, eval("11 NOT BETWEEN 1 AND 10"));
        assertEquals(true, eval("'b' BETWEEN 'a' AND 'c'"));
        assertNull(eval("NULL BETWEEN 1 AND 2"));
        assertEquals(true, eval("5 BETWEEN 1 AND 10 AND TRUE"));
    }

    @Test
    void in() {
        assertEquals(true, eval("2 IN (1, 2, 3)"));
        assertEquals(false, eval("4 IN (1, 2, 3)"));
        assertEquals(true, eval("4 NOT IN (1, 2, 3)"));
        assertEquals(true, eval("'b' IN ('a', 'b')"));
        assertNull(eval("4 IN (1, NULL)"));
        assertEquals(true, eval("1 IN (1, NULL)"));
        assertNull(eval("NULL IN (1)"));
    }

    @Test
    void caseExpressions() {
        assertEquals("two", eval("CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END"));
        assertEquals("many", eval("CASE 9 WHEN 1 THEN 'one' ELSE 'many' END"));
        assertNull(eval("CASE 9 WHEN 1 THEN 'one' END"));
        assertEquals("big", eval("CASE WHEN 5 > 3 THEN 'big' ELSE 'small' END"));
        assertEquals("small", eval("CASE WHEN NULL THEN 'big' ELSE 'small' END"));
        assertEquals("b", eval("CASE s._1 WHEN 'x' THEN 'a' WHEN 'y' THEN 'b' END", csv(null, "y")));
    }

    @Test
    void precedence() {
        assertEquals(true, eval("1 + 1 = 2 AND 'a' || 'b' = 'ab'"));
        assertEquals(true, eval("NOT 1 > 2 OR FALSE"));
        assertEquals(-1L, eval("-1 * 1"));
    }
}
