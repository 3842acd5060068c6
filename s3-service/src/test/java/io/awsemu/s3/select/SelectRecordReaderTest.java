package io.awsemu.s3.select;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.awsemu.s3.select.SelectRequest.Compression;
import io.awsemu.s3.select.SelectRequest.CsvInput;
import io.awsemu.s3.select.SelectRequest.CsvOutput;
import io.awsemu.s3.select.SelectRequest.FileHeaderInfo;
import io.awsemu.s3.select.SelectRequest.JsonInput;
import io.awsemu.s3.select.SelectRequest.JsonType;
import io.awsemu.s3.select.SelectRequest.ScanRange;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectRecordReaderTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static CsvInput csv(FileHeaderInfo h) {
        return new CsvInput(h, "#", "\"", "\n", ",", "\"", false);
    }

    static SelectRequest req(SelectRequest.Input in, Compression c, ScanRange range) {
        return new SelectRequest("select", in, c, CsvOutput.DEFAULT, false, range);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<InputRecord> all(byte[] object, SelectRequest req) {
        return all(new ByteArrayInputStream(object), req, object.length);
    }

    static List<InputRecord> all(InputStream object, SelectRequest req, long size) {
        RecordReader r = RecordReader.open(object, req, size);
        List<InputRecord> out = new ArrayList<>();
        for (InputRecord rec = r.next(); rec != null; rec = r.next()) out.add(rec);
        assertNull(r.next(), "stays at the end");
        return out;
    }

    /** Each CSV record's fields. */
    static List<List<String>> rows(String object, CsvInput in) {
        return rows(utf8(object), req(in, Compression.NONE, null));
    }

    /** The rows, checked to be the same when the object comes a byte per read (each byte then ends a buffer). */
    static List<List<String>> rows(byte[] object, SelectRequest req) {
        List<List<String>> whole = fields(all(object, req));
        assertEquals(whole, fields(all(trickle(object, 1), req, object.length)), "read a byte at a time");
        return whole;
    }

    /** Bytes decoding past U+10FFFF or to a surrogate are U+FFFD on both paths (the character path used to throw). */
    @Test
    void codePointsOutsideUnicodeAreReplaced() {
        for (String delimiter : List.of(",", "\u20ac")) {
            byte[] d = utf8(delimiter);
            java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
            o.writeBytes(new byte[] {'a', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
            o.writeBytes(d);
            o.writeBytes(new byte[] {'b', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'});
            List<List<String>> got = rows(o.toByteArray(), req(new CsvInput(FileHeaderInfo.NONE, "#", "\"", "\n", delimiter, "\"", false),
                    Compression.NONE, null));
            assertEquals(1, got.size(), delimiter);
            for (String f : got.get(0)) assertTrue(f.length() > 1 && f.substring(1).chars().allMatch(c -> c == 0xFFFD), delimiter + ": " + f);
        }
    }

    static List<List<String>> fields(List<InputRecord> records) {
        return records.stream().map(r -> ((InputRecord.Csv) r).fields()).toList();
    }

    static List<String> jsonTexts(byte[] object, SelectRequest req) {
        return all(object, req).stream().map(r -> ((InputRecord.Json) r).value().toString()).toList();
    }

    static String code(Runnable r) {
        return assertThrows(SelectException.class, r::run).code();
    }

    static List<String> l(String... s) {
        return Arrays.asList(s);
    }

    // ---------------------------------------------------------------- CSV

    @Test
    void csvWithoutHeader() {
        List<InputRecord> recs = all(utf8("a,b\n1,2\n"), req(csv(FileHeaderInfo.NONE), Compression.NONE, null));
        assertEquals(List.of(new InputRecord.Csv(l("a", "b"), null), new InputRecord.Csv(l("1", "2"), null)), recs);
    }

    @Test
    void csvHeaderUseAndIgnore() {
        assertEquals(List.of(new InputRecord.Csv(l("1", "2"), l("a", "b")), new InputRecord.Csv(l("3", "4"), l("a", "b"))),
                all(utf8("a,b\n1,2\n3,4"), req(csv(FileHeaderInfo.USE), Compression.NONE, null)));
        assertEquals(List.of(new InputRecord.Csv(l("1", "2"), null)),
                all(utf8("a,b\n1,2\n"), req(csv(FileHeaderInfo.IGNORE), Compression.NONE, null)));
        assertEquals(List.of(new InputRecord.Csv(l("1"), l("h"))),
                all(utf8("#comment first\nh\n1\n"), req(csv(FileHeaderInfo.USE), Compression.NONE, null)));
        assertEquals(List.of(), all(utf8("h1,h2\n"), req(csv(FileHeaderInfo.USE), Compression.NONE, null)));
        assertEquals(List.of(), all(utf8(""), req(csv(FileHeaderInfo.USE), Compression.NONE, null)));
    }

    @Test
    void csvQuotes() {
        assertEquals(List.of(l("x,y", "he said \"hi\"", "plain", "", "")),
                rows("\"x,y\",\"he said \"\"hi\"\"\",plain,\"\",\n", csv(FileHeaderInfo.NONE)));
        assertEquals(List.of(l("ab\"c", "d")), rows("ab\"c,d\n", csv(FileHeaderInfo.NONE)));
        assertEquals(List.of(l("", "", "")), rows(",,\n", csv(FileHeaderInfo.NONE)));
    }

    @Test
    void csvLineEndings() {
        assertEquals(List.of(l("a", "b"), l("1", "2")), rows("a,b\r\n1,2\r\n", csv(FileHeaderInfo.NONE)));
        assertEquals(List.of(l("q"), l("x")), rows("\"q\"\r\nx", csv(FileHeaderInfo.NONE)));
        assertEquals(List.of(l("a\rb")), rows("a\rb\n", csv(FileHeaderInfo.NONE)));
        assertEquals(List.of(l("a"), l("b")), rows("a\n\n\r\n\nb", csv(FileHeaderInfo.NONE)));
        assertEquals(List.of(l("a")), rows("a\n\n", csv(FileHeaderInfo.NONE)));
    }

    @Test
    void csvComments() {
        assertEquals(List.of(l("a"), l("b", "#x")), rows("#c\na\n#d,\"e\nb,#x\n#", csv(FileHeaderInfo.NONE)));
        CsvInput semicolon = new CsvInput(FileHeaderInfo.NONE, ";", "\"", "\n", ",", "\"", false);
        assertEquals(List.of(l("#a")), rows(";skip\n#a\n", semicolon));
        CsvInput none = new CsvInput(FileHeaderInfo.NONE, null, "\"", "\n", ",", "\"", false);
        assertEquals(List.of(l("#a", "b")), rows("#a,b\n", none));
    }

    @Test
    void csvCustomCharacters() {
        CsvInput f = new CsvInput(FileHeaderInfo.NONE, "#", "\\", ";", "|", "'", false);
        assertEquals(List.of(l("a|b", "c"), l("it's", "d\\x", "e\\"), l("")),
                rows("'a|b'|c;'it\\'s'|'d\\x'|'e\\\\';;'';", f));
        CsvInput tab = new CsvInput(FileHeaderInfo.NONE, "#", "\"", "\n", "\t", "\"", false);
        assertEquals(List.of(l("a b", "c,d")), rows("a b\tc,d\n", tab));
    }

    @Test
    void csvTwoCharacterRecordDelimiter() {
        CsvInput f = new CsvInput(FileHeaderInfo.NONE, "#", "\"", "\r\n", ",", "\"", true);
        assertEquals(List.of(l("a"), l("b\nc", "d"), l("e\r")), rows("a\r\nb\nc,d\r\ne\r", f));
    }

    @Test
    void csvQuotedRecordDelimiter() {
        CsvInput allowed = new CsvInput(FileHeaderInfo.NONE, "#", "\"", "\n", ",", "\"", true);
        assertEquals(List.of(l("a\nb", "c"), l("d")), rows("\"a\nb\",c\nd\n", allowed));
        assertEquals("CSVEscapingRecordDelimiter", code(() -> rows("\"a\nb\",c\n", csv(FileHeaderInfo.NONE))));
        assertEquals("CSVParsingError", code(() -> rows("x\n\"a,b", allowed)));
        assertEquals("CSVParsingError", code(() -> rows("\"abc", csv(FileHeaderInfo.NONE))));
    }

    @Test
    void csvUnescapedQuote() {
        assertEquals("CSVUnescapedQuote", code(() -> rows("\"a\"b,c\n", csv(FileHeaderInfo.NONE))));
    }

    @Test
    void csvUtf8() {
        assertEquals(List.of(l("é", "ü€😀")), rows("é,ü€😀\n", csv(FileHeaderInfo.NONE)));
        byte[] bad = {'a', (byte) 0xC3, ',', (byte) 0xFF, '\n'};
        assertEquals(List.of(l("a\uFFFD", "\uFFFD")), rows(bad, req(csv(FileHeaderInfo.NONE), Compression.NONE, null)));
        CsvInput euro = new CsvInput(FileHeaderInfo.NONE, "#", "\"", "\n", "€", "\"", false);
        assertEquals(List.of(l("a", "b")), rows("a€b\n", euro));
    }

    @Test
    void csvAcrossBufferBoundaries() {
        String a = "a".repeat(64 * 1024 - 1);
        // \r is the last byte of the first buffer, and what follows is not \n: it must be put back
        assertEquals(List.of(l(a + "\rx")), rows(a + "\rx\n", csv(FileHeaderInfo.NONE)));
        assertEquals(List.of(l(a), l("x")), rows(a + "\r\nx", csv(FileHeaderInfo.NONE)));
        // a two-byte character split by the buffer boundary
        assertEquals(List.of(l(a + "é", "z")), rows(a + "é,z", csv(FileHeaderInfo.NONE)));
    }

    @Test
    void csvFieldsAcrossBufferBoundaries() {
        // each shift puts a different byte of the tail last in the first 64 KiB buffer
        String tail = ",\"q,\"\"x\"\"\",é😀,\"\"\r\n\"z\"\r\nlast";
        for (int shift = 1; shift <= utf8(tail).length + 1; shift++) {
            String a = "a".repeat(64 * 1024 - shift);
            assertEquals(List.of(l(a, "q,\"x\"", "é😀", ""), l("z"), l("last")),
                    rows(a + tail, csv(FileHeaderInfo.NONE)), "shift " + shift);
        }
        // a field longer than the buffer, unquoted and quoted
        String big = "b€".repeat(50_000);
        CsvInput multiline = new CsvInput(FileHeaderInfo.NONE, "#", "\"", "\n", ",", "\"", true);
        assertEquals(List.of(l("1", big, big + "\n\"" + big, "2")),
                rows("1," + big + ",\"" + big + "\n\"\"" + big + "\",2", multiline));
    }

    /** The rows, or the error code. */
    static Object outcome(String object, CsvInput in) {
        try {
            return rows(object, in);
        } catch (SelectException e) {
            return e.code();
        }
    }

    @Test
    void csvByteScanAgreesWithTheCharacterReader() {
        // a non-ASCII field delimiter makes the reader decode characters one at a time; ',' lets it scan bytes
        String[] pieces = {"a", "bc", "é", "😀", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", "\\", "#", " "};
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            StringBuilder o = new StringBuilder();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) o.append(pieces[random.nextInt(pieces.length)]);
            String object = o.toString();
            for (boolean multiline : new boolean[] {false, true}) {
                for (String escape : new String[] {"\"", "\\"}) {
                    for (String delimiter : new String[] {"\n", "\r\n"}) {
                        CsvInput comma = new CsvInput(FileHeaderInfo.NONE, "#", escape, delimiter, ",", "\"", multiline);
                        CsvInput euro = new CsvInput(FileHeaderInfo.NONE, "#", escape, delimiter, "€", "\"", multiline);
                        Object scanned = outcome(object, comma);
                        Object decoded = outcome(object.replace(',', '€'), euro);
                        if (scanned instanceof List<?> rows) {
                            scanned = rows.stream().map(r -> ((List<?>) r).stream()
                                    .map(f -> ((String) f).replace(',', '€')).toList()).toList();
                        }
                        assertEquals(decoded, scanned, object + " " + comma);
                    }
                }
            }
        }
    }

    @Test
    void csvMalformedUtf8InFields() {
        SelectRequest r = req(csv(FileHeaderInfo.NONE), Compression.NONE, null);
        // a cut sequence is one U+FFFD; a stray byte is one each
        byte[] bad = {'x', (byte) 0xE2, (byte) 0x82, ',', 'y', (byte) 0xFF, (byte) 0x80, ',', '"', (byte) 0xC3, '"', '\n',
                (byte) 0xF0, (byte) 0x9F, (byte) 0x98};
        assertEquals(List.of(l("x\uFFFD", "y\uFFFD\uFFFD", "\uFFFD"), l("\uFFFD")), rows(bad, r));
    }

    @Test
    void csvRecordOverOneMegabyte() {
        assertEquals("OverMaxRecordSize", code(() -> rows("x".repeat(1024 * 1024 + 1), csv(FileHeaderInfo.NONE))));
        assertEquals(1, rows("x".repeat(1024 * 1024 - 1) + "\n", csv(FileHeaderInfo.NONE)).size());
        assertEquals(1, rows("x".repeat(1024 * 1024), csv(FileHeaderInfo.NONE)).size());
        // the limit counts bytes, the delimiter included
        assertEquals("OverMaxRecordSize", code(() -> rows("é".repeat(512 * 1024) + "\n", csv(FileHeaderInfo.NONE))));
        assertEquals("OverMaxRecordSize", code(() -> rows("x".repeat(1024 * 1024 - 1) + "\r\n", csv(FileHeaderInfo.NONE))));
        String quoted = "\"" + "y".repeat(1024 * 1024 - 3) + "\"";
        assertEquals(List.of(l("a"), l(quoted.substring(1, quoted.length() - 1)), l("b")),
                rows("a\n" + quoted + "\nb\n", csv(FileHeaderInfo.NONE)));
        assertEquals("OverMaxRecordSize", code(() -> rows("a\n" + quoted + ",\nb\n", csv(FileHeaderInfo.NONE))));
    }

    @Test
    void csvRecordOverOneMegabyteFailsWithoutReadingItAll() {
        byte[] huge = utf8("x".repeat(20 * 1024 * 1024));
        RecordReader r = RecordReader.open(new ByteArrayInputStream(huge), req(csv(FileHeaderInfo.NONE), Compression.NONE, null), huge.length);
        assertEquals("OverMaxRecordSize", code(r::next));
        assertTrue(r.bytesProcessed() < 1024 * 1024 + 128 * 1024, "processed " + r.bytesProcessed());
    }

    // ---------------------------------------------------------------- JSON

    @Test
    void jsonLines() {
        SelectRequest r = req(new JsonInput(JsonType.LINES), Compression.NONE, null);
        assertEquals(List.of("{\"a\":1}", "{\"a\":\"x\"}", "[1,2]", "3"),
                jsonTexts(utf8("{\"a\":1}\n{\"a\":\"x\"}\r\n\n  \n[1,2]\n3"), r));
        InputRecord.Json one = (InputRecord.Json) all(utf8("{\"d\":1.50}\n"), r).get(0);
        assertEquals(new BigDecimal("1.50"), one.value().get("d").decimalValue());
        assertTrue(one.value().get("d").isBigDecimal());
    }

    @Test
    void jsonLinesErrors() {
        SelectRequest r = req(new JsonInput(JsonType.LINES), Compression.NONE, null);
        assertEquals("JSONParsingError", code(() -> all(utf8("{\"a\":1}\n{\"a\":\n2}\n"), r)));
        assertEquals("JSONParsingError", code(() -> all(utf8("{} {}\n"), r)));
        assertEquals("JSONParsingError", code(() -> all(utf8("nope\n"), r)));
    }

    @Test
    void jsonDocument() {
        SelectRequest r = req(new JsonInput(JsonType.DOCUMENT), Compression.NONE, null);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "[{\"c\":3},{\"c\":4}]"),
                jsonTexts(utf8("{\"a\":1} {\"b\":\n2}\n[{\"c\":3},\n{\"c\":4}]\n"), r));
        assertEquals(List.of(), jsonTexts(utf8("  \n"), r));
        assertEquals("JSONParsingError", code(() -> all(utf8("{\"a\":1}{\"a\":"), r)));
        assertEquals("JSONParsingError", code(() -> all(utf8("{\"a\" 1}"), r)));
    }

    @Test
    void jsonRecordsOverOneMegabyte() {
        String big = "{\"a\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertEquals("OverMaxRecordSize", code(() -> all(utf8("{}\n" + big), req(new JsonInput(JsonType.DOCUMENT), Compression.NONE, null))));
        assertEquals("OverMaxRecordSize", code(() -> all(utf8("{}\n" + big), req(new JsonInput(JsonType.LINES), Compression.NONE, null))));
        String fits = "{\"a\":\"" + "x".repeat(1000 * 1000) + "\"}";
        assertEquals(2, all(utf8(fits + fits), req(new JsonInput(JsonType.DOCUMENT), Compression.NONE, null)).size());
        // a document that is one huge value fails within its first megabytes, never read into memory whole
        long[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (read[0] == 0 && len > 0) {
                    b[off] = '[';
                    read[0] = 1;
                    return 1;
                }
                for (int i = 0; i < len; i++) b[off + i] = (byte) (i % 2 == 0 ? '1' : ',');
                read[0] += len;
                return len;
            }
        };
        SelectRequest doc = req(new JsonInput(JsonType.DOCUMENT), Compression.NONE, null);
        assertEquals("OverMaxRecordSize", code(() -> RecordReader.open(endless, doc, Long.MAX_VALUE).next()));
        assertTrue(read[0] < 2 * 1024 * 1024, "read " + read[0] + " bytes");
    }

    // ---------------------------------------------------------------- compression

    /** A GZIP object whose data is corrupt is TruncatedInput for a JSON document too (its parser reads on opening). */
    @Test
    void corruptGzipUnderAJsonDocumentIsTruncatedInput() throws IOException {
        byte[] z = gzip("{\"a\":1}");
        z[10] = (byte) 0xFF; // the first deflate block's header: an invalid block type
        for (JsonType type : JsonType.values()) {
            assertEquals("TruncatedInput", code(() -> all(z, req(new JsonInput(type), Compression.GZIP, null))), type.toString());
        }
        assertEquals("TruncatedInput", code(() -> all(z, req(csv(FileHeaderInfo.NONE), Compression.GZIP, null))));
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(utf8(s));
        }
        return b.toByteArray();
    }

    static byte[] bzip2(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream z = new BZip2CompressorOutputStream(b)) {
            z.write(utf8(s));
        }
        return b.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A stream as a network gives it: a few bytes per read, and nothing ever "available". */
    static InputStream trickle(byte[] bytes) {
        return trickle(bytes, 7);
    }

    static InputStream trickle(byte[] bytes, int piece) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, piece));
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    @Test
    void gzipIncludingConcatenatedMembers() throws IOException {
        byte[] z = concat(gzip("a,b\n1,2\n"), gzip("3,4\n"));
        SelectRequest r = req(csv(FileHeaderInfo.USE), Compression.GZIP, null);
        assertEquals(List.of(l("1", "2"), l("3", "4")), rows(z, r));
        List<InputRecord> recs = all(trickle(z), r, z.length);
        assertEquals(2, recs.size());

        RecordReader reader = RecordReader.open(new ByteArrayInputStream(z), r, z.length);
        while (reader.next() != null) { }
        assertEquals(z.length, reader.bytesScanned());
        assertEquals(12, reader.bytesProcessed());
    }

    @Test
    void bzip2IncludingConcatenatedStreams() throws IOException {
        byte[] z = concat(bzip2("{\"a\":1}\n"), bzip2("{\"a\":2}\n"));
        SelectRequest r = req(new JsonInput(JsonType.LINES), Compression.BZIP2, null);
        assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), jsonTexts(z, r));
        RecordReader reader = RecordReader.open(new ByteArrayInputStream(z), r, z.length);
        while (reader.next() != null) { }
        assertEquals(z.length, reader.bytesScanned());
        assertEquals(16, reader.bytesProcessed());
    }

    @Test
    void gzipJsonDocument() throws IOException {
        byte[] z = gzip("{\"a\":1}{\"a\":2}");
        assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), jsonTexts(z, req(new JsonInput(JsonType.DOCUMENT), Compression.GZIP, null)));
    }

    @Test
    void compressionErrors() throws IOException {
        byte[] plain = utf8("a,b\n");
        assertEquals("InvalidCompressionFormat", code(() -> rows(plain, req(csv(FileHeaderInfo.NONE), Compression.GZIP, null))));
        assertEquals("InvalidCompressionFormat", code(() -> rows(plain, req(csv(FileHeaderInfo.NONE), Compression.BZIP2, null))));
        byte[] z = gzip("x".repeat(100_000) + "\n" + "y\n".repeat(50_000));
        byte[] cut = Arrays.copyOf(z, z.length / 2);
        assertEquals("TruncatedInput", code(() -> rows(cut, req(csv(FileHeaderInfo.NONE), Compression.GZIP, null))));
    }

    @Test
    void uncompressedStats() {
        byte[] o = utf8("a,b\n1,2\n");
        RecordReader reader = RecordReader.open(new ByteArrayInputStream(o), req(csv(FileHeaderInfo.NONE), Compression.NONE, null), o.length);
        while (reader.next() != null) { }
        assertEquals(8, reader.bytesScanned());
        assertEquals(8, reader.bytesProcessed());
    }

    @Test
    void aFailingObjectStreamIsAnIoErrorNotAFormatError() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        for (Compression c : Compression.values()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> all(broken, req(csv(FileHeaderInfo.NONE), c, null), 10), c.name());
            assertEquals("disk gone", e.getCause().getMessage());
        }
    }

    @Test
    void readsAsItGoes() {
        // an endless object: the first record must come without reading it all
        InputStream endless = new InputStream() {
            final byte[] line = utf8("a,b\n");
            long n;

            @Override
            public int read() {
                return line[(int) (n++ % line.length)];
            }
        };
        RecordReader r = RecordReader.open(endless, req(csv(FileHeaderInfo.USE), Compression.NONE, null), Long.MAX_VALUE);
        for (int i = 0; i < 1000; i++) assertEquals(new InputRecord.Csv(l("a", "b"), l("a", "b")), r.next());
        assertTrue(r.bytesScanned() <= 64 * 1024 + 4, "scanned " + r.bytesScanned());
    }

    // ---------------------------------------------------------------- ScanRange

    static final String THREE = "a,1\nbb,2\nccc,3\n"; // records at 0, 4 and 9; 15 bytes

    static List<String> firstFields(String object, CsvInput in, Long start, Long end) {
        return rows(utf8(object), req(in, Compression.NONE, new ScanRange(start, end))).stream().map(f -> f.get(0)).toList();
    }

    @Test
    void scanRangeTakesRecordsWhoseFirstByteIsInRange() {
        CsvInput in = csv(FileHeaderInfo.NONE);
        assertEquals(List.of("a"), firstFields(THREE, in, 0L, 3L));
        assertEquals(List.of("a", "bb"), firstFields(THREE, in, 0L, 4L));
        assertEquals(List.of("bb"), firstFields(THREE, in, 1L, 4L));
        assertEquals(List.of("bb"), firstFields(THREE, in, 4L, 4L));
        assertEquals(List.of(), firstFields(THREE, in, 3L, 3L));
        assertEquals(List.of(), firstFields(THREE, in, 5L, 8L));
        assertEquals(List.of("ccc"), firstFields(THREE, in, 5L, 9L));
        assertEquals(List.of("ccc"), firstFields(THREE, in, 9L, null));
        assertEquals(List.of("a", "bb", "ccc"), firstFields(THREE, in, 0L, null));
        assertEquals(List.of("ccc"), firstFields(THREE, in, null, 6L));
        assertEquals(List.of("ccc"), firstFields(THREE, in, null, 7L));
        assertEquals(List.of("bb", "ccc"), firstFields(THREE, in, null, 11L));
        assertEquals(List.of(), firstFields(THREE, in, 15L, null));
        assertEquals(List.of(), firstFields(THREE, in, 14L, 100L));
    }

    @Test
    void scanRangeRecordIsReadToItsEndPastTheRange() {
        assertEquals(List.of(l("bb", "2")), rows(utf8(THREE), req(csv(FileHeaderInfo.NONE), Compression.NONE, new ScanRange(2L, 5L))));
    }

    @Test
    void scanRangeKeepsTheHeader() {
        String o = "h1,h2\na,1\nbb,2\n"; // records at 6 and 10
        assertEquals(List.of(new InputRecord.Csv(l("bb", "2"), l("h1", "h2"))),
                all(utf8(o), req(csv(FileHeaderInfo.USE), Compression.NONE, new ScanRange(7L, 20L))));
        assertEquals(List.of(new InputRecord.Csv(l("a", "1"), l("h1", "h2"))),
                all(utf8(o), req(csv(FileHeaderInfo.USE), Compression.NONE, new ScanRange(0L, 6L))));
        assertEquals(List.of(new InputRecord.Csv(l("a", "1"), null)),
                all(utf8(o), req(csv(FileHeaderInfo.IGNORE), Compression.NONE, new ScanRange(3L, 6L))));
        // the header is not a record even when the range starts at 0
        assertEquals(List.of(), all(utf8(o), req(csv(FileHeaderInfo.USE), Compression.NONE, new ScanRange(0L, 5L))));
    }

    @Test
    void scanRangeWithCrlfAndTwoByteDelimiters() {
        assertEquals(List.of("b"), firstFields("a\r\nb\r\n", csv(FileHeaderInfo.NONE), 3L, null));
        assertEquals(List.of("b"), firstFields("a\r\nb\r\n", csv(FileHeaderInfo.NONE), 2L, null));
        CsvInput crlf = new CsvInput(FileHeaderInfo.NONE, "#", "\"", "\r\n", ",", "\"", false);
        String o = "a\r\nb\r\nc\r\n"; // records at 0, 3 and 6
        assertEquals(List.of("b"), firstFields(o, crlf, 2L, 3L));
        assertEquals(List.of("b"), firstFields(o, crlf, 3L, 3L));
        assertEquals(List.of("c"), firstFields(o, crlf, 4L, 6L));
        assertEquals(List.of(), firstFields(o, crlf, 1L, 2L));
    }

    @Test
    void scanRangeSkipsCommentLines() {
        // "#x" starts at 2 and "b" at 5: a comment line in range is no record
        assertEquals(List.of(), firstFields("a\n#x\nb\n", csv(FileHeaderInfo.NONE), 1L, 2L));
        assertEquals(List.of("b"), firstFields("a\n#x\nb\n", csv(FileHeaderInfo.NONE), 1L, 5L));
    }

    @Test
    void scanRangeJsonLines() {
        String o = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n"; // records at 0, 8 and 16
        SelectRequest.Input in = new JsonInput(JsonType.LINES);
        assertEquals(List.of("{\"a\":2}"), jsonTexts(utf8(o), req(in, Compression.NONE, new ScanRange(1L, 8L))));
        assertEquals(List.of("{\"a\":2}"), jsonTexts(utf8(o), req(in, Compression.NONE, new ScanRange(8L, 15L))));
        assertEquals(List.of("{\"a\":1}", "{\"a\":2}", "{\"a\":3}"), jsonTexts(utf8(o), req(in, Compression.NONE, new ScanRange(0L, 16L))));
        assertEquals(List.of("{\"a\":3}"), jsonTexts(utf8(o), req(in, Compression.NONE, new ScanRange(null, 8L))));
    }

    @Test
    void scanRangeSkipsWithoutReadingWhatComesBefore() {
        String line = "0123456789,abcdefghi\n"; // 21 bytes
        String o = line.repeat(50_000);
        long start = 21L * 40_000;
        byte[] bytes = utf8(o);
        RecordReader r = RecordReader.open(new ByteArrayInputStream(bytes),
                req(csv(FileHeaderInfo.NONE), Compression.NONE, new ScanRange(start + 1, start + 21)), bytes.length);
        assertEquals(new InputRecord.Csv(l("0123456789", "abcdefghi"), null), r.next());
        assertNull(r.next());
        assertTrue(r.bytesScanned() < 70 * 1024, "scanned " + r.bytesScanned());
    }
}
