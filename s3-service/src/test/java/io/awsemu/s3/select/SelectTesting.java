package io.awsemu.s3.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Small helpers: run a query over CSV rows or JSON records and look at the rows. */
final class SelectTesting {
    /** As RecordReader reads JSON objects: numbers with a fraction are exact decimals. */
    private static final ObjectMapper JSON = RecordReader.MAPPER;

    private SelectTesting() {}

    static InputRecord.Csv csv(List<String> header, String... fields) { return new InputRecord.Csv(Arrays.asList(fields), header); }

    static InputRecord.Json json(String text) {
        try {
            return new InputRecord.Json(JSON.readTree(text));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode node(String text) { return json(text).value(); }

    /** Every output row of the query over the records (the aggregate row last). */
    static List<OutputRow> run(String sql, InputRecord... records) {
        SelectQuery q = SelectQuery.parse(sql);
        SelectQuery.Execution ex = q.start();
        List<OutputRow> out = new ArrayList<>();
        for (InputRecord r : records) {
            if (ex.done()) break;
            out.addAll(ex.acceptAll(r));
        }
        OutputRow last = ex.finish();
        if (last != null) out.add(last);
        return out;
    }

    /** The values of the query's rows. */
    static List<List<Object>> values(String sql, InputRecord... records) {
        List<List<Object>> out = new ArrayList<>();
        for (OutputRow r : run(sql, records)) out.add(r.values());
        return out;
    }

    /** The single value of a one-column query over one record. */
    static Object eval(String expression, InputRecord record) {
        List<List<Object>> rows = values("SELECT " + expression + " FROM S3Object s", record);
        assertEquals(1, rows.size(), "one row");
        assertEquals(1, rows.get(0).size(), "one column");
        return rows.get(0).get(0);
    }

    static Object eval(String expression) { return eval(expression, json("{}")); }

    static String errorCode(Runnable r) {
        SelectException e = assertThrows(SelectException.class, r::run);
        assertEquals(400, e.httpStatus());
        return e.code();
    }

    static String parseError(String sql) { return errorCode(() -> SelectQuery.parse(sql)); }

    static String evalError(String expression) { return errorCode(() -> eval(expression)); }
}
