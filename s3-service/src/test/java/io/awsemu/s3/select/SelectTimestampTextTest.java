package io.awsemu.s3.select;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A TIMESTAMP's text ({@link Values#formatTimestamp}): the hand-written path gives what the formatter gives. */
class SelectTimestampTextTest {
    /** The text as the formatter and a regex make it: the reference the hand-written path must match. */
    static String reference(OffsetDateTime t) {
        String s = t.format(DateTimeFormatter.ofPattern(t.getNano() != 0
                ? "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX" : "yyyy-MM-dd'T'HH:mm:ssXXX"));
        return s.replaceFirst("(\\.\\d*?[1-9])0+(?=(Z|[+-]\\d{2}:\\d{2})$)", "$1");
    }

    @Test
    void examples() {
        assertEquals("2020-01-02T03:04:05Z", Values.formatTimestamp(OffsetDateTime.parse("2020-01-02T03:04:05Z")));
        assertEquals("2020-01-02T03:04:05.1Z", Values.formatTimestamp(OffsetDateTime.parse("2020-01-02T03:04:05.100Z")));
        assertEquals("0001-12-31T23:59:59.000000001-09:30",
                Values.formatTimestamp(OffsetDateTime.parse("0001-12-31T23:59:59.000000001-09:30")));
        assertEquals("9999-06-30T00:00:00.12345+14:00", Values.formatTimestamp(OffsetDateTime.parse("9999-06-30T00:00:00.12345+14:00")));
    }

    @Test
    void theSameTextAsTheFormatterForAnyTimestamp() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            int year = switch (r.nextInt(4)) {
                case 0 -> 1 + r.nextInt(9999);
                case 1 -> 1900 + r.nextInt(200);
                case 2 -> -5 + r.nextInt(10); // around year 0: the formatter's path
                default -> 9990 + r.nextInt(30); // and past 9999
            };
            int nano = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000_000);
                default -> r.nextInt(10) * 100_000_000;
            };
            int offsetSeconds = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> (r.nextInt(37) - 18) * 3600;
                case 2 -> (r.nextInt(18 * 60 * 2 + 1) - 18 * 60) * 60;
                default -> r.nextInt(18 * 3600 * 2 + 1) - 18 * 3600; // seconds too: the formatter's path
            };
            OffsetDateTime t = OffsetDateTime.of(year, 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60),
                    r.nextInt(60), nano, ZoneOffset.ofTotalSeconds(offsetSeconds));
            assertEquals(reference(t), Values.formatTimestamp(t), t.toString());
        }
    }
}
