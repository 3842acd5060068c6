package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.ObjectKeys;
import io.awsemu.s3.engine.StoredObject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link BucketConfigStore} in H2: {@code s3.bucket_configs} and {@code s3.object_tags} (migration V006).
 * Object tag rows are written through {@link ObjectTagRows}, as the object stores write them.
 */
public final class H2BucketConfigStore implements BucketConfigStore {
    private static final String BUCKET_ID = "(SELECT bucket_id FROM s3.buckets WHERE name = ?)";

    private final MetadataDb db;
    /** Each bucket's documents, all kinds at once: object writes read the default encryption on every PUT. */
    private final BucketCache cache;
    /** The object tag rows, shared with the object stores that publish and remove versions with their tags. */
    private final ObjectTagRows tags;
    private final OutboxRows outbox;

    /** The schema must be migrated ({@link H2BucketStore#migrated}). */
    public H2BucketConfigStore(MetadataDb db) {
        this(db, BucketCache.NONE);
    }

    /** @param cache the bucket rows' cache: bucket writes (a delete, a create) drop these documents too */
    public H2BucketConfigStore(MetadataDb db, BucketCache cache) {
        this.db = db;
        this.cache = cache;
        this.tags = ObjectTagRows.of(db);
        this.outbox = OutboxRows.of(db);
    }

    /** A bucket's documents by kind, as the cache keeps them (empty for a bucket without any, or without a row). */
    private record Documents(Map<String, String> byKind) {}

    @Override
    public Optional<String> get(String bucket, String kind) {
        Documents docs = cache.get(Documents.class, bucket, () -> Optional.of(db.readOne(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, document FROM s3.bucket_configs WHERE bucket_id = " + BUCKET_ID)) {
                ps.setString(1, bucket);
                Map<String, String> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getString(2));
                }
                return new Documents(out);
            }
        }))).orElseThrow();
        return Optional.ofNullable(docs.byKind().get(kind));
    }

    @Override
    public boolean put(String bucket, String kind, String document) {
        outbox.configuring(kind);
        return cache.write(() -> putNow(bucket, kind, document));
    }

    private boolean putNow(String bucket, String kind, String document) {
        return db.tx(c -> {
            Long id;
            try (PreparedStatement ps = c.prepareStatement("SELECT bucket_id FROM s3.buckets WHERE name = ? FOR UPDATE")) {
                ps.setString(1, bucket);
                try (ResultSet rs = ps.executeQuery()) {
                    id = rs.next() ? rs.getLong(1) : null;
                }
            }
            if (id == null) return false;
            try (PreparedStatement ps = c.prepareStatement(
                    "MERGE INTO s3.bucket_configs (bucket_id, kind, document) KEY (bucket_id, kind) VALUES (?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, kind);
                ps.setString(3, document);
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public boolean delete(String bucket, String kind) {
        return cache.write(() -> db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM s3.bucket_configs WHERE bucket_id = " + BUCKET_ID + " AND kind = ?")) {
                ps.setString(1, bucket);
                ps.setString(2, kind);
                return ps.executeUpdate() > 0;
            }
        }));
    }

    @Override
    public List<String[]> all(String kind) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT b.name, k.document FROM s3.bucket_configs k"
                    + " JOIN s3.buckets b ON b.bucket_id = k.bucket_id WHERE k.kind = ? ORDER BY b.name")) {
                ps.setString(1, kind);
                List<String[]> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                return out;
            }
        });
    }

    @Override
    public Optional<String> objectTags(String bucket, String key, String versionId) {
        if (!tags.any()) return Optional.empty();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT tags FROM s3.object_tags WHERE bucket_id = "
                    + BUCKET_ID + " AND object_key = ? AND version_id = ?")) {
                ps.setString(1, bucket);
                ps.setBytes(2, ObjectKeys.bytes(key));
                ps.setString(3, versionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void putObjectTags(String bucket, String key, String versionId, String encodedTags) {
        if (encodedTags.isEmpty() && !tags.any()) return;
        db.tx(c -> {
            Long id = H2ObjectStore.unlockedBucketId(c, bucket);
            if (id != null) tags.replace(c, id, ObjectKeys.bytes(key), versionId, encodedTags);
            return null;
        });
    }

    @Override
    public void putObjectTags(StoredObject v, String encodedTags, Journal journal) {
        if (encodedTags.isEmpty() && !tags.any() && !outbox.journals(journal)) return;
        db.tx(c -> {
            Long id = H2ObjectStore.unlockedBucketId(c, v.bucket());
            if (id == null) return null;
            tags.replace(c, id, ObjectKeys.bytes(v.key()), v.shownVersionId(), encodedTags);
            if (journal != null) outbox.record(c, journal, id, v, journal.event());
            return null;
        });
    }

    @Override
    public void deleteObjectTags(String bucket, String key, String versionId) {
        putObjectTags(bucket, key, versionId, "");
    }
}
