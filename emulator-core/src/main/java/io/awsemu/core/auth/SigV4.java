package io.awsemu.core.auth;

import io.awsemu.core.checksum.HmacSha256;
import io.awsemu.core.http.HttpRequestHead;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** SigV4 parsing and the canonical request, string to sign and signature (no policy, no errors). */
final class SigV4 {
    private SigV4() {}

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The credential string split into its five parts. */
    record Credential(String accessKeyId, String date, String region, String service) {
        String scope() { return date + "/" + region + "/" + service + "/aws4_request"; }

        /** Null when the string is not AKID/YYYYMMDD/REGION/SERVICE/aws4_request. */
        static Credential parse(String s) {
            if (s == null) return null;
            String[] p = s.split("/", -1);
            if (p.length != 5 || p[0].isEmpty() || p[1].length() != 8 || p[2].isEmpty() || p[3].isEmpty()
                    || !p[4].equals("aws4_request")) return null;
            for (int i = 0; i < 8; i++) if (!Character.isDigit(p[1].charAt(i))) return null;
            return new Credential(p[0], p[1], p[2], p[3]);
        }
    }

    /**
     * The {@code Credential=, SignedHeaders=, Signature=} components of an Authorization header, keyed
     * as spelled; a component without '=' maps to null.
     */
    static Map<String, String> headerComponents(String authorization) {
        Map<String, String> out = new LinkedHashMap<>();
        String rest = authorization.substring(ALGORITHM.length()).trim();
        for (String part : rest.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq < 0) out.put(p, null);
            else out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return out;
    }

    /**
     * One component of {@link #headerComponents}, the same as {@code headerComponents(a).get(name)},
     * without the map: routing asks for the credential scope of every request on the event loop.
     */
    static String headerComponent(String authorization, String name) {
        String rest = authorization.substring(ALGORITHM.length());
        String found = null;
        int from = 0;
        while (from <= rest.length()) {
            int comma = rest.indexOf(',', from);
            int end = comma < 0 ? rest.length() : comma;
            String p = rest.substring(from, end).trim();
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq).trim();
            if (!p.isEmpty() && key.equals(name)) found = eq < 0 ? null : p.substring(eq + 1).trim();
            if (comma < 0) break;
            from = comma + 1;
        }
        return found;
    }

    /** Parses {@code yyyyMMdd'T'HHmmss'Z'}; null if malformed. */
    static Instant parseAmzDate(String s) {
        // by hand: a DateTimeFormatter built and run per request was a tenth of the event loop's time (SQS)
        if (s == null || s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') return null;
        int year = digits(s, 0, 4), month = digits(s, 4, 2), day = digits(s, 6, 2);
        int hour = digits(s, 9, 2), minute = digits(s, 11, 2), second = digits(s, 13, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
        // a day past the month's end is its last day, as the formatter's smart resolving had it
        day = Math.min(day, java.time.YearMonth.of(year, month).lengthOfMonth());
        return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    }

    /** The decimal number in {@code s[from, from + n)}, or -1 if a character is not an ASCII digit. */
    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Parses an HTTP Date header (RFC 1123); null if malformed. */
    static Instant parseHttpDate(String s) {
        if (s == null) return null;
        try {
            return java.time.ZonedDateTime.parse(s.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Canonical URIs to try, the AWS form first. S3 signs the path encoded once and never normalized
     * (re-encoded from the wire, then the wire form itself for clients that leave e.g. '%2F' or '!'
     * as sent); every other service normalizes dot segments and encodes the wire form again.
     */
    static List<String> canonicalUris(String rawPath, boolean s3) {
        List<String> out = new ArrayList<>(2);
        String once = Signing.reencodedPath(rawPath);
        if (s3) {
            out.add(once);
            if (!rawPath.isEmpty() && !rawPath.equals(once)) out.add(rawPath);
        } else {
            String normalized = Signing.removeDotSegments(once);
            out.add(Signing.uriEncode(normalized, true));
            if (!out.contains(normalized)) out.add(normalized);
        }
        return out;
    }

    /** "name:value\n" for each signed header (values trimmed, inner runs collapsed, repeats joined by ','). */
    static String canonicalHeaders(HttpRequestHead head, List<String> signedHeaders) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = head.headers().getAll(name);
            sb.append(name).append(':');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(Signing.collapse(values.get(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + Signing.sha256Hex(canonicalRequest);
    }

    static String sign(HmacSha256 signingKey, String stringToSign) {
        return Signing.hex(signingKey.mac(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * What the body-time checks need: the canonical request up to (not including) the payload hash for
     * each URI candidate, the signing key and scope for the chunk chain, and the signed payload claim.
     */
    static final class Context {
        final String accessKeyId;
        final String amzDate;
        final String scope;
        final HmacSha256 signingKey;
        final String signature;
        /** x-amz-content-sha256 as signed (header or presign param); null when the body hash is the claim. */
        final String contentSha256;
        final List<String> canonicalPrefixes;
        /** The signature covers sha256(body), which only the body can tell: verify when it is there. */
        final boolean deferred;

        Context(String accessKeyId, String amzDate, String scope, HmacSha256 signingKey, String signature,
                String contentSha256, List<String> canonicalPrefixes, boolean deferred) {
            this.accessKeyId = accessKeyId;
            this.amzDate = amzDate;
            this.scope = scope;
            this.signingKey = signingKey;
            this.signature = signature;
            this.contentSha256 = contentSha256;
            this.canonicalPrefixes = canonicalPrefixes;
            this.deferred = deferred;
        }

        /** The matching canonical request for {@code payloadHash}, or null when no candidate matches. */
        String match(String payloadHash) {
            for (String prefix : canonicalPrefixes) {
                String cr = prefix + payloadHash;
                if (Signing.sameSignature(sign(signingKey, stringToSign(amzDate, scope, cr)), signature)) return cr;
            }
            return null;
        }

        String firstCanonical(String payloadHash) { return canonicalPrefixes.get(0) + payloadHash; }
    }
}
