package io.awsemu.s3.select;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.s3.select.parquet.ParquetReader;
import io.awsemu.s3.select.parquet.RandomAccessSource;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Reads an object's records as S3 Select sees them, streaming: decompresses it, splits it into CSV rows or JSON
 * values and, for a ScanRange, keeps only the records whose first byte lies in the range. Format errors are
 * {@link SelectException}s with S3's codes; a failure reading the object itself is an {@link UncheckedIOException}.
 */
public final class RecordReader implements Closeable {
    /**
     * AWS's limit on one record (and the bound on what a reader holds in memory for one): characters where a reader
     * decodes them one at a time, bytes where it scans bytes (JSON LINES, and CSV whose special characters are ASCII).
     */
    public static final int MAX_RECORD_CHARS = 1024 * 1024;

    /** Numbers with a fraction as BigDecimal, exactly as written (1.50 stays 1.50). */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    /** One value per line: anything after it on the line is an error. */
    private static final ObjectReader LINE = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final LongSupplier scanned;
    private final LongSupplier processed;
    private final Source source;
    private final Closeable closer;

    private RecordReader(LongSupplier scanned, LongSupplier processed, Source source, Closeable closer) {
        this.scanned = scanned;
        this.processed = processed;
        this.source = source;
        this.closer = closer;
    }

    /** Opens {@code object} (all of it, from byte 0) for {@code req}, a CSV or JSON request. */
    public static RecordReader open(InputStream object, SelectRequest req, long objectSize) {
        return open(object, req, objectSize, null);
    }

    /**
     * As {@link #open(InputStream, SelectRequest, long)}; JSON LINES records that are objects then hold only the members
     * {@code fields} accepts (null: all; see {@link SelectQuery#fields()}).
     */
    public static RecordReader open(InputStream object, SelectRequest req, long objectSize, Predicate<String> fields) {
        Counting scanned = new Counting(object, true);
        InputStream plain;
        try {
            plain = switch (req.compression()) {
                case NONE -> scanned;
                case GZIP -> new GZIPInputStream(scanned, 64 * 1024);
                case BZIP2 -> new BZip2CompressorInputStream(scanned, true);
            };
        } catch (IOException e) {
            throw decompression(e, true);
        }
        Counting processed = new Counting(plain, false);
        long[] range = req.scanRange() == null ? new long[] {0, Long.MAX_VALUE} : req.scanRange().resolve(objectSize);
        Source source;
        if (req.input() instanceof SelectRequest.CsvInput csv) {
            source = new CsvSource(new Bytes(processed), csv, range);
        } else if (req.input() instanceof SelectRequest.JsonInput json) {
            source = json.type() == SelectRequest.JsonType.LINES
                    ? new LinesSource(new Bytes(processed), range, fields) : new DocumentSource(processed);
        } else {
            throw new IllegalArgumentException("Parquet input is not read by RecordReader");
        }
        return new RecordReader(() -> scanned.count, () -> processed.count, source, processed);
    }

