package io.awsemu.s3.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * An S3 Select SQL expression, parsed and checked once, then run over each object's records by an {@link Execution}.
 * The language is AWS's S3 Select SQL reference: one SELECT over S3Object, WHERE, LIMIT, scalar functions and
 * aggregates; no joins, grouping or ordering.
 */
public final class SelectQuery {
    private static final int MAX_EXPRESSION_BYTES = 256 * 1024;

    private final SqlParser.Statement statement;

    /** Levels of nesting an expression may have; evaluating one this deep takes well under 1 MiB of stack. */
    static final int MAX_DEPTH = 1000;

    private SelectQuery(SqlParser.Statement statement) { this.statement = statement; }

    /** The deepest chain of nested expressions in the statement (its items and WHERE), walked without recursion. */
    static int depth(SqlParser.Statement statement) {
        ArrayDeque<Expr> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        for (SqlParser.Item item : statement.items()) {
            nodes.push(item.expr());
            depths.push(1);
        }
        if (statement.where() != null) {
            nodes.push(statement.where());
            depths.push(1);
        }
        int max = 0;
        while (!nodes.isEmpty()) {
            Expr node = nodes.pop();
            int d = depths.pop();
            max = Math.max(max, d);
            for (Expr child : children(node)) {
                nodes.push(child);
                depths.push(d + 1);
            }
        }
        return max;
    }

    /**
     * Parses and checks an S3 Select SQL expression; SelectException with S3's error code when invalid. An expression
     * deeper than {@link #MAX_DEPTH} levels (a chain of operators such as {@code a OR b OR ...} is one level per
     * operator) or {@link SqlParser#MAX_NESTING} levels of parentheses is refused: parsing and evaluating recurse once
     * per level, and a thread's stack is finite.
     */
    public static SelectQuery parse(String sql) {
        if (sql.getBytes(StandardCharsets.UTF_8).length > MAX_EXPRESSION_BYTES) throw SelectErrors.expressionTooLong();
        SqlParser.Statement statement;
        try {
            statement = SqlParser.parse(sql);
        } catch (StackOverflowError e) { // SqlParser.MAX_NESTING keeps far from this; a last guard, parsing is pure
            throw SelectErrors.nestedTooDeeply();
        }
        if (depth(statement) > MAX_DEPTH) throw SelectErrors.nestedTooDeeply();
        if (!statement.aggregates().isEmpty()) {
            if (statement.star()) throw SelectErrors.parseUnsupportedSelect("SELECT * cannot be mixed with aggregate functions.");
            for (SqlParser.Item item : statement.items()) {
                if (readsRecord(item.expr())) throw SelectErrors.parseUnsupportedSelect("Aggregate and non-aggregate expressions cannot be mixed in the SELECT list.");
            }
        }
        return new SelectQuery(statement);
    }

    /**
     * The top-level fields of a record this query can read, for a reader that can skip the others (Parquet's columns):
     * a test of a field's name, or null when it may read any (SELECT *, the whole record, a wildcard, a FROM path that
     * starts with a wildcard). Names match as references do: unquoted ones in any case, quoted ones exactly.
     */
    public Predicate<String> fields() {
        List<Expr.Step> path = statement.fromPath();
        List<Expr.Step> wanted = new ArrayList<>();
        if (!path.isEmpty()) {
            // references are relative to what the path reaches: the record's part is the path's first step
            if (path.get(0).name() == null) return null;
            wanted.add(path.get(0));
        } else {
            if (statement.star()) return null;
            ArrayDeque<Expr> nodes = new ArrayDeque<>();
            for (SqlParser.Item item : statement.items()) nodes.push(item.expr());
            if (statement.where() != null) nodes.push(statement.where());
            String rowName = rowName(statement);
            while (!nodes.isEmpty()) {
                Expr e = nodes.pop();
                if (e instanceof Expr.Ref ref) {
                    int from = Scope.recordSteps(ref.steps(), statement.alias(), rowName);
                    if (from == ref.steps().size() || ref.steps().get(from).name() == null) return null;
                    wanted.add(ref.steps().get(from));
                }
                children(e).forEach(nodes::push);
            }
        }
        return name -> {
            for (Expr.Step step : wanted) if (Scope.matches(step, name)) return true;
            return false;
        };
    }

