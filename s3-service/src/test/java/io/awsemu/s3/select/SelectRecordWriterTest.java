package io.awsemu.s3.select;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.awsemu.s3.select.SelectRequest.CsvInput;
import io.awsemu.s3.select.SelectRequest.CsvOutput;
import io.awsemu.s3.select.SelectRequest.JsonOutput;
import io.awsemu.s3.select.SelectRequest.QuoteFields;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectRecordWriterTest {

    static String write(SelectRequest.Output output, OutputRow... rows) {
        SelectRequest req = new SelectRequest("select", CsvInput.DEFAULT, SelectRequest.Compression.NONE, output, false, null);
        RecordWriter w = RecordWriter.of(req);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (OutputRow r : rows) w.write(r, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static OutputRow row(Object... values) {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) names.add("_" + (i + 1));
        return new OutputRow(names, Arrays.asList(values));
    }

    static OutputRow named(List<String> names, Object... values) {
        return new OutputRow(names, Arrays.asList(values));
    }

    /** A row over 1 MB is OverMaxRecordSize, and nothing of it reaches the output (the rows before it stay). */
    @Test
    void aRowOverOneMegabyteIsRefusedWhole() {
        String half = "x".repeat(600 * 1024);
        for (SelectRequest.Output format : List.of(CsvOutput.DEFAULT, SelectRequest.JsonOutput.DEFAULT)) {
            SelectRequest req = new SelectRequest("select", CsvInput.DEFAULT, SelectRequest.Compression.NONE, format, false, null);
            RecordWriter w = RecordWriter.of(req);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            w.write(row("first"), out);
            int before = out.size();
            SelectException e = assertThrows(SelectException.class, () -> w.write(row(half, half), out), format.toString());
            assertEquals("OverMaxRecordSize", e.code());
            assertEquals(before, out.size(), format + ": nothing of the refused row written");
            w.write(row(half), out); // under the limit, and the writer is still usable
            assertTrue(out.size() > before + half.length());
        }
        // || cannot build a string past the limit either
        InputRecord.Json big = SelectTesting.json("{\"a\":\"" + "y".repeat(400 * 1024) + "\"}");
        assertEquals(800 * 1024, ((String) SelectTesting.eval("s.a || s.a", big)).length());
        assertEquals("OverMaxRecordSize", assertThrows(SelectException.class, () -> SelectTesting.eval("s.a || s.a || s.a", big)).code());
    }

    @Test
    void csvAsNeededQuotesOnlyWhatMustBe() throws Exception {
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\n",
                write(CsvOutput.DEFAULT, row("a", "b,c", "say \"hi\"", "two\nlines", "cr\rhere", "")));
    }

    @Test
    void csvValueTypes() throws Exception {
        OffsetDateTime t = OffsetDateTime.of(2010, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC);
        OffsetDateTime t2 = OffsetDateTime.of(2010, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.ofHours(-7));
        assertEquals(",,true,42,1.50,2.5,2010-01-02T03:04:00Z,2010-01-02T03:04:05.12-07:00,\"{\"\"a\"\":[1,2]}\"\n",
                write(CsvOutput.DEFAULT, row(OutputRow.MISSING, null, true, 42L, new BigDecimal("1.50"), 2.5, t, t2,
                        new ObjectMapper().readTree("{\"a\":[1,2]}"))));
    }

    @Test
    void csvBigDecimalIsPlain() {
        assertEquals("1000\n", write(CsvOutput.DEFAULT, row(new BigDecimal("1E+3"))));
    }

    @Test
    void csvAlwaysAndCustomCharacters() {
        CsvOutput f = new CsvOutput(QuoteFields.ALWAYS, "\\", "\r\n", "|", "'");
        assertEquals("'a'|'it\\'s'|''\r\n'x'|'1'\r\n", write(f, row("a", "it's", null), row("x", 1L)));
    }

    @Test
    void csvAsNeededWithCustomDelimiters() {
        CsvOutput f = new CsvOutput(QuoteFields.ASNEEDED, "\"", ";", "\t", "\"");
        assertEquals("a,b\t\"c\td\"\t\"e;f\";", write(f, row("a,b", "c\td", "e;f")));
    }

    @Test
    void csvAsNeededWithNonAsciiAndTwoCharacterDelimiters() {
        CsvOutput f = new CsvOutput(QuoteFields.ASNEEDED, "\"", "ab", "\u00a6", "\u00ab");
        // 'a' starts the record delimiter but only "ab" is one; the non-ASCII field delimiter and quote need quotes
        assertEquals("a\u00a6\u00abxaby\u00ab\u00a6\u00abp\u00a6q\u00ab\u00a6\u00ab\"\u00abq\u00ab\u00a6plain\u00a6\u00abcr\rx\u00abab",
                write(f, row("a", "xaby", "p\u00a6q", "\u00abq", "plain", "cr\rx")));
    }

    @Test
    void jsonRows() throws Exception {
        OffsetDateTime t = OffsetDateTime.of(2010, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC);
        assertEquals("{\"s\":\"q\\\"\\n\",\"n\":null,\"b\":false,\"l\":-7,\"d\":1.50,\"f\":0.25,\"t\":\"2010-01-02T03:04:00Z\","
                        + "\"j\":{\"a\":[1,{\"b\":null}]}}\n{}\n",
                write(JsonOutput.DEFAULT,
                        named(List.of("s", "n", "m", "b", "l", "d", "f", "t", "j"), "q\"\n", null, OutputRow.MISSING, false, -7L,
                                new BigDecimal("1.50"), 0.25, t, new ObjectMapper().readTree("{\"a\":[1,{\"b\":null}]}")),
                        named(List.of("x"), OutputRow.MISSING)));
    }

    @Test
    void jsonCustomDelimiterAndNonFiniteDoubles() {
        assertEquals("{\"a\":\"NaN\",\"b\":1000}|{\"_1\":1}|",
                write(new JsonOutput("|"), named(List.of("a", "b"), Double.NaN, new BigDecimal("1E+3")), row(1L)));
    }
}