    /**
     * Opens a Parquet object for {@code req}: its footer is read here (a ParquetParsingError and the like is thrown
     * now), its rows as {@link #next()} asks. Each row is a JSON record whose values carry the column's type.
     * Only the top-level fields {@code fields} accepts are read (null: all; see {@link SelectQuery#fields()}).
     * {@code alsoClose} is closed with the reader (or now, if the footer cannot be read).
     */
    public static RecordReader openParquet(RandomAccessSource object, SelectRequest req, Predicate<String> fields,
                                           Closeable alsoClose) {
        long[] range = null;
        if (req.scanRange() != null) {
            long[] r = req.scanRange().resolve(object.size());
            range = r == null ? new long[] {0, 0} : new long[] {r[0], r[1] + 1};
        }
        ParquetReader parquet;
        try {
            parquet = ParquetReader.open(object, range, fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Source rows = () -> {
            ObjectNode row;
            try {
                row = parquet.next();
            } catch (IOException e) {
                throw new ObjectReadFailure(e);
            }
            return row == null ? null : new InputRecord.Json(row);
        };
        return new RecordReader(parquet::bytesScanned, parquet::bytesProcessed, rows, () -> {
            try (alsoClose) {
                parquet.close();
            }
        });
    }

    /** The next record, or null when there are no more. */
    public InputRecord next() {
        try {
            return source.next();
        } catch (JsonProcessingException e) {
            throw new SelectException("JSONParsingError",
                    "Encountered an error parsing the JSON file. Check the file and try again. " + e.getOriginalMessage());
        } catch (IOException e) {
            throw decompression(e, false);
        }
    }

    /** Bytes read from the object as stored (compressed when it is). */
    public long bytesScanned() {
        return scanned.getAsLong();
    }

    /** Bytes of the object after decompression that the reader took in. */
    public long bytesProcessed() {
        return processed.getAsLong();
    }

    /** Closes the object's stream. */
    @Override
    public void close() throws IOException {
        closer.close();
    }

    private static RuntimeException decompression(IOException e, boolean atStart) {
        if (e instanceof ObjectReadFailure f) return new UncheckedIOException((IOException) f.getCause());
        if (atStart) {
            return new SelectException("InvalidCompressionFormat",
                    "The file is not in a supported compression format. Only GZIP and BZIP2 are supported.");
        }
        return new SelectException("TruncatedInput",
                "Object decompression failed. Check that the object is properly compressed using the format "
                        + "specified in the request.");
    }

    /** A record read, or a row made, over the 1 MB S3 Select allows. */
    static SelectException overMaxRecordSize() {
        return new SelectException("OverMaxRecordSize",
                "The length of a record in the input or result is greater than maxCharsPerRecord of 1 MB.");
    }

    private interface Source {
        InputRecord next() throws IOException;
    }

    /** Tells a failure of the object's own stream apart from one of the decompressor reading it. */
    private static final class ObjectReadFailure extends IOException {
        ObjectReadFailure(IOException cause) {
            super(cause);
        }
    }

    /**
     * Counts the bytes read through it; for the object's own stream ({@code source}) it also tells its failures apart.
     * A read at or past {@code until} is OverMaxRecordSize (a JSON document's value read whole stays within bounds).
     */
    private static final class Counting extends FilterInputStream {
        private final boolean source;
        long count;
        long until = Long.MAX_VALUE;

        Counting(InputStream in, boolean source) {
            super(in);
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            if (count >= until) throw overMaxRecordSize();
            int b = (int) wrap(() -> super.read());
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count >= until) throw overMaxRecordSize();
            int n = (int) wrap(() -> super.read(b, off, (int) Math.min(len, until - count)));
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return wrap(() -> super.skip(n));
        }

        /**
         * At least 1 for the object's stream: GZIPInputStream looks for a further member of a concatenated file
         * only when its source claims more bytes are available, which a network stream need not.
         */
        @Override
        public int available() throws IOException {
            int a = (int) wrap(() -> super.available());
            return source ? Math.max(1, a) : a;
        }

        private long wrap(IoCall call) throws IOException {
            if (!source) return call.run();
            try {
                return call.run();
            } catch (IOException e) {
                throw new ObjectReadFailure(e);
            }
        }

        private interface IoCall {
            long run() throws IOException;
        }
    }

    // ---------------------------------------------------------------- bytes and characters

    /**
     * A buffered byte source that knows its position and decodes UTF-8 one code point at a time. The CSV reader
     * also scans {@link #buf} between {@link #pos} and {@link #lim} itself.
     */
    static final class Bytes {
        static final int EOF = -1;
        /** Bytes of the previous buffer kept on a refill, so the last code point (4 bytes at most) can be put back. */
        private static final int KEEP = 4;
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int lim;
        /** The position of {@code buf[0]} in the stream. */
        private long base;
        private int lastLength;

        Bytes(InputStream in) {
            this.in = in;
        }

        long position() {
            return base + pos;
        }

        int read() throws IOException {
            if (pos == lim && !fill()) return EOF;
            return buf[pos++] & 0xFF;
        }

        /**
         * Copies the bytes up to the next newline (or the end) to the start of {@code into} and consumes the newline;
         * their count, -1 when there was nothing left to read, or -2 past {@code max} bytes (the rest of the line then
         * unread).
         */
        int readLine(LineBuffer into, int max) throws IOException {
            if (pos == lim && !fill()) return -1;
            int n = 0;
            while (true) {
                int i = pos;
                byte[] b = buf;
                int end = lim;
                while (i < end && b[i] != '\n') i++;
                int chunk = i - pos;
                if (n + chunk > max) return -2;
                into.append(n, b, pos, chunk);
                n += chunk;
                pos = i;
                if (i < end) {
                    pos++; // the newline
                    return n;
                }
                if (!fill()) return n;
            }
        }

        /** Refills the buffer once {@code pos == lim}, keeping its last {@link #KEEP} bytes before {@code pos}. */
        private boolean fill() throws IOException {
            int keep = Math.min(KEEP, lim);
            base += lim - keep;
            System.arraycopy(buf, lim - keep, buf, 0, keep);
            pos = keep;
            lim = keep;
            int n;
            do {
                n = in.read(buf, keep, buf.length - keep);
            } while (n == 0);
            if (n < 0) return false;
            lim = keep + n;
            return true;
        }

        /** Skips {@code n} bytes; fewer at the end of the object. */
        void skip(long n) throws IOException {
            long buffered = Math.min(n, lim - pos);
            pos += (int) buffered;
            n -= buffered;
            while (n > 0) {
                long s = in.skip(n);
                if (s > 0) {
                    base += s;
                    n -= s;
                } else {
                    if (read() == EOF) return;
                    n--;
                }
            }
        }

        /** The next code point (U+FFFD for a malformed sequence), or EOF. */
        int next() throws IOException {
            long start = position();
            int b = read();
            int c;
            if (b < 0x80) {
                c = b;
            } else {
                int more = b >= 0xF8 ? -1 : b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
                c = more < 0 ? 0xFFFD : b & (0x3F >> more);
                for (int i = 0; i < more; i++) {
                    if (pos == lim && !fill()) {
                        c = 0xFFFD;
                        break;
                    }
                    int x = buf[pos] & 0xFF;
                    if ((x & 0xC0) != 0x80) {
                        c = 0xFFFD;
                        break;
                    }
                    pos++;
                    c = (c << 6) | (x & 0x3F);
                }
                // past Unicode's last code point, or a surrogate: as Java's UTF-8 decoder has them (appendCodePoint throws on the first)
                if (c > Character.MAX_CODE_POINT || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) c = 0xFFFD;
            }
            lastLength = (int) (position() - start);
            return c;
        }

        /** Puts back the code point {@link #next} just returned. */
        void unread(int c) {
            if (c == EOF) return;
            pos -= lastLength;
            lastLength = 0;
        }

        int peek() throws IOException {
            int c = next();
            unread(c);
            return c;
        }

        /**
         * Moves to the first record start at or after {@code first}: the byte after a {@code delimiter}, or
         * {@code first} itself when the bytes before it are one.
         */
        void seekRecordStart(long first, byte[] delimiter) throws IOException {
            if (position() >= first) return;
            int k = delimiter.length;
            long from = Math.max(position(), first - k);
            skip(from - position());
            int[] window = new int[k];
            Arrays.fill(window, Integer.MIN_VALUE);
            while (position() < first) {
                int b = read();
                if (b == EOF) return;
                push(window, b);
            }
            while (!matches(window, delimiter)) {
                int b = read();
                if (b == EOF) return;
                push(window, b);
            }
        }

        private static void push(int[] window, int b) {
            System.arraycopy(window, 1, window, 0, window.length - 1);
            window[window.length - 1] = b;
        }

        private static boolean matches(int[] window, byte[] delimiter) {
            for (int i = 0; i < delimiter.length; i++) if (window[i] != (delimiter[i] & 0xFF)) return false;
            return true;
        }
    }

    // ---------------------------------------------------------------- CSV

    private static final class CsvSource implements Source {
        private final Bytes in;
        private final int fieldDelimiter;
        private final int quote;
        private final int escape;
        private final int comment;
        private final int[] recordDelimiter;
        private final boolean allowQuotedRecordDelimiter;
        private final List<String> header;
        private final long last;
        private final long first;
        private final byte[] delimiterBytes;
        /** Whether the fields can be found by scanning bytes: see {@link #scannable}. */
        private final boolean byBytes;
        /** A byte that ends a record alone, or {@link #NO_BYTE}. */
        private final int end1;
        /** The first and second byte of a two-byte record end ({@code \r\n} for a {@code \n} delimiter). */
        private final int lead2;
        private final int second2;
        /** Bytes that stop the scan of a quoted field: the escape (when not the quote) and the record delimiter's first. */
        private final int quotedEscape;
        private final int quotedRecordLead;
        /** The current field's bytes so far, when it spans a refill of the buffer or is quoted. */
        private byte[] field = new byte[1024];
        private int fieldLength;
        private int fieldCount = 8;
        private boolean positioned;
        private boolean done;
        /** Where the row {@link #record} last returned begins in the (uncompressed) object. */
        private long recordStart;

        CsvSource(Bytes in, SelectRequest.CsvInput f, long[] range) {
            this.in = in;
            this.fieldDelimiter = f.fieldDelimiter().codePointAt(0);
            this.quote = f.quoteCharacter().codePointAt(0);
            this.escape = f.quoteEscapeCharacter().codePointAt(0);
            this.comment = f.comments() == null ? Integer.MIN_VALUE : f.comments().codePointAt(0);
            this.recordDelimiter = f.recordDelimiter().codePoints().toArray();
            this.delimiterBytes = f.recordDelimiter().getBytes(StandardCharsets.UTF_8);
            this.allowQuotedRecordDelimiter = f.allowQuotedRecordDelimiter();
            this.byBytes = scannable(f);
            boolean newline = recordDelimiter.length == 1 && recordDelimiter[0] == '\n';
            this.end1 = recordDelimiter.length == 1 ? recordDelimiter[0] : NO_BYTE;
            this.lead2 = newline ? '\r' : recordDelimiter.length == 2 ? recordDelimiter[0] : NO_BYTE;
            this.second2 = newline ? '\n' : recordDelimiter.length == 2 ? recordDelimiter[1] : NO_BYTE;
            this.quotedEscape = escape != quote ? escape : NO_BYTE;
            this.quotedRecordLead = allowQuotedRecordDelimiter ? NO_BYTE : recordDelimiter[0];
            this.done = range == null;
            this.first = range == null ? 0 : range[0];
            this.last = range == null ? -1 : range[1];
            List<String> h = null;
            if (f.fileHeaderInfo() != SelectRequest.FileHeaderInfo.NONE) {
                // the header is the object's first line whatever the scan range
                try {
                    List<String> line = record();
                    if (f.fileHeaderInfo() == SelectRequest.FileHeaderInfo.USE) h = line;
                } catch (IOException e) {
                    throw decompression(e, false);
                }
            }
            this.header = h;
        }

        @Override
        public InputRecord next() throws IOException {
            if (done) return null;
            if (!positioned) {
                positioned = true;
                in.seekRecordStart(first, delimiterBytes);
            }
            List<String> fields = record();
            if (fields == null || recordStart > last) {
                done = true;
                return null;
            }
            return new InputRecord.Csv(fields, header);
        }

        /** The next row's fields, skipping comment and empty lines; null at the end. */
        private List<String> record() throws IOException {
            while (true) {
                long start = in.position();
                int c = in.next();
                if (c == Bytes.EOF) return null;
                if (c == comment) {
                    skipLine();
                    continue;
                }
                if (recordEnd(c)) continue;
                in.unread(c);
                recordStart = start;
                return byBytes ? scanFields() : fields();
            }
        }

        /**
         * Whether {@link #scanFields} may read this format: its special characters are all ASCII, so none is ever
         * part of a UTF-8 multi-byte sequence (not even a malformed one, as {@link Bytes#next} never takes an ASCII
         * byte into one), and the quote is neither the field nor the record delimiter.
         */
        private static boolean scannable(SelectRequest.CsvInput f) {
            String all = f.fieldDelimiter() + f.quoteCharacter() + f.quoteEscapeCharacter() + f.recordDelimiter()
                    + (f.comments() == null ? "" : f.comments());
            if (!all.chars().allMatch(c -> c < 0x80)) return false;
            int q = f.quoteCharacter().charAt(0);
            return q != f.fieldDelimiter().charAt(0) && f.recordDelimiter().indexOf(q) < 0
                    && f.recordDelimiter().indexOf(f.fieldDelimiter().charAt(0)) < 0;
        }

        private void skipLine() throws IOException {
            int c;
            do {
                c = in.next();
            } while (c != Bytes.EOF && !recordEnd(c));
        }

        /** Whether {@code c} (just read) begins a record delimiter; if so the rest of it is consumed. */
        private boolean recordEnd(int c) throws IOException {
            if (recordDelimiter.length == 1) {
                if (c == recordDelimiter[0]) return true;
                // a \n delimiter also ends a line at \r\n
                if (c == '\r' && recordDelimiter[0] == '\n' && in.peek() == '\n') {
                    in.next();
                    return true;
                }
                return false;
            }
            if (c == recordDelimiter[0] && in.peek() == recordDelimiter[1]) {
                in.next();
                return true;
            }
            return false;
        }

        private List<String> fields() throws IOException {
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            int size = 0;
            int state = START;
            while (true) {
                int c = in.next();
                if (c == Bytes.EOF) {
                    if (state == QUOTED) throw unterminatedQuote();
                    fields.add(f.toString());
                    return fields;
                }
                if (++size > MAX_RECORD_CHARS) {
                    throw overMaxRecordSize();
                }
                if (state == QUOTED) {
                    if (c == escape && escape != quote) {
                        int n = in.peek();
                        if (n == quote || n == escape) {
                            f.appendCodePoint(in.next());
                            continue;
                        }
                        f.appendCodePoint(c);
                    } else if (c == quote) {
                        if (in.peek() == quote) f.appendCodePoint(in.next());
                        else state = AFTER_QUOTE;
                    } else {
                        if (!allowQuotedRecordDelimiter && quotedRecordDelimiter(c)) throw escapedRecordDelimiter();
                        f.appendCodePoint(c);
                    }
                    continue;
                }
                if (c == fieldDelimiter) {
                    fields.add(f.toString());
                    f.setLength(0);
                    state = START;
                } else if (recordEnd(c)) {
                    fields.add(f.toString());
                    return fields;
                } else if (state == AFTER_QUOTE) {
                    throw unescapedQuote();
                } else if (state == START && c == quote) {
                    state = QUOTED;
                } else {
                    f.appendCodePoint(c);
                    state = UNQUOTED;
                }
            }
        }

        /**
         * {@link #fields} for a {@link #scannable} format, scanning the buffer's bytes for the special ones and
         * decoding each field with {@code new String(bytes, UTF_8)} (a malformed sequence becomes U+FFFD). The record
         * limit counts bytes here: the record, its delimiter included, may have {@link #MAX_RECORD_CHARS} bytes.
         */
        private List<String> scanFields() throws IOException {
            Bytes in = this.in;
            byte[] buf = in.buf;
            List<String> fields = new ArrayList<>(fieldCount);
            String quoted = null;
            fieldLength = 0;
            int p = in.pos;
            int lim = in.lim;
            // the bytes of the current field not yet in `field`: buf[start, p)
            int start = p;
            int state = START;
            while (true) {
                if (p == lim) {
                    keep(buf, start, p);
                    in.pos = p;
                    if (in.position() - recordStart > MAX_RECORD_CHARS) throw overMaxRecordSize();
                    if (!in.fill()) {
                        switch (state) {
                            case QUOTED, ESCAPED, QUOTED_LEAD -> throw unterminatedQuote();
                            case AFTER_QUOTE_LEAD -> throw unescapedQuote();
                            case AFTER_QUOTE -> fields.add(quoted);
                            case UNQUOTED_LEAD -> {
                                keepByte(lead2);
                                fields.add(take(buf, p, p));
                            }
                            default -> fields.add(take(buf, p, p)); // START, UNQUOTED, QUOTE_SEEN
                        }
                        return endRecord(fields);
                    }
                    p = in.pos;
                    lim = in.lim;
                    start = p;
                }
                int x = buf[p];
                switch (state) {
                    case START -> {
                        if (x == quote) {
                            state = QUOTED;
                            start = ++p;
                        } else {
                            state = UNQUOTED;
                        }
                    }
                    case UNQUOTED -> {
                        while (x != fieldDelimiter && x != end1 && x != lead2 && ++p < lim) x = buf[p];
                        if (p == lim) continue;
                        if (x == fieldDelimiter) {
                            fields.add(take(buf, start, p));
                            start = ++p;
                            state = START;
                        } else if (x == end1) {
                            fields.add(take(buf, start, p));
                            in.pos = p + 1;
                            return endRecord(fields);
                        } else if (p + 1 == lim) { // lead2 last in the buffer: the next byte decides
                            keep(buf, start, p);
                            start = ++p;
                            state = UNQUOTED_LEAD;
                        } else if (buf[p + 1] == second2) {
                            fields.add(take(buf, start, p));
                            in.pos = p + 2;
                            return endRecord(fields);
                        } else {
                            p++;
                        }
                    }
                    case UNQUOTED_LEAD -> {
                        if (x == second2) {
                            fields.add(take(buf, p, p));
                            in.pos = p + 1;
                            return endRecord(fields);
                        }
                        keepByte(lead2);
                        state = UNQUOTED;
                    }
                    case QUOTED -> {
                        while (x != quote && x != quotedEscape && x != quotedRecordLead && ++p < lim) x = buf[p];
                        if (p == lim) continue;
                        if (x == quote) {
                            if (p + 1 < lim && buf[p + 1] != quote) {
                                quoted = take(buf, start, p);
                                start = ++p;
                                state = AFTER_QUOTE;
                                continue;
                            }
                            state = QUOTE_SEEN;
                        } else if (x == quotedEscape) {
                            state = ESCAPED;
                        } else if (recordDelimiter.length == 1) {
                            throw escapedRecordDelimiter();
                        } else {
                            state = QUOTED_LEAD;
                        }
                        keep(buf, start, p);
                        start = ++p;
                    }
                    case QUOTE_SEEN -> {
                        if (x == quote) {
                            keepByte(quote);
                            start = ++p;
                            state = QUOTED;
                        } else {
                            quoted = take(buf, p, p);
                            state = AFTER_QUOTE;
                        }
                    }
                    case ESCAPED -> {
                        if (x == quote || x == escape) {
                            keepByte(x);
                            start = ++p;
                        } else {
                            keepByte(escape);
                        }
                        state = QUOTED;
                    }
                    case QUOTED_LEAD -> {
                        if (x == second2) throw escapedRecordDelimiter();
                        keepByte(quotedRecordLead);
                        state = QUOTED;
                    }
                    case AFTER_QUOTE -> {
                        if (x == fieldDelimiter) {
                            fields.add(quoted);
                            start = ++p;
                            state = START;
                        } else if (x == end1) {
                            fields.add(quoted);
                            in.pos = p + 1;
                            return endRecord(fields);
                        } else if (x == lead2) {
                            start = ++p;
                            state = AFTER_QUOTE_LEAD;
                        } else {
                            throw unescapedQuote();
                        }
                    }
                    case AFTER_QUOTE_LEAD -> {
                        if (x != second2) throw unescapedQuote();
                        fields.add(quoted);
                        in.pos = p + 1;
                        return endRecord(fields);
                    }
                    default -> throw new IllegalStateException("state " + state);
                }
            }
        }

        private List<String> endRecord(List<String> fields) {
            if (in.position() - recordStart > MAX_RECORD_CHARS) throw overMaxRecordSize();
            fieldCount = fields.size();
            return fields;
        }

        /** The current field: the bytes kept in {@link #field} and then {@code buf[from, to)}. */
        private String take(byte[] buf, int from, int to) {
            if (fieldLength == 0) return new String(buf, from, to - from, StandardCharsets.UTF_8);
            keep(buf, from, to);
            String s = new String(field, 0, fieldLength, StandardCharsets.UTF_8);
            fieldLength = 0;
            return s;
        }

        private void keep(byte[] buf, int from, int to) {
            int n = to - from;
            if (n == 0) return;
            if (fieldLength + n > field.length) field = Arrays.copyOf(field, Math.max(field.length * 2, fieldLength + n));
            System.arraycopy(buf, from, field, fieldLength, n);
            fieldLength += n;
        }

        private void keepByte(int b) {
            if (fieldLength == field.length) field = Arrays.copyOf(field, field.length * 2);
            field[fieldLength++] = (byte) b;
        }

        private static SelectException unterminatedQuote() {
            return new SelectException("CSVParsingError",
                    "Encountered an error parsing the CSV file: a quoted field is not terminated. "
                            + "Check the file and try again.");
        }

        private static SelectException unescapedQuote() {
            return new SelectException("CSVUnescapedQuote", "The CSV file contains an unescaped quote.");
        }

        private static SelectException escapedRecordDelimiter() {
            return new SelectException("CSVEscapingRecordDelimiter",
                    "The CSV file contains escaped record delimiters. Set AllowQuotedRecordDelimiter "
                            + "to TRUE to read them.");
        }

        private boolean quotedRecordDelimiter(int c) throws IOException {
            if (c != recordDelimiter[0]) return false;
            return recordDelimiter.length == 1 || in.peek() == recordDelimiter[1];
        }

        private static final int START = 0;
        private static final int UNQUOTED = 1;
        private static final int QUOTED = 2;
        private static final int AFTER_QUOTE = 3;
        // states only scanFields has: a byte was read whose meaning depends on the next one
        private static final int UNQUOTED_LEAD = 4;
        private static final int QUOTE_SEEN = 5;
        private static final int ESCAPED = 6;
        private static final int QUOTED_LEAD = 7;
        private static final int AFTER_QUOTE_LEAD = 8;
        /** Equals no byte as {@code buf} gives them (-128 to 127). */
        private static final int NO_BYTE = 256;
    }

    // ---------------------------------------------------------------- JSON

    /** JSON LINES: one value per {@code \n}-ended line; blank lines are skipped. */
    /** A growing byte array for one line. */
    static final class LineBuffer {
        byte[] bytes = new byte[8 * 1024];

        void append(int at, byte[] src, int off, int len) {
            if (at + len > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(at + len, bytes.length * 2));
            System.arraycopy(src, off, bytes, at, len);
        }
    }

    private static final class LinesSource implements Source {
        private static final byte[] NEWLINE = {'\n'};
        private final Bytes in;
        private final long first;
        private final long last;
        /** The top-level fields the query reads, or null for all (see {@link SelectQuery#fields()}). */
        private final Predicate<String> fields;
        private boolean positioned;
        private boolean done;
        private final LineBuffer line = new LineBuffer();

        LinesSource(Bytes in, long[] range, Predicate<String> fields) {
            this.in = in;
            this.done = range == null;
            this.first = range == null ? 0 : range[0];
            this.last = range == null ? -1 : range[1];
            this.fields = fields;
        }

        @Override
        public InputRecord next() throws IOException {
            if (done) return null;
            if (!positioned) {
                positioned = true;
                in.seekRecordStart(first, NEWLINE);
            }
            while (true) {
                long start = in.position();
                if (start > last) break;
                int length = readLine();
                if (length < 0) break;
                if (blank(length)) continue;
                return new InputRecord.Json(fields == null ? LINE.readTree(line.bytes, 0, length) : someFields(length));
            }
            done = true;
            return null;
        }

        /** Reads up to and past the next newline into {@link #line}; its length, or -1 at the end. */
        private int readLine() throws IOException {
            int n = in.readLine(line, MAX_RECORD_CHARS);
            if (n == -2) throw overMaxRecordSize();
            return n;
        }

        /**
         * A line that is an object, with only the members the query can read: the others are checked as JSON but not
         * built. Anything else (an array, a scalar) is read whole.
         */
        private JsonNode someFields(int length) throws IOException {
            try (JsonParser p = MAPPER.getFactory().createParser(line.bytes, 0, length)) {
                if (p.nextToken() != JsonToken.START_OBJECT) return LINE.readTree(line.bytes, 0, length);
                ObjectNode o = MAPPER.getNodeFactory().objectNode();
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (fields.test(name)) o.set(name, MAPPER.readTree(p));
                    else p.skipChildren();
                }
                if (t != JsonToken.END_OBJECT) throw new JsonParseException(p, "Unexpected token " + t);
                if (p.nextToken() != null) throw new JsonParseException(p, "Trailing token after the value");
                return o;
            }
        }

        private boolean blank(int length) {
            for (int i = 0; i < length; i++) {
                byte b = line.bytes[i];
                if (b != ' ' && b != '\t' && b != '\r') return false;
            }
            return true;
        }
    }

