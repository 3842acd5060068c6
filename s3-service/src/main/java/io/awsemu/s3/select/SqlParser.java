package io.awsemu.s3.select;

import io.awsemu.s3.select.Lexer.Kind;
import io.awsemu.s3.select.Lexer.Token;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A recursive-descent parser for S3 Select's one statement: SELECT list FROM S3Object[path] [alias] [WHERE] [LIMIT]. */
final class SqlParser {
    record Item(Expr expr, String name) {}

    record Statement(boolean star, List<Item> items, List<Expr.Step> fromPath, String alias, Expr where, Long limit, List<Expr.Aggregate> aggregates) {}

    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "LIMIT", "AS", "AND", "OR", "NOT", "LIKE", "ESCAPE",
            "BETWEEN", "IN", "IS", "NULL", "MISSING", "TRUE", "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "GROUP", "ORDER",
            "BY", "HAVING", "JOIN", "UNION", "INNER", "LEFT", "RIGHT", "OUTER", "CROSS", "ON", "DISTINCT");
    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", "<=", ">", ">=");
    private static final Set<String> JOINS = Set.of("JOIN", "INNER", "LEFT", "RIGHT", "OUTER", "CROSS");
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX");

    private final List<Token> tokens;
    private int at;
    private final List<Expr.Aggregate> aggregates = new ArrayList<>();
    private boolean inAggregate;
    private boolean aggregatesAllowed;

    private SqlParser(List<Token> tokens) { this.tokens = tokens; }

    static Statement parse(String sql) {
        return new SqlParser(Lexer.tokenize(sql)).statement();
    }

    /** The column number of a positional name {@code _N}, or null when the name is not one. */
    static Integer position(String name) {
        if (name.length() < 2 || name.charAt(0) != '_') return null;
        for (int i = 1; i < name.length(); i++) if (!Character.isDigit(name.charAt(i))) return null;
        try {
            return Integer.parseInt(name.substring(1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    // ---- statement ----

    private Statement statement() {
        if (!peek().isWord("SELECT")) throw unexpected(peek());
        next();
        if (peek().isWord("DISTINCT")) throw SelectErrors.parseUnsupportedSyntax("DISTINCT");
        boolean star = false;
        List<Item> items = new ArrayList<>();
        if (peek().isWord("FROM") || peek().is(Kind.EOF)) throw SelectErrors.parseEmptySelect();
        aggregatesAllowed = true;
        do {
            if (peek().isOp("*") || (isIdent(peek()) && peekAt(1).is(Kind.DOT) && peekAt(2).isOp("*"))) {
                if (peek().isOp("*")) next(); else { next(); next(); next(); }
                if (star || !items.isEmpty()) throw SelectErrors.parseAsteriskIsNotAloneInSelectList();
                star = true;
                continue;
            }
            if (star) throw SelectErrors.parseAsteriskIsNotAloneInSelectList();
            Expr e = expression();
            String name = null;
            if (peek().isWord("AS")) {
                next();
                Token t = next();
                if (!(t.is(Kind.QUOTED_IDENT) || isIdent(t))) throw SelectErrors.parseExpectedIdentForAlias(show(t));
                name = t.text();
            } else if (peek().is(Kind.QUOTED_IDENT) || isIdent(peek())) {
                name = next().text();
            }
            if (name == null) name = defaultName(e, items.size() + 1);
            items.add(new Item(e, name));
        } while (accept(Kind.COMMA));
        aggregatesAllowed = false;
        if (!peek().isWord("FROM")) {
            if (peek().is(Kind.EOF)) throw SelectErrors.parseSelectMissingFrom();
            throw unexpected(peek());
        }
        next();
        Token source = next();
        if (!(source.isWord("S3Object") || source.is(Kind.QUOTED_IDENT) && source.text().equalsIgnoreCase("S3Object"))) {
            throw SelectErrors.parseUnexpectedToken(show(source) + ": FROM takes S3Object");
        }
        List<Expr.Step> fromPath = fromPath();
        String alias = null;
        if (peek().isWord("AS")) {
            next();
            Token t = next();
            if (!(t.is(Kind.QUOTED_IDENT) || isIdent(t))) throw SelectErrors.parseExpectedIdentForAlias(show(t));
            alias = t.text();
        } else if (peek().is(Kind.QUOTED_IDENT) || isIdent(peek())) {
            alias = next().text();
        }
        if (peek().is(Kind.COMMA)) throw SelectErrors.multipleDataSourcesUnsupported();
        if (JOINS.stream().anyMatch(peek()::isWord)) throw SelectErrors.parseMalformedJoin();
        Expr where = null;
        if (peek().isWord("WHERE")) {
            next();
            where = expression();
        }
        if (peek().isWord("GROUP")) throw SelectErrors.parseExpectedIdentForGroupName();
        if (peek().isWord("ORDER")) throw SelectErrors.parseUnsupportedSyntax("ORDER BY");
        if (peek().isWord("HAVING")) throw SelectErrors.parseUnsupportedSyntax("HAVING");
        if (peek().isWord("UNION")) throw SelectErrors.parseUnsupportedSyntax("UNION");
        Long limit = null;
        if (peek().isWord("LIMIT")) {
            next();
            if (peek().isOp("-") && peekAt(1).is(Kind.INTEGER)) throw SelectErrors.evaluatorNegativeLimit();
            Token n = next();
            if (!n.is(Kind.INTEGER)) throw SelectErrors.parseExpectedNumber(show(n));
            try {
                limit = Long.parseLong(n.text());
            } catch (NumberFormatException e) {
                throw SelectErrors.integerOverflow();
            }
        }
        if (!peek().is(Kind.EOF)) throw unexpected(peek());
        return new Statement(star, items, fromPath, alias, where, limit, List.copyOf(aggregates));
    }

    /** The path after S3Object: [*], [n], ['name'], .name, .* ; a leading [*] means "each record". */
    private List<Expr.Step> fromPath() {
        List<Expr.Step> steps = new ArrayList<>();
        boolean first = true;
        while (peek().is(Kind.LBRACKET) || peek().is(Kind.DOT)) {
            if (accept(Kind.DOT)) {
                Token t = next();
                if (t.isOp("*")) steps.add(Expr.Step.any());
                else if (isName(t)) steps.add(Expr.Step.named(t.text(), t.is(Kind.QUOTED_IDENT)));
                else throw SelectErrors.parseInvalidPathComponent(show(t));
            } else {
                next();
                Token t = next();
                Expr.Step step;
                if (t.isOp("*")) step = first ? null : Expr.Step.any();
                else if (t.is(Kind.INTEGER)) step = Expr.Step.at(Integer.parseInt(t.text()));
                else if (t.is(Kind.STRING)) step = Expr.Step.named(t.text(), true);
                else throw SelectErrors.parseInvalidPathComponent(show(t));
                expect(Kind.RBRACKET, "]");
                if (step != null) steps.add(step);
            }
            first = false;
        }
        return steps;
    }

    private static String defaultName(Expr e, int position) {
        if (e instanceof Expr.Ref r) {
            Expr.Step last = r.steps().get(r.steps().size() - 1);
            if (last.name() != null) return last.name();
        }
        return "_" + position;
    }

    // ---- expressions, lowest precedence first ----

    /**
     * Parentheses, function calls, NOT and unary signs the parser may be inside at once: each level takes it (and
     * evaluation) about a kilobyte of stack, so this keeps both far from a thread's end.
     */
    static final int MAX_NESTING = 200;
    private int nesting;

    private void enter() {
        if (++nesting > MAX_NESTING) throw SelectErrors.nestedTooDeeply();
    }

    private Expr expression() {
        enter();
        try {
            return or();
        } finally {
            nesting--;
        }
    }

    private Expr or() {
        Expr left = and();
        while (peek().isWord("OR")) { next(); left = new Expr.Or(left, and()); }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().isWord("AND")) { next(); left = new Expr.And(left, not()); }
        return left;
    }

    private Expr not() {
        if (peek().isWord("NOT")) {
            next();
            enter();
            try {
                return new Expr.Not(not());
            } finally {
                nesting--;
            }
        }
        return predicate();
    }

    private Expr predicate() {
        Expr left = concat();
        while (true) {
            Token t = peek();
            if (t.is(Kind.OP) && COMPARISONS.contains(t.text())) {
                next();
                left = new Expr.Compare(t.text(), left, concat());
            } else if (t.isWord("IS")) {
                next();
                boolean negated = false;
                if (peek().isWord("NOT")) { next(); negated = true; }
                Token what = next();
                if (what.isWord("NULL")) left = new Expr.IsNull(left, false, negated);
                else if (what.isWord("MISSING")) left = new Expr.IsNull(left, true, negated);
                else throw SelectErrors.parseExpectedKeyword("NULL or MISSING after IS", show(what));
            } else if (t.isWord("NOT") && (peekAt(1).isWord("LIKE") || peekAt(1).isWord("BETWEEN") || peekAt(1).isWord("IN"))) {
                next();
                left = negatable(left, true);
            } else if (t.isWord("LIKE") || t.isWord("BETWEEN") || t.isWord("IN")) {
                left = negatable(left, false);
            } else {
                return left;
            }
        }
    }

    private Expr negatable(Expr left, boolean negated) {
        Token op = next();
        if (op.isWord("LIKE")) {
            Expr pattern = concat();
            Expr escape = null;
            if (peek().isWord("ESCAPE")) { next(); escape = concat(); }
            return Expr.Like.of(left, pattern, escape, negated);
        }
        if (op.isWord("BETWEEN")) {
            Expr low = concat();
            if (!peek().isWord("AND")) throw SelectErrors.parseExpectedKeyword("AND in BETWEEN", show(peek()));
            next();
            return new Expr.Between(left, low, concat(), negated);
        }
        expect(Kind.LPAREN, "( after IN");
        List<Expr> list = new ArrayList<>();
        do list.add(expression()); while (accept(Kind.COMMA));
        expect(Kind.RPAREN, ") after the IN list");
        return new Expr.In(left, list, negated);
    }

    private Expr concat() {
        Expr left = additive();
        while (peek().isOp("||")) { next(); left = new Expr.Concat(left, additive()); }
        return left;
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (peek().isOp("+") || peek().isOp("-")) { String op = next().text(); left = new Expr.Arithmetic(op, left, multiplicative()); }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("%")) { String op = next().text(); left = new Expr.Arithmetic(op, left, unary()); }
        return left;
    }

    private static BigDecimal decimalLiteral(String text) {
        try {
            return Values.parseDecimal(text);
        } catch (NumberFormatException e) {
            throw SelectErrors.lexerInvalidLiteral(text);
        }
    }

    private Expr unary() {
        if (!peek().isOp("-") && !peek().isOp("+")) return primary();
        enter();
        try {
            return signed();
        } finally {
            nesting--;
        }
    }

    private Expr signed() {
        if (peek().isOp("-")) {
            next();
            Expr operand = unary();
            if (operand instanceof Expr.Literal l && Values.isNumber(l.value())) return new Expr.Literal(Values.negate(l.value()));
            return new Expr.Negate(operand);
        }
        if (peek().isOp("+")) {
            next();
            return unary();
        }
        return primary();
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case STRING: return new Expr.Literal(t.text());
            case INTEGER:
                try {
                    return new Expr.Literal(Long.parseLong(t.text()));
                } catch (NumberFormatException e) {
                    return new Expr.Literal(decimalLiteral(t.text()));
                }
            case DECIMAL: return new Expr.Literal(decimalLiteral(t.text()));
            case FLOAT: return new Expr.Literal(Double.parseDouble(t.text()));
            case TIMESTAMP: {
                Object ts = Values.parseTimestamp(t.text());
                if (ts == null) throw SelectErrors.lexerInvalidLiteral("timestamp `" + t.text() + "`");
                return new Expr.Literal(ts);
            }
            case LPAREN: {
                Expr e = expression();
                expect(Kind.RPAREN, ")");
                return e;
            }
            case QUOTED_IDENT: return path(Expr.Step.named(t.text(), true));
            case IDENT: break;
            case OP: throw SelectErrors.parseUnexpectedOperator(t.text());
            case EOF: throw SelectErrors.parseExpectedExpression("the end of the expression");
            default: throw SelectErrors.parseExpectedExpression(show(t));
        }
        String word = t.text().toUpperCase();
        switch (word) {
            case "TRUE": return new Expr.Literal(Boolean.TRUE);
            case "FALSE": return new Expr.Literal(Boolean.FALSE);
            case "NULL": return new Expr.Literal(null);
            case "MISSING": return new Expr.Literal(Values.MISSING);
            case "CASE": return caseExpr();
            case "CAST": return cast();
            default:
        }
        if (RESERVED.contains(word)) {
            if (word.equals("FROM") || word.equals("WHERE") || word.equals("LIMIT")) throw SelectErrors.parseExpectedExpression(word);
            throw SelectErrors.parseUnexpectedKeyword(word);
        }
        if (peek().is(Kind.LPAREN)) return call(word);
        return path(Expr.Step.named(t.text(), false));
    }

    private Expr path(Expr.Step first) {
        List<Expr.Step> steps = new ArrayList<>();
        steps.add(first);
        while (true) {
            if (peek().is(Kind.DOT)) {
                next();
                Token t = next();
                if (!isName(t)) throw SelectErrors.parseInvalidPathComponent(show(t));
                steps.add(Expr.Step.named(t.text(), t.is(Kind.QUOTED_IDENT)));
            } else if (peek().is(Kind.LBRACKET)) {
                next();
                Token t = next();
                if (t.is(Kind.INTEGER)) steps.add(Expr.Step.at(Integer.parseInt(t.text())));
                else if (t.is(Kind.STRING)) steps.add(Expr.Step.named(t.text(), true));
                else if (t.isOp("*")) throw SelectErrors.parseUnsupportedSyntax("[*] in an expression");
                else throw SelectErrors.parseInvalidPathComponent(show(t));
                expect(Kind.RBRACKET, "]");
            } else {
                return new Expr.Ref(List.copyOf(steps));
            }
        }
    }

    private Expr caseExpr() {
        if (peek().isWord("ELSE") || peek().isWord("END")) throw SelectErrors.parseExpectedWhenClause();
        Expr operand = peek().isWord("WHEN") ? null : expression();
        List<Expr> whens = new ArrayList<>(), thens = new ArrayList<>();
        if (!peek().isWord("WHEN")) throw SelectErrors.parseExpectedWhenClause();
        while (peek().isWord("WHEN")) {
            next();
            whens.add(expression());
            if (!peek().isWord("THEN")) throw SelectErrors.parseExpectedKeyword("THEN", show(peek()));
            next();
            thens.add(expression());
        }
        Expr otherwise = null;
        if (peek().isWord("ELSE")) { next(); otherwise = expression(); }
        if (!peek().isWord("END")) throw SelectErrors.parseExpectedKeyword("END", show(peek()));
        next();
        return new Expr.Case(operand, whens, thens, otherwise);
    }

    private Expr cast() {
        if (!accept(Kind.LPAREN)) throw SelectErrors.parseExpectedLeftParenAfterCast();
        Expr operand = expression();
        if (!peek().isWord("AS")) throw SelectErrors.parseCastArity();
        next();
        Token t = next();
        if (!t.is(Kind.IDENT)) throw SelectErrors.parseExpectedTypeName(show(t));
        String type = switch (t.text().toUpperCase()) {
            case "INT", "INTEGER" -> "INT";
            case "FLOAT", "DOUBLE", "REAL" -> "FLOAT";
            case "DECIMAL", "NUMERIC" -> "DECIMAL";
            case "STRING", "VARCHAR", "CHAR", "CHARACTER" -> "STRING";
            case "BOOL", "BOOLEAN" -> "BOOL";
            case "TIMESTAMP" -> "TIMESTAMP";
            default -> throw SelectErrors.parseExpectedTypeName(show(t));
        };
        if (accept(Kind.LPAREN)) {
            // VARCHAR(n), CHAR(n) and DECIMAL(p[, s]) take sizes; S3 Select ignores them, nothing else takes any.
            int max = type.equals("STRING") ? 1 : type.equals("DECIMAL") ? 2 : 0;
            int count = 0;
            do {
                Token n = next();
                if (!n.is(Kind.INTEGER) || ++count > max) throw SelectErrors.parseInvalidTypeParam(t.text().toUpperCase());
            } while (accept(Kind.COMMA));
            expect(Kind.RPAREN, ")");
        }
        if (!accept(Kind.RPAREN)) throw SelectErrors.parseCastArity();
        return new Expr.Cast(operand, type);
    }

    private Expr call(String name) {
        next(); // (
        if (AGGREGATES.contains(name)) return aggregate(name);
        switch (name) {
            case "TRIM": return trim();
            case "SUBSTRING": return substring();
            case "EXTRACT": {
                String part = datePart(Functions.EXTRACT_PARTS);
                if (!peek().isWord("FROM")) throw SelectErrors.parseExpectedKeyword("FROM", show(peek()));
                next();
                Expr ts = expression();
                closeCall();
                return new Expr.Call("EXTRACT", List.of(new Expr.Literal(part), ts));
            }
            case "DATE_ADD", "DATE_DIFF": {
                String part = datePart(Functions.DATE_PARTS);
                List<Expr> args = new ArrayList<>();
                args.add(new Expr.Literal(part));
                while (accept(Kind.COMMA)) args.add(expression());
                closeCall();
                if (args.size() != 3) throw SelectErrors.evaluatorInvalidArguments(name, "a date part and two arguments");
                return new Expr.Call(name, args);
            }
            default:
        }
        int[] arity = Functions.ARITY.get(name);
        if (arity == null) throw SelectErrors.unsupportedFunction(name);
        List<Expr> args = arguments();
        if (args.size() < arity[0] || args.size() > arity[1]) {
            String want = arity[0] == arity[1] ? arity[0] + " argument(s)" : arity[1] == Integer.MAX_VALUE ? "at least " + arity[0] + " argument(s)" : arity[0] + " to " + arity[1] + " arguments";
            throw SelectErrors.evaluatorInvalidArguments(name, want);
        }
        return new Expr.Call(name, args);
    }

    private List<Expr> arguments() {
        List<Expr> args = new ArrayList<>();
        if (accept(Kind.RPAREN)) return args;
        args.add(expression());
        while (!accept(Kind.RPAREN)) {
            if (peek().is(Kind.EOF)) throw SelectErrors.parseExpectedRightParenBuiltinFunctionCall(show(peek()));
            if (!accept(Kind.COMMA)) throw SelectErrors.parseExpectedArgumentDelimiter(show(peek()));
            args.add(expression());
        }
        return args;
    }

    private void closeCall() {
        if (!accept(Kind.RPAREN)) throw SelectErrors.parseExpectedRightParenBuiltinFunctionCall(show(peek()));
    }

    private String datePart(List<String> parts) {
        Token t = next();
        String part = t.is(Kind.IDENT) ? t.text().toUpperCase() : null;
        if (part == null || !parts.contains(part)) throw SelectErrors.parseExpectedDatePart(show(t));
        if (!t.is(Kind.IDENT)) throw SelectErrors.parseExpectedDatePart(show(t));
        return part;
    }

    /** TRIM([LEADING|TRAILING|BOTH] [chars] FROM s) or TRIM(s); the mode and characters become leading arguments. */
    private Expr trim() {
        String mode = "BOTH";
        if (peek().isWord("LEADING") || peek().isWord("TRAILING") || peek().isWord("BOTH")) mode = next().text().toUpperCase();
        Expr chars = new Expr.Literal(" ");
        Expr subject;
        if (peek().isWord("FROM")) {
            next();
            subject = expression();
        } else {
            Expr first = expression();
            if (peek().isWord("FROM")) {
                next();
                chars = first;
                subject = expression();
            } else {
                subject = first;
            }
        }
        closeCall();
        return new Expr.Call("TRIM", List.of(new Expr.Literal(mode), chars, subject));
    }

    /** SUBSTRING(s FROM start [FOR length]) or SUBSTRING(s, start [, length]). */
    private Expr substring() {
        Expr subject = expression();
        List<Expr> args = new ArrayList<>();
        args.add(subject);
        if (peek().isWord("FROM")) {
            next();
            args.add(expression());
            if (peek().isWord("FOR")) { next(); args.add(expression()); }
            closeCall();
        } else {
            while (accept(Kind.COMMA)) args.add(expression());
            closeCall();
        }
        if (args.size() < 2 || args.size() > 3) throw SelectErrors.evaluatorInvalidArguments("SUBSTRING", "a string, a start and an optional length");
        return new Expr.Call("SUBSTRING", args);
    }

    private Expr aggregate(String name) {
        if (!aggregatesAllowed) throw SelectErrors.unsupportedSqlOperation("Aggregate functions are only allowed in the SELECT list.");
        if (inAggregate) throw SelectErrors.unsupportedSqlOperation("Aggregate functions cannot be nested.");
        Expr argument = null;
        if (peek().isOp("*") && peekAt(1).is(Kind.RPAREN)) {
            if (!name.equals("COUNT")) throw SelectErrors.parseUnsupportedCallWithStar(name);
            next();
            next();
        } else {
            inAggregate = true;
            List<Expr> args = arguments();
            inAggregate = false;
            if (args.size() != 1) throw SelectErrors.parseNonUnaryAgregateFunctionCall(name);
            argument = args.get(0);
        }
        Expr.Aggregate a = new Expr.Aggregate(name, argument, aggregates.size());
        aggregates.add(a);
        return a;
    }

    // ---- tokens ----

    private Token peek() { return tokens.get(at); }
    private Token peekAt(int ahead) { return tokens.get(Math.min(at + ahead, tokens.size() - 1)); }
    private Token next() { Token t = tokens.get(at); if (at < tokens.size() - 1) at++; return t; }

    private boolean accept(Kind kind) {
        if (!peek().is(kind)) return false;
        next();
        return true;
    }

    private void expect(Kind kind, String what) {
        if (!accept(kind)) throw SelectErrors.parseExpectedTokenType(what, show(peek()));
    }

    private static boolean isIdent(Token t) { return t.is(Kind.IDENT) && !RESERVED.contains(t.text().toUpperCase()); }
    private static boolean isName(Token t) { return t.is(Kind.IDENT) || t.is(Kind.QUOTED_IDENT); }

    private static SelectException unexpected(Token t) {
        if (t.is(Kind.IDENT) && RESERVED.contains(t.text().toUpperCase())) return SelectErrors.parseUnexpectedKeyword(t.text());
        if (t.is(Kind.OP)) return SelectErrors.parseUnexpectedOperator(t.text());
        return SelectErrors.parseUnexpectedToken(show(t));
    }

    private static String show(Token t) {
        return switch (t.kind()) {
            case EOF -> "the end of the expression";
            case STRING -> "'" + t.text() + "'";
            case QUOTED_IDENT -> "\"" + t.text() + "\"";
            default -> "'" + t.text() + "'";
        };
    }
}
