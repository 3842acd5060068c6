package io.awsemu.simpledb.engine;

import io.awsemu.simpledb.engine.NextTokens.Position;
import io.awsemu.simpledb.engine.SimpleDbEngine.SelectPage;
import io.awsemu.simpledb.engine.select.LikePattern;
import io.awsemu.simpledb.engine.select.SelectEvaluator;
import io.awsemu.simpledb.engine.select.SelectParser;
import io.awsemu.simpledb.engine.select.SelectStatement;
import io.awsemu.simpledb.engine.select.SelectStatement.And;
import io.awsemu.simpledb.engine.select.SelectStatement.Comparison;
import io.awsemu.simpledb.engine.select.SelectStatement.Expr;
import io.awsemu.simpledb.engine.select.SelectStatement.Intersection;
import io.awsemu.simpledb.engine.select.SelectStatement.NullTest;
import io.awsemu.simpledb.engine.select.SelectStatement.Output;
import io.awsemu.simpledb.engine.select.SelectStatement.Sort;
import io.awsemu.simpledb.store.SimpleDbStore;
import io.awsemu.simpledb.store.SimpleDbStore.Domain;
import io.awsemu.simpledb.store.SimpleDbStore.SortRow;
import io.awsemu.simpledb.store.SimpleDbStore.ValueRange;
import io.awsemu.simpledb.store.StoredItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * Runs one page of a select. Candidates come from the store in the query's order (item name, or the
 * sort attribute's value index), narrowed by one indexable conjunct when there is one; the full
 * where clause is then checked in Java. Pages end at the limit or at 1 MB; the token is the position
 * after the last returned item, so later inserts never shift or repeat a page.
 */
final class SelectRunner {
    private static final int FIRST_BATCH = 256;
    private static final int MAX_BATCH = 4096;
    /** After a full page, how many more candidates we examine to learn whether a NextToken is due. */
    private static final int PEEK_BUDGET = 1024;
    /** A full scan asks the store for rows, not items: a few attributes per item is typical. */
    private static final int ROWS_PER_ITEM_GUESS = 4;

    private final SimpleDbStore store;

    SelectRunner(SimpleDbStore store) {
        this.store = store;
    }

    /** One item the source yields, with the position a token resuming after it would carry. */
    private record Candidate(StoredItem item, Position position) {}

    /** An indexable conjunct: items must have a value of {@code attribute} inside {@code range}. */
    record IndexHint(String attribute, ValueRange range) {}

    SelectPage run(Domain domain, SelectStatement st, String nextToken) {
        String key = NextTokens.queryKey(domain.name(), st.where(), st.sort());
        Position start = nextToken == null ? null : NextTokens.parseSelect(nextToken, key);
        Predicate<StoredItem> where = SelectEvaluator.compile(st.where());
        IndexHint hint = indexHint(st.where());
        CandidateSource source = st.sort() != null && !st.sort().byItemName()
                ? new ValueOrder(domain.id(), st.sort(), hint, start)
                : new NameOrder(domain.id(), st.sort() != null && st.sort().descending(), hint, start);
        boolean count = st.output().kind() == Output.Kind.COUNT;
        int limit = st.limit() != null ? st.limit() : count ? Integer.MAX_VALUE : SelectParser.DEFAULT_LIMIT;

        List<StoredItem> page = new ArrayList<>();
        long counted = 0;
        long bytes = 0;
        Position last = null;
        boolean more = false;
        int peeked = -1; // >= 0 once the page is full
        while (source.hasNext()) {
            Candidate c = source.next();
            if (peeked >= 0 && ++peeked > PEEK_BUDGET) { more = true; break; }
            if (!where.test(c.item())) continue;
            if (peeked >= 0) { more = true; break; }
            if (count) {
                counted++;
            } else {
                StoredItem out = project(c.item(), st.output());
                long size = responseSize(out);
                if (!page.isEmpty() && bytes + size > SimpleDbLimits.MAX_RESPONSE_BYTES) { more = true; break; }
                bytes += size;
                page.add(out);
                counted++;
            }
            last = c.position();
            if (counted >= limit) peeked = 0;
        }
        String token = more && last != null ? NextTokens.select(key, last) : null;
        if (count) {
            return new SelectPage(List.of(new StoredItem("Domain", Map.of("Count", List.of(Long.toString(counted))))), token);
        }
        return new SelectPage(page, token);
    }

    private static StoredItem project(StoredItem item, Output output) {
        return switch (output.kind()) {
            case ALL -> item;
            case ITEM_NAME, COUNT -> new StoredItem(item.name(), Map.of());
            case ATTRIBUTES -> {
                Map<String, List<String>> m = new LinkedHashMap<>();
                for (String a : output.attributes()) {
                    List<String> vs = item.attributes().get(a);
                    if (vs != null) m.put(a, vs);
                }
                yield new StoredItem(item.name(), m);
            }
        };
    }

    /** Roughly the XML an item costs (element names included), for the 1 MB page limit. */
    private static long responseSize(StoredItem item) {
        long n = 30 + SimpleDbEngine.utf8(item.name());
        for (Map.Entry<String, List<String>> a : item.attributes().entrySet()) {
            for (String v : a.getValue()) n += 60 + SimpleDbEngine.utf8(a.getKey()) + SimpleDbEngine.utf8(v);
        }
        return n;
    }

    /** The first top-level conjunct a value index can answer, or null for a full scan. */
    static IndexHint indexHint(Expr where) {
        if (where == null) return null;
        List<Expr> conjuncts = new ArrayList<>();
        flatten(where, conjuncts);
        for (Expr e : conjuncts) {
            if (e instanceof NullTest t && !t.isNull() && !t.operand().isItemName()) {
                return new IndexHint(t.operand().attribute(), ValueRange.ALL);
            }
            if (!(e instanceof Comparison c) || c.operand().isItemName()) continue;
            ValueRange r = range(c);
            if (r != null) return new IndexHint(c.operand().attribute(), r);
        }
        return null;
    }

