package io.awsemu.simpledb.store;

import java.util.List;
import java.util.Map;

/**
 * One item as stored: its name and its attributes, name to values (a set per name, in stored order).
 * An item exists only while it has at least one attribute, as in SimpleDB.
 */
public record StoredItem(String name, Map<String, List<String>> attributes) {

    public List<String> values(String attribute) {
        return attributes.getOrDefault(attribute, List.of());
    }
}
