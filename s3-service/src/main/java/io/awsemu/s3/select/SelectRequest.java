package io.awsemu.s3.select;

import io.awsemu.s3.S3Errors;
import io.awsemu.s3.S3Xml;
import io.awsemu.s3.S3Xml.Element;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code SelectObjectContentRequest} document, with AWS's defaults filled in.
 *
 * @param scanRange null when the request has none
 */
public record SelectRequest(String expression, Input input, Compression compression, Output output,
                            boolean requestProgress, ScanRange scanRange) {

    /** The 256 KB limit AWS puts on an SQL expression. */
    public static final int MAX_EXPRESSION_BYTES = 256 * 1024;

    public enum Format { CSV, JSON, PARQUET }

    public enum Compression { NONE, GZIP, BZIP2 }

    public enum FileHeaderInfo { USE, IGNORE, NONE }

    public enum JsonType { DOCUMENT, LINES }

    public enum QuoteFields { ALWAYS, ASNEEDED }

    /** The object's serialization. Delimiters and quotes are single characters (a record delimiter may be two). */
    public sealed interface Input permits CsvInput, JsonInput, ParquetInput {}

    /** @param comments the comment character, or null for none */
    public record CsvInput(FileHeaderInfo fileHeaderInfo, String comments, String quoteEscapeCharacter,
                           String recordDelimiter, String fieldDelimiter, String quoteCharacter,
                           boolean allowQuotedRecordDelimiter) implements Input {
        public static final CsvInput DEFAULT = new CsvInput(FileHeaderInfo.NONE, "#", "\"", "\n", ",", "\"", false);
    }

    public record JsonInput(JsonType type) implements Input {}

    public record ParquetInput() implements Input {}

    /** The serialization of the returned rows. */
    public sealed interface Output permits CsvOutput, JsonOutput {}

    public record CsvOutput(QuoteFields quoteFields, String quoteEscapeCharacter, String recordDelimiter,
                            String fieldDelimiter, String quoteCharacter) implements Output {
        public static final CsvOutput DEFAULT = new CsvOutput(QuoteFields.ASNEEDED, "\"", "\n", ",", "\"");
    }

    public record JsonOutput(String recordDelimiter) implements Output {
        public static final JsonOutput DEFAULT = new JsonOutput("\n");
    }

    /** The requested byte range; either bound may be null (absent). */
    public record ScanRange(Long start, Long end) {
        /**
         * The inclusive byte range {@code [first, last]} this scan range covers in an object of {@code size} bytes,
         * as AWS reads it: End alone means the last End bytes; bounds past the object are cut to it. Null when
         * it covers nothing.
         */
        public long[] resolve(long size) {
            long first;
            long last;
            if (start == null && end != null) {
                first = Math.max(0, size - end);
                last = size - 1;
            } else {
                first = start == null ? 0 : start;
                last = end == null ? size - 1 : Math.min(end, size - 1);
            }
            return first > last || first >= size ? null : new long[] {first, last};
        }
    }

    public Format format() {
        if (input instanceof CsvInput) return Format.CSV;
        return input instanceof JsonInput ? Format.JSON : Format.PARQUET;
    }

    // ---------------------------------------------------------------- parsing

    /** Parses and validates the request body; S3's errors (MalformedXML, MissingRequiredParameter, ...) otherwise. */
    public static SelectRequest parse(byte[] xml) {
        if (new String(xml, StandardCharsets.UTF_8).isBlank()) throw S3Errors.malformedXml();
        // delimiters may be whitespace (a tab, a newline): element text is kept as sent, and trimmed where it is a word
        Element root = S3Xml.parseKeepingText(xml);
        if (!root.name().equals("SelectObjectContentRequest")) throw S3Errors.malformedXml();

        String expression = root.childText("Expression");
        String expressionType = text(root, "ExpressionType");
        Element in = root.child("InputSerialization");
        Element out = root.child("OutputSerialization");
        if (expression == null || expressionType == null || in == null || out == null) throw missing();
        if (expression.isBlank()) throw missing();
        if (expression.getBytes(StandardCharsets.UTF_8).length > MAX_EXPRESSION_BYTES) {
            throw new SelectException("ExpressionTooLong",
                    "The SQL expression is too long: The maximum byte-length for the SQL expression is 256 KB.");
        }
        if (!expressionType.equals("SQL")) {
            throw new SelectException("InvalidExpressionType",
                    "The ExpressionType is invalid. Only SQL expressions are supported.");
        }

        Compression compression = Compression.NONE;
        String ct = text(in, "CompressionType");
        if (ct != null && !ct.isEmpty()) {
            try {
                compression = Compression.valueOf(ct.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SelectException("InvalidCompressionFormat",
                        "The file is not in a supported compression format. Only GZIP and BZIP2 are supported.");
            }
        }
        Input input = input(in);
        Output output = output(out);
        if (input instanceof ParquetInput && compression != Compression.NONE) {
            // Parquet compresses its columns itself; S3 Select reads no whole-object compression around it
            throw new SelectException("InvalidCompressionFormat",
                    "The file is not in a supported compression format. GZIP and BZIP2 are not supported for Parquet input.");
        }

        boolean progress = false;
        Element rp = root.child("RequestProgress");
        if (rp != null && text(rp, "Enabled") != null) progress = S3Xml.bool(text(rp, "Enabled"));

        ScanRange range = scanRange(root.child("ScanRange"));
        if (range != null) {
            // a range cannot start mid-stream in a compressed object, nor find a record start in a
            // JSON document or where quoted record delimiters may appear
            boolean supported = input instanceof CsvInput c ? !c.allowQuotedRecordDelimiter()
                    : !(input instanceof JsonInput j) || j.type() == JsonType.LINES;
            if (!supported || compression != Compression.NONE) {
                throw new SelectException("UnsupportedScanRangeInput",
                        "Scan range queries are not supported on this type of object.");
            }
        }
        return new SelectRequest(expression, input, compression, output, progress, range);
    }

    private static Input input(Element in) {
        Element csv = in.child("CSV");
        Element json = in.child("JSON");
        Element parquet = in.child("Parquet");
        int formats = (csv != null ? 1 : 0) + (json != null ? 1 : 0) + (parquet != null ? 1 : 0);
        if (formats == 0) throw missing();
        if (formats > 1) throw conflict();
        if (parquet != null) return new ParquetInput();
        if (json != null) {
            String type = text(json, "Type");
            if (type == null || type.isEmpty()) throw invalidJsonType();
            try {
                return new JsonInput(JsonType.valueOf(type.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw invalidJsonType();
            }
        }
        CsvInput d = CsvInput.DEFAULT;
        FileHeaderInfo header = d.fileHeaderInfo();
        String fhi = text(csv, "FileHeaderInfo");
        if (fhi != null && !fhi.isEmpty()) {
            try {
                header = FileHeaderInfo.valueOf(fhi.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SelectException("InvalidFileHeaderInfo",
                        "The FileHeaderInfo is invalid. Only NONE, USE, and IGNORE are supported.");
            }
        }
        String comments = csv.childText("Comments");
        if (comments == null) comments = d.comments();
        else if (comments.isEmpty()) comments = null;
        else single("Comments", comments);
        String aqrd = text(csv, "AllowQuotedRecordDelimiter");
        boolean allowQuoted = aqrd != null && !aqrd.isEmpty() && S3Xml.bool(aqrd);
        return new CsvInput(header, comments,
                single("QuoteEscapeCharacter", or(csv.childText("QuoteEscapeCharacter"), d.quoteEscapeCharacter())),
                recordDelimiter(or(csv.childText("RecordDelimiter"), d.recordDelimiter())),
                single("FieldDelimiter", or(csv.childText("FieldDelimiter"), d.fieldDelimiter())),
                single("QuoteCharacter", or(csv.childText("QuoteCharacter"), d.quoteCharacter())),
                allowQuoted);
    }

    private static Output output(Element out) {
        Element csv = out.child("CSV");
        Element json = out.child("JSON");
        if (csv == null && json == null) throw missing();
        if (csv != null && json != null) throw conflict();
        if (json != null) {
            return new JsonOutput(recordDelimiter(or(json.childText("RecordDelimiter"), JsonOutput.DEFAULT.recordDelimiter())));
        }
        CsvOutput d = CsvOutput.DEFAULT;
        QuoteFields qf = d.quoteFields();
        String q = text(csv, "QuoteFields");
        if (q != null && !q.isEmpty()) {
            try {
                qf = QuoteFields.valueOf(q.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SelectException("InvalidQuoteFields",
                        "The QuoteFields is invalid. Only ALWAYS and ASNEEDED are supported.");
            }
        }
        return new CsvOutput(qf,
                single("QuoteEscapeCharacter", or(csv.childText("QuoteEscapeCharacter"), d.quoteEscapeCharacter())),
                recordDelimiter(or(csv.childText("RecordDelimiter"), d.recordDelimiter())),
                single("FieldDelimiter", or(csv.childText("FieldDelimiter"), d.fieldDelimiter())),
                single("QuoteCharacter", or(csv.childText("QuoteCharacter"), d.quoteCharacter())));
    }

    private static ScanRange scanRange(Element r) {
        if (r == null) return null;
        Long start = nonNegative(text(r, "Start"));
        Long end = nonNegative(text(r, "End"));
        if (start == null && end == null) throw invalidScanRange();
        if (start != null && end != null && start > end) throw invalidScanRange();
        return new ScanRange(start, end);
    }

    private static Long nonNegative(String s) {
        if (s == null) return null;
        try {
            long v = Long.parseLong(s);
            if (v < 0) throw invalidScanRange();
            return v;
        } catch (NumberFormatException e) {
            throw invalidScanRange();
        }
    }

    private static String or(String value, String dflt) {
        return value == null || value.isEmpty() ? dflt : value;
    }

    private static String single(String name, String value) {
        if (value.codePointCount(0, value.length()) != 1) throw invalidParameter(name);
        return value;
    }

    /** One character, or two (such as {@code \r\n}). */
    private static String recordDelimiter(String value) {
        int n = value.codePointCount(0, value.length());
        if (n < 1 || n > 2) throw invalidParameter("RecordDelimiter");
        return value;
    }

    private static SelectException missing() {
        return new SelectException("MissingRequiredParameter", "The SelectRequest entity is missing a required parameter.");
    }

    private static SelectException conflict() {
        return new SelectException("ObjectSerializationConflict",
                "InputSerialization specifies more than one format (CSV, JSON, or Parquet), or OutputSerialization "
                        + "specifies more than one format (CSV or JSON). InputSerialization and OutputSerialization "
                        + "can only specify one format each.");
    }

    private static SelectException invalidJsonType() {
        return new SelectException("InvalidJsonType", "The JsonType is invalid. Only DOCUMENT and LINES are supported.");
    }

    private static SelectException invalidScanRange() {
        return new SelectException("InvalidRequestParameter",
                "The value of a parameter in ScanRange element is invalid. Check the service API documentation and try again.");
    }

    private static SelectException invalidParameter(String name) {
        return new SelectException("InvalidRequestParameter",
                "The value of a parameter in SelectRequest element is invalid: " + name
                        + ". Check the service API documentation and try again.");
    }

    /** The child's trimmed text, or null (the document keeps text as sent: see {@link #parse}). */
    private static String text(Element e, String local) {
        String r = e.childText(local);
        return r == null ? null : r.trim();
    }
}
