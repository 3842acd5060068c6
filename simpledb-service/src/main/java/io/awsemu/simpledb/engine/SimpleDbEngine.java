package io.awsemu.simpledb.engine;

import io.awsemu.simpledb.SimpleDbErrors;
import io.awsemu.simpledb.engine.select.SelectParser;
import io.awsemu.simpledb.engine.select.SelectStatement;
import io.awsemu.simpledb.store.SimpleDbStore;
import io.awsemu.simpledb.store.SimpleDbStore.Domain;
import io.awsemu.simpledb.store.SimpleDbStore.Stats;
import io.awsemu.simpledb.store.SimpleDbStore.Usage;
import io.awsemu.simpledb.store.StoredItem;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * SimpleDB's ten operations over a {@link SimpleDbStore}. Writers are serialised per domain so the
 * conditional checks (Expected) and the per-item and per-domain limits see the state they change.
 */
public final class SimpleDbEngine {
    private static final Pattern DOMAIN_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    /** Who asks: SimpleDB domains are per account and region. */
    public record Scope(String account, String region) {}

    public record PutAttribute(String name, String value, boolean replace) {}

    public record DeleteAttribute(String name, String value) {}

    /** Expected.Name / Expected.Value / Expected.Exists; all null when absent. */
    public record Condition(String name, String value, Boolean exists) {}

    public record PutItem(String name, List<PutAttribute> attributes) {}

    public record DeleteItem(String name, List<DeleteAttribute> attributes) {}

    public record DomainPage(List<String> names, String nextToken) {}

    public record DomainMetadata(Stats stats, long timestampSeconds) {}

    public record SelectPage(List<StoredItem> items, String nextToken) {}

    private final SimpleDbStore store;
    private final Clock clock;
    private final SimpleDbLimits limits;
    private final Map<Long, Object> domainLocks = new ConcurrentHashMap<>();
    private final Object createLock = new Object();
    private final SelectRunner selects;

    public SimpleDbEngine(SimpleDbStore store, Clock clock, SimpleDbLimits limits) {
        this.store = store;
        this.clock = clock;
        this.limits = limits;
        this.selects = new SelectRunner(store);
    }

    // ---- domains

    public void createDomain(Scope scope, String name) {
        if (name == null || name.isEmpty()) throw SimpleDbErrors.missingParameter("DomainName");
        if (!DOMAIN_NAME.matcher(name).matches()) throw SimpleDbErrors.invalidParameterValue("DomainName", name, null);
        synchronized (createLock) {
            if (store.domain(scope.account(), scope.region(), name).isPresent()) return; // idempotent, as AWS
            if (store.domainCount(scope.account(), scope.region()) >= limits.maxDomains()) {
                throw SimpleDbErrors.numberDomainsExceeded();
            }
            store.createDomain(scope.account(), scope.region(), name, clock.millis());
        }
    }

    public void deleteDomain(Scope scope, String name) {
        if (name == null || name.isEmpty()) throw SimpleDbErrors.missingParameter("DomainName");
        store.deleteDomain(scope.account(), scope.region(), name); // deleting a missing domain succeeds
    }

    public DomainPage listDomains(Scope scope, Integer maxNumberOfDomains, String nextToken) {
        int max = maxNumberOfDomains == null ? SimpleDbLimits.MAX_LIST_DOMAINS : maxNumberOfDomains;
        if (max < 1 || max > SimpleDbLimits.MAX_LIST_DOMAINS) {
            throw SimpleDbErrors.invalidParameterValue("MaxNumberOfDomains", String.valueOf(max),
                    "MaxNumberOfDomains must be between 1 and " + SimpleDbLimits.MAX_LIST_DOMAINS + ".");
        }
        String after = nextToken == null ? null : NextTokens.parseDomains(nextToken);
        List<String> names = store.domainNames(scope.account(), scope.region(), after, max + 1);
        if (names.size() <= max) return new DomainPage(names, null);
        List<String> page = names.subList(0, max);
        return new DomainPage(List.copyOf(page), NextTokens.domains(page.get(max - 1)));
    }

    public DomainMetadata domainMetadata(Scope scope, String name) {
        Domain d = domain(scope, name);
        return new DomainMetadata(store.stats(d.id()), clock.millis() / 1000);
    }

    // ---- items

    public void putAttributes(Scope scope, String domainName, String itemName, List<PutAttribute> attributes, Condition expected) {
        checkItemName(itemName);
        checkPutAttributes(attributes);
        checkCondition(expected);
        Domain d = domain(scope, domainName);
        synchronized (lock(d)) {
            StoredItem old = current(d, itemName);
            verify(old, expected);
            StoredItem now = applyPut(old, attributes);
            write(d, List.of(old), List.of(now));
        }
    }

