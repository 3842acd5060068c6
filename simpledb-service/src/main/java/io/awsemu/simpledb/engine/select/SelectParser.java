package io.awsemu.simpledb.engine.select;

import io.awsemu.simpledb.SimpleDbErrors;
import io.awsemu.simpledb.engine.select.SelectStatement.And;
import io.awsemu.simpledb.engine.select.SelectStatement.Comparison;
import io.awsemu.simpledb.engine.select.SelectStatement.Expr;
import io.awsemu.simpledb.engine.select.SelectStatement.Intersection;
import io.awsemu.simpledb.engine.select.SelectStatement.Not;
import io.awsemu.simpledb.engine.select.SelectStatement.NullTest;
import io.awsemu.simpledb.engine.select.SelectStatement.Op;
import io.awsemu.simpledb.engine.select.SelectStatement.Operand;
import io.awsemu.simpledb.engine.select.SelectStatement.Or;
import io.awsemu.simpledb.engine.select.SelectStatement.Output;
import io.awsemu.simpledb.engine.select.SelectStatement.Sort;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over the Developer Guide's grammar:
 * <pre>
 * select output_list from domain [where expr] [order by (attr | itemName()) [asc|desc]] [limit n]
 * expr  := or (intersection or)*          or  := and (or and)*       and := not (and not)*
 * not   := not not | '(' expr ')' | operand predicate
 * operand := attr | itemName() | every(attr)
 * predicate := op 'v' | [not] like 'v' | between 'v' and 'v' | in ('v', ...) | is [not] null
 * </pre>
 * then applies the documented limits and the sort rule.
 */
public final class SelectParser {

    public static final int MAX_LIMIT = 2500;
    public static final int DEFAULT_LIMIT = 100;
    /** "Maximum number of comparisons per Select expression": 20. */
    public static final int MAX_COMPARISONS = 20;
    /** "Attributes requested per Select operation": 256. */
    public static final int MAX_REQUESTED_ATTRIBUTES = 256;

    private final List<Token> tokens;
    private int pos;
    private int comparisons;

    private SelectParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static SelectStatement parse(String expression) {
        if (expression == null || expression.isBlank()) throw SimpleDbErrors.missingParameter("SelectExpression");
        SelectParser p = new SelectParser(SelectLexer.tokenize(expression));
        SelectStatement st = p.statement();
        validate(st, p.comparisons);
        return st;
    }

    private SelectStatement statement() {
        expectKeyword("select");
        Output output = outputList();
        expectKeyword("from");
        String domain = name();
        Expr where = null;
        if (peek().keyword("where")) {
            next();
            where = expr();
        }
        Sort sort = null;
        if (peek().keyword("order")) {
            next();
            expectKeyword("by");
            String attr = itemNameAhead() ? null : name();
            if (attr == null) consumeItemName();
            boolean desc = false;
            if (peek().keyword("asc")) next();
            else if (peek().keyword("desc")) { next(); desc = true; }
            sort = new Sort(attr, desc);
        }
        Integer limit = null;
        if (peek().keyword("limit")) {
            next();
            Token t = next();
            if (t.kind() != Token.Kind.NUMBER) throw SimpleDbErrors.invalidQueryExpression();
            try {
                limit = Integer.parseInt(t.text());
            } catch (NumberFormatException e) {
                throw SimpleDbErrors.invalidParameterValue("Limit", t.text(), "Limit must be between 1 and " + MAX_LIMIT + ".");
            }
        }
        if (peek().kind() != Token.Kind.END) throw SimpleDbErrors.invalidQueryExpression();
        return new SelectStatement(output, domain, where, sort, limit);
    }

    private Output outputList() {
        if (peek().symbol("*")) {
            next();
            return new Output(Output.Kind.ALL, List.of());
        }
        if (peek().bare("count") && peek(1).symbol("(")) {
            next();
            next();
            expectSymbol("*");
            expectSymbol(")");
            return new Output(Output.Kind.COUNT, List.of());
        }
        List<String> attrs = new ArrayList<>();
        boolean itemName = false;
        do {
            if (itemNameAhead()) {
                consumeItemName();
                itemName = true;
            } else {
                String a = name();
                if (!attrs.contains(a)) attrs.add(a);
            }
        } while (peek().symbol(",") && next() != null);
        if (attrs.isEmpty() && itemName) return new Output(Output.Kind.ITEM_NAME, List.of());
        return new Output(Output.Kind.ATTRIBUTES, List.copyOf(attrs));
    }

    private Expr expr() {
        Expr left = orExpr();
        while (peek().keyword("intersection")) {
            next();
            left = new Intersection(left, orExpr());
        }
        return left;
    }

    private Expr orExpr() {
        Expr left = andExpr();
        while (peek().keyword("or")) {
            next();
            left = new Or(left, andExpr());
        }
        return left;
    }

    private Expr andExpr() {
        Expr left = notExpr();
        while (peek().keyword("and")) {
            next();
            left = new And(left, notExpr());
        }
        return left;
    }

