package io.awsemu.simpledb.engine.select;

import io.awsemu.simpledb.engine.select.SelectStatement.And;
import io.awsemu.simpledb.engine.select.SelectStatement.Comparison;
import io.awsemu.simpledb.engine.select.SelectStatement.Expr;
import io.awsemu.simpledb.engine.select.SelectStatement.Intersection;
import io.awsemu.simpledb.engine.select.SelectStatement.Not;
import io.awsemu.simpledb.engine.select.SelectStatement.NullTest;
import io.awsemu.simpledb.engine.select.SelectStatement.Or;
import io.awsemu.simpledb.store.StoredItem;

import java.util.List;
import java.util.function.Predicate;

/**
 * Compiles a where clause into a predicate over items, with SimpleDB's multi-valued rules:
 * a comparison holds when ANY value of the attribute satisfies it ({@code every()} wants all, and at
 * least one); {@code and}/{@code or} between comparisons on the same attribute are tested value by
 * value ("each value is evaluated individually against the predicate", so {@code k = 'a' and k = 'b'}
 * matches nothing), while {@code intersection}, {@code not} and connectives across attributes work
 * on whole items. All comparisons are lexicographic (String order).
 */
public final class SelectEvaluator {
    private SelectEvaluator() {}

    public static Predicate<StoredItem> compile(Expr e) {
        if (e == null) return item -> true;
        String groupAttr = valueGroupAttribute(e);
        if (groupAttr != null && !(e instanceof Comparison)) {
            Predicate<String> perValue = compileValue(e);
            return item -> anyMatch(item.values(groupAttr), perValue);
        }
        if (e instanceof And a) return compile(a.left()).and(compile(a.right()));
        if (e instanceof Or o) return compile(o.left()).or(compile(o.right()));
        if (e instanceof Intersection i) return compile(i.left()).and(compile(i.right()));
        if (e instanceof Not n) return compile(n.expr()).negate();
        if (e instanceof NullTest t) {
            if (t.operand().isItemName()) return item -> !t.isNull(); // every item has a name
            String attr = t.operand().attribute();
            return item -> item.values(attr).isEmpty() == t.isNull();
        }
        Comparison c = (Comparison) e;
        Predicate<String> test = valueTest(c);
        if (c.operand().isItemName()) return item -> test.test(item.name());
        String attr = c.operand().attribute();
        if (c.operand().every()) {
            return item -> {
                List<String> vs = item.values(attr);
                if (vs.isEmpty()) return false;
                for (String v : vs) if (!test.test(v)) return false;
                return true;
            };
        }
        return item -> anyMatch(item.values(attr), test);
    }

    private static boolean anyMatch(List<String> values, Predicate<String> test) {
        for (String v : values) if (test.test(v)) return true;
        return false;
    }

    /** The attribute when {@code e} is and/or over plain comparisons of one attribute, else null. */
    static String valueGroupAttribute(Expr e) {
        if (e instanceof Comparison c) {
            return c.operand().isItemName() || c.operand().every() ? null : c.operand().attribute();
        }
        Expr l;
        Expr r;
        if (e instanceof And a) { l = a.left(); r = a.right(); }
        else if (e instanceof Or o) { l = o.left(); r = o.right(); }
        else return null;
        String la = valueGroupAttribute(l);
        return la != null && la.equals(valueGroupAttribute(r)) ? la : null;
    }

    private static Predicate<String> compileValue(Expr e) {
        if (e instanceof And a) return compileValue(a.left()).and(compileValue(a.right()));
        if (e instanceof Or o) return compileValue(o.left()).or(compileValue(o.right()));
        return valueTest((Comparison) e);
    }

    /** The test one value must pass for comparison {@code c}. */
    public static Predicate<String> valueTest(Comparison c) {
        List<String> vs = c.values();
        String x = vs.get(0);
        return switch (c.op()) {
            case EQ -> v -> v.equals(x);
            case NE -> v -> !v.equals(x);
            case LT -> v -> v.compareTo(x) < 0;
            case LE -> v -> v.compareTo(x) <= 0;
            case GT -> v -> v.compareTo(x) > 0;
            case GE -> v -> v.compareTo(x) >= 0;
            case BETWEEN -> {
                String hi = vs.get(1);
                yield v -> v.compareTo(x) >= 0 && v.compareTo(hi) <= 0;
            }
            case IN -> v -> vs.contains(v);
            case LIKE -> LikePattern.compile(x)::matches;
            case NOT_LIKE -> {
                LikePattern p = LikePattern.compile(x);
                yield v -> !p.matches(v);
            }
        };
    }
}