    public void batchPutAttributes(Scope scope, String domainName, List<PutItem> items) {
        if (items == null || items.isEmpty()) throw SimpleDbErrors.missingParameter("Item.1.ItemName");
        if (items.size() > SimpleDbLimits.MAX_BATCH_ITEMS) throw SimpleDbErrors.numberSubmittedItemsExceeded();
        Set<String> seen = new HashSet<>();
        for (PutItem it : items) {
            checkItemName(it.name());
            if (!seen.add(it.name())) throw SimpleDbErrors.duplicateItemName(it.name());
            checkPutAttributes(it.attributes());
        }
        Domain d = domain(scope, domainName);
        synchronized (lock(d)) {
            Map<String, StoredItem> existing = store.items(d.id(), seen);
            List<StoredItem> olds = new ArrayList<>();
            List<StoredItem> news = new ArrayList<>();
            for (PutItem it : items) {
                StoredItem old = existing.getOrDefault(it.name(), new StoredItem(it.name(), Map.of()));
                olds.add(old);
                news.add(applyPut(old, it.attributes()));
            }
            write(d, olds, news);
        }
    }

    /** The item's attributes, only the named ones when {@code names} is non-empty; empty if no item. */
    public StoredItem getAttributes(Scope scope, String domainName, String itemName, List<String> names) {
        checkItemName(itemName);
        Domain d = domain(scope, domainName);
        StoredItem item = current(d, itemName);
        if (names == null || names.isEmpty()) return item;
        Map<String, List<String>> picked = new LinkedHashMap<>();
        for (String n : names) {
            List<String> vs = item.attributes().get(n);
            if (vs != null) picked.put(n, vs);
        }
        return new StoredItem(itemName, picked);
    }

    public void deleteAttributes(Scope scope, String domainName, String itemName, List<DeleteAttribute> attributes, Condition expected) {
        checkItemName(itemName);
        checkDeleteAttributes(attributes);
        checkCondition(expected);
        Domain d = domain(scope, domainName);
        synchronized (lock(d)) {
            StoredItem old = current(d, itemName);
            verify(old, expected);
            if (old.attributes().isEmpty()) return;
            write(d, List.of(old), List.of(applyDelete(old, attributes)));
        }
    }

    public void batchDeleteAttributes(Scope scope, String domainName, List<DeleteItem> items) {
        if (items == null || items.isEmpty()) throw SimpleDbErrors.missingParameter("Item.1.ItemName");
        if (items.size() > SimpleDbLimits.MAX_BATCH_ITEMS) throw SimpleDbErrors.numberSubmittedItemsExceeded();
        Set<String> seen = new HashSet<>();
        for (DeleteItem it : items) {
            checkItemName(it.name());
            if (!seen.add(it.name())) throw SimpleDbErrors.duplicateItemName(it.name());
            checkDeleteAttributes(it.attributes());
        }
        Domain d = domain(scope, domainName);
        synchronized (lock(d)) {
            Map<String, StoredItem> existing = store.items(d.id(), seen);
            List<StoredItem> olds = new ArrayList<>();
            List<StoredItem> news = new ArrayList<>();
            for (DeleteItem it : items) {
                StoredItem old = existing.get(it.name());
                if (old == null) continue;
                olds.add(old);
                news.add(applyDelete(old, it.attributes()));
            }
            if (!news.isEmpty()) write(d, olds, news);
        }
    }

    // ---- select

    /** Runs one page of a select expression; the domain is the one its from clause names. */
    public SelectPage select(Scope scope, String expression, String nextToken) {
        SelectStatement statement = SelectParser.parse(expression);
        Domain d = domain(scope, statement.domain());
        return selects.run(d, statement, nextToken);
    }

    // ---- helpers

    private Domain domain(Scope scope, String name) {
        if (name == null || name.isEmpty()) throw SimpleDbErrors.missingParameter("DomainName");
        return store.domain(scope.account(), scope.region(), name).orElseThrow(SimpleDbErrors::noSuchDomain);
    }

    private Object lock(Domain d) {
        return domainLocks.computeIfAbsent(d.id(), k -> new Object());
    }

    private StoredItem current(Domain d, String itemName) {
        StoredItem item = store.items(d.id(), List.of(itemName)).get(itemName);
        return item != null ? item : new StoredItem(itemName, Map.of());
    }

    private void write(Domain d, List<StoredItem> olds, List<StoredItem> news) {
        long pairs = 0;
        long bytes = 0;
        for (StoredItem o : olds) { pairs -= pairs(o); bytes -= bytes(o); }
        for (StoredItem n : news) {
            int p = pairs(n);
            if (p > SimpleDbLimits.MAX_PAIRS_PER_ITEM) throw SimpleDbErrors.numberItemAttributesExceeded();
            pairs += p;
            bytes += bytes(n);
        }
        Usage u = store.usage(d.id());
        if (pairs > 0 && u.pairs() + pairs > limits.maxDomainAttributes()) throw SimpleDbErrors.numberDomainAttributesExceeded();
        if (bytes > 0 && u.bytes() + bytes > limits.maxDomainBytes()) throw SimpleDbErrors.numberDomainBytesExceeded();
        store.writeItems(d.id(), news, new Usage(pairs, bytes));
    }

    private static int pairs(StoredItem item) {
        int n = 0;
        for (List<String> vs : item.attributes().values()) n += vs.size();
        return n;
    }

