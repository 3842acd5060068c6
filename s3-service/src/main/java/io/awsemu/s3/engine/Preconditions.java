package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * GET/HEAD preconditions in S3's order (RFC 7232 section 6): If-Match, else If-Unmodified-Since
 * (412); then If-None-Match, else If-Modified-Since (304). So If-Match true with If-Unmodified-Since
 * false is 200, and If-None-Match false with If-Modified-Since true is 304, as AWS documents.
 * Unparseable dates are ignored, as HTTP says.
 */
public final class Preconditions {
    private Preconditions() {}

    public enum Outcome { PROCEED, NOT_MODIFIED }

    /** Each argument is the raw header value or null. Throws PreconditionFailed (412). */
    public static Outcome evaluate(String ifMatch, String ifNoneMatch, String ifModifiedSince,
                                   String ifUnmodifiedSince, String etag, Instant lastModified) {
        if (ifMatch != null) {
            if (!etagMatches(ifMatch, etag)) throw S3Errors.preconditionFailed("If-Match");
        } else {
            Instant d = date(ifUnmodifiedSince);
            if (d != null && lastModified.isAfter(d)) throw S3Errors.preconditionFailed("If-Unmodified-Since");
        }
        if (ifNoneMatch != null) {
            if (etagMatches(ifNoneMatch, etag)) return Outcome.NOT_MODIFIED;
        } else {
            Instant d = date(ifModifiedSince);
            if (d != null && !lastModified.isAfter(d)) return Outcome.NOT_MODIFIED;
        }
        return Outcome.PROCEED;
    }

    /** True when the list ("a", "\"a\", W/\"b\"", "*") names {@code etag} (hex, unquoted). */
    public static boolean etagMatches(String header, String etag) {
        for (String part : header.split(",")) {
            String t = part.trim();
            if (t.equals("*")) return true;
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
            if (t.equals(etag)) return true;
        }
        return false;
    }

    static Instant date(String header) {
        if (header == null) return null;
        try {
            return ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Conditional writes (PutObject, CompleteMultipartUpload): {@code If-None-Match: *} only while no
     * object is at the key, {@code If-Match} only while the current object has that ETag (NoSuchKey
     * when there is none). {@code current} is null when the key is free or its newest version is a
     * delete marker.
     */
    public static void checkWrite(String key, String ifMatch, String ifNoneMatch, StoredObject current) {
        if (ifNoneMatch != null && current != null) throw S3Errors.preconditionFailed("If-None-Match");
        if (ifMatch != null) {
            if (current == null) throw S3Errors.noSuchKey(key);
            if (!etagMatches(ifMatch, current.etag())) throw S3Errors.preconditionFailed("If-Match");
        }
    }

    /** S3 supports only {@code *} in a write's If-None-Match. */
    public static void checkWriteHeaders(String ifNoneMatch) {
        if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
            throw S3Errors.headerNotImplemented("If-None-Match");
        }
    }
}
