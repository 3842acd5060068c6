package io.awsemu.simpledb.engine.select;

import io.awsemu.simpledb.SimpleDbErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a select expression into tokens, following the Developer Guide's quoting rules: values in
 * single or double quotes with the quote doubled inside; names bare when they are letters, digits,
 * '_' and '$' not starting with a digit, else in backquotes with the backquote doubled.
 * Reserved words match without case.
 */
public final class SelectLexer {

    static final Set<String> KEYWORDS = Set.of("select", "from", "where", "and", "or", "not", "like",
            "between", "in", "is", "null", "every", "order", "by", "asc", "desc", "intersection", "limit");

    private SelectLexer() {}

    public static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                StringBuilder b = new StringBuilder();
                int start = i++;
                while (true) {
                    if (i >= n) throw SimpleDbErrors.invalidQueryExpression(); // unterminated
                    char d = s.charAt(i);
                    if (d == c) {
                        if (i + 1 < n && s.charAt(i + 1) == c) { b.append(c); i += 2; continue; }
                        i++;
                        break;
                    }
                    b.append(d);
                    i++;
                }
                out.add(new Token(c == '`' ? Token.Kind.QUOTED_NAME : Token.Kind.STRING, b.toString(), start));
            } else if (isNameStart(c)) {
                int start = i;
                while (i < n && isNamePart(s.charAt(i))) i++;
                String word = s.substring(start, i);
                String lower = word.toLowerCase(Locale.ROOT);
                out.add(KEYWORDS.contains(lower) ? new Token(Token.Kind.KEYWORD, lower, start)
                        : new Token(Token.Kind.NAME, word, start));
            } else if (c >= '0' && c <= '9') {
                int start = i;
                while (i < n && Character.isDigit(s.charAt(i))) i++;
                if (i < n && isNamePart(s.charAt(i))) throw SimpleDbErrors.invalidQueryExpression(); // 1abc
                out.add(new Token(Token.Kind.NUMBER, s.substring(start, i), start));
            } else {
                int start = i;
                String sym;
                switch (c) {
                    case '*', ',', '(', ')', '=' -> sym = String.valueOf(c);
                    case '!' -> {
                        if (i + 1 < n && s.charAt(i + 1) == '=') sym = "!=";
                        else throw SimpleDbErrors.invalidQueryExpression();
                    }
                    case '<', '>' -> sym = (i + 1 < n && s.charAt(i + 1) == '=') ? c + "=" : String.valueOf(c);
                    default -> throw SimpleDbErrors.invalidQueryExpression();
                }
                i += sym.length();
                out.add(new Token(Token.Kind.SYMBOL, sym, start));
            }
        }
        out.add(new Token(Token.Kind.END, "", n));
        return out;
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