    private static long bytes(StoredItem item) {
        if (item.attributes().isEmpty()) return 0;
        long b = utf8(item.name());
        for (Map.Entry<String, List<String>> a : item.attributes().entrySet()) {
            for (String v : a.getValue()) b += utf8(a.getKey()) + utf8(v);
        }
        return b;
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Replace drops the attribute's stored values once, then every submitted value is added (a set). */
    private static StoredItem applyPut(StoredItem old, List<PutAttribute> attrs) {
        Map<String, List<String>> m = copy(old);
        Set<String> replaced = new HashSet<>();
        for (PutAttribute a : attrs) {
            if (a.replace() && replaced.add(a.name())) m.remove(a.name());
        }
        for (PutAttribute a : attrs) {
            List<String> vs = m.computeIfAbsent(a.name(), k -> new ArrayList<>());
            if (!vs.contains(a.value())) vs.add(a.value());
        }
        return new StoredItem(old.name(), m);
    }

    /** No attributes: the whole item; a name alone: all its values; a name and value: that value. */
    private static StoredItem applyDelete(StoredItem old, List<DeleteAttribute> attrs) {
        if (attrs == null || attrs.isEmpty()) return new StoredItem(old.name(), Map.of());
        Map<String, List<String>> m = copy(old);
        for (DeleteAttribute a : attrs) {
            if (a.value() == null) {
                m.remove(a.name());
            } else {
                List<String> vs = m.get(a.name());
                if (vs != null) {
                    vs.remove(a.value());
                    if (vs.isEmpty()) m.remove(a.name());
                }
            }
        }
        return new StoredItem(old.name(), m);
    }

    private static Map<String, List<String>> copy(StoredItem item) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        item.attributes().forEach((k, v) -> m.put(k, new ArrayList<>(v)));
        return m;
    }

    private static void checkItemName(String itemName) {
        if (itemName == null || itemName.isEmpty()) throw SimpleDbErrors.missingParameter("ItemName");
        if (utf8(itemName) > SimpleDbLimits.MAX_NAME_BYTES) {
            throw SimpleDbErrors.invalidParameterValue("ItemName", itemName, "Value exceeds maximum length of 1024.");
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw SimpleDbErrors.invalidParameterValue("Name", name, "The empty string is an illegal attribute name");
        }
        if (utf8(name) > SimpleDbLimits.MAX_NAME_BYTES) {
            throw SimpleDbErrors.invalidParameterValue("Name", name, "Value exceeds maximum length of 1024.");
        }
    }

    private static void checkValue(String value) {
        if (utf8(value) > SimpleDbLimits.MAX_NAME_BYTES) {
            throw SimpleDbErrors.invalidParameterValue("Value", value, "Value exceeds maximum length of 1024.");
        }
    }

    private static void checkPutAttributes(List<PutAttribute> attrs) {
        if (attrs == null || attrs.isEmpty()) throw SimpleDbErrors.missingParameter("Attribute.1.Name");
        if (attrs.size() > SimpleDbLimits.MAX_SUBMITTED_ATTRIBUTES) throw SimpleDbErrors.numberSubmittedAttributesExceeded();
        for (PutAttribute a : attrs) {
            if (a.name() == null) throw SimpleDbErrors.missingAttributeName();
            if (a.value() == null) throw SimpleDbErrors.missingAttributeValue();
            checkName(a.name());
            checkValue(a.value());
        }
    }

    private static void checkDeleteAttributes(List<DeleteAttribute> attrs) {
        if (attrs == null) return;
        if (attrs.size() > SimpleDbLimits.MAX_SUBMITTED_ATTRIBUTES) throw SimpleDbErrors.numberSubmittedAttributesExceeded();
        for (DeleteAttribute a : attrs) {
            if (a.name() == null) throw SimpleDbErrors.missingAttributeName();
            checkName(a.name());
            if (a.value() != null) checkValue(a.value());
        }
    }

    private static void checkCondition(Condition c) {
        if (c == null || (c.name() == null && c.value() == null && c.exists() == null)) return;
        if (c.name() == null) throw SimpleDbErrors.missingParameter("Expected.Name");
        if (Boolean.FALSE.equals(c.exists()) && c.value() != null) throw SimpleDbErrors.existsAndExpectedValue();
        if (!Boolean.FALSE.equals(c.exists()) && c.value() == null) throw SimpleDbErrors.incompleteExpectedExpression();
    }

    /** Checked against the item before this request changes it. */
    private static void verify(StoredItem old, Condition c) {
        if (c == null || c.name() == null) return;
        List<String> vs = old.values(c.name());
        if (Boolean.FALSE.equals(c.exists())) {
            if (!vs.isEmpty()) throw SimpleDbErrors.conditionalCheckFailedExists(c.name());
            return;
        }
        if (vs.isEmpty()) throw SimpleDbErrors.attributeDoesNotExist(c.name());
        if (vs.size() > 1) throw SimpleDbErrors.multiValuedAttribute(c.name());
        if (!vs.get(0).equals(c.value())) throw SimpleDbErrors.conditionalCheckFailed(c.name(), vs.get(0), c.value());
    }
}
