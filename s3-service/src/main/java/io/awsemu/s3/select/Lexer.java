package io.awsemu.s3.select;

import java.util.ArrayList;
import java.util.List;

/** Splits an S3 Select expression into tokens. */
final class Lexer {
    enum Kind { IDENT, QUOTED_IDENT, STRING, INTEGER, DECIMAL, FLOAT, TIMESTAMP, OP, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT, EOF }

    record Token(Kind kind, String text, int pos) {
        boolean is(Kind k) { return kind == k; }
        /** An unquoted identifier spelled {@code word}, any case: keywords are these. */
        boolean isWord(String word) { return kind == Kind.IDENT && text.equalsIgnoreCase(word); }
        boolean isOp(String op) { return kind == Kind.OP && text.equals(op); }
    }

    private static final List<String> OPERATORS = List.of("<>", "!=", "<=", ">=", "||", "=", "<", ">", "+", "-", "*", "/", "%");

    static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0, n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) { i++; continue; }
            if (c == '(') { out.add(new Token(Kind.LPAREN, "(", i++)); continue; }
            if (c == ')') { out.add(new Token(Kind.RPAREN, ")", i++)); continue; }
            if (c == '[') { out.add(new Token(Kind.LBRACKET, "[", i++)); continue; }
            if (c == ']') { out.add(new Token(Kind.RBRACKET, "]", i++)); continue; }
            if (c == ',') { out.add(new Token(Kind.COMMA, ",", i++)); continue; }
            if (c == '.' && (!(i + 1 < n && Character.isDigit(sql.charAt(i + 1))) || followsOperand(out))) { out.add(new Token(Kind.DOT, ".", i++)); continue; }
            if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) throw SelectErrors.lexerInvalidLiteral("unterminated string literal at " + start);
                    char d = sql.charAt(i++);
                    if (d == '\'') {
                        if (i < n && sql.charAt(i) == '\'') { sb.append('\''); i++; } else break;
                    } else sb.append(d);
                }
                out.add(new Token(Kind.STRING, sb.toString(), start));
                continue;
            }
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) throw SelectErrors.lexerInvalidLiteral("unterminated quoted identifier at " + start);
                    char d = sql.charAt(i++);
                    if (d == '"') {
                        if (i < n && sql.charAt(i) == '"') { sb.append('"'); i++; } else break;
                    } else sb.append(d);
                }
                out.add(new Token(Kind.QUOTED_IDENT, sb.toString(), start));
                continue;
            }
            if (c == '`') {
                int end = sql.indexOf('`', i + 1);
                if (end < 0) throw SelectErrors.lexerInvalidLiteral("unterminated timestamp literal at " + start);
                out.add(new Token(Kind.TIMESTAMP, sql.substring(i + 1, end), start));
                i = end + 1;
                continue;
            }
            if (Character.isDigit(c) || c == '.') {
                boolean dot = false, exp = false;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (Character.isDigit(d)) i++;
                    else if (d == '.' && !dot && !exp) { dot = true; i++; }
                    else if ((d == 'e' || d == 'E') && !exp) {
                        exp = true; i++;
                        if (i < n && (sql.charAt(i) == '+' || sql.charAt(i) == '-')) i++;
                        if (i >= n || !Character.isDigit(sql.charAt(i))) throw SelectErrors.lexerInvalidLiteral("malformed number at " + start);
                    } else break;
                }
                if (i < n && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    throw SelectErrors.lexerInvalidLiteral("malformed number at " + start);
                }
                out.add(new Token(exp ? Kind.FLOAT : dot ? Kind.DECIMAL : Kind.INTEGER, sql.substring(start, i), start));
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) i++;
                out.add(new Token(Kind.IDENT, sql.substring(start, i), start));
                continue;
            }
            if ("<>=!|*/%+-".indexOf(c) >= 0) {
                while (i < n && "<>=!|*/%+-".indexOf(sql.charAt(i)) >= 0) i++;
                String run = sql.substring(start, i);
                // A run like "<=-" is an operator followed by a unary sign: peel known operators off greedily.
                int p = 0;
                while (p < run.length()) {
                    String match = null;
                    for (String op : OPERATORS) if (run.startsWith(op, p)) { match = op; break; }
                    if (match == null || (match.length() == 1 && "=<>".contains(match) && p + 1 < run.length() && "=<>!|".indexOf(run.charAt(p + 1)) >= 0)) {
                        throw SelectErrors.parseUnknownOperator(run);
                    }
                    out.add(new Token(Kind.OP, match, start + p));
                    p += match.length();
                }
                continue;
            }
            throw SelectErrors.lexerInvalidChar(c, i);
        }
        out.add(new Token(Kind.EOF, "", n));
        return out;
    }

    /** After a name, ] or ), a dot is a path step even before a digit ({@code s.1} is a bad path, not s followed by .1). */
    private static boolean followsOperand(List<Token> out) {
        if (out.isEmpty()) return false;
        Kind last = out.get(out.size() - 1).kind();
        return last == Kind.IDENT || last == Kind.QUOTED_IDENT || last == Kind.RBRACKET || last == Kind.RPAREN;
    }

    private Lexer() {}
}