    private static void flatten(Expr e, List<Expr> out) {
        if (e instanceof And a) { flatten(a.left(), out); flatten(a.right(), out); }
        else if (e instanceof Intersection i) { flatten(i.left(), out); flatten(i.right(), out); }
        else out.add(e);
    }

    /** The value range a comparison needs at least one value in (every() needs one too). */
    private static ValueRange range(Comparison c) {
        String x = c.values().get(0);
        return switch (c.op()) {
            case EQ -> new ValueRange(x, true, x, true);
            case LT -> new ValueRange(null, false, x, false);
            case LE -> new ValueRange(null, false, x, true);
            case GT -> new ValueRange(x, false, null, false);
            case GE -> new ValueRange(x, true, null, false);
            case BETWEEN -> new ValueRange(x, true, c.values().get(1), true);
            case LIKE -> {
                LikePattern p = LikePattern.compile(x);
                String prefix = p.prefix();
                if (!p.isPrefixOnly() || prefix.isEmpty()) yield null;
                char lastChar = prefix.charAt(prefix.length() - 1);
                if (lastChar == Character.MAX_VALUE) yield new ValueRange(prefix, true, null, false);
                yield new ValueRange(prefix, true, prefix.substring(0, prefix.length() - 1) + (char) (lastChar + 1), false);
            }
            default -> null;
        };
    }

    private abstract static class CandidateSource {
        private final List<Candidate> buffer = new ArrayList<>();
        private int index;
        private boolean exhausted;
        int batch = FIRST_BATCH;

        boolean hasNext() {
            while (index >= buffer.size() && !exhausted) {
                buffer.clear();
                index = 0;
                exhausted = !fill(buffer);
                batch = Math.min(MAX_BATCH, batch * 2);
            }
            return index < buffer.size();
        }

        Candidate next() {
            if (!hasNext()) throw new NoSuchElementException();
            return buffer.get(index++);
        }

        /** Appends the next batch; returns false when the store has nothing after it. */
        abstract boolean fill(List<Candidate> out);
    }

    /** Items in name order, optionally only those with a value of one attribute in a range. */
    private final class NameOrder extends CandidateSource {
        private final long domainId;
        private final boolean descending;
        private final IndexHint hint;
        private String after;

        NameOrder(long domainId, boolean descending, IndexHint hint, Position start) {
            this.domainId = domainId;
            this.descending = descending;
            this.hint = hint;
            this.after = start == null ? null : start.item();
        }

        @Override
        boolean fill(List<Candidate> out) {
            if (hint == null) {
                // no index narrows it: stream whole items in one ordered query per batch
                List<StoredItem> items = store.scanItems(domainId, after, descending, batch * ROWS_PER_ITEM_GUESS);
                if (items.isEmpty()) return false;
                for (StoredItem it : items) out.add(new Candidate(it, new Position(null, it.name())));
                after = items.get(items.size() - 1).name();
                return true;
            }
            List<String> names = store.itemNames(domainId, after, descending, batch,
                    hint == null ? null : hint.attribute(), hint == null ? null : hint.range());
            if (names.isEmpty()) return false;
            Map<String, StoredItem> items = store.items(domainId, names);
            for (String n : names) {
                StoredItem it = items.get(n);
                if (it != null) out.add(new Candidate(it, new Position(null, n)));
            }
            after = names.get(names.size() - 1);
            return true; // a store may return fewer names than asked (one row per value); stop on an empty batch

        }
    }

    /**
     * Items in the sort attribute's value order. A multi-valued item is placed by its smallest value
     * (largest when descending), so its other rows are skipped. Only the bound of an indexable
     * conjunct on the sort attribute that cannot exclude that placing value narrows the scan.
     */
    private final class ValueOrder extends CandidateSource {
        private final long domainId;
        private final String attribute;
        private final boolean descending;
        private final ValueRange range;
        private SortRow after;

        ValueOrder(long domainId, Sort sort, IndexHint hint, Position start) {
            this.domainId = domainId;
            this.attribute = sort.attribute();
            this.descending = sort.descending();
            ValueRange r = ValueRange.ALL;
            if (hint != null && hint.attribute().equals(attribute)) {
                ValueRange h = hint.range();
                r = descending ? new ValueRange(h.low(), h.lowInclusive(), null, false)
                        : new ValueRange(null, false, h.high(), h.highInclusive());
            }
            this.range = r;
            this.after = start == null ? null : new SortRow(start.item(), start.sortValue() == null ? "" : start.sortValue());
        }

        @Override
        boolean fill(List<Candidate> out) {
            List<SortRow> rows = store.sortRows(domainId, attribute, after, descending, batch, range);
            if (rows.isEmpty()) return false;
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (SortRow r : rows) names.add(r.item());
            Map<String, StoredItem> items = store.items(domainId, names);
            for (SortRow r : rows) {
                StoredItem it = items.get(r.item());
                if (it == null || !r.value().equals(placing(it.values(attribute)))) continue;
                out.add(new Candidate(it, new Position(r.value(), r.item())));
            }
            after = rows.get(rows.size() - 1);
            return rows.size() == batch;
        }

        private String placing(List<String> values) {
            String best = null;
            for (String v : values) {
                if (best == null || (descending ? v.compareTo(best) > 0 : v.compareTo(best) < 0)) best = v;
            }
            return best;
        }
    }
}
