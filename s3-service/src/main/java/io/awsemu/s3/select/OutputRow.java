package io.awsemu.s3.select;

import java.util.List;

/**
 * One row S3 Select returns: its columns' names (for JSON output) and values, in the SELECT list's order.
 *
 * <p>Values are {@code null} (SQL NULL), {@link #MISSING} (an absent attribute: left out of JSON output, an empty
 * field in CSV), {@link Boolean}, {@link Long}, {@link java.math.BigDecimal}, {@link Double}, {@link String},
 * {@link java.time.OffsetDateTime} (a TIMESTAMP), or a {@link com.fasterxml.jackson.databind.JsonNode} (a JSON
 * struct or list selected whole).
 */
public record OutputRow(List<String> names, List<Object> values) {
    /** The value of an attribute that is not there (S3 Select's MISSING, as opposed to NULL). */
    public static final Object MISSING = Missing.MISSING;

    private enum Missing { MISSING }

    public OutputRow {
        if (names.size() != values.size()) throw new IllegalArgumentException("one name per value");
    }
}
