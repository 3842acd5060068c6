package io.awsemu.simpledb.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Persistence of domains and their (item, attribute, value) rows. Every call is one transaction;
 * the engine serialises writers per domain, so read-check-write sequences need no store locking.
 * All string order is {@link String#compareTo} order, the order Select compares in.
 */
public interface SimpleDbStore {

    record Domain(long id, String name, long createdAtMillis) {}

    /** Running totals kept with the domain for the per-domain limits (pairs and raw bytes). */
    record Usage(long pairs, long bytes) {
        public static final Usage ZERO = new Usage(0, 0);
    }

    /** DomainMetadata's numbers, sizes in UTF-8 bytes. */
    record Stats(long itemCount, long itemNamesBytes, long attributeNameCount, long attributeNamesBytes,
                 long attributeValueCount, long attributeValuesBytes) {}

    /** Bounds on values, either end null for unbounded. */
    record ValueRange(String low, boolean lowInclusive, String high, boolean highInclusive) {
        public static final ValueRange ALL = new ValueRange(null, false, null, false);

        public boolean contains(String v) {
            if (low != null && (lowInclusive ? v.compareTo(low) < 0 : v.compareTo(low) <= 0)) return false;
            return high == null || (highInclusive ? v.compareTo(high) <= 0 : v.compareTo(high) < 0);
        }
    }

    /** One (item, value) row of a sort attribute, in value order. */
    record SortRow(String item, String value) {}

    Optional<Domain> domain(String account, String region, String name);

    /** Creates the domain unless it exists; returns the stored one either way. */
    Domain createDomain(String account, String region, String name, long createdAtMillis);

    int domainCount(String account, String region);

    /** Removes the domain and all its items; false if it did not exist. */
    boolean deleteDomain(String account, String region, String name);

    /** Domain names in name order, strictly after {@code after} (null: from the start). */
    List<String> domainNames(String account, String region, String after, int limit);

    Usage usage(long domainId);

    Stats stats(long domainId);

    /** The named items that exist, by name. */
    Map<String, StoredItem> items(long domainId, Collection<String> names);

    /**
     * Replaces each given item's whole attribute set (an empty set removes the item) and adds
     * {@code delta} to the domain's usage, in one transaction.
     */
    void writeItems(long domainId, List<StoredItem> newStates, Usage delta);

    /**
     * Item names in name order (descending if asked) strictly after {@code after}; when
     * {@code attribute} is given, only items with a value of it inside {@code range}. At most
     * {@code limit} names, possibly fewer even when more follow; an empty list means no more.
     */
    List<String> itemNames(long domainId, String after, boolean descending, int limit, String attribute, ValueRange range);

    /**
     * Whole items in name order (descending if asked) strictly after {@code after}, read in one
     * ordered pass of about {@code rows} attribute rows; never a partial item, at least one item
     * when any follows, and an empty list means no more.
     */
    List<StoredItem> scanItems(long domainId, String after, boolean descending, int rows);

    /**
     * Rows of {@code attribute} in (value, item) order (descending if asked) strictly after
     * {@code after} (null: from the start), values inside {@code range}.
     */
    List<SortRow> sortRows(long domainId, String attribute, SortRow after, boolean descending, int limit, ValueRange range);
}