    private Expr notExpr() {
        if (peek().keyword("not")) {
            next();
            return new Not(notExpr());
        }
        if (peek().symbol("(")) {
            next();
            Expr e = expr();
            expectSymbol(")");
            return e;
        }
        return predicate(operand());
    }

    private Operand operand() {
        if (peek().keyword("every")) {
            next();
            expectSymbol("(");
            String a = name();
            expectSymbol(")");
            return new Operand(a, true);
        }
        if (itemNameAhead()) {
            consumeItemName();
            return Operand.itemName();
        }
        return new Operand(name(), false);
    }

    private Expr predicate(Operand operand) {
        Token t = next();
        if (t.kind() == Token.Kind.SYMBOL) {
            Op op = switch (t.text()) {
                case "=" -> Op.EQ;
                case "!=" -> Op.NE;
                case "<" -> Op.LT;
                case "<=" -> Op.LE;
                case ">" -> Op.GT;
                case ">=" -> Op.GE;
                default -> throw SimpleDbErrors.invalidQueryExpression();
            };
            return comparison(operand, op, List.of(literal()));
        }
        if (t.keyword("like")) return comparison(operand, Op.LIKE, List.of(literal()));
        if (t.keyword("not")) {
            expectKeyword("like");
            return comparison(operand, Op.NOT_LIKE, List.of(literal()));
        }
        if (t.keyword("between")) {
            String lo = literal();
            expectKeyword("and");
            return comparison(operand, Op.BETWEEN, List.of(lo, literal()));
        }
        if (t.keyword("in")) {
            expectSymbol("(");
            List<String> values = new ArrayList<>();
            values.add(literal());
            while (peek().symbol(",")) {
                next();
                values.add(literal());
            }
            expectSymbol(")");
            if (values.size() > MAX_COMPARISONS) throw SimpleDbErrors.invalidNumberValueTests();
            return comparison(operand, Op.IN, List.copyOf(values));
        }
        if (t.keyword("is")) {
            boolean isNull = true;
            if (peek().keyword("not")) {
                next();
                isNull = false;
            }
            expectKeyword("null");
            if (operand.every()) throw SimpleDbErrors.invalidQueryExpression();
            comparisons++;
            return new NullTest(operand, isNull);
        }
        throw SimpleDbErrors.invalidQueryExpression();
    }

    private Comparison comparison(Operand operand, Op op, List<String> values) {
        comparisons++;
        return new Comparison(operand, op, values);
    }

    private String literal() {
        Token t = next();
        if (t.kind() != Token.Kind.STRING) throw SimpleDbErrors.invalidQueryExpression();
        return t.text();
    }

    /** A bare identifier or a backquoted name; reserved words are never names. */
    private String name() {
        Token t = next();
        if (t.kind() == Token.Kind.NAME || t.kind() == Token.Kind.QUOTED_NAME) return t.text();
        throw SimpleDbErrors.invalidQueryExpression();
    }

    private boolean itemNameAhead() {
        return peek().bare("itemName") && peek(1).symbol("(") && peek(2).symbol(")");
    }

    private void consumeItemName() {
        pos += 3;
    }

    private void expectKeyword(String k) {
        if (!next().keyword(k)) throw SimpleDbErrors.invalidQueryExpression();
    }

    private void expectSymbol(String s) {
        if (!next().symbol(s)) throw SimpleDbErrors.invalidQueryExpression();
    }

    private Token peek() { return peek(0); }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = peek();
        if (pos < tokens.size() - 1) pos++;
        return t;
    }

    private static void validate(SelectStatement st, int comparisons) {
        if (comparisons > MAX_COMPARISONS) throw SimpleDbErrors.invalidNumberPredicates();
        if (st.output().attributes().size() > MAX_REQUESTED_ATTRIBUTES) throw SimpleDbErrors.tooManyRequestedAttributes();
        if (st.limit() != null) {
            boolean count = st.output().kind() == Output.Kind.COUNT;
            if (st.limit() < 1 || (!count && st.limit() > MAX_LIMIT)) {
                throw SimpleDbErrors.invalidParameterValue("Limit", String.valueOf(st.limit()),
                        "Limit must be between 1 and " + MAX_LIMIT + ".");
            }
        }
        Sort sort = st.sort();
        if (sort != null && !sort.byItemName() && !constrains(st.where(), sort.attribute())) {
            throw SimpleDbErrors.invalidSortExpression();
        }
    }

    /** True when some predicate other than "is null" names {@code attr} (the documented sort rule). */
    static boolean constrains(Expr e, String attr) {
        if (e == null) return false;
        if (e instanceof And a) return constrains(a.left(), attr) || constrains(a.right(), attr);
        if (e instanceof Or o) return constrains(o.left(), attr) || constrains(o.right(), attr);
        if (e instanceof Intersection i) return constrains(i.left(), attr) || constrains(i.right(), attr);
        if (e instanceof Not) return false; // a negated predicate does not guarantee the attribute
        if (e instanceof Comparison c) return attr.equals(c.operand().attribute());
        NullTest n = (NullTest) e;
        return !n.isNull() && attr.equals(n.operand().attribute());
    }
}
