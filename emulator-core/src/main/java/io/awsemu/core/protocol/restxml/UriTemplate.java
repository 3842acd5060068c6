package io.awsemu.core.protocol.restxml;

import io.awsemu.core.http.HttpRequestHead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A REST {@code requestUri} template: literal segments, {@code {Label}} segments and a greedy
 * {@code {Key+}} tail, plus the query keys the template requires ({@code ?tagging},
 * {@code ?Operation=Tag}). Matches raw (still percent-encoded) paths and decodes the labels.
 */
public final class UriTemplate {
    private final String template;
    private final String[] segments;
    private final Map<String, String> requiredQuery; // key -> value, or null for "present with any value"
    private final int literalCount;

    public UriTemplate(String template) {
        this.template = template;
        int q = template.indexOf('?');
        String path = q < 0 ? template : template.substring(0, q);
        this.requiredQuery = new LinkedHashMap<>();
        if (q >= 0) {
            for (String kv : template.substring(q + 1).split("&")) {
                if (kv.isEmpty()) continue;
                int eq = kv.indexOf('=');
                requiredQuery.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? null : kv.substring(eq + 1));
            }
        }
        this.segments = split(path);
        int lit = 0;
        for (String s : segments) if (!s.startsWith("{")) lit++;
        this.literalCount = lit;
    }

    public String template() { return template; }
    public Map<String, String> requiredQuery() { return requiredQuery; }

    /** Sort key: templates with more required query keys, then more literal segments, match first. */
    public int specificity() { return requiredQuery.size() * 1000 + literalCount * 10 + segments.length; }

    /** The decoded labels when {@code rawPath} and {@code query} match, else null. */
    public Map<String, String> match(String rawPath, Map<String, List<String>> query) {
        for (Map.Entry<String, String> r : requiredQuery.entrySet()) {
            List<String> v = query.get(r.getKey());
            if (v == null) return null;
            if (r.getValue() != null && !v.contains(r.getValue())) return null;
        }
        String[] got = split(rawPath);
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i++) {
            String t = segments[i];
            if (t.startsWith("{") && t.endsWith("+}")) {
                if (i >= got.length) return null;
                // greedy: the rest of the raw path, slashes included
                StringBuilder rest = new StringBuilder();
                for (int j = i; j < got.length; j++) { if (j > i) rest.append('/'); rest.append(got[j]); }
                if (rawPath.endsWith("/") && got.length > i) rest.append('/');
                labels.put(t.substring(1, t.length() - 2), HttpRequestHead.percentDecode(rest.toString(), false));
                return labels;
            }
            if (i >= got.length) return null;
            if (t.startsWith("{") && t.endsWith("}")) {
                if (got[i].isEmpty()) return null;
                labels.put(t.substring(1, t.length() - 1), HttpRequestHead.percentDecode(got[i], false));
            } else if (!t.equals(got[i])) {
                return null;
            }
        }
        return got.length == segments.length ? labels : null;
    }

    private static String[] split(String path) {
        List<String> out = new ArrayList<>();
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) return new String[0];
        int start = 0;
        for (int i = 0; i <= p.length(); i++) {
            if (i == p.length() || p.charAt(i) == '/') {
                if (i == p.length() && start == i) break; // trailing slash
                out.add(p.substring(start, i));
                start = i + 1;
            }
        }
        return out.toArray(new String[0]);
    }

    @Override
    public String toString() { return template; }
}
