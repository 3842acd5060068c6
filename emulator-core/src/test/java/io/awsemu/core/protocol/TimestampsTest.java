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
