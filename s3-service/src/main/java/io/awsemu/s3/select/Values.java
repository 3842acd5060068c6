package io.awsemu.s3.select;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 Select's values and their rules: NULL is {@code null}, MISSING is {@link OutputRow#MISSING}, then Boolean, Long
 * (INT), BigDecimal (DECIMAL), Double (FLOAT), String, OffsetDateTime (TIMESTAMP) and JsonNode (struct or list).
 * Nothing converts implicitly: a CSV field is a STRING until CAST says otherwise.
 */
final class Values {
    static final Object MISSING = OutputRow.MISSING;

    private Values() {}

    static boolean absent(Object v) { return v == null || v == MISSING; }

    static String typeName(Object v) {
        if (v == null) return "NULL";
        if (v == MISSING) return "MISSING";
        if (v instanceof Boolean) return "BOOL";
        if (v instanceof Long) return "INT";
        if (v instanceof BigDecimal) return "DECIMAL";
        if (v instanceof Double) return "FLOAT";
        if (v instanceof String) return "STRING";
        if (v instanceof OffsetDateTime) return "TIMESTAMP";
        if (v instanceof JsonNode j) return j.isArray() ? "LIST" : "STRUCT";
        return v.getClass().getSimpleName();
    }

    static String describe(Object v) { return v instanceof String s ? "'" + s + "'" : typeName(v) + " " + v; }

    /** A JSON value as an S3 Select value: scalars become Java values, structs and lists stay JSON. */
    static Object fromJson(JsonNode node) {
        if (node == null || node.isMissingNode()) return MISSING;
        if (node.isNull()) return null;
        if (node.isTextual()) return node.textValue();
        if (node instanceof TimestampNode t) return t.timestamp();
        if (node.isBoolean()) return node.booleanValue();
        if (node.isIntegralNumber()) return node.canConvertToLong() ? (Object) node.longValue() : new BigDecimal(node.bigIntegerValue());
        if (node.isNumber()) {
            // a JSON object's numbers are read as exact decimals; a double here is a typed FLOAT (a Parquet FLOAT or
            // DOUBLE column), and it stays one
            if (node.isDouble() || node.isFloat()) return node.doubleValue();
            BigDecimal d = node.decimalValue();
            return outOfRange(d) ? (Object) node.doubleValue() : d; // 1e999999999 in a record is a FLOAT's infinity
        }
        return node;
    }

    /**
     * Digits a DECIMAL may have before or after its point. A string such as {@code '1e999999999'} makes a BigDecimal
     * cheaply, but adding 1 to it, casting it to INT or printing it builds a billion digits: the process would stall
     * or run out of memory on one field.
     */
    static final int MAX_DECIMAL_DIGITS = 1000;

    static boolean outOfRange(BigDecimal d) {
        return d.signum() != 0 && ((long) d.precision() - d.scale() > MAX_DECIMAL_DIGITS || d.scale() > MAX_DECIMAL_DIGITS);
    }

    /** A decimal read from text; NumberFormatException also beyond {@link #MAX_DECIMAL_DIGITS}. */
    static BigDecimal parseDecimal(String text) {
        BigDecimal d = new BigDecimal(text);
        if (outOfRange(d)) throw new NumberFormatException("beyond " + MAX_DECIMAL_DIGITS + " digits: " + text);
        return d;
    }

    static boolean isNumber(Object v) { return v instanceof Long || v instanceof BigDecimal || v instanceof Double; }

    static BigDecimal decimal(Object v) {
        if (v instanceof Long l) return BigDecimal.valueOf(l);
        if (v instanceof Double d) return BigDecimal.valueOf(d);
        return (BigDecimal) v;
    }

