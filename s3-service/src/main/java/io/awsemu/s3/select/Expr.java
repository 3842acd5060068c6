package io.awsemu.s3.select;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A parsed expression; evaluating it reads the current record from a {@link Scope}. */
sealed interface Expr {
    Object eval(Scope scope);

    /** One step of a path: a name ({@code .a}, {@code ."A"}, {@code ['a']}), an index ({@code [0]}) or a wildcard. */
    record Step(String name, boolean quoted, int index, boolean wildcard) {
        static Step named(String name, boolean quoted) { return new Step(name, quoted, -1, false); }
        static Step at(int index) { return new Step(null, false, index, false); }
        static Step any() { return new Step(null, false, -1, true); }
    }

    record Literal(Object value) implements Expr {
        public Object eval(Scope scope) { return value; }
    }

    record Ref(List<Step> steps) implements Expr {
        public Object eval(Scope scope) { return scope.resolve(steps); }
    }

    record Negate(Expr operand) implements Expr {
        public Object eval(Scope scope) { return Values.negate(operand.eval(scope)); }
    }

    record Arithmetic(String op, Expr left, Expr right) implements Expr {
        public Object eval(Scope scope) { return Values.arithmetic(op, left.eval(scope), right.eval(scope)); }
    }

    record Concat(Expr left, Expr right) implements Expr {
        public Object eval(Scope scope) {
            Object a = left.eval(scope), b = right.eval(scope);
            if (a == Values.MISSING || b == Values.MISSING) return Values.MISSING;
            if (a == null || b == null) return null;
            if (!(a instanceof String x)) throw SelectErrors.invalidDataType("||", a);
            if (!(b instanceof String y)) throw SelectErrors.invalidDataType("||", b);
            if ((long) x.length() + y.length() > RecordReader.MAX_RECORD_CHARS) throw RecordReader.overMaxRecordSize();
            return x + y;
        }
    }

    record Compare(String op, Expr left, Expr right) implements Expr {
        public Object eval(Scope scope) { return compare(op, left.eval(scope), right.eval(scope)); }

        static Boolean compare(String op, Object a, Object b) {
            if (op.equals("=")) return Values.equal(a, b);
            if (op.equals("<>") || op.equals("!=")) { Boolean eq = Values.equal(a, b); return eq == null ? null : !eq; }
            if (Values.absent(a) || Values.absent(b)) return null;
            Integer c = Values.compare(a, b);
            if (c == null) return null; // no implicit coercion: a STRING and a number do not order
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
    }

    record And(Expr left, Expr right) implements Expr {
        public Object eval(Scope scope) {
            Boolean a = truth(left.eval(scope), "AND");
            if (Boolean.FALSE.equals(a)) return false;
            Boolean b = truth(right.eval(scope), "AND");
            if (Boolean.FALSE.equals(b)) return false;
            return a == null || b == null ? null : true;
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        public Object eval(Scope scope) {
            Boolean a = truth(left.eval(scope), "OR");
            if (Boolean.TRUE.equals(a)) return true;
            Boolean b = truth(right.eval(scope), "OR");
            if (Boolean.TRUE.equals(b)) return true;
            return a == null || b == null ? null : false;
        }
    }

    record Not(Expr operand) implements Expr {
        public Object eval(Scope scope) {
            Boolean a = truth(operand.eval(scope), "NOT");
            return a == null ? null : !a;
        }
    }

    record IsNull(Expr operand, boolean missingOnly, boolean negated) implements Expr {
        public Object eval(Scope scope) {
            Object v = operand.eval(scope);
            boolean is = missingOnly ? v == Values.MISSING : Values.absent(v);
            return is != negated;
        }
    }

    record Between(Expr operand, Expr low, Expr high, boolean negated) implements Expr {
        public Object eval(Scope scope) {
            Object v = operand.eval(scope);
            Boolean lo = Compare.compare(">=", v, low.eval(scope));
            Boolean hi = Compare.compare("<=", v, high.eval(scope));
            Boolean r = Boolean.FALSE.equals(lo) || Boolean.FALSE.equals(hi) ? Boolean.FALSE : lo == null || hi == null ? null : Boolean.TRUE;
            return r == null ? null : r != negated;
        }
    }

    record In(Expr operand, List<Expr> list, boolean negated) implements Expr {
        public Object eval(Scope scope) {
            Object v = operand.eval(scope);
            boolean unknown = false;
            for (Expr e : list) {
                Boolean eq = Values.equal(v, e.eval(scope));
                if (Boolean.TRUE.equals(eq)) return !negated;
                if (eq == null) unknown = true;
            }
            return unknown ? null : negated;
        }
    }

    /** {@code compiled} is the pattern compiled once at parse time when pattern and escape are literals, else null. */
    record Like(Expr operand, Expr pattern, Expr escape, boolean negated, LikePattern compiled) implements Expr {
        static Like of(Expr operand, Expr pattern, Expr escape, boolean negated) {
            LikePattern compiled = null;
            if (pattern instanceof Literal p && p.value() instanceof String text
                    && (escape == null || escape instanceof Literal e && e.value() instanceof String es && es.codePointCount(0, es.length()) == 1)) {
                compiled = LikePattern.of(text, escape == null ? null : ((String) ((Literal) escape).value()).charAt(0));
            }
            return new Like(operand, pattern, escape, negated, compiled);
        }

