package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteRangeAndPreconditionsTest {
    @Test
    void ranges() {
        assertEquals(new ByteRange(0, 9), ByteRange.resolve("bytes=0-9", 100));
        assertEquals(new ByteRange(90, 99), ByteRange.resolve("bytes=90-", 100));
        assertEquals(new ByteRange(90, 99), ByteRange.resolve("bytes=90-500", 100));
        assertEquals(new ByteRange(95, 99), ByteRange.resolve("bytes=-5", 100));
        assertEquals(new ByteRange(0, 99), ByteRange.resolve("bytes=-500", 100));
        assertEquals("bytes 95-99/100", ByteRange.resolve("bytes=-5", 100).contentRange(100));
        // ignored, as S3 ignores them: the whole object is sent
        assertNull(ByteRange.resolve(null, 100));
        assertNull(ByteRange.resolve("bytes=0-1,5-6", 100));
        assertNull(ByteRange.resolve("items=0-1", 100));
        assertNull(ByteRange.resolve("bytes=5-2", 100));
        assertNull(ByteRange.resolve("bytes=x-2", 100));
        AwsException e = assertThrows(AwsException.class, () -> ByteRange.resolve("bytes=100-", 100));
        assertEquals("InvalidRange", e.code());
        assertEquals(416, e.httpStatus());
        assertEquals("bytes */100", e.headers().get("Content-Range"));
        assertEquals("100", e.extra().get("ActualObjectSize"));
        assertThrows(AwsException.class, () -> ByteRange.resolve("bytes=0-", 0));
    }

    static final Instant LM = Instant.parse("2026-01-10T10:00:00Z");
    static final String BEFORE = "Fri, 09 Jan 2026 10:00:00 GMT";
    static final String AFTER = "Sun, 11 Jan 2026 10:00:00 GMT";

    static Preconditions.Outcome eval(String im, String inm, String ims, String ius) {
        return Preconditions.evaluate(im, inm, ims, ius, "abc", LM);
    }

    static String failed(String im, String inm, String ims, String ius) {
        AwsException e = assertThrows(AwsException.class, () -> eval(im, inm, ims, ius));
        assertEquals(412, e.httpStatus());
        return e.extra().get("Condition");
    }

    @Test
    void preconditionsFollowAwsPrecedence() {
        assertEquals(Preconditions.Outcome.PROCEED, eval("\"abc\"", null, null, null));
        assertEquals(Preconditions.Outcome.PROCEED, eval("*", null, null, null));
        assertEquals("If-Match", failed("\"other\"", null, null, null));
        assertEquals("If-Unmodified-Since", failed(null, null, null, BEFORE));
        // If-Match true + If-Unmodified-Since false: 200
        assertEquals(Preconditions.Outcome.PROCEED, eval("abc", null, null, BEFORE));
        assertEquals(Preconditions.Outcome.NOT_MODIFIED, eval(null, "\"abc\"", null, null));
        assertEquals(Preconditions.Outcome.NOT_MODIFIED, eval(null, null, AFTER, null));
        assertEquals(Preconditions.Outcome.PROCEED, eval(null, null, BEFORE, null));
        // If-None-Match false + If-Modified-Since true: 304
        assertEquals(Preconditions.Outcome.NOT_MODIFIED, eval(null, "\"abc\"", BEFORE, null));
        // If-None-Match true wins over If-Modified-Since false
        assertEquals(Preconditions.Outcome.PROCEED, eval(null, "\"zzz\"", AFTER, null));
        // 412 before 304
        assertEquals("If-Match", failed("zzz", "abc", null, null));
        assertEquals(Preconditions.Outcome.PROCEED, eval(null, null, "not a date", "not a date"));
    }

    @Test
    void keyOrderHelpers() {
        assertEquals(null, ObjectKeys.successor(new byte[0]));
        assertEquals("b", ObjectKeys.string(ObjectKeys.successor(ObjectKeys.bytes("a"))));
        assertEquals(0, ObjectKeys.compare(new byte[] {1, 0}, ObjectKeys.after(new byte[] {1})));
        assertEquals("a/", ObjectEngine.commonPrefix("a/b/c", "", "/"));
        assertEquals("a/b/", ObjectEngine.commonPrefix("a/b/c", "a/", "/"));
        assertNull(ObjectEngine.commonPrefix("a/b", "a/b", "/"));
    }
}
