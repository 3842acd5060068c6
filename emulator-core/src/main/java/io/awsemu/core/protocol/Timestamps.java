package io.awsemu.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps on the wire. The canonical tree carries ISO-8601 text ({@link Instant#toString()});
 * outputs may also hold epoch-second numbers or {@code POJONode(Instant)}.
 */
public final class Timestamps {
    private Timestamps() {}

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The instant a tree node holds, or null if it holds none. */
    public static Instant fromNode(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n instanceof POJONode pn && pn.getPojo() instanceof Instant i) return i;
        if (n.isNumber()) return fromEpochSeconds(n.decimalValue());
        if (n.isTextual()) return parse(n.asText());
        throw new IllegalArgumentException("not a timestamp: " + n);
    }

    /** ISO 8601 with milliseconds, as Query/EC2/XML answers carry: {@code 2026-11-22T04:07:22.000Z}. */
    public static String iso8601(Instant i) {
        // by hand: a listing formats one per key, and the DateTimeFormatter took a sixth of it
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(i.getEpochSecond(), 86_400));
        int y = d.getYear();
        if (y < 1 || y > 9999) return ISO_MILLIS.format(i); // "yyyy" is the year of era
        int s = (int) Math.floorMod(i.getEpochSecond(), 86_400);
        char[] c = "0000-00-00T00:00:00.000Z".toCharArray();
        digits(c, 0, 4, y);
        digits(c, 5, 2, d.getMonthValue());
        digits(c, 8, 2, d.getDayOfMonth());
        digits(c, 11, 2, s / 3600);
        digits(c, 14, 2, s / 60 % 60);
        digits(c, 17, 2, s % 60);
        digits(c, 20, 3, i.getNano() / 1_000_000);
        return new String(c);
    }

    private static void digits(char[] c, int at, int width, int v) {
        for (int k = at + width - 1; k >= at; k--, v /= 10) c[k] = (char) ('0' + v % 10);
    }

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /**
     * RFC 1123 as HTTP headers carry it (RFC 9110's IMF-fixdate, two-digit day): {@code Sun, 22 Nov 2026
     * 04:07:22 GMT}. By hand: the first DateTimeFormatter use loads locale data, 20-30 ms of a cold start.
     */
    public static String rfc1123(Instant i) {
        long sec = i.getEpochSecond();
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(sec, 86_400));
        int y = d.getYear();
        if (y < 0 || y > 9999) {
            return DateTimeFormatter.RFC_1123_DATE_TIME.format(i.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC));
        }
        int s = (int) Math.floorMod(sec, 86_400);
        char[] c = "Mon, 00 Jan 0000 00:00:00 GMT".toCharArray();
        DAYS[d.getDayOfWeek().ordinal()].getChars(0, 3, c, 0);
        digits(c, 5, 2, d.getDayOfMonth());
        MONTHS[d.getMonthValue() - 1].getChars(0, 3, c, 8);
        digits(c, 12, 4, y);
        digits(c, 17, 2, s / 3600);
        digits(c, 20, 2, s / 60 % 60);
        digits(c, 23, 2, s % 60);
        return new String(c);
    }

    /** Epoch seconds as JSON answers carry (fractional only when there are millis). */
    public static BigDecimal epochSeconds(Instant i) {
        BigDecimal s = BigDecimal.valueOf(i.toEpochMilli()).movePointLeft(3);
        return s.stripTrailingZeros().scale() <= 0 ? s.setScale(0, java.math.RoundingMode.UNNECESSARY) : s.stripTrailingZeros();
    }

    public static Instant fromEpochSeconds(BigDecimal d) {
        long secs = d.longValue();
        long nanos = d.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(secs, nanos);
    }

    /** Formats for {@code format} (botocore's iso8601 / rfc822 / unixTimestamp). */
    public static String format(Instant i, String format) {
        if (format == null) return iso8601(i);
        return switch (format) {
            case "rfc822" -> rfc1123(i);
            case "unixTimestamp" -> epochSeconds(i).toPlainString();
            default -> iso8601(i);
        };
    }

    /** Parses ISO 8601 (with or without fraction/offset), RFC 1123 or epoch seconds. */
    public static Instant parse(String s) {
        String t = s.trim();
        if (t.isEmpty()) throw new IllegalArgumentException("empty timestamp");
        char c0 = t.charAt(0);
        if (Character.isDigit(c0) && t.indexOf('-') < 0) return fromEpochSeconds(new BigDecimal(t));
        try {
            if (Character.isDigit(c0)) {
                if (t.endsWith("Z") || t.endsWith("z")) return Instant.parse(t.toUpperCase());
                if (t.length() > 19 && (t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10)) return OffsetDateTime.parse(t).toInstant();
                return Instant.parse(t + "Z"); // no zone: AWS reads UTC
            }
            return ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp: " + s, e);
        }
    }
}
