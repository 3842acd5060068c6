package io.awsemu.s3.select;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

/** Serializes result rows as the request's OutputSerialization asks: CSV or JSON, one record per row. */
public abstract sealed class RecordWriter permits RecordWriter.Csv, RecordWriter.Json {

    public static RecordWriter of(SelectRequest req) {
        if (req.output() instanceof SelectRequest.CsvOutput c) return new Csv(c);
        return new Json((SelectRequest.JsonOutput) req.output());
    }

    /**
     * Appends {@code row}, followed by the record delimiter, to {@code out}; OverMaxRecordSize, with nothing appended,
     * when the row comes to more than S3 Select's 1 MB (a SELECT list naming a large field many times).
     */
    public abstract void write(OutputRow row, ByteArrayOutputStream out);

    static void checkSize(long size) {
        if (size > RecordReader.MAX_RECORD_CHARS) throw RecordReader.overMaxRecordSize();
    }

    /** A timestamp as S3 Select prints it, the text CAST(... AS STRING) gives. */
    static String timestamp(OffsetDateTime t) {
        return Values.formatTimestamp(t);
    }

    static String number(Object v) {
        if (v instanceof BigDecimal d) return d.toPlainString();
        return v.toString();
    }

    static final class Csv extends RecordWriter {
        private final SelectRequest.CsvOutput format;
        /**
         * The first characters of the delimiters and the quote, and CR and LF: a field without any is never quoted.
         * ASCII ones as a table, the others (a non-ASCII delimiter) in a string.
         */
        private final boolean[] asciiSpecials = new boolean[128];
        private final String otherSpecials;

        Csv(SelectRequest.CsvOutput format) {
            this.format = format;
            StringBuilder other = new StringBuilder();
            for (String s : List.of("\n", "\r", format.fieldDelimiter(), format.quoteCharacter(), format.recordDelimiter())) {
                if (s.isEmpty()) continue;
                char c = s.charAt(0);
                if (c < 128) asciiSpecials[c] = true;
                else other.append(c);
            }
            this.otherSpecials = other.toString();
        }

        @Override
        public void write(OutputRow row, ByteArrayOutputStream out) {
            StringBuilder b = new StringBuilder();
            List<Object> values = row.values();
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) b.append(format.fieldDelimiter());
                field(b, text(values.get(i)));
                checkSize(b.length());
            }
            b.append(format.recordDelimiter());
            out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        }

        private void field(StringBuilder b, String s) {
            String quote = format.quoteCharacter();
            boolean quoted = format.quoteFields() == SelectRequest.QuoteFields.ALWAYS
                    || mayNeedQuotes(s) && (s.contains(format.fieldDelimiter()) || s.contains(quote)
                    || s.contains(format.recordDelimiter()) || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0);
            if (!quoted) {
                b.append(s);
                return;
            }
            b.append(quote).append(s.replace(quote, format.quoteEscapeCharacter() + quote)).append(quote);
        }

        /** One pass over the field: false when none of its characters can start a delimiter, a quote or a line break. */
        private boolean mayNeedQuotes(String s) {
            boolean[] ascii = asciiSpecials;
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                if (c < 128 ? ascii[c] : otherSpecials.indexOf(c) >= 0) return true;
            }
            return false;
        }

        private static String text(Object v) {
            if (v == null || v == OutputRow.MISSING) return "";
            if (v instanceof String s) return s;
            if (v instanceof OffsetDateTime t) return timestamp(t);
            if (v instanceof JsonNode n) return n.toString();
            return number(v);
        }
    }

    static final class Json extends RecordWriter {
        private static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

        private final byte[] delimiter;

        Json(SelectRequest.JsonOutput format) {
            this.delimiter = format.recordDelimiter().getBytes(StandardCharsets.UTF_8);
        }

        /** The row being written: it goes to the output only once it is whole and within the size limit. */
        private final ByteArrayOutputStream rowBytes = new ByteArrayOutputStream();

        @Override
        public void write(OutputRow row, ByteArrayOutputStream out) {
            rowBytes.reset();
            try (JsonGenerator g = MAPPER.createGenerator(rowBytes)) {
                g.writeStartObject();
                for (int i = 0; i < row.names().size(); i++) {
                    Object v = row.values().get(i);
                    if (v == OutputRow.MISSING) continue;
                    g.writeFieldName(row.names().get(i));
                    value(g, v);
                    checkSize((long) rowBytes.size() + g.getOutputBuffered());
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.write(rowBytes.toByteArray(), 0, rowBytes.size());
            out.writeBytes(delimiter);
        }

        private static void value(JsonGenerator g, Object v) throws IOException {
            if (v == null) g.writeNull();
            else if (v instanceof String s) g.writeString(s);
            else if (v instanceof Boolean bool) g.writeBoolean(bool);
            else if (v instanceof Long l) g.writeNumber(l);
            else if (v instanceof BigDecimal d) g.writeNumber(d);
            else if (v instanceof Double d) {
                // JSON has no NaN or Infinity: those go out as strings
                if (d.isNaN() || d.isInfinite()) g.writeString(d.toString());
                else g.writeNumber(d);
            } else if (v instanceof OffsetDateTime t) g.writeString(timestamp(t));
            else if (v instanceof JsonNode n) g.writeTree(n);
            else if (v instanceof Number n) g.writeNumber(n.toString());
            else g.writeString(v.toString());
        }
    }
}
