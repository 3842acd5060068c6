package io.awsemu.s3.select;

import io.awsemu.core.error.AwsException;
import io.awsemu.s3.select.SelectRequest.Compression;
import io.awsemu.s3.select.SelectRequest.CsvInput;
import io.awsemu.s3.select.SelectRequest.CsvOutput;
import io.awsemu.s3.select.SelectRequest.FileHeaderInfo;
import io.awsemu.s3.select.SelectRequest.Format;
import io.awsemu.s3.select.SelectRequest.JsonInput;
import io.awsemu.s3.select.SelectRequest.JsonOutput;
import io.awsemu.s3.select.SelectRequest.JsonType;
import io.awsemu.s3.select.SelectRequest.QuoteFields;
import io.awsemu.s3.select.SelectRequest.ScanRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectRequestTest {
    static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    static byte[] doc(String expression, String type, String input, String output, String extra) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><SelectObjectContentRequest" + NS + ">");
        if (expression != null) b.append("<Expression>").append(expression).append("</Expression>");
        if (type != null) b.append("<ExpressionType>").append(type).append("</ExpressionType>");
        if (input != null) b.append("<InputSerialization>").append(input).append("</InputSerialization>");
        if (output != null) b.append("<OutputSerialization>").append(output).append("</OutputSerialization>");
        b.append(extra).append("</SelectObjectContentRequest>");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static SelectRequest parse(String input, String output, String extra) {
        return SelectRequest.parse(doc("SELECT * FROM S3Object s", "SQL", input, output, extra));
    }

    static String code(Runnable r) {
        return assertThrows(AwsException.class, r::run).code();
    }

    @Test
    void csvDefaults() {
        SelectRequest r = parse("<CSV/>", "<CSV/>", "");
        assertEquals("SELECT * FROM S3Object s", r.expression());
        assertEquals(Format.CSV, r.format());
        assertEquals(new CsvInput(FileHeaderInfo.NONE, "#", "\"", "\n", ",", "\"", false), r.input());
        assertEquals(Compression.NONE, r.compression());
        assertEquals(new CsvOutput(QuoteFields.ASNEEDED, "\"", "\n", ",", "\""), r.output());
        assertFalse(r.requestProgress());
        assertNull(r.scanRange());
    }

    @Test
    void everyCsvSettingIsRead() {
        SelectRequest r = parse("<CompressionType>GZIP</CompressionType><CSV><FileHeaderInfo>USE</FileHeaderInfo>"
                        + "<Comments>;</Comments><QuoteEscapeCharacter>\\</QuoteEscapeCharacter>"
                        + "<RecordDelimiter>&#13;&#10;</RecordDelimiter><FieldDelimiter>\t</FieldDelimiter>"
                        + "<QuoteCharacter>'</QuoteCharacter><AllowQuotedRecordDelimiter>TRUE</AllowQuotedRecordDelimiter></CSV>",
                "<CSV><QuoteFields>ALWAYS</QuoteFields><QuoteEscapeCharacter>'</QuoteEscapeCharacter>"
                        + "<RecordDelimiter>&#13;&#10;</RecordDelimiter><FieldDelimiter> </FieldDelimiter>"
                        + "<QuoteCharacter>'</QuoteCharacter></CSV>",
                "<RequestProgress><Enabled>true</Enabled></RequestProgress>");
        assertEquals(new CsvInput(FileHeaderInfo.USE, ";", "\\", "\r\n", "\t", "'", true), r.input());
        assertEquals(Compression.GZIP, r.compression());
        assertEquals(new CsvOutput(QuoteFields.ALWAYS, "'", "\r\n", " ", "'"), r.output());
        assertTrue(r.requestProgress());
    }

    @Test
    void newlineDelimiterAsSentBySdksIsKept() {
        SelectRequest r = parse("<CSV><RecordDelimiter>\n</RecordDelimiter><FieldDelimiter>|</FieldDelimiter></CSV>",
                "<JSON><RecordDelimiter>&#10;</RecordDelimiter></JSON>", "");
        assertEquals("\n", ((CsvInput) r.input()).recordDelimiter());
        assertEquals("|", ((CsvInput) r.input()).fieldDelimiter());
        assertEquals(new JsonOutput("\n"), r.output());
    }

    @Test
    void emptyCommentsMeansNone() {
        assertNull(((CsvInput) parse("<CSV><Comments></Comments></CSV>", "<CSV/>", "").input()).comments());
    }

    @Test
    void enumValuesAreCaseInsensitive() {
        SelectRequest r = parse("<CompressionType>bzip2</CompressionType><CSV><FileHeaderInfo>Ignore</FileHeaderInfo></CSV>",
                "<CSV><QuoteFields>asneeded</QuoteFields></CSV>", "");
        assertEquals(Compression.BZIP2, r.compression());
        assertEquals(FileHeaderInfo.IGNORE, ((CsvInput) r.input()).fileHeaderInfo());
    }

    @Test
    void jsonInputAndOutput() {
        SelectRequest r = parse("<JSON><Type>LINES</Type></JSON>", "<JSON/>", "");
        assertEquals(Format.JSON, r.format());
        assertEquals(new JsonInput(JsonType.LINES), r.input());
        assertEquals(new JsonOutput("\n"), r.output());
        assertEquals(new JsonInput(JsonType.DOCUMENT), parse("<JSON><Type>DOCUMENT</Type></JSON>", "<JSON><RecordDelimiter>,</RecordDelimiter></JSON>", "").input());
    }

    @Test
    void parquetIsParsedAndReported() {
        assertEquals(Format.PARQUET, parse("<Parquet/>", "<CSV/>", "").format());
    }

    @Test
    void scanRange() {
        assertEquals(new ScanRange(5L, 10L), parse("<CSV/>", "<CSV/>", "<ScanRange><Start>5</Start><End>10</End></ScanRange>").scanRange());
        assertEquals(new ScanRange(5L, null), parse("<CSV/>", "<CSV/>", "<ScanRange><Start>5</Start></ScanRange>").scanRange());
        assertEquals(new ScanRange(null, 50L), parse("<JSON><Type>LINES</Type></JSON>", "<CSV/>", "<ScanRange><End>50</End></ScanRange>").scanRange());
    }

    @Test
    void scanRangeResolution() {
        assertArrayEquals(new long[] {5, 10}, new ScanRange(5L, 10L).resolve(100));
        assertArrayEquals(new long[] {5, 99}, new ScanRange(5L, null).resolve(100));
        assertArrayEquals(new long[] {50, 99}, new ScanRange(null, 50L).resolve(100));
        assertArrayEquals(new long[] {0, 99}, new ScanRange(null, 500L).resolve(100));
        assertArrayEquals(new long[] {90, 99}, new ScanRange(90L, 500L).resolve(100));
        assertNull(new ScanRange(100L, 200L).resolve(100));
        assertNull(new ScanRange(0L, null).resolve(0));
    }

    @Test
    void malformedDocuments() {
        assertEquals("MalformedXML", code(() -> SelectRequest.parse(new byte[0])));
        assertEquals("MalformedXML", code(() -> SelectRequest.parse("<SelectObjectContentRequest>".getBytes(StandardCharsets.UTF_8))));
        assertEquals("MalformedXML", code(() -> SelectRequest.parse("<Other/>".getBytes(StandardCharsets.UTF_8))));
        assertEquals("MalformedXML", code(() -> parse("<CSV/>", "<CSV/>", "<RequestProgress><Enabled>yes</Enabled></RequestProgress>")));
        assertEquals("MalformedXML", code(() -> SelectRequest.parse(("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<SelectObjectContentRequest><Expression>&e;</Expression></SelectObjectContentRequest>").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void missingRequiredParameters() {
        assertEquals("MissingRequiredParameter", code(() -> SelectRequest.parse(doc(null, "SQL", "<CSV/>", "<CSV/>", ""))));
        assertEquals("MissingRequiredParameter", code(() -> SelectRequest.parse(doc("  ", "SQL", "<CSV/>", "<CSV/>", ""))));
        assertEquals("MissingRequiredParameter", code(() -> SelectRequest.parse(doc("select 1", null, "<CSV/>", "<CSV/>", ""))));
        assertEquals("MissingRequiredParameter", code(() -> SelectRequest.parse(doc("select 1", "SQL", null, "<CSV/>", ""))));
        assertEquals("MissingRequiredParameter", code(() -> SelectRequest.parse(doc("select 1", "SQL", "<CSV/>", null, ""))));
        assertEquals("MissingRequiredParameter", code(() -> parse("<CompressionType>NONE</CompressionType>", "<CSV/>", "")));
        assertEquals("MissingRequiredParameter", code(() -> parse("<CSV/>", "", "")));
    }

    @Test
    void errorCodes() {
        assertEquals("InvalidExpressionType", code(() -> SelectRequest.parse(doc("select 1", "PartiQL", "<CSV/>", "<CSV/>", ""))));
        assertEquals("InvalidFileHeaderInfo", code(() -> parse("<CSV><FileHeaderInfo>FIRST</FileHeaderInfo></CSV>", "<CSV/>", "")));
        assertEquals("InvalidCompressionFormat", code(() -> parse("<CompressionType>ZIP</CompressionType><CSV/>", "<CSV/>", "")));
        assertEquals("InvalidJsonType", code(() -> parse("<JSON><Type>ARRAY</Type></JSON>", "<CSV/>", "")));
        assertEquals("InvalidJsonType", code(() -> parse("<JSON/>", "<CSV/>", "")));
        assertEquals("InvalidQuoteFields", code(() -> parse("<CSV/>", "<CSV><QuoteFields>NEVER</QuoteFields></CSV>", "")));
        assertEquals("ObjectSerializationConflict", code(() -> parse("<CSV/><JSON><Type>LINES</Type></JSON>", "<CSV/>", "")));
        assertEquals("ObjectSerializationConflict", code(() -> parse("<CSV/>", "<CSV/><JSON/>", "")));
        assertEquals("ExpressionTooLong", code(() -> SelectRequest.parse(doc("x".repeat(256 * 1024 + 1), "SQL", "<CSV/>", "<CSV/>", ""))));
    }

    @Test
    void multiCharacterDelimitersAreRefused() {
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV><FieldDelimiter>::</FieldDelimiter></CSV>", "<CSV/>", "")));
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV><QuoteCharacter>''</QuoteCharacter></CSV>", "<CSV/>", "")));
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV><QuoteEscapeCharacter>\\\\</QuoteEscapeCharacter></CSV>", "<CSV/>", "")));
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV><Comments>//</Comments></CSV>", "<CSV/>", "")));
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV><RecordDelimiter>abc</RecordDelimiter></CSV>", "<CSV/>", "")));
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV/>", "<CSV><FieldDelimiter>, </FieldDelimiter></CSV>", "")));
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV/>", "<JSON><RecordDelimiter>;;;</RecordDelimiter></JSON>", "")));
    }

    @Test
    void badScanRanges() {
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV/>", "<CSV/>", "<ScanRange></ScanRange>")));
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV/>", "<CSV/>", "<ScanRange><Start>-1</Start></ScanRange>")));
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV/>", "<CSV/>", "<ScanRange><Start>x</Start></ScanRange>")));
        assertEquals("InvalidRequestParameter", code(() -> parse("<CSV/>", "<CSV/>", "<ScanRange><Start>9</Start><End>3</End></ScanRange>")));
    }

    @Test
    void scanRangeOnInputsItCannotSplit() {
        String range = "<ScanRange><Start>0</Start><End>3</End></ScanRange>";
        assertEquals("UnsupportedScanRangeInput", code(() -> parse("<CompressionType>GZIP</CompressionType><CSV/>", "<CSV/>", range)));
        assertEquals("UnsupportedScanRangeInput", code(() -> parse("<CompressionType>BZIP2</CompressionType><JSON><Type>LINES</Type></JSON>", "<CSV/>", range)));
        assertEquals("UnsupportedScanRangeInput", code(() -> parse("<CSV><AllowQuotedRecordDelimiter>true</AllowQuotedRecordDelimiter></CSV>", "<CSV/>", range)));
        assertEquals("UnsupportedScanRangeInput", code(() -> parse("<JSON><Type>DOCUMENT</Type></JSON>", "<CSV/>", range)));
    }

    @Test
    void selectExceptionsAreHttp400() {
        SelectException e = assertThrows(SelectException.class, () -> parse("<CSV><FileHeaderInfo>X</FileHeaderInfo></CSV>", "<CSV/>", ""));
        assertEquals(400, e.httpStatus());
    }
}
