package io.awsemu.simpledb.engine.select;

import java.util.List;

/**
 * A parsed select expression.
 *
 * @param where null when there is no where clause
 * @param sort  null when there is no order by
 * @param limit null when there is no limit clause
 */
public record SelectStatement(Output output, String domain, Expr where, Sort sort, Integer limit) {

    /** What the output list asks for. {@code attributes} only for {@link Kind#ATTRIBUTES}. */
    public record Output(Kind kind, List<String> attributes) {
        public enum Kind { ALL, ITEM_NAME, COUNT, ATTRIBUTES }
    }

    /** {@code attribute} null means order by itemName(). */
    public record Sort(String attribute, boolean descending) {
        public boolean byItemName() { return attribute == null; }
    }

    /** The where clause's syntax tree. */
    public sealed interface Expr permits And, Or, Not, Intersection, Comparison, NullTest {}

    public record And(Expr left, Expr right) implements Expr {}

    public record Or(Expr left, Expr right) implements Expr {}

    public record Not(Expr expr) implements Expr {}

    public record Intersection(Expr left, Expr right) implements Expr {}

    /** {@code values}: one literal, two for BETWEEN, one or more for IN. */
    public record Comparison(Operand operand, Op op, List<String> values) implements Expr {}

    public record NullTest(Operand operand, boolean isNull) implements Expr {}

    /** An attribute, {@code every(attribute)}, or itemName() when {@code attribute} is null. */
    public record Operand(String attribute, boolean every) {
        public static Operand itemName() { return new Operand(null, false); }
        public boolean isItemName() { return attribute == null; }
    }

    public enum Op { EQ, NE, LT, LE, GT, GE, LIKE, NOT_LIKE, BETWEEN, IN }
}
