package io.awsemu.s3;

import io.awsemu.core.http.HttpRequestHead;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an S3 request addresses: the service, a bucket, or an object, parsed once from the Host and
 * the raw path. Virtual-host style when the Host is {@code <bucket>.s3[.<region>].<domain>} or one of
 * AWS's own S3 host names; path style otherwise (s3.&lt;domain&gt;, localhost, IP addresses).
 *
 * <p>The key is the raw path after the bucket, percent-decoded exactly once: {@code +} stays a plus,
 * {@code %2F} becomes '/', empty segments ({@code //}), {@code ..} and a trailing '/' are kept. A
 * malformed escape or non-UTF-8 bytes are InvalidURI.
 *
 * @param bucket null for the service ({@code GET /})
 * @param key    null for the service or a bucket
 * @param region the region named in the Host, or null
 */
public record S3Target(String bucket, String key, Style style, String region) {

    public enum Style { PATH, VIRTUAL_HOST }

    /** Route shapes: the service root, a bucket, an object. */
    public enum Shape { SERVICE, BUCKET, OBJECT }

    private static final String REGION = "([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\\d+)";
    // <bucket>.s3.amazonaws.com, <bucket>.s3.<region>.amazonaws.com, <bucket>.s3-<region>.amazonaws.com,
    // <bucket>.s3.dualstack.<region>.amazonaws.com, <bucket>.s3-external-1.amazonaws.com
    private static final Pattern AWS_VHOST = Pattern.compile(
            "(.+)\\.s3(?:[.-]" + REGION + "|\\.dualstack\\." + REGION + "|-external-1)?\\.amazonaws\\.com");

    private static final Pattern REGIONAL_FRONT = Pattern.compile("(.+)\\.s3\\." + REGION);

    public Shape shape() {
        if (bucket == null) return Shape.SERVICE;
        return key == null ? Shape.BUCKET : Shape.OBJECT;
    }

    public static S3Target parse(HttpRequestHead head, String domain) {
        return parse(head.hostName(), head.rawPath(), domain);
    }

    /** @param host the Host without its port, as {@link HttpRequestHead#hostName()} gives it */
    public static S3Target parse(String host, String rawPath, String domain) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        String[] vhost = virtualHostBucket(host == null ? "" : host.toLowerCase(Locale.ROOT),
                domain == null || domain.isEmpty() ? "localhost" : domain.toLowerCase(Locale.ROOT));
        if (vhost != null) {
            // the whole path after the first '/' is the key; "/" alone is the bucket
            String raw = path.startsWith("/") ? path.substring(1) : path;
            return new S3Target(vhost[0], raw.isEmpty() ? null : decode(raw), Style.VIRTUAL_HOST, vhost[1]);
        }
        String rest = path.startsWith("/") ? path.substring(1) : path;
        if (rest.isEmpty()) return new S3Target(null, null, Style.PATH, null);
        int slash = rest.indexOf('/');
        if (slash < 0) return new S3Target(decode(rest), null, Style.PATH, null);
        String bucket = decode(rest.substring(0, slash));
        String rawKey = rest.substring(slash + 1);
        return new S3Target(bucket, rawKey.isEmpty() ? null : decode(rawKey), Style.PATH, null);
    }

    /** {bucket, region-or-null} for a virtual-host Host, else null. */
    private static String[] virtualHostBucket(String host, String domain) {
        Matcher m = AWS_VHOST.matcher(host);
        if (m.matches()) {
            String region = m.group(2) != null ? m.group(2) : m.group(3);
            return new String[] {m.group(1), region};
        }
        String suffix = ".s3." + domain;
        if (host.endsWith(suffix) && host.length() > suffix.length()) {
            return new String[] {host.substring(0, host.length() - suffix.length()), null};
        }
        // <bucket>.s3.<region>.<domain>
        String tail = "." + domain;
        if (host.endsWith(tail)) {
            String front = host.substring(0, host.length() - tail.length());
            Matcher r = REGIONAL_FRONT.matcher(front);
            if (r.matches()) return new String[] {r.group(1), r.group(2)};
        }
        return null;
    }

    /**
     * Percent-decodes once, strictly: a malformed escape or bytes that are not UTF-8 are InvalidURI,
     * as S3 answers, rather than a key silently altered by replacement characters.
     */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) return raw;
        byte[] buf = new byte[raw.length() * 4];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    throw S3Errors.invalidUri(raw);
                }
                buf[n++] = (byte) (hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                byte[] enc = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(enc, 0, buf, n, enc.length);
                n += enc.length;
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw S3Errors.invalidUri(raw);
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
