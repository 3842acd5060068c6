package io.awsemu.s3.select;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** One record of the object S3 Select reads: a CSV row or a JSON value. */
public sealed interface InputRecord permits InputRecord.Csv, InputRecord.Json {

    /**
     * A CSV row.
     *
     * @param fields its fields in order (quotes removed, escapes resolved)
     * @param header the column names from the object's first line when {@code FileHeaderInfo} is {@code USE}, else
     *               null (then columns are only reachable by position: {@code _1}, {@code _2}, ...)
     */
    record Csv(List<String> fields, List<String> header) implements InputRecord {}

    /** A JSON record: a top-level value of a DOCUMENT object, or one line of a LINES object. */
    record Json(JsonNode value) implements InputRecord {}
}