    /** True when the SELECT list is aggregates (COUNT/SUM/AVG/MIN/MAX): one row comes out, at finish(). */
    public boolean aggregate() { return !statement.aggregates().isEmpty(); }

    /**
     * What names the row of a FROM path without an alias, as S3 documents: the path's last name
     * ({@code SELECT price FROM S3Object[*].books[*].price}), or {@code _1} when it ends with a wildcard or an index.
     */
    private static String rowName(SqlParser.Statement statement) {
        List<Expr.Step> path = statement.fromPath();
        if (statement.alias() != null || path.isEmpty()) return null;
        Expr.Step last = path.get(path.size() - 1);
        return last.name() != null ? last.name() : "_1";
    }

    /** A fresh evaluation over one object's records. */
    public Execution start() { return start(Clock.systemUTC()); }

    /** As {@link #start()}, with the clock UTCNOW() reads (once, when the evaluation starts; to the millisecond). */
    public Execution start(Clock clock) {
        return new Run(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
    }

    public interface Execution {
        /**
         * One input record: its output row, or null when WHERE drops it or the query aggregates. A FROM path with a
         * wildcard ({@code S3Object[*].items[*]}) can turn one record into several rows: use {@link #acceptAll} then;
         * this method throws IllegalStateException when it would have to drop rows.
         */
        OutputRow accept(InputRecord record);
        /** Every output row one input record gives (none, one, or several through a FROM path), up to LIMIT. */
        List<OutputRow> acceptAll(InputRecord record);
        /** True once LIMIT rows were returned: the caller stops reading. */
        boolean done();
        /** The aggregate row at the end (null for a non-aggregate query). */
        OutputRow finish();
    }

    /** Whether an expression reads the record outside any aggregate (which may not be mixed with aggregates). */
    private static boolean readsRecord(Expr e) {
        if (e instanceof Expr.Ref) return true;
        if (e instanceof Expr.Aggregate) return false;
        return children(e).stream().anyMatch(SelectQuery::readsRecord);
    }

    /**
     * An expression's operands: its record components that are expressions or lists of them (an Aggregate's argument
     * too). Read off the records themselves, so a new kind of expression cannot be missed here.
     */
    private static List<Expr> children(Expr e) {
        List<Expr> c = new ArrayList<>();
        for (RecordComponent component : e.getClass().getRecordComponents()) {
            Object v;
            try {
                v = component.getAccessor().invoke(e);
            } catch (ReflectiveOperationException x) {
                throw new IllegalStateException(x);
            }
            if (v instanceof Expr child) c.add(child);
            else if (v instanceof List<?> list) for (Object o : list) if (o instanceof Expr child) c.add(child);
        }
        return c;
    }

    private final class Run implements Execution {
        private final Scope scope;
        private final Accumulator[] accumulators;
        private long returned;

        Run(OffsetDateTime now) {
            scope = new Scope(statement.alias(), rowName(statement), now);
            accumulators = new Accumulator[statement.aggregates().size()];
            for (Expr.Aggregate a : statement.aggregates()) accumulators[a.slot()] = new Accumulator(a.function());
        }

        @Override
        public OutputRow accept(InputRecord record) {
            List<OutputRow> rows = acceptAll(record);
            if (rows.size() > 1) throw new IllegalStateException("The FROM path gives several rows per record: call acceptAll");
            return rows.isEmpty() ? null : rows.get(0);
        }

        @Override
        public List<OutputRow> acceptAll(InputRecord record) {
            List<OutputRow> out = new ArrayList<>(1);
            if (done()) return out;
            if (record instanceof InputRecord.Csv csv) {
                if (!statement.fromPath().isEmpty()) throw SelectErrors.parseUnsupportedSyntax("A FROM path over CSV");
                scope.csv(csv);
                row(out);
            } else {
                List<JsonNode> nodes = new ArrayList<>();
                expand(((InputRecord.Json) record).value(), 0, nodes);
                for (JsonNode node : nodes) {
                    if (done()) break;
                    scope.json(node);
                    row(out);
                }
            }
            return out;
        }

        /**
         * The records a FROM path makes of one JSON value. As S3 documents: a wildcard always emits at least one
         * record (MISSING when nothing matches), and a name or index that is not there is a MISSING record too; a
         * MISSING record is written as an empty one.
         */
        private void expand(JsonNode node, int step, List<JsonNode> out) {
            List<Expr.Step> path = statement.fromPath();
            if (step == path.size()) { out.add(node == null ? MissingNode.getInstance() : node); return; }
            Expr.Step s = path.get(step);
            if (s.wildcard()) {
                int before = out.size();
                if (node != null && (node.isArray() || node.isObject())) for (JsonNode child : node) expand(child, step + 1, out);
                if (out.size() == before) out.add(MissingNode.getInstance());
            } else {
                expand(node == null ? null : Scope.step(node, s), step + 1, out);
            }
        }

        private void row(List<OutputRow> out) {
            if (statement.where() != null && !Boolean.TRUE.equals(Expr.truth(statement.where().eval(scope), "WHERE"))) return;
            if (aggregate()) {
                for (Expr.Aggregate a : statement.aggregates()) {
                    accumulators[a.slot()].add(a.argument() == null ? Boolean.TRUE : a.argument().eval(scope));
                }
                return;
            }
            out.add(project());
            returned++;
        }

        private OutputRow project() {
            if (statement.star()) return starRow();
            List<String> names = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            for (SqlParser.Item item : statement.items()) {
                names.add(item.name());
                values.add(item.expr().eval(scope));
            }
            return new OutputRow(names, values);
        }

        private OutputRow starRow() {
            List<String> names = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            InputRecord.Csv csv = scope.csvRecord();
            if (csv != null) {
                for (int i = 0; i < csv.fields().size(); i++) {
                    names.add(csv.header() != null && i < csv.header().size() ? csv.header().get(i) : "_" + (i + 1));
                    values.add(csv.fields().get(i));
                }
            } else {
                JsonNode json = scope.jsonRecord();
                if (json.isObject()) {
                    for (Iterator<java.util.Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                        var e = it.next();
                        names.add(e.getKey());
                        values.add(Values.fromJson(e.getValue()));
                    }
                } else {
                    names.add("_1");
                    values.add(Values.fromJson(json));
                }
            }
            return new OutputRow(names, values);
        }

        @Override
        public boolean done() {
            return statement.limit() != null && returned >= statement.limit();
        }

        @Override
        public OutputRow finish() {
            if (!aggregate() || (statement.limit() != null && statement.limit() == 0)) return null;
            Object[] values = new Object[accumulators.length];
            for (int i = 0; i < values.length; i++) values[i] = accumulators[i].result();
            scope.aggregates(values);
            returned++;
            return project();
        }
    }

    /** The running state of one aggregate; NULL and MISSING are skipped, COUNT(*) counts every record. */
    private static final class Accumulator {
        private final String function;
        private long count;
        private Object sum;
        private Object best;

        Accumulator(String function) { this.function = function; }

        void add(Object v) {
            if (Values.absent(v)) return;
            switch (function) {
                case "COUNT" -> count++;
                case "SUM", "AVG" -> {
                    if (!Values.isNumber(v)) throw SelectErrors.incorrectSqlFunctionArgumentType(function, v);
                    sum = sum == null ? v : Values.arithmetic("+", sum, v);
                    count++;
                }
                default -> {
                    Integer c = best == null ? null : Values.compare(v, best);
                    if (best != null && c == null) throw SelectErrors.incorrectSqlFunctionArgumentType(function, v);
                    if (best == null || (function.equals("MIN") ? c < 0 : c > 0)) best = v;
                }
            }
        }

        Object result() {
            return switch (function) {
                case "COUNT" -> count;
                case "SUM" -> sum;
                case "AVG" -> {
                    if (count == 0) yield null;
                    if (sum instanceof Double d) yield d / count;
                    yield Values.decimal(sum).divide(BigDecimal.valueOf(count), MathContext.DECIMAL128).stripTrailingZeros();
                }
                default -> best;
            };
        }
    }
}