    /**
     * JSON DOCUMENT: each top-level value of the object is a record. A value is read into memory whole, so while it is
     * read the stream under the parser ends 1 MB (plus the parser's read-ahead) after its start: a read past that is
     * OverMaxRecordSize, and a huge document cannot fill the heap.
     */
    private static final class DocumentSource implements Source {
        /** More than the parser reads ahead of its position (Jackson reads 8,000 bytes at a time). */
        private static final int READ_AHEAD = 64 * 1024;
        /** The decompressed object from its first byte, so its count is the parser's byte offset. */
        private final Counting in;
        private final JsonParser parser;

        DocumentSource(Counting in) {
            this.in = in;
            try {
                this.parser = MAPPER.getFactory().createParser(in); // reads the first bytes (their encoding)
            } catch (IOException e) {
                throw decompression(e, false);
            }
        }

        @Override
        public InputRecord next() throws IOException {
            in.until = Long.MAX_VALUE; // whitespace between values is not kept
            JsonToken t = parser.nextToken();
            if (t == null) return null;
            long start = parser.currentTokenLocation().getByteOffset();
            in.until = start + MAX_RECORD_CHARS + READ_AHEAD;
            JsonNode value = MAPPER.readTree(parser);
            if (parser.currentLocation().getByteOffset() - start > MAX_RECORD_CHARS) throw overMaxRecordSize();
            return new InputRecord.Json(value);
        }
    }
}
