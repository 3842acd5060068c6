package io.awsemu.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming {@code multipart/form-data} reader (RFC 7578): parts one after another, each part's
 * content an {@link InputStream} that ends at the next boundary. Memory is one fixed buffer, so a
 * file part of any size passes through without being held.
 */
public final class MultipartFormReader {
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /** One part: its headers (lower-case names) and the form field name and file name from Content-Disposition. */
    public final class Part {
        private final Map<String, String> headers;
        private final String name;
        private final String filename;
        private final InputStream content = new PartStream();

        Part(Map<String, String> headers) {
            this.headers = headers;
            Map<String, String> disposition = dispositionParams(headers.getOrDefault("content-disposition", ""));
            this.name = disposition.get("name");
            this.filename = disposition.get("filename");
        }

        public String name() { return name; }
        /** Null when the part is not a file. */
        public String filename() { return filename; }
        public String header(String lowerName) { return headers.get(lowerName); }
        /** The content, ending at the part's boundary. */
        public InputStream content() { return content; }

        /** The content as UTF-8 text, at most {@code max} bytes; null when longer. */
        public String text(int max) throws IOException {
            byte[] b = content.readNBytes(max + 1);
            if (b.length > max) return null;
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean partEnded = true;
    private boolean finished;

    /** @throws IllegalArgumentException when the boundary is empty or too long (RFC 2046: 1..70 characters) */
    public MultipartFormReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) throw new IllegalArgumentException("boundary");
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[BUFFER + delimiter.length];
        // a virtual CRLF first, so the opening boundary looks like every other delimiter
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** The boundary parameter of a {@code multipart/form-data} Content-Type, or null when it is not one. */
    public static String boundary(String contentType) {
        if (contentType == null) return null;
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("multipart/form-data")) return null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
                return b.isEmpty() ? null : b;
            }
        }
        return null;
    }

    /**
     * The next part, after skipping what is left of the current one; null after the closing boundary.
     *
     * @throws MalformedFormException when the body is not multipart/form-data with this boundary
     */
    public Part next() throws IOException {
        if (finished) return null;
        if (!partEnded) {
            // skip the rest of the current part
            byte[] skip = new byte[8192];
            while (readPart(skip, 0, skip.length) >= 0) { }
            if (finished) return null;
        }
        if (firstDelimiterPending) {
            // the preamble (usually empty) ends at the first delimiter
            byte[] skip = new byte[8192];
            partEnded = false;
            while (readPart(skip, 0, skip.length) >= 0) { }
            firstDelimiterPending = false;
            if (finished) return null;
        }
        Map<String, String> headers = readHeaders();
        partEnded = false;
        return new Part(headers);
    }

    private boolean firstDelimiterPending = true;

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine();
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) throw new MalformedFormException("part headers too large");
            if (line.isEmpty()) return h;
            int colon = line.indexOf(':');
            if (colon <= 0) throw new MalformedFormException("bad part header");
            h.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    private String readLine() throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        while (true) {
            if (pos == lim && !fill()) throw new MalformedFormException("body ends inside part headers");
            byte c = buf[pos++];
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            line.write(c);
            if (line.size() > MAX_HEADER_BYTES) throw new MalformedFormException("part header too long");
        }
    }

    /** Reads more input after what is buffered; false at end of input. */
    private boolean fill() throws IOException {
        if (eof) return false;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) return true;
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    // Reads the current part's content; -1 once its delimiter is reached (then consumed with what follows it).
    private int readPart(byte[] b, int off, int len) throws IOException {
        if (partEnded) return -1;
        while (true) {
            int found = indexOf(delimiter, pos, lim);
            if (found == pos) {
                pos += delimiter.length;
                afterDelimiter();
                partEnded = true;
                return -1;
            }
            // bytes that cannot be the start of a delimiter are safe to hand out
            int safe = found >= 0 ? found : Math.max(pos, lim - delimiter.length + 1);
            if (safe > pos) {
                int n = Math.min(len, safe - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            if (!fill()) throw new MalformedFormException("body ends before the closing boundary");
        }
    }

    // After "\r\n--boundary": "--" closes the body, else transport padding and CRLF start the next part.
    private void afterDelimiter() throws IOException {
        while (lim - pos < 2) if (!fill()) throw new MalformedFormException("body ends after a boundary");
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            pos += 2;
            return;
        }
        String rest = readLine();
        if (!rest.isBlank()) throw new MalformedFormException("garbage after boundary");
    }

    private int indexOf(byte[] needle, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (buf[i + j] != needle[j]) continue outer;
            return i;
        }
        // a partial match at the end is not a match yet
        return -1;
    }

    private final class PartStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            return readPart(b, off, len);
        }
    }

    static Map<String, String> dispositionParams(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            int eq = value.indexOf('=', i);
            if (eq < 0) break;
            String name = value.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < value.length() && value.charAt(j) == ' ') j++;
            String v;
            if (j < value.length() && value.charAt(j) == '"') {
                StringBuilder sb = new StringBuilder();
                int k = j + 1;
                while (k < value.length() && value.charAt(k) != '"') {
                    // only \" is an escape: browsers send Windows paths (C:\dir\f.txt) unescaped
                    if (value.charAt(k) == '\\' && k + 1 < value.length() && value.charAt(k + 1) == '"') k++;
                    sb.append(value.charAt(k++));
                }
                v = sb.toString();
                i = value.indexOf(';', k);
            } else {
                int semi = value.indexOf(';', j);
                v = value.substring(j, semi < 0 ? value.length() : semi).trim();
                i = semi;
            }
            out.put(name, v);
        }
        return out;
    }

    /** The body is not well-formed multipart/form-data. */
    public static final class MalformedFormException extends IOException {
        public MalformedFormException(String message) {
            super(message);
        }
    }
}
