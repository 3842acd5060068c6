package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.s3.S3ConfigErrors;
import io.awsemu.s3.S3Errors;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Tag sets of buckets (50 tags) and objects (10 tags): AWS's validation and the x-amz-tagging encoding. */
public final class Tags {
    private Tags() {}

    public static final int MAX_BUCKET_TAGS = 50;
    public static final int MAX_OBJECT_TAGS = 10;
    public static final int MAX_KEY = 128;
    public static final int MAX_VALUE = 256;

    // Letters, digits, white space and + - = . _ : / @ in any language (AWS tag restrictions).
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    /** One tag as sent, before validation (duplicates are still visible). */
    public record Tag(String key, String value) {}

    /** Validates and returns an ordered map; InvalidTag with AWS's message on any violation. */
    public static Map<String, String> validate(Iterable<Tag> tags, boolean object) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Tag t : tags) {
            String k = t.key() == null ? "" : t.key();
            String v = t.value() == null ? "" : t.value();
            if (k.isEmpty() || !ALLOWED.matcher(k).matches()) throw invalidTag("The TagKey you have provided is invalid");
            if (k.codePointCount(0, k.length()) > MAX_KEY) {
                throw invalidTag("The TagKey you have provided is too long, max " + MAX_KEY);
            }
            if (!ALLOWED.matcher(v).matches()) throw invalidTag("The TagValue you have provided is invalid");
            if (v.codePointCount(0, v.length()) > MAX_VALUE) {
                throw invalidTag("The TagValue you have provided is too long, max " + MAX_VALUE);
            }
            if (k.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw invalidTag("System tags cannot be added/updated by requester");
            }
            if (out.put(k, v) != null) throw invalidTag("Cannot provide multiple Tags with the same key");
        }
        if (object && out.size() > MAX_OBJECT_TAGS) throw invalidTag("Object tags cannot be greater than " + MAX_OBJECT_TAGS);
        if (!object && out.size() > MAX_BUCKET_TAGS) throw invalidTag("Bucket tag count cannot be greater than " + MAX_BUCKET_TAGS);
        return Collections.unmodifiableMap(out);
    }

    /** The x-amz-tagging header ({@code k1=v1&k2=v2}, URL-encoded), validated as an object's tag set. */
    public static Map<String, String> fromHeader(String header) {
        java.util.List<Tag> tags = new java.util.ArrayList<>();
        if (header != null && !header.isEmpty()) {
            for (String pair : header.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    tags.add(new Tag(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException e) {
                    throw S3Errors.invalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", "x-amz-tagging", header);
                }
            }
        }
        return validate(tags, true);
    }

    /** The stored form: URL-encoded, as the x-amz-tagging header carries it. */
    public static String encode(Map<String, String> tags) {
        StringBuilder sb = new StringBuilder();
        tags.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    /** Reads what {@link #encode} wrote (trusted: no validation). */
    public static Map<String, String> decode(String stored) {
        Map<String, String> out = new LinkedHashMap<>();
        if (stored == null || stored.isEmpty()) return out;
        for (String pair : stored.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static AwsException invalidTag(String message) {
        return S3ConfigErrors.invalidTag(message);
    }
}