    /** Order of two comparable values, or null when the types do not compare (numbers with numbers, and so on). */
    static Integer compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Long x && b instanceof Long y) return Long.compare(x, y);
            if (a instanceof Double || b instanceof Double) {
                double x = ((Number) a).doubleValue(), y = ((Number) b).doubleValue();
                return Double.compare(x, y);
            }
            return decimal(a).compareTo(decimal(b));
        }
        if (a instanceof String x && b instanceof String y) return Integer.signum(x.compareTo(y));
        if (a instanceof Boolean x && b instanceof Boolean y) return Boolean.compare(x, y);
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) return x.toInstant().compareTo(y.toInstant());
        return null;
    }

    /** SQL equality: NULL (unknown) when either side is NULL or MISSING, FALSE between different types. */
    static Boolean equal(Object a, Object b) {
        if (absent(a) || absent(b)) return null;
        Integer c = compare(a, b);
        if (c != null) return c == 0;
        if (a instanceof JsonNode x && b instanceof JsonNode y) return x.equals(y);
        return false;
    }

    // ---- arithmetic ----

    static Object arithmetic(String op, Object a, Object b) {
        if (a == MISSING || b == MISSING) return MISSING;
        if (a == null || b == null) return null;
        if (!isNumber(a)) throw SelectErrors.invalidDataType(op, a);
        if (!isNumber(b)) throw SelectErrors.invalidDataType(op, b);
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return switch (op) {
                    case "+" -> Math.addExact(x, y);
                    case "-" -> Math.subtractExact(x, y);
                    case "*" -> Math.multiplyExact(x, y);
                    case "/" -> { if (y == 0) throw SelectErrors.divisionByZero(); if (x == Long.MIN_VALUE && y == -1) throw SelectErrors.integerOverflow(); yield x / y; }
                    default -> { if (y == 0) throw SelectErrors.divisionByZero(); yield x % y; }
                };
            } catch (ArithmeticException e) {
                throw SelectErrors.integerOverflow();
            }
        }
        if (a instanceof Double || b instanceof Double) {
            double x = ((Number) a).doubleValue(), y = ((Number) b).doubleValue();
            if (y == 0 && (op.equals("/") || op.equals("%"))) throw SelectErrors.divisionByZero();
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "/" -> x / y;
                default -> x % y;
            };
        }
        BigDecimal x = decimal(a), y = decimal(b);
        if (y.signum() == 0 && (op.equals("/") || op.equals("%"))) throw SelectErrors.divisionByZero();
        BigDecimal r = switch (op) {
            case "+" -> x.add(y);
            case "-" -> x.subtract(y);
            case "*" -> x.multiply(y);
            case "/" -> x.divide(y, MathContext.DECIMAL128).stripTrailingZeros();
            default -> x.remainder(y);
        };
        if (outOfRange(r)) throw SelectErrors.integerOverflow(); // operands within range: this stays cheap to find
        return r;
    }

    static Object negate(Object v) {
        if (absent(v)) return v;
        if (v instanceof Long l) {
            if (l == Long.MIN_VALUE) throw SelectErrors.integerOverflow();
            return -l;
        }
        if (v instanceof Double d) return -d;
        if (v instanceof BigDecimal d) return d.negate();
        throw SelectErrors.invalidDataType("-", v);
    }

    // ---- CAST ----

    static Object cast(Object v, String type) {
        if (absent(v)) return v;
        return switch (type) {
            case "INT" -> toInt(v);
            case "FLOAT" -> toFloat(v);
            case "DECIMAL" -> toDecimal(v);
            case "STRING" -> toText(v);
            case "BOOL" -> toBool(v);
            case "TIMESTAMP" -> toTimestamp(v);
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static Object toInt(Object v) {
        if (v instanceof Long) return v;
        if (v instanceof Boolean b) return b ? 1L : 0L;
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite() || Math.abs(d) >= 0x1p63) throw SelectErrors.castFailed(v, "INT");
            return (long) d.doubleValue();
        }
        if (v instanceof BigDecimal d) return decimalToLong(d, v);
        if (v instanceof String s) {
            String t = s.trim();
            try {
                return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            } catch (NumberFormatException e) {
                try {
                    return decimalToLong(parseDecimal(t), v);
                } catch (NumberFormatException e2) {
                    throw SelectErrors.castFailed(v, "INT");
                }
            }
        }
        throw SelectErrors.invalidCast(v, "INT");
    }

    private static long decimalToLong(BigDecimal d, Object original) {
        try {
            return d.setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw SelectErrors.castFailed(original, "INT");
        }
    }

    private static Object toFloat(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof Boolean b) return b ? 1.0 : 0.0;
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw SelectErrors.castFailed(v, "FLOAT");
            }
        }
        throw SelectErrors.invalidCast(v, "FLOAT");
    }

    private static Object toDecimal(Object v) {
        if (v instanceof Long || v instanceof BigDecimal) return decimal(v);
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) throw SelectErrors.castFailed(v, "DECIMAL");
            return BigDecimal.valueOf(d);
        }
        if (v instanceof Boolean b) return b ? BigDecimal.ONE : BigDecimal.ZERO;
        if (v instanceof String s) {
            try {
                return parseDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw SelectErrors.castFailed(v, "DECIMAL");
            }
        }
        throw SelectErrors.invalidCast(v, "DECIMAL");
    }

    private static Object toBool(Object v) {
        if (v instanceof Boolean) return v;
        if (v instanceof Long l) return l != 0;
        if (v instanceof Number n) return decimal(n).signum() != 0;
        if (v instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true")) return true;
            if (t.equalsIgnoreCase("false")) return false;
            throw SelectErrors.castFailed(v, "BOOL");
        }
        throw SelectErrors.invalidCast(v, "BOOL");
    }

    private static Object toTimestamp(Object v) {
        if (v instanceof OffsetDateTime) return v;
        if (v instanceof String s) {
            OffsetDateTime t = parseTimestamp(s.trim());
            if (t == null) throw SelectErrors.castFailed(v, "TIMESTAMP");
            return t;
        }
        throw SelectErrors.invalidCast(v, "TIMESTAMP");
    }

    /** The text of a value as CAST(... AS STRING) gives it. */
    static String toText(Object v) {
        if (v instanceof String s) return s;
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof OffsetDateTime t) return formatTimestamp(t);
        return String.valueOf(v);
    }

    // ---- TIMESTAMP ----

    /** S3 Select's timestamp text: yyyy, yyyy-mm, yyyy-mm-dd (each optionally with a trailing T), or a date with T hh:mm[:ss[.frac]] and an offset. */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?(?:T(?:(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}:\\d{2})?)?)?");

    static OffsetDateTime parseTimestamp(String text) {
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) return null;
        if (m.group(4) != null && m.group(3) == null) return null; // a time needs a full date
        try {
            int year = Integer.parseInt(m.group(1));
            int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            int nano = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
            ZoneOffset offset = m.group(8) == null || m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
            return OffsetDateTime.of(year, month, day, hour, minute, second, nano, offset);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static final DateTimeFormatter WITH_NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
    private static final DateTimeFormatter WHOLE_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final Pattern TRAILING_ZEROS = Pattern.compile("(\\.\\d*?[1-9])0+(?=(Z|[+-]\\d{2}:\\d{2})$)");

    /**
     * {@code yyyy-MM-ddTHH:mm:ss}, the fraction without its trailing zeros when there is one, then {@code Z} or the
     * offset. Years 1 to 9999 with a whole-minute offset (every timestamp a record or a query makes in practice) are
     * written by hand, for S3 Select writes one per TIMESTAMP field of every output row; others go through the
     * formatter, which gives the same text for those.
     */
    static String formatTimestamp(OffsetDateTime t) {
        int year = t.getYear();
        int offset = t.getOffset().getTotalSeconds();
        if (year < 1 || year > 9999 || offset % 60 != 0) {
            String s = t.format(t.getNano() != 0 ? WITH_NANOS : WHOLE_SECONDS);
            return TRAILING_ZEROS.matcher(s).replaceFirst("$1");
        }
        StringBuilder b = new StringBuilder(35);
        digits(b, year, 4).append('-');
        digits(b, t.getMonthValue(), 2).append('-');
        digits(b, t.getDayOfMonth(), 2).append('T');
        digits(b, t.getHour(), 2).append(':');
        digits(b, t.getMinute(), 2).append(':');
        digits(b, t.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            digits(b.append('.'), nano, width);
        }
        if (offset == 0) return b.append('Z').toString();
        b.append(offset < 0 ? '-' : '+');
        int minutes = Math.abs(offset) / 60;
        digits(b, minutes / 60, 2).append(':');
        return digits(b, minutes % 60, 2).toString();
    }

    private static StringBuilder digits(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) b.append('0');
        return b.append(s);
    }
}
