package io.awsemu.s3.select;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** What an expression sees: the current record, the FROM alias, the query's UTCNOW() and, at the end, the aggregates. */
final class Scope {
    private final String alias;
    /** What else names the record: a FROM path's last name, or _1 (see SelectQuery), when there is no alias. */
    private final String rowName;
    private final OffsetDateTime now;
    private InputRecord.Csv csv;
    private JsonNode json;
    private Object[] aggregates;

    Scope(String alias, String rowName, OffsetDateTime now) {
        this.alias = alias;
        this.rowName = rowName;
        this.now = now;
    }

    void csv(InputRecord.Csv record) { csv = record; json = null; }
    void json(JsonNode record) { json = record; csv = null; }
    void aggregates(Object[] values) { aggregates = values; }
    Object aggregate(int slot) { return aggregates[slot]; }
    OffsetDateTime now() { return now; }
    InputRecord.Csv csvRecord() { return csv; }
    JsonNode jsonRecord() { return json; }

    /** A column or attribute reference; a leading FROM alias (or S3Object, or the row's name) names the record itself. */
    Object resolve(List<Expr.Step> steps) {
        int from = recordSteps(steps, alias, rowName);
        if (from == steps.size()) return wholeRecord();
        return csv != null ? resolveCsv(steps, from) : resolveJson(json, steps, from);
    }

    /**
     * How many of a reference's leading steps name the record itself: 1 when the first is the FROM alias (or, without
     * one, S3Object or the row's name), else 0. The step after them is the column or attribute.
     */
    static int recordSteps(List<Expr.Step> steps, String alias, String rowName) {
        Expr.Step first = steps.get(0);
        boolean record = first.name() != null
                && (alias != null ? matches(first, alias) : matches(first, "S3Object") || matches(first, rowName));
        return record ? 1 : 0;
    }

    static boolean matches(Expr.Step step, String name) {
        if (name == null) return false;
        return step.quoted() ? step.name().equals(name) : step.name().equalsIgnoreCase(name);
    }

    private Object wholeRecord() {
        if (csv != null) return String.join(",", csv.fields());
        return Values.fromJson(json);
    }

    private Object resolveCsv(List<Expr.Step> steps, int from) {
        Expr.Step step = steps.get(from);
        if (step.name() == null) return Values.MISSING;
        Object v = csvField(step);
        return from + 1 < steps.size() ? Values.MISSING : v;
    }

    private Object csvField(Expr.Step step) {
        List<String> header = csv.header();
        String name = step.name();
        if (header != null) {
            int found = -1;
            for (int i = 0; i < header.size(); i++) {
                if (step.quoted() ? header.get(i).equals(name) : header.get(i).equalsIgnoreCase(name)) {
                    if (found >= 0) throw SelectErrors.ambiguousFieldName(name);
                    found = i;
                }
            }
            if (found >= 0) return found < csv.fields().size() ? csv.fields().get(found) : Values.MISSING;
        }
        Integer position = SqlParser.position(name);
        if (position != null && position == 0) throw SelectErrors.invalidColumnIndex(name);
        if (position != null) return position <= csv.fields().size() ? csv.fields().get(position - 1) : Values.MISSING;
        if (name.startsWith("_") && header == null) throw SelectErrors.invalidColumnIndex(name);
        return Values.MISSING;
    }

    static Object resolveJson(JsonNode node, List<Expr.Step> steps, int from) {
        for (int i = from; i < steps.size(); i++) {
            node = step(node, steps.get(i));
            if (node == null) return Values.MISSING;
        }
        return Values.fromJson(node);
    }

    /** One path step into a JSON value; null when the value has no such member or element. */
    static JsonNode step(JsonNode node, Expr.Step step) {
        if (node == null) return null;
        if (step.name() != null) {
            if (!node.isObject()) return null;
            JsonNode exact = node.get(step.name());
            if (exact != null || step.quoted()) return exact;
            JsonNode found = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(step.name())) {
                    if (found != null) throw SelectErrors.ambiguousFieldName(step.name());
                    found = e.getValue();
                }
            }
            return found;
        }
        if (step.index() >= 0) return node.isArray() ? node.get(step.index()) : null;
        return null;
    }
}