        public Object eval(Scope scope) {
            if (compiled != null) {
                Object v = operand.eval(scope);
                if (Values.absent(v)) return null;
                if (!(v instanceof String s)) throw SelectErrors.likeInvalidInputs("LIKE needs a STRING, not a " + Values.typeName(v) + ".");
                return compiled.matches(s) != negated;
            }
            Object v = operand.eval(scope), p = pattern.eval(scope);
            Object e = escape == null ? null : escape.eval(scope);
            if (Values.absent(v) || Values.absent(p) || (escape != null && Values.absent(e))) return null;
            if (!(v instanceof String s)) throw SelectErrors.likeInvalidInputs("LIKE needs a STRING, not a " + Values.typeName(v) + ".");
            if (!(p instanceof String pat)) throw SelectErrors.likeInvalidInputs("The LIKE pattern must be a STRING.");
            Character esc = null;
            if (escape != null) {
                if (!(e instanceof String es) || es.codePointCount(0, es.length()) != 1) throw SelectErrors.likeInvalidInputs("The ESCAPE must be a single character.");
                esc = es.charAt(0);
            }
            return LikePattern.of(pat, esc).matches(s) != negated;
        }
    }

    /**
     * A LIKE pattern: characters to match, {@code _} (any one character) and {@code %} (any run of them). Matched by
     * the two-pointer wildcard walk, at most (value length x pattern length) steps: a regular expression's
     * backtracking made {@code '%a%a%a%a%b'} over a 1 MB field run for hours, holding a thread every answer shares.
     */
    final class LikePattern {
        private static final int ONE = -1;
        private static final int ANY = -2;
        private final int[] steps;

        private LikePattern(int[] steps) {
            this.steps = steps;
        }

        static LikePattern of(String pattern, Character escape) {
            int[] steps = new int[pattern.length()];
            int n = 0;
            for (int i = 0; i < pattern.length(); ) {
                int c = pattern.codePointAt(i);
                i += Character.charCount(c);
                if (escape != null && c == escape) {
                    if (i >= pattern.length()) throw SelectErrors.evaluatorLikePatternInvalidEscapeSequence();
                    int literal = pattern.codePointAt(i);
                    i += Character.charCount(literal);
                    steps[n++] = literal;
                } else if (c == '%') {
                    if (n == 0 || steps[n - 1] != ANY) steps[n++] = ANY; // %% is %
                } else {
                    steps[n++] = c == '_' ? ONE : c;
                }
            }
            return new LikePattern(java.util.Arrays.copyOf(steps, n));
        }

        boolean matches(String value) {
            int[] s = value.codePoints().toArray();
            int i = 0, p = 0, star = -1, resume = 0;
            while (i < s.length) {
                if (p < steps.length && (steps[p] == ONE || steps[p] == s[i])) {
                    i++;
                    p++;
                } else if (p < steps.length && steps[p] == ANY) {
                    star = p++;
                    resume = i;
                } else if (star >= 0) {
                    p = star + 1;
                    i = ++resume;
                } else {
                    return false;
                }
            }
            while (p < steps.length && steps[p] == ANY) p++;
            return p == steps.length;
        }
    }

    record Case(Expr operand, List<Expr> whens, List<Expr> thens, Expr otherwise) implements Expr {
        public Object eval(Scope scope) {
            Object subject = operand == null ? null : operand.eval(scope);
            for (int i = 0; i < whens.size(); i++) {
                Object w = whens.get(i).eval(scope);
                boolean hit = operand == null ? Boolean.TRUE.equals(truth(w, "WHEN")) : Boolean.TRUE.equals(Values.equal(subject, w));
                if (hit) return thens.get(i).eval(scope);
            }
            return otherwise == null ? null : otherwise.eval(scope);
        }
    }

    record Cast(Expr operand, String type) implements Expr {
        public Object eval(Scope scope) { return Values.cast(operand.eval(scope), type); }
    }

    /** A scalar function; its arguments are evaluated first. */
    record Call(String name, List<Expr> args) implements Expr {
        public Object eval(Scope scope) {
            List<Object> values = new ArrayList<>(args.size());
            for (Expr a : args) values.add(a.eval(scope));
            return Functions.call(name, values, scope);
        }
    }

    /** An aggregate in the SELECT list; its value is the one computed over all records, read at the end. */
    record Aggregate(String function, Expr argument, int slot) implements Expr {
        public Object eval(Scope scope) { return scope.aggregate(slot); }
    }

    /** WHERE and friends need a truth value: NULL and MISSING are unknown; anything else but a BOOL is an error. */
    static Boolean truth(Object v, String where) {
        if (Values.absent(v)) return null;
        if (v instanceof Boolean b) return b;
        if (v instanceof JsonNode j && j.isBoolean()) return j.booleanValue();
        throw SelectErrors.invalidDataType(where, v);
    }
}
