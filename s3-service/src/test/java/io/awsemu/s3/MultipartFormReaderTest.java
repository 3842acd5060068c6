package io.awsemu.s3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultipartFormReaderTest {
    static final String B = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    /** Hands out at most {@code chunk} bytes per read, so boundaries straddle every buffer edge. */
    static InputStream trickle(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    static byte[] form(byte[] file) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(("--" + B + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuser/${filename}\r\n"
                + "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ph\u00f6to \\\"1\\\".png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        o.write(file);
        o.write(("\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nignored\r\n--" + B + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        return o.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 70_000})
    void readsFieldsAndStreamsTheFile(int chunk) throws IOException {
        byte[] file = new byte[200_000];
        new Random(42).nextBytes(file);
        // bytes that look like the start of a delimiter inside the file
        byte[] almost = ("\r\n--" + B.substring(0, 10)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(almost, 0, file, 65_530, almost.length);
        MultipartFormReader r = new MultipartFormReader(trickle(form(file), chunk), B);
        MultipartFormReader.Part key = r.next();
        assertEquals("key", key.name());
        assertNull(key.filename());
        assertEquals("user/${filename}", key.text(1024));
        MultipartFormReader.Part f = r.next();
        assertEquals("file", f.name());
        assertEquals("ph\u00f6to \"1\".png", f.filename());
        assertEquals("image/png", f.header("content-type"));
        assertArrayEquals(file, f.content().readAllBytes());
        MultipartFormReader.Part after = r.next();
        assertEquals("after", after.name());
        assertNull(r.next());
    }

    @Test
    void unreadPartsAreSkippedAndTruncatedBodiesFail() throws IOException {
        MultipartFormReader r = new MultipartFormReader(new ByteArrayInputStream(form(new byte[10])), B);
        r.next();
        assertEquals("file", r.next().name());
        assertEquals("after", r.next().name());
        byte[] whole = form(new byte[1000]);
        byte[] cut = java.util.Arrays.copyOf(whole, 400);
        MultipartFormReader t = new MultipartFormReader(new ByteArrayInputStream(cut), B);
        t.next();
        MultipartFormReader.Part f = t.next();
        assertThrows(MultipartFormReader.MalformedFormException.class, () -> f.content().readAllBytes());
    }

    @Test
    void boundaryFromContentType() {
        assertEquals("abc", MultipartFormReader.boundary("multipart/form-data; boundary=abc"));
        assertEquals("a b", MultipartFormReader.boundary("Multipart/Form-Data;boundary=\"a b\""));
        assertNull(MultipartFormReader.boundary("application/x-www-form-urlencoded"));
        assertNull(MultipartFormReader.boundary("multipart/form-data"));
    }
}
