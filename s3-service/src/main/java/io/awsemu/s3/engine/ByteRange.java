package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;

/**
 * A single {@code Range: bytes=...} resolved against an object's size. As S3 does, a header that
 * is not one well-formed byte range (several ranges, another unit, garbage) is ignored and the whole
 * object is sent; a well-formed range that starts at or beyond the end is InvalidRange (416).
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
public record ByteRange(long first, long last) {

    public long length() {
        return last - first + 1;
    }

    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** The range to send, or null for the whole object (no header, or one S3 ignores). */
    public static ByteRange resolve(String header, long size) {
        if (header == null) return null;
        String h = header.trim();
        if (!h.startsWith("bytes=")) return null;
        String spec = h.substring(6).trim();
        if (spec.contains(",")) return null;
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) return null;
                long suffix = Long.parseLong(b);
                if (suffix < 0) return null;
                // bytes=-N: the last N bytes; AWS refuses it on an empty object and for N = 0
                if (suffix == 0 || size == 0) throw S3Errors.invalidRange(header, size);
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (first < 0 || last < first) return null;
            if (first >= size) throw S3Errors.invalidRange(header, size);
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
