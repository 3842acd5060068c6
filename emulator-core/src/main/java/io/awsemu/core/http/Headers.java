package io.awsemu.core.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * HTTP headers without Netty: names compared case-insensitively, insertion order kept, the original
 * spelling of the first occurrence kept for writing. Mutable while a response is being built.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {
    private final Map<String, Entry> byLower = new LinkedHashMap<>();

    private static final class Entry {
        final String name;
        final List<String> values = new ArrayList<>(1);
        Entry(String name) { this.name = name; }
    }

    public static Headers of(String... namesAndValues) {
        Headers h = new Headers();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) h.add(namesAndValues[i], namesAndValues[i + 1]);
        return h;
    }

    public Headers add(String name, String value) {
        // no computeIfAbsent: its capturing lambda was an allocation per header of every request
        String lower = name.toLowerCase(Locale.ROOT);
        Entry e = byLower.get(lower);
        if (e == null) byLower.put(lower, e = new Entry(name));
        e.values.add(value);
        return this;
    }

    public Headers set(String name, String value) {
        Entry e = new Entry(name);
        e.values.add(value);
        byLower.put(name.toLowerCase(Locale.ROOT), e);
        return this;
    }

    public Headers remove(String name) {
        byLower.remove(name.toLowerCase(Locale.ROOT));
        return this;
    }

    /** The first value, or null. */
    public String get(String name) {
        Entry e = byLower.get(name.toLowerCase(Locale.ROOT));
        return e == null || e.values.isEmpty() ? null : e.values.get(0);
    }

    public String get(String name, String dflt) {
        String v = get(name);
        return v == null ? dflt : v;
    }

    public List<String> getAll(String name) {
        Entry e = byLower.get(name.toLowerCase(Locale.ROOT));
        return e == null ? List.of() : Collections.unmodifiableList(e.values);
    }

    public boolean contains(String name) {
        return byLower.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Lower-cased names, in insertion order. */
    public Iterable<String> lowerNames() {
        return Collections.unmodifiableSet(byLower.keySet());
    }

    public boolean isEmpty() { return byLower.isEmpty(); }

    /** Every (name, value) pair, one per value, names as first spelled; without building entries. */
    public void forEachValue(BiConsumer<String, String> action) {
        for (Entry e : byLower.values()) for (String v : e.values) action.accept(e.name, v);
    }

    /** Every (name, value) pair, one per value, names as first spelled. */
    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        for (Entry e : byLower.values()) for (String v : e.values) all.add(Map.entry(e.name, v));
        return all.iterator();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : this) sb.append(e.getKey()).append(": ").append(e.getValue()).append(", ");
        return sb.append('}').toString();
    }
}
