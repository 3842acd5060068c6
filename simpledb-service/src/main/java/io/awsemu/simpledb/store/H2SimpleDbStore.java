package io.awsemu.simpledb.store;

import io.awsemu.core.storage.meta.MetadataDb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store on the emulator's H2 metadata database, schema {@code sdb}: one row per (item, name,
 * value) in {@code sdb.attrs}, indexed by item (scans in item order) and by (name, item) and
 * (name, value) so single-attribute predicates and sorts are index range scans.
 */
public final class H2SimpleDbStore implements SimpleDbStore {
    public static final String SCHEMA = "sdb";
    /** SimpleDB's limit of attribute name/value pairs per item. */
    private static final int MAX_ROWS_PER_ITEM = 256;

    private final MetadataDb db;

    public H2SimpleDbStore(MetadataDb db) {
        this.db = db;
        db.migrate(SCHEMA, H2SimpleDbStore.class.getClassLoader());
    }

    @Override
    public Optional<Domain> domain(String account, String region, String name) {
        return db.read(c -> findDomain(c, account, region, name));
    }

    private static Optional<Domain> findDomain(Connection c, String account, String region, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, created_at FROM sdb.domains WHERE account = ? AND region = ? AND name = ?")) {
            ps.setString(1, account);
            ps.setString(2, region);
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Domain(rs.getLong(1), rs.getString(2), rs.getLong(3))) : Optional.empty();
            }
        }
    }

    @Override
    public Domain createDomain(String account, String region, String name, long createdAtMillis) {
        return db.tx(c -> {
            Optional<Domain> existing = findDomain(c, account, region, name);
            if (existing.isPresent()) return existing.get();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sdb.domains (account, region, name, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, account);
                ps.setString(2, region);
                ps.setString(3, name);
                ps.setLong(4, createdAtMillis);
                ps.executeUpdate();
            }
            return findDomain(c, account, region, name).orElseThrow();
        });
    }

    @Override
    public int domainCount(String account, String region) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM sdb.domains WHERE account = ? AND region = ?")) {
                ps.setString(1, account);
                ps.setString(2, region);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public boolean deleteDomain(String account, String region, String name) {
        return db.tx(c -> {
            Optional<Domain> d = findDomain(c, account, region, name);
            if (d.isEmpty()) return false;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sdb.attrs WHERE domain_id = ?")) {
                ps.setLong(1, d.get().id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sdb.domains WHERE id = ?")) {
                ps.setLong(1, d.get().id());
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<String> domainNames(String account, String region, String after, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM sdb.domains WHERE account = ? AND region = ?"
                    + (after == null ? "" : " AND name > ?") + " ORDER BY name LIMIT ?")) {
                int i = 1;
                ps.setString(i++, account);
                ps.setString(i++, region);
                if (after != null) ps.setString(i++, after);
                ps.setInt(i, limit);
                return strings(ps);
            }
        });
    }

    @Override
    public Usage usage(long domainId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pair_count, byte_count FROM sdb.domains WHERE id = ?")) {
                ps.setLong(1, domainId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Usage(rs.getLong(1), rs.getLong(2)) : Usage.ZERO;
                }
            }
        });
    }

    @Override
    public Stats stats(long domainId) {
        return db.read(c -> {
            long items;
            long itemBytes;
            long names;
            long nameBytes;
            long pairs;
            long valueBytes;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(item)), 0) FROM "
                    + "(SELECT DISTINCT item FROM sdb.attrs WHERE domain_id = ?) t")) {
                ps.setLong(1, domainId);
                try (ResultSet rs = ps.executeQuery()) { rs.next(); items = rs.getLong(1); itemBytes = rs.getLong(2); }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(name)), 0) FROM "
                    + "(SELECT DISTINCT name FROM sdb.attrs WHERE domain_id = ?) t")) {
                ps.setLong(1, domainId);
                try (ResultSet rs = ps.executeQuery()) { rs.next(); names = rs.getLong(1); nameBytes = rs.getLong(2); }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(val)), 0) FROM sdb.attrs WHERE domain_id = ?")) {
                ps.setLong(1, domainId);
                try (ResultSet rs = ps.executeQuery()) { rs.next(); pairs = rs.getLong(1); valueBytes = rs.getLong(2); }
            }
            return new Stats(items, itemBytes, names, nameBytes, pairs, valueBytes);
        });
    }

    @Override
    public Map<String, StoredItem> items(long domainId, Collection<String> names) {
        if (names.isEmpty()) return Map.of();
        return db.read(c -> {
            Map<String, Map<String, List<String>>> rows = new LinkedHashMap<>();
            // one primary-key seek per name on a reused statement: H2 does not turn long IN lists into seeks
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, val FROM sdb.attrs WHERE domain_id = ? AND item = ? ORDER BY name, val")) {
                ps.setLong(1, domainId);
                for (String item : names) {
                    ps.setString(2, item);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.computeIfAbsent(item, k -> new LinkedHashMap<>())
                                    .computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                        }
                    }
                }
            }
            Map<String, StoredItem> out = new LinkedHashMap<>();
            rows.forEach((item, attrs) -> out.put(item, new StoredItem(item, attrs)));
            return out;
        });
    }

    @Override
    public void writeItems(long domainId, List<StoredItem> newStates, Usage delta) {
        db.tx(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM sdb.attrs WHERE domain_id = ? AND item = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO sdb.attrs (domain_id, item, name, val) VALUES (?, ?, ?, ?)")) {
                for (StoredItem item : newStates) {
                    del.setLong(1, domainId);
                    del.setString(2, item.name());
                    del.addBatch();
                    for (Map.Entry<String, List<String>> a : item.attributes().entrySet()) {
                        for (String v : a.getValue()) {
                            ins.setLong(1, domainId);
                            ins.setString(2, item.name());
                            ins.setString(3, a.getKey());
                            ins.setString(4, v);
                            ins.addBatch();
                        }
                    }
                }
                del.executeBatch();
                ins.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sdb.domains SET pair_count = pair_count + ?, byte_count = byte_count + ? WHERE id = ?")) {
                ps.setLong(1, delta.pairs());
                ps.setLong(2, delta.bytes());
                ps.setLong(3, domainId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<String> itemNames(long domainId, String after, boolean descending, int limit, String attribute, ValueRange range) {
        // ORDER BY the whole index prefix lets H2 walk the index in order and stop at LIMIT instead of
        // sorting every match; rows repeat an item once per value, so duplicates are dropped here.
        String dir = descending ? " DESC" : "";
        StringBuilder sql = new StringBuilder("SELECT item FROM sdb.attrs");
        List<Object> args = new ArrayList<>();
        if (attribute != null) {
            sql.append(" USE INDEX (sdb.sdb_attrs_by_name_item) WHERE domain_id = ? AND name = ?");
            args.add(domainId);
            args.add(attribute);
            appendRange(sql, args, range);
        } else {
            sql.append(" WHERE domain_id = ?");
            args.add(domainId);
        }
        if (after != null) {
            sql.append(descending ? " AND item < ?" : " AND item > ?");
            args.add(after);
        }
        sql.append(" ORDER BY domain_id").append(dir);
        if (attribute != null) sql.append(", name").append(dir);
        sql.append(", item").append(dir).append(" LIMIT ?");
        args.add(limit);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String item = rs.getString(1);
                        if (out.isEmpty() || !out.get(out.size() - 1).equals(item)) out.add(item);
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<StoredItem> scanItems(long domainId, String after, boolean descending, int rows) {
        // A full LIMIT may cut the last item short, so it is dropped and read again by the next call;
        // asking for more rows than one item can hold keeps at least one whole item per batch.
        int limit = Math.max(rows, MAX_ROWS_PER_ITEM + 1);
        String dir = descending ? " DESC" : "";
        String sql = "SELECT item, name, val FROM sdb.attrs WHERE domain_id = ?"
                + (after == null ? "" : descending ? " AND item < ?" : " AND item > ?")
                + " ORDER BY domain_id" + dir + ", item" + dir + ", name" + dir + ", val" + dir + " LIMIT ?";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, domainId);
                if (after != null) ps.setString(i++, after);
                ps.setInt(i, limit);
                List<StoredItem> out = new ArrayList<>();
                String current = null;
                List<String[]> pairs = new ArrayList<>();
                int read = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        String item = rs.getString(1);
                        if (!item.equals(current)) {
                            if (current != null) out.add(item(current, pairs, descending));
                            current = item;
                            pairs.clear();
                        }
                        pairs.add(new String[] {rs.getString(2), rs.getString(3)});
                    }
                }
                if (current != null && read < limit) out.add(item(current, pairs, descending));
                return out;
            }
        });
    }

    /** An item from its rows, attributes and values in ascending order as {@link #items} gives them. */
    private static StoredItem item(String name, List<String[]> pairs, boolean descending) {
        Map<String, List<String>> attrs = new LinkedHashMap<>();
        for (int k = 0; k < pairs.size(); k++) {
            String[] p = pairs.get(descending ? pairs.size() - 1 - k : k);
            attrs.computeIfAbsent(p[0], x -> new ArrayList<>()).add(p[1]);
        }
        return new StoredItem(name, attrs);
    }

    @Override
    public List<SortRow> sortRows(long domainId, String attribute, SortRow after, boolean descending, int limit, ValueRange range) {
        StringBuilder sql = new StringBuilder("SELECT item, val FROM sdb.attrs USE INDEX (sdb.sdb_attrs_by_value) WHERE domain_id = ? AND name = ?");
        List<Object> args = new ArrayList<>(List.of(domainId, attribute));
        appendRange(sql, args, range);
        if (after != null) {
            String cmp = descending ? "<" : ">";
            sql.append(" AND (val ").append(cmp).append(" ? OR (val = ? AND item ").append(cmp).append(" ?))");
            args.add(after.value());
            args.add(after.value());
            args.add(after.item());
        }
        String dir = descending ? " DESC" : "";
        sql.append(" ORDER BY domain_id").append(dir).append(", name").append(dir).append(", val").append(dir)
                .append(", item").append(dir).append(" LIMIT ?");
        args.add(limit);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args);
                List<SortRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new SortRow(rs.getString(1), rs.getString(2)));
                }
                return out;
            }
        });
    }

    private static void appendRange(StringBuilder sql, List<Object> args, ValueRange r) {
        if (r == null) return;
        if (r.low() != null) {
            sql.append(r.lowInclusive() ? " AND val >= ?" : " AND val > ?");
            args.add(r.low());
        }
        if (r.high() != null) {
            sql.append(r.highInclusive() ? " AND val <= ?" : " AND val < ?");
            args.add(r.high());
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long l) ps.setLong(i + 1, l);
            else if (a instanceof Integer n) ps.setInt(i + 1, n);
            else ps.setString(i + 1, (String) a);
        }
    }

    private static List<String> strings(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
