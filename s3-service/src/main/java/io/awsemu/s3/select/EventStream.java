package io.awsemu.s3.select;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The messages of a SelectObjectContent response in AWS's event stream encoding: each message is
 * {@code total length, headers length, CRC32 of those 8 bytes, headers, payload, CRC32 of everything before}
 * (big-endian), every header a string (type 7).
 */
public final class EventStream {
    private EventStream() {}

    private static final byte STRING = 7;

    /** A Records event carrying {@code payload} (rows in the output serialization). */
    public static byte[] records(byte[] payload) {
        return message(payload, ":event-type", "Records", ":content-type", "application/octet-stream",
                ":message-type", "event");
    }

    /** The Stats event that closes a successful response. */
    public static byte[] stats(long scanned, long processed, long returned) {
        return message(counts("Stats", scanned, processed, returned), ":event-type", "Stats",
                ":content-type", "text/xml", ":message-type", "event");
    }

    /** A Progress event, sent while the query runs when RequestProgress is enabled. */
    public static byte[] progress(long scanned, long processed, long returned) {
        return message(counts("Progress", scanned, processed, returned), ":event-type", "Progress",
                ":content-type", "text/xml", ":message-type", "event");
    }

    /** A Cont (keep-alive) event: no payload. */
    public static byte[] cont() {
        return message(new byte[0], ":event-type", "Cont", ":message-type", "event");
    }

    /** The End event, the last message of a response that completed. */
    public static byte[] end() {
        return message(new byte[0], ":event-type", "End", ":message-type", "event");
    }

    /** An error message, which ends the stream when a query fails after the response started. */
    public static byte[] error(String code, String message) {
        return message(new byte[0], ":error-code", code, ":error-message", fit(message), ":message-type", "error");
    }

    /**
     * The encoding allows 65535 bytes for a string header, but the SDKs' decoders refuse more than 32767, so a
     * longer message is cut.
     */
    private static String fit(String s) {
        if (s == null) return "";
        while (s.getBytes(StandardCharsets.UTF_8).length > Short.MAX_VALUE) s = s.substring(0, s.length() * 9 / 10);
        return s;
    }

    private static byte[] counts(String root, long scanned, long processed, long returned) {
        return ("<" + root + "><BytesScanned>" + scanned + "</BytesScanned><BytesProcessed>" + processed
                + "</BytesProcessed><BytesReturned>" + returned + "</BytesReturned></" + root + ">")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code headers} alternates names and string values. */
    static byte[] message(byte[] payload, String... headers) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        for (int i = 0; i < headers.length; i += 2) {
            byte[] name = headers[i].getBytes(StandardCharsets.UTF_8);
            byte[] value = headers[i + 1].getBytes(StandardCharsets.UTF_8);
            if (name.length > 255) throw new IllegalArgumentException("header name longer than 255 bytes");
            if (value.length > 0xFFFF) throw new IllegalArgumentException("header value longer than 65535 bytes");
            h.write(name.length);
            h.writeBytes(name);
            h.write(STRING);
            h.write(value.length >>> 8);
            h.write(value.length & 0xFF);
            h.writeBytes(value);
        }
        byte[] headerBytes = h.toByteArray();
        int total = 12 + headerBytes.length + payload.length + 4;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(total).putInt(headerBytes.length);
        b.putInt((int) crc(b.array(), 0, 8));
        b.put(headerBytes).put(payload);
        b.putInt((int) crc(b.array(), 0, total - 4));
        return b.array();
    }

    private static long crc(byte[] bytes, int off, int len) {
        CRC32 c = new CRC32();
        c.update(bytes, off, len);
        return c.getValue();
    }
}
