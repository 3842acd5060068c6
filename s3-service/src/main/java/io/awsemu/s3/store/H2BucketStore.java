package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.s3.engine.Bucket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Buckets in H2, schema {@code s3} (migrations under {@code db/s3/}). */
public final class H2BucketStore implements BucketStore {
    public static final String SCHEMA = "s3";
    private static final String DUPLICATE_KEY = "23505";
    private static final String COLUMNS =
            "name, account_id, region, location_constraint, created_millis, canned_acl, object_ownership, object_lock_enabled";

    private final MetadataDb db;
    private final BucketCache cache;
    private final ObjectLocks locks;

    public H2BucketStore(MetadataDb db) {
        this(db, BucketCache.NONE);
    }

    /** @param cache shared with the {@link H2AccessStore} on the same database */
    public H2BucketStore(MetadataDb db, BucketCache cache) {
        this.db = db;
        this.cache = cache;
        this.locks = ObjectLocks.of(db);
    }

    /** Applies the schema's migrations; call once before use. */
    /** Whether {@code table} (a name of this schema, qualified) holds any row: the stores' "never used" flags. */
    static boolean anyRow(MetadataDb db, String table) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    public static H2BucketStore migrated(MetadataDb db) {
        return migrated(db, BucketCache.NONE);
    }

    public static H2BucketStore migrated(MetadataDb db, BucketCache cache) {
        db.migrate(SCHEMA, H2BucketStore.class.getClassLoader());
        return new H2BucketStore(db, cache);
    }

    @Override
    public boolean insert(Bucket b) {
        return cache.write(() -> db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO s3.buckets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, b.name());
                ps.setString(2, b.accountId());
                ps.setString(3, b.region());
                ps.setString(4, b.locationConstraint());
                ps.setLong(5, b.created().toEpochMilli());
                ps.setString(6, b.cannedAcl());
                ps.setString(7, b.objectOwnership());
                ps.setBoolean(8, b.objectLockEnabled());
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (DUPLICATE_KEY.equals(e.getSQLState())) return false;
                throw e;
            }
        }));
    }

    @Override
    public Optional<Bucket> find(String name) {
        return cache.get(Bucket.class, name, () -> db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM s3.buckets WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        }));
    }

    @Override
    public List<Bucket> list(String accountId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM s3.buckets WHERE account_id = ? ORDER BY name")) {
                ps.setString(1, accountId);
                List<Bucket> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row(rs));
                }
                return out;
            }
        });
    }

    @Override
    public void updateCannedAcl(String name, String cannedAcl) {
        cache.write(() -> db.tx(c -> update(c, "UPDATE s3.buckets SET canned_acl = ?, acl_grants = NULL WHERE name = ?",
                cannedAcl, name)));
    }

    @Override
    public DeleteOutcome deleteIfEmpty(String name) {
        // Object writers hold the bucket's lock shared until they commit (a PutObject publishing into it
        // waits, then finds it gone); the row lock keeps out the writers that lock it in H2 (uploads, configs).
        return locks.bucket(name, () -> cache.write(() -> db.tx(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("SELECT bucket_id FROM s3.buckets WHERE name = ? FOR UPDATE")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return DeleteOutcome.NOT_FOUND;
                    id = rs.getLong(1);
                }
            }
            // noncurrent versions and delete markers count too (V004); unfinished uploads do not (V003 cascades)
            for (String table : new String[] {"s3.objects", "s3.versions"}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE bucket_id = ? LIMIT 1")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) return DeleteOutcome.NOT_EMPTY;
                    }
                }
            }
            return update(c, "DELETE FROM s3.buckets WHERE name = ?", name) == 1
                    ? DeleteOutcome.DELETED : DeleteOutcome.NOT_FOUND;
        })));
    }

    private static int update(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            return ps.executeUpdate();
        }
    }

    private static Bucket row(ResultSet rs) throws SQLException {
        return new Bucket(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getString(7), rs.getBoolean(8));
    }
}
