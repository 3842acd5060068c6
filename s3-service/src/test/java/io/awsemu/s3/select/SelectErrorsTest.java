package io.awsemu.s3.select;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.awsemu.s3.select.SelectTesting.csv;
import static io.awsemu.s3.select.SelectTesting.errorCode;
import static io.awsemu.s3.select.SelectTesting.eval;
import static io.awsemu.s3.select.SelectTesting.parseError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SelectErrorsTest {
    /** A DECIMAL past 1,000 digits is refused where it would be made: its sums and prints would build a billion digits. */
    @Test
    void decimalsBeyondAThousandDigitsAreRefused() {
        assertEquals("CastFailed", SelectTesting.evalError("CAST('1e999999999' AS INT)"));
        assertEquals("CastFailed", SelectTesting.evalError("CAST('1e999999999' AS DECIMAL)"));
        assertEquals("CastFailed", SelectTesting.evalError("CAST('1e-999999999' AS DECIMAL)"));
        assertEquals("IntegerOverflow", SelectTesting.evalError("CAST('9e999' AS DECIMAL) * 10"));
        assertEquals(new java.math.BigDecimal("1e999").add(java.math.BigDecimal.ONE), eval("CAST('1e999' AS DECIMAL) + 1"));
        assertEquals("LexerInvalidLiteral", parseError("SELECT " + "9".repeat(1001) + " FROM S3Object"));
        assertEquals(Double.POSITIVE_INFINITY, eval("s.n + 1", SelectTesting.json("{\"n\": 1e999999999}")));
        // as the record reader parses it: a decimal node, read as a FLOAT once beyond range
        var record = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("n", new java.math.BigDecimal("1e999999999"));
        assertEquals(Double.POSITIVE_INFINITY, eval("s.n + 1", new InputRecord.Json(record)));
    }

    /**
     * Parsing and evaluating recurse once per level: an expression nested deeper than MAX_DEPTH is a 400, never a
     * StackOverflowError, and one at the limit evaluates on a thread with half the JVM's default stack.
     */
    @Test
    void expressionsNestedTooDeeplyAreRefusedAndTheLimitEvaluates() throws Exception {
        int n = SelectQuery.MAX_DEPTH;
        assertEquals("ParseUnsupportedSyntax", parseError("SELECT " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " FROM S3Object"));
        assertEquals("ParseUnsupportedSyntax", parseError("SELECT " + "-".repeat(20_000) + "1 FROM S3Object"));
        assertEquals("ParseUnsupportedSyntax", parseError("SELECT 1 FROM S3Object WHERE " + "1 = 1 AND ".repeat(20_000) + "TRUE"));
        assertEquals("ParseUnsupportedSyntax", parseError("SELECT " + "'a' || ".repeat(n) + "'a' FROM S3Object"));

        String chain = "SELECT " + "1 + ".repeat(n - 10) + "1 FROM S3Object";
        int p = SqlParser.MAX_NESTING;
        assertEquals("ParseUnsupportedSyntax", parseError("SELECT " + "(".repeat(p) + "1" + ")".repeat(p) + " FROM S3Object"));
        // the SELECT item, 140 parentheses and 51 signs: 192 levels
        String nested = "SELECT " + "(".repeat(p - 60) + "-".repeat(51) + "1" + ")".repeat(p - 60) + " FROM S3Object";
        Object[] got = new Object[2];
        Throwable[] failed = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                got[0] = SelectTesting.values(chain, csv(null, "x")).get(0).get(0);
                got[1] = SelectTesting.values(nested, csv(null, "x")).get(0).get(0);
            } catch (Throwable e) {
                failed[0] = e;
            }
        }, "half-stack", 512 * 1024);
        t.start();
        t.join();
        if (failed[0] != null) throw new AssertionError(failed[0]);
        assertEquals((long) n - 9, got[0]);
        assertEquals(-1L, got[1]);
    }

    @Test
    void lexerErrors() {
        assertEquals("LexerInvalidChar", parseError("SELECT # FROM S3Object"));
        assertEquals("LexerInvalidLiteral", parseError("SELECT 'abc FROM S3Object"));
        assertEquals("LexerInvalidLiteral", parseError("SELECT `2024-99-99T` FROM S3Object"));
        assertEquals("LexerInvalidLiteral", parseError("SELECT 12abc FROM S3Object"));
        assertEquals("ParseUnknownOperator", parseError("SELECT 1 == 1 FROM S3Object"));
        assertEquals("ParseUnknownOperator", parseError("SELECT !TRUE FROM S3Object"));
    }

    @Test
    void structureErrors() {
        assertEquals("ParseUnexpectedToken", parseError("UPDATE S3Object"));
        assertEquals("ParseEmptySelect", parseError("SELECT FROM S3Object"));
        assertEquals("ParseSelectMissingFrom", parseError("SELECT a"));
        assertEquals("ParseUnexpectedToken", parseError("SELECT a FROM mytable"));
        assertEquals("ParseAsteriskIsNotAloneInSelectList", parseError("SELECT *, a FROM S3Object"));
        assertEquals("ParseAsteriskIsNotAloneInSelectList", parseError("SELECT a, * FROM S3Object"));
        assertEquals("ParseExpectedIdentForAlias", parseError("SELECT a AS 1 FROM S3Object"));
        assertEquals("MultipleDataSourcesUnsupported", parseError("SELECT a FROM S3Object s, S3Object t"));
        assertEquals("ParseMalformedJoin", parseError("SELECT a FROM S3Object s JOIN S3Object t ON s.a = t.a"));
        assertEquals("ParseExpectedIdentForGroupName", parseError("SELECT a FROM S3Object GROUP BY a"));
        assertEquals("ParseUnsupportedSyntax", parseError("SELECT a FROM S3Object ORDER BY a"));
        assertEquals("ParseUnsupportedSyntax", parseError("SELECT DISTINCT a FROM S3Object"));
        assertEquals("ParseUnExpectedKeyword", parseError("SELECT a FROM S3Object WHERE a = 1 WHERE"));
        assertEquals("ParseInvalidPathComponent", parseError("SELECT s.1 FROM S3Object s"));
        assertEquals("ParseUnsupportedSyntax", parseError("SELECT s.a[*] FROM S3Object s"));
    }

    @Test
    void expressionErrors() {
        assertEquals("ParseExpectedExpression", parseError("SELECT a FROM S3Object WHERE"));
        assertEquals("ParseExpectedExpression", parseError("SELECT a FROM S3Object WHERE a ="));
        assertEquals("ParseUnexpectedOperator", parseError("SELECT a FROM S3Object WHERE = 1"));
        assertEquals("ParseUnExpectedKeyword", parseError("SELECT a FROM S3Object WHERE AND"));
        assertEquals("ParseExpectedTokenType", parseError("SELECT (1 + 2 FROM S3Object"));
        assertEquals("ParseExpectedKeyword", parseError("SELECT a IS 1 FROM S3Object"));
        assertEquals("ParseExpectedKeyword", parseError("SELECT a BETWEEN 1 OR 2 FROM S3Object"));
        assertEquals("ParseExpectedWhenClause", parseError("SELECT CASE ELSE 1 END FROM S3Object"));
        assertEquals("ParseExpectedKeyword", parseError("SELECT CASE WHEN TRUE THEN 1 FROM S3Object"));
    }

    @Test
    void functionCallErrors() {
        assertEquals("UnsupportedFunction", parseError("SELECT FOO(1) FROM S3Object"));
        assertEquals("EvaluatorInvalidArguments", parseError("SELECT UPPER('a', 'b') FROM S3Object"));
        assertEquals("EvaluatorInvalidArguments", parseError("SELECT NULLIF(1) FROM S3Object"));
        assertEquals("EvaluatorInvalidArguments", parseError("SELECT COALESCE() FROM S3Object"));
        assertEquals("EvaluatorInvalidArguments", parseError("SELECT UTCNOW(1) FROM S3Object"));
        assertEquals("EvaluatorInvalidArguments", parseError("SELECT SUBSTRING('a') FROM S3Object"));
        assertEquals("EvaluatorInvalidArguments", parseError("SELECT DATE_ADD(day, 1) FROM S3Object"));
        assertEquals("ParseExpectedArgumentDelimiter", parseError("SELECT UPPER('a' 'b') FROM S3Object"));
        assertEquals("ParseExpectedRightParenBuiltinFunctionCall", parseError("SELECT UPPER('a'"));
        assertEquals("ParseExpectedDatePart", parseError("SELECT EXTRACT(WEEK FROM `2020T`) FROM S3Object"));
        assertEquals("ParseExpectedDatePart", parseError("SELECT DATE_ADD('day', 1, `2020T`) FROM S3Object"));
        assertEquals("ParseExpectedKeyword", parseError("SELECT EXTRACT(YEAR `2020T`) FROM S3Object"));
    }

    @Test
    void castErrors() {
        assertEquals("ParseExpectedLeftParenAfterCast", parseError("SELECT CAST 1 AS INT FROM S3Object"));
        assertEquals("ParseCastArity", parseError("SELECT CAST(1) FROM S3Object"));
        assertEquals("ParseCastArity", parseError("SELECT CAST(1 AS INT, 2) FROM S3Object"));
        assertEquals("ParseExpectedTypeName", parseError("SELECT CAST(1 AS BLOB) FROM S3Object"));
        assertEquals("ParseInvalidTypeParam", parseError("SELECT CAST(1 AS INT(4)) FROM S3Object"));
        assertEquals("ParseInvalidTypeParam", parseError("SELECT CAST(1 AS DECIMAL(1, 2, 3)) FROM S3Object"));
        assertEquals("ParseInvalidTypeParam", parseError("SELECT CAST(1 AS VARCHAR('x')) FROM S3Object"));
    }

    @Test
    void limitErrors() {
        assertEquals("EvaluatorNegativeLimit", parseError("SELECT * FROM S3Object LIMIT -1"));
        assertEquals("ParseExpectedNumber", parseError("SELECT * FROM S3Object LIMIT 'a'"));
        assertEquals("ParseExpectedNumber", parseError("SELECT * FROM S3Object LIMIT 1.5"));
        assertEquals("ParseExpectedNumber", parseError("SELECT * FROM S3Object LIMIT"));
    }

    @Test
    void expressionTooLong() {
        String filler = "'" + "x".repeat(256 * 1024) + "'";
        assertEquals("ExpressionTooLong", parseError("SELECT " + filler + " FROM S3Object"));
        String justUnder = "SELECT '" + "x".repeat(256 * 1024 - 30) + "' FROM S3Object";
        assertFalse(SelectQuery.parse(justUnder).aggregate());
    }

    @Test
    void columnIndexErrors() {
        InputRecord r = csv(null, "a", "b");
        assertEquals("InvalidColumnIndex", errorCode(() -> eval("s._0", r)));
        assertEquals("InvalidColumnIndex", errorCode(() -> eval("_x", r)));
        assertEquals(OutputRow.MISSING, eval("s.name", r));
        assertEquals("b", eval("s._2", csv(List.of("_1", "x"), "a", "b")));
    }

    @Test
    void errorsCarryAMessage() {
        SelectException e = org.junit.jupiter.api.Assertions.assertThrows(SelectException.class, () -> SelectQuery.parse("SELECT FOO(1) FROM S3Object"));
        assertEquals("Unsupported function FOO.", e.getMessage());
    }
}
