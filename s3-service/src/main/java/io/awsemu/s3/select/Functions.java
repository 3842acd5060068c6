package io.awsemu.s3.select;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** S3 Select's scalar functions (string, conversion, date); NULL in gives NULL out unless the function says otherwise. */
final class Functions {
    private Functions() {}

    /** Each function's argument count, minimum and maximum, as the parser checks it. */
    static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("COALESCE", new int[] {1, Integer.MAX_VALUE}),
            Map.entry("NULLIF", new int[] {2, 2}),
            Map.entry("CHAR_LENGTH", new int[] {1, 1}),
            Map.entry("CHARACTER_LENGTH", new int[] {1, 1}),
            Map.entry("LOWER", new int[] {1, 1}),
            Map.entry("UPPER", new int[] {1, 1}),
            Map.entry("SUBSTRING", new int[] {2, 3}),
            Map.entry("UTCNOW", new int[] {0, 0}),
            Map.entry("TO_TIMESTAMP", new int[] {1, 2}),
            Map.entry("TO_STRING", new int[] {2, 2}));

    static final List<String> DATE_PARTS = List.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND");
    static final List<String> EXTRACT_PARTS = List.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "TIMEZONE_HOUR", "TIMEZONE_MINUTE");

    static Object call(String name, List<Object> args, Scope scope) {
        switch (name) {
            case "COALESCE": {
                for (Object a : args) if (!Values.absent(a)) return a;
                return null;
            }
            case "NULLIF":
                return Boolean.TRUE.equals(Values.equal(args.get(0), args.get(1))) ? null : args.get(0);
            case "UTCNOW":
                return scope.now();
            default:
        }
        for (Object a : args) if (Values.absent(a)) return null;
        return switch (name) {
            case "CHAR_LENGTH", "CHARACTER_LENGTH" -> { String s = text(name, args.get(0)); yield (long) s.codePointCount(0, s.length()); }
            case "LOWER" -> text(name, args.get(0)).toLowerCase(Locale.ROOT);
            case "UPPER" -> text(name, args.get(0)).toUpperCase(Locale.ROOT);
            case "TRIM" -> trim((String) args.get(0), text(name, args.get(1)), text(name, args.get(2)));
            case "SUBSTRING" -> substring(text(name, args.get(0)), integer(name, args.get(1)), args.size() > 2 ? integer(name, args.get(2)) : null);
            case "TO_TIMESTAMP" -> toTimestamp(text(name, args.get(0)), args.size() > 1 ? text(name, args.get(1)) : null);
            case "TO_STRING" -> toString(timestamp(name, args.get(0)), text(name, args.get(1)));
            case "EXTRACT" -> extract((String) args.get(0), timestamp(name, args.get(1)));
            case "DATE_ADD" -> dateAdd((String) args.get(0), integer(name, args.get(1)), timestamp(name, args.get(2)));
            case "DATE_DIFF" -> dateDiff((String) args.get(0), timestamp(name, args.get(1)), timestamp(name, args.get(2)));
            default -> throw SelectErrors.unsupportedFunction(name);
        };
    }

    private static String text(String fn, Object v) {
        if (v instanceof String s) return s;
        throw SelectErrors.incorrectSqlFunctionArgumentType(fn, v);
    }

    private static long integer(String fn, Object v) {
        if (v instanceof Long l) return l;
        throw SelectErrors.incorrectSqlFunctionArgumentType(fn, v);
    }

    private static OffsetDateTime timestamp(String fn, Object v) {
        if (v instanceof OffsetDateTime t) return t;
        throw SelectErrors.incorrectSqlFunctionArgumentType(fn, v);
    }

    private static String trim(String mode, String chars, String s) {
        int start = 0, end = s.length();
        if (!mode.equals("TRAILING")) while (start < end && chars.indexOf(s.charAt(start)) >= 0) start++;
        if (!mode.equals("LEADING")) while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(start, end);
    }

    /** SQL's SUBSTRING: positions count from 1; the window [start, start + length) is clipped to the string. */
    private static String substring(String s, long start, Long length) {
        int[] cps = s.codePoints().toArray();
        if (length != null && length < 0) throw SelectErrors.evaluatorInvalidArguments("SUBSTRING", "a length that is not negative");
        long from = Math.max(start, 1);
        // start + length saturates: SUBSTRING(s, 2, 9223372036854775807) is the rest of s, not an overflow to nothing
        long end = length == null || length > Long.MAX_VALUE - Math.max(start, 0) ? Long.MAX_VALUE : start + length;
        long to = Math.min(cps.length + 1L, end);
        if (to <= from || from > cps.length) return "";
        return new String(cps, (int) from - 1, (int) (to - from));
    }

    private static OffsetDateTime toTimestamp(String text, String pattern) {
        if (pattern == null) {
            OffsetDateTime t = Values.parseTimestamp(text.trim());
            if (t == null) throw SelectErrors.valueParseFailure(text);
            return t;
        }
        DateTimeFormatter f = new DateTimeFormatterBuilder().appendPattern(checked(pattern)).toFormatter(Locale.ENGLISH);
        TemporalAccessor p;
        try {
            p = f.parse(text);
        } catch (DateTimeParseException e) {
            throw SelectErrors.valueParseFailure(text);
        }
        try {
            int year = p.isSupported(ChronoField.YEAR) ? p.get(ChronoField.YEAR) : p.isSupported(ChronoField.YEAR_OF_ERA) ? p.get(ChronoField.YEAR_OF_ERA) : 1970;
            int month = p.isSupported(ChronoField.MONTH_OF_YEAR) ? p.get(ChronoField.MONTH_OF_YEAR) : 1;
            int day = p.isSupported(ChronoField.DAY_OF_MONTH) ? p.get(ChronoField.DAY_OF_MONTH) : 1;
            int hour = p.isSupported(ChronoField.HOUR_OF_DAY) ? p.get(ChronoField.HOUR_OF_DAY) : 0;
            int minute = p.isSupported(ChronoField.MINUTE_OF_HOUR) ? p.get(ChronoField.MINUTE_OF_HOUR) : 0;
            int second = p.isSupported(ChronoField.SECOND_OF_MINUTE) ? p.get(ChronoField.SECOND_OF_MINUTE) : 0;
            int nano = p.isSupported(ChronoField.NANO_OF_SECOND) ? p.get(ChronoField.NANO_OF_SECOND) : 0;
            ZoneOffset offset = p.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.ofTotalSeconds(p.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
            return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
        } catch (java.time.DateTimeException e) {
            throw SelectErrors.valueParseFailure(text);
        }
    }

    private static String toString(OffsetDateTime t, String pattern) {
        try {
            return DateTimeFormatter.ofPattern(checked(pattern), Locale.ENGLISH).format(t);
        } catch (java.time.DateTimeException e) {
            throw SelectErrors.evaluatorInvalidTimestampFormatPattern(pattern);
        }
    }

    /** S3 Select's pattern letters are a subset of java.time's; anything else is refused rather than guessed. */
    private static String checked(String pattern) {
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') quoted = !quoted;
            else if (!quoted && Character.isLetter(c) && "yMdahHmsSnXx".indexOf(c) < 0) throw SelectErrors.evaluatorInvalidTimestampFormatPattern(pattern);
        }
        try {
            DateTimeFormatter.ofPattern(pattern);
        } catch (IllegalArgumentException e) {
            throw SelectErrors.evaluatorInvalidTimestampFormatPattern(pattern);
        }
        return pattern;
    }

    private static long extract(String part, OffsetDateTime t) {
        return switch (part) {
            case "YEAR" -> t.getYear();
            case "MONTH" -> t.getMonthValue();
            case "DAY" -> t.getDayOfMonth();
            case "HOUR" -> t.getHour();
            case "MINUTE" -> t.getMinute();
            case "SECOND" -> t.getSecond();
            case "TIMEZONE_HOUR" -> t.getOffset().getTotalSeconds() / 3600;
            default -> (t.getOffset().getTotalSeconds() % 3600) / 60;
        };
    }

    private static OffsetDateTime dateAdd(String part, long n, OffsetDateTime t) {
        try {
            return t.plus(n, unit(part));
        } catch (DateTimeException | ArithmeticException e) { // past year 999,999,999 either way
            throw new SelectException("EvaluatorInvalidArguments",
                    "DATE_ADD of " + n + " " + part.toLowerCase(Locale.ROOT) + " to " + t + " is outside the range of TIMESTAMP.");
        }
    }

    private static long dateDiff(String part, OffsetDateTime a, OffsetDateTime b) {
        return unit(part).between(a, b);
    }

    private static ChronoUnit unit(String part) {
        return switch (part) {
            case "YEAR" -> ChronoUnit.YEARS;
            case "MONTH" -> ChronoUnit.MONTHS;
            case "DAY" -> ChronoUnit.DAYS;
            case "HOUR" -> ChronoUnit.HOURS;
            case "MINUTE" -> ChronoUnit.MINUTES;
            default -> ChronoUnit.SECONDS;
        };
    }
}
