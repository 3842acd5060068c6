package io.awsemu.core.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.POJONode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

class TimestampsTest {
    static final Instant T = Instant.parse("2026-11-22T04:07:22Z");

    @Test
    void formats() {
        assertEquals("2026-11-22T04:07:22.000Z", Timestamps.iso8601(T));
        assertEquals("2026-11-22T04:07:22.120Z", Timestamps.iso8601(T.plusMillis(120)));
        assertEquals("Sun, 22 Nov 2026 04:07:22 GMT", Timestamps.rfc1123(T));
        assertEquals(new BigDecimal("1795320442"), Timestamps.epochSeconds(T));
        assertEquals(new BigDecimal("1795320442.12"), Timestamps.epochSeconds(T.plusMillis(120)));
    }

    @Test
    void rfc1123IsTheImfFixdateOfTheFormatterAcrossTheRange() {
        var reference = java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
                .withZone(java.time.ZoneOffset.UTC);
        var random = new java.util.Random(7);
        for (int n = 0; n < 10_000; n++) {
            long millis = (long) (random.nextDouble() * 253_402_300_799_000L) - 2_000_000_000_000L;
            Instant i = Instant.ofEpochMilli(millis);
            assertEquals(reference.format(i), Timestamps.rfc1123(i), () -> "at " + millis);
        }
        assertEquals("Mon, 02 Mar 2026 00:00:00 GMT", Timestamps.rfc1123(Instant.parse("2026-03-02T00:00:00.999Z")));
        assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", Timestamps.rfc1123(Instant.ofEpochMilli(-1)));
    }

    @Test
    void iso8601AgreesWithTheFormatterAcrossTheRange() {
        var reference = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        var random = new java.util.Random(42);
        for (int n = 0; n < 10_000; n++) {
            // year 0000 to 9999, any millisecond, and instants before 1970
            long millis = -62_167_219_200_000L + (long) (random.nextDouble() * 315_537_897_600_000L);
            Instant i = Instant.ofEpochMilli(millis).plusNanos(random.nextInt(1_000_000));
            assertEquals(reference.format(i), Timestamps.iso8601(i), () -> "at " + millis);
        }
        assertEquals("1969-12-31T23:59:59.999Z", Timestamps.iso8601(Instant.ofEpochMilli(-1)));
        assertEquals("2024-02-29T00:00:00.000Z", Timestamps.iso8601(Instant.parse("2024-02-29T00:00:00Z")));
        assertEquals(reference.format(Instant.parse("+10000-01-01T00:00:00Z")),
                Timestamps.iso8601(Instant.parse("+10000-01-01T00:00:00Z")));
    }

    @Test
    void readsEveryTreeForm() {
        var f = JsonNodeFactory.instance;
        assertEquals(T, Timestamps.fromNode(f.textNode("2026-11-22T04:07:22Z")));
        assertEquals(T, Timestamps.fromNode(f.textNode("2026-11-22T04:07:22.000Z")));
        assertEquals(T, Timestamps.fromNode(f.textNode("2026-11-22T06:07:22+02:00")));
        assertEquals(T, Timestamps.fromNode(f.numberNode(1795320442L)));
        assertEquals(T.plusMillis(500), Timestamps.fromNode(f.numberNode(new BigDecimal("1795320442.5"))));
        assertEquals(T, Timestamps.fromNode(new POJONode(T)));
        assertEquals(T, Timestamps.parse("Sun, 22 Nov 2026 04:07:22 GMT"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("yesterday"));
    }
}
