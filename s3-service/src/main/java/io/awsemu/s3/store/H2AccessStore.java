package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.ObjectKeys;
import io.awsemu.s3.engine.PublicAccessBlock;
import io.awsemu.s3.engine.StoredObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Access settings in H2: columns of {@code s3.buckets} and {@code s3.objects} (migration V005), and of {@code s3.versions} (V011). */
public final class H2AccessStore implements AccessStore {
    private final MetadataDb db;
    private final BucketCache cache;
    private final OutboxRows outbox;

    public H2AccessStore(MetadataDb db) {
        this(db, BucketCache.NONE);
    }

    /** @param cache shared with the {@link H2BucketStore} on the same database */
    public H2AccessStore(MetadataDb db, BucketCache cache) {
        this.db = db;
        this.cache = cache;
        this.outbox = OutboxRows.of(db);
    }

    @Override
    public Optional<BucketAccess> bucket(String name) {
        return cache.get(BucketAccess.class, name, () -> db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT account_id, canned_acl, acl_grants, object_ownership,"
                    + " policy, pab_present, block_public_acls, ignore_public_acls, block_public_policy,"
                    + " restrict_public_buckets, region FROM s3.buckets WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    PublicAccessBlock pab = rs.getBoolean(6)
                            ? new PublicAccessBlock(rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9), rs.getBoolean(10))
                            : null;
                    return Optional.of(new BucketAccess(name, rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), pab, rs.getString(11)));
                }
            }
        }));
    }

    @Override
    public void setBucketAcl(String name, String cannedAcl, String aclGrants) {
        update("UPDATE s3.buckets SET canned_acl = ?, acl_grants = ? WHERE name = ?", cannedAcl, aclGrants, name);
    }

    @Override
    public void setOwnership(String name, String ownership) {
        update("UPDATE s3.buckets SET object_ownership = ? WHERE name = ?", ownership, name);
    }

    @Override
    public void setPolicy(String name, String policy) {
        update("UPDATE s3.buckets SET policy = ? WHERE name = ?", policy, name);
    }

    @Override
    public void setPublicAccessBlock(String name, PublicAccessBlock pab) {
        PublicAccessBlock p = pab == null ? PublicAccessBlock.NONE : pab;
        cache.write(() -> db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE s3.buckets SET pab_present = ?, block_public_acls = ?,"
                    + " ignore_public_acls = ?, block_public_policy = ?, restrict_public_buckets = ? WHERE name = ?")) {
                ps.setBoolean(1, pab != null);
                ps.setBoolean(2, p.blockPublicAcls());
                ps.setBoolean(3, p.ignorePublicAcls());
                ps.setBoolean(4, p.blockPublicPolicy());
                ps.setBoolean(5, p.restrictPublicBuckets());
                ps.setString(6, name);
                return ps.executeUpdate();
            }
        }));
    }

    @Override
    public Optional<ObjectAccess> object(String bucket, String key, String versionId) {
        return db.read(c -> {
            for (String table : tables(versionId)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT t.owner_account, t.acl_grants FROM " + table + " t"
                        + " JOIN s3.buckets b ON b.bucket_id = t.bucket_id WHERE b.name = ? AND t.object_key = ?"
                        + version(table, versionId))) {
                    ps.setString(1, bucket);
                    ps.setBytes(2, ObjectKeys.bytes(key));
                    if (versionId != null && !versionId.equals("null")) ps.setString(3, versionId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) return Optional.of(new ObjectAccess(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return Optional.<ObjectAccess>empty();
        });
    }

    @Override
    public boolean setObjectAcl(String bucket, String key, String versionId, String ownerAccount, String aclGrants,
                                StoredObject shown, Journal journal) {
        return db.tx(c -> {
            if (!updateObjectAcl(c, bucket, key, versionId, ownerAccount, aclGrants)) return false;
            if (shown != null && outbox.journals(journal)) {
                Long id = H2ObjectStore.unlockedBucketId(c, bucket);
                if (id != null) outbox.record(c, journal, id, shown, journal.event());
            }
            return true;
        });
    }

    /** Sets the owner and grants of the version; false when there is none. */
    private static boolean updateObjectAcl(Connection c, String bucket, String key, String versionId,
                                           String ownerAccount, String aclGrants) throws SQLException {
        for (String table : tables(versionId)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " t SET owner_account = ?, acl_grants = ?"
                    + " WHERE t.object_key = ? AND t.bucket_id = (SELECT bucket_id FROM s3.buckets WHERE name = ?)"
                    + version(table, versionId))) {
                ps.setString(1, ownerAccount);
                ps.setString(2, aclGrants);
                ps.setBytes(3, ObjectKeys.bytes(key));
                ps.setString(4, bucket);
                if (versionId != null && !versionId.equals("null")) ps.setString(5, versionId);
                if (ps.executeUpdate() == 1) return true;
            }
        }
        return false;
    }

    /** Where a version may be: the current object only, or (a version id asked for) current or noncurrent. */
    private static String[] tables(String versionId) {
        return versionId == null ? new String[] {"s3.objects"} : new String[] {"s3.objects", "s3.versions"};
    }

    /** The condition on {@code t.version_id} (one parameter unless the null version); delete markers have no ACL. */
    private static String version(String table, String versionId) {
        if (versionId == null) return "";
        String match = versionId.equals("null") ? " AND t.version_id IS NULL" : " AND t.version_id = ?";
        return table.equals("s3.versions") ? match + " AND t.delete_marker = FALSE" : match;
    }

    /** Updates a bucket row (callers: s3.buckets only; object ACLs do not go through here). */
    private void update(String sql, String... args) {
        cache.write(() -> db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
                return ps.executeUpdate();
            }
        }));
    }
}
