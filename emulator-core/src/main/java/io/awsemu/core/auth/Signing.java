package io.awsemu.core.auth;

import io.awsemu.core.checksum.Sha256;
import io.awsemu.core.http.HttpRequestHead;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hashing, HMAC and AWS's URI encoding, shared by the SigV2 and SigV4 code. */
final class Signing {
    private Signing() {}

    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[b[i] & 0xf];
        }
        return new String(out);
    }

    /** S3's "StringToSignBytes" rendering: two hex digits per byte, separated by spaces. */
    static String spacedHex(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(HEX[(b[i] >> 4) & 0xf]).append(HEX[b[i] & 0xf]);
        }
        return sb.toString();
    }

    static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    static String sha256Hex(byte[] data) { return hex(sha256().digest(data)); }

    static String sha256Hex(String s) { return sha256Hex(s.getBytes(StandardCharsets.UTF_8)); }

    static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmacSha256(byte[] key, String data) { return hmac("HmacSHA256", key, data); }

    static byte[] v4SigningKey(String secret, String date, String region, String service) {
        byte[] k = hmacSha256(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmacSha256(k, region);
        k = hmacSha256(k, service);
        return hmacSha256(k, "aws4_request");
    }

    /** Constant-time comparison, so a timing probe cannot find a signature byte by byte. */
    static boolean sameSignature(String expected, String provided) {
        if (provided == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), provided.getBytes(StandardCharsets.UTF_8));
    }

    /** AWS URI encoding: unreserved A-Z a-z 0-9 - _ . ~ kept, everything else %XX (upper case) of its UTF-8 bytes. */
    static String uriEncode(String s, boolean keepSlash) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(HEX[c >> 4])).append(Character.toUpperCase(HEX[c & 0xf]));
            }
        }
        return sb.toString();
    }

    /**
     * Canonical query string: every decoded key and value re-encoded the AWS way, sorted by key then
     * value (byte order of the encoded form); {@code exclude} (e.g. X-Amz-Signature) left out.
     */
    static String canonicalQuery(Map<String, List<String>> params, String exclude) {
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getKey().equals(exclude)) continue;
            String k = uriEncode(e.getKey(), false);
            for (String v : e.getValue()) pairs.add(new String[] {k, uriEncode(v == null ? "" : v, false)});
        }
        pairs.sort((a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : a[1].compareTo(b[1]);
        });
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (sb.length() > 0) sb.append('&');
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** The wire path decoded and re-encoded the AWS way ('/' kept), "/" when empty. */
    static String reencodedPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) return "/";
        return uriEncode(HttpRequestHead.percentDecode(rawPath, false), true);
    }

    /** RFC 3986 remove_dot_segments, keeping a trailing slash; what SDKs do with NORMALIZE_PATH. */
    static String removeDotSegments(String path) {
        if (!path.contains(".")) return path;
        String[] segs = path.split("/", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < segs.length; i++) {
            String s = segs[i];
            boolean last = i == segs.length - 1;
            if (s.equals(".")) {
                if (last) out.add("");
            } else if (s.equals("..")) {
                if (out.size() > 1) out.remove(out.size() - 1);
                if (last) out.add("");
            } else {
                out.add(s);
            }
        }
        String r = String.join("/", out);
        if (!r.startsWith("/")) r = "/" + r;
        return r;
    }

    /** Header value as it goes into a canonical form: trimmed, runs of white space collapsed to one space. */
    static String collapse(String v) {
        if (v == null) return "";
        if (isCollapsed(v)) return v;
        StringBuilder sb = new StringBuilder(v.length());
        boolean space = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                space = sb.length() > 0;
            } else {
                if (space) sb.append(' ');
                space = false;
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Already in canonical form (the usual case): no white space at the ends, no run, no tab or line break. */
    private static boolean isCollapsed(String v) {
        int n = v.length();
        if (n == 0) return true;
        if (v.charAt(0) == ' ' || v.charAt(n - 1) == ' ') return false;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c == '\t' || c == '\r' || c == '\n' || (c == ' ' && v.charAt(i + 1) == ' ')) return false;
        }
        return true;
    }
}
