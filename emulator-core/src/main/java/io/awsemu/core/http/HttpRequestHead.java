package io.awsemu.core.http;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request line and headers of one request, without Netty types, immutable.
 *
 * <p>{@code rawPath} and {@code rawQuery} are exactly as they came on the wire (signatures and S3
 * keys need the raw form); {@link #query()} is the decoded multimap ({@code +} is NOT a space in the
 * query decoding AWS uses for signatures, but it is in form bodies; see {@link #decodeQuery}).
 */
public final class HttpRequestHead {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Headers headers;
    private final Map<String, List<String>> query;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;

    public HttpRequestHead(String method, String uri, Headers headers,
                           InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
        this.method = method;
        int q = uri.indexOf('?');
        this.rawPath = q < 0 ? uri : uri.substring(0, q);
        this.rawQuery = q < 0 ? "" : uri.substring(q + 1);
        this.headers = headers;
        this.query = decodeQuery(rawQuery, false);
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
    }

    public String method() { return method; }
    /** Path as sent, still percent-encoded, without the query. */
    public String rawPath() { return rawPath; }
    /** Query string as sent, without '?', possibly empty. */
    public String rawQuery() { return rawQuery; }
    public String uri() { return rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery; }
    public Headers headers() { return headers; }
    public String header(String name) { return headers.get(name); }
    /** Decoded query parameters; a key without '=' maps to an empty string. */
    public Map<String, List<String>> query() { return query; }
    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
    public boolean hasQueryParam(String name) { return query.containsKey(name); }
    public InetSocketAddress remoteAddress() { return remoteAddress; }
    public InetSocketAddress localAddress() { return localAddress; }

    /** Host header without the port, lower-cased; empty if absent. */
    public String hostName() {
        String h = headers.get("Host");
        if (h == null) return "";
        h = h.trim().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(0, end + 1) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }

    /** The path with each segment percent-decoded ('+' stays '+'). */
    public String decodedPath() { return percentDecode(rawPath, false); }

    /**
     * Decodes {@code a=1&b&c=x%20y}. With {@code plusIsSpace} (HTML form bodies) '+' becomes a space;
     * in URLs AWS clients always encode a space as %20, and '+' is taken literally.
     */
    public static Map<String, List<String>> decodeQuery(String raw, boolean plusIsSpace) {
        if (raw == null || raw.isEmpty()) return Collections.emptyMap();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = percentDecode(eq < 0 ? pair : pair.substring(0, eq), plusIsSpace);
            String v = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), plusIsSpace);
            out.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Percent-decodes UTF-8; malformed escapes are kept literally rather than rejected. */
    public static String percentDecode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) return s;
        byte[] buf = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                buf[n++] = (byte) (hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                buf[n++] = ' ';
            } else if (c < 0x80) {
                buf[n++] = (byte) c;
            } else {
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    enc = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                System.arraycopy(enc, 0, buf, n, enc.length);
                n += enc.length;
            }
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** Kept for callers that want java.net semantics ('+' as space). */
    public static String formDecode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() { return method + " " + uri(); }
}
