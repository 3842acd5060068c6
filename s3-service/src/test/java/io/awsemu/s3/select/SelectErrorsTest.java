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
