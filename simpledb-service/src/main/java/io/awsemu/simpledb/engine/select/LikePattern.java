package io.awsemu.simpledb.engine.select;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code like} pattern: '%' matches any run of characters, a backslash makes the next '%' (or
 * backslash) literal. Matching is case-sensitive and exact, as the Developer Guide says.
 */
public final class LikePattern {
    private final List<String> parts;   // literal runs between wildcards
    private final boolean anchoredStart;
    private final boolean anchoredEnd;

    private LikePattern(List<String> parts, boolean anchoredStart, boolean anchoredEnd) {
        this.parts = parts;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
    }

    public static LikePattern compile(String pattern) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean startsWild = false;
        boolean endsWild = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length() && (pattern.charAt(i + 1) == '%' || pattern.charAt(i + 1) == '\\')) {
                cur.append(pattern.charAt(++i));
                endsWild = false;
            } else if (c == '%') {
                if (i == 0) startsWild = true;
                parts.add(cur.toString());
                cur.setLength(0);
                endsWild = true;
            } else {
                cur.append(c);
                endsWild = false;
            }
        }
        parts.add(cur.toString());
        return new LikePattern(parts, !startsWild, !endsWild);
    }

    /** The literal prefix every match starts with ("" when the pattern starts with '%'). */
    public String prefix() {
        return anchoredStart ? parts.get(0) : "";
    }

    /** True when the pattern is {@code prefix%} (or an exact value): an index range can answer it. */
    public boolean isPrefixOnly() {
        return anchoredStart && (parts.size() == 1 || (parts.size() == 2 && parts.get(1).isEmpty()));
    }

    public boolean matches(String v) {
        if (parts.size() == 1) return v.equals(parts.get(0)); // no wildcard at all
        String first = parts.get(0);
        String last = parts.get(parts.size() - 1);
        if (!v.startsWith(first)) return false;
        int from = first.length();
        int end = v.length() - last.length();
        if (end < from || !v.endsWith(last)) return false;
        for (int i = 1; i < parts.size() - 1; i++) {
            String p = parts.get(i);
            if (p.isEmpty()) continue;
            int at = v.indexOf(p, from);
            if (at < 0 || at + p.length() > end) return false;
            from = at + p.length();
        }
        return true;
    }
}
