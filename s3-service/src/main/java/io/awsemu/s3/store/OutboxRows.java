package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.ObjectKeys;
import io.awsemu.s3.engine.StoredObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

/**
 * The rows of {@code s3.outbox} (V012, V013) that object writes, and the changes of existing versions (tagging, ACL,
 * restore, lifecycle expiration), journal inside their own transaction ({@link Journal}).
 *
 * <p>Also remembers whether any bucket was ever watched (given an event notification or replication
 * configuration): until one is, object writes skip the outbox (the hot path of users without either pays nothing).
 * One instance per database ({@link #of}), shared by every S3 store on it.
 */
final class OutboxRows {
    /** The configuration kinds whose buckets journal their writes: event notification and replication. */
    static final Set<String> WATCHED_KINDS = Set.of("notification", "replication");
    /** {@link #WATCHED_KINDS} as an SQL list. */
    private static final String KINDS = WATCHED_KINDS.stream().map(k -> "'" + k + "'")
            .collect(Collectors.joining(", ", "(", ")"));
    private static final Map<MetadataDb, OutboxRows> BY_DB = new WeakHashMap<>();

    /** False until a watched kind of configuration is put; never goes back to false. */
    private volatile boolean watching;

    private OutboxRows(MetadataDb db) {
        this.watching = H2BucketStore.anyRow(db, "s3.bucket_configs WHERE kind IN " + KINDS);
    }

    /** The outbox rows of the S3 stores on {@code db}. */
    static OutboxRows of(MetadataDb db) {
        synchronized (BY_DB) {
            return BY_DB.computeIfAbsent(db, OutboxRows::new);
        }
    }

    /**
     * Before a configuration of {@code kind} is stored: from now on writes look whether their bucket is watched.
     * Set before that configuration commits, so that no write committing after it skips the look.
     */
    void configuring(String kind) {
        if (WATCHED_KINDS.contains(kind)) watching = true;
    }

    /**
     * Whether {@link #record} may insert a row for {@code j}: a journal is given and some bucket is watched. A change
     * that writes nothing else (a DeleteObjectTagging of a version without tags) opens its transaction only then.
     */
    boolean journals(Journal j) {
        return j != null && watching;
    }

    /**
     * Journals one event inside the caller's transaction when {@code j} is given and the bucket has an event
     * notification or replication configuration (decided in the same transaction).
     *
     * @param versionId what the event shows (null for an unversioned bucket)
     * @param event     the full event name
     * @param size      -1 for a removal
     */
    void record(Connection c, Journal j, long bucketId, byte[] key, String versionId, String event, long size, String etag)
            throws SQLException {
        record(c, j, bucketId, key, versionId, event, size, etag, null, null);
    }

    /**
     * Journals {@code event} (ObjectTagging:Put, ObjectAcl:Put, ObjectRestore:Post, ...) about version {@code v} as the
     * request's answer sends it: its key, version id, size and eTag. As {@link #record(Connection, Journal, long,
     * byte[], String, String, long, String)} otherwise.
     */
    void record(Connection c, Journal j, long bucketId, StoredObject v, String event) throws SQLException {
        record(c, j, bucketId, ObjectKeys.bytes(v.key()), v.versionId(), event, v.size(), v.etag(), null, null);
    }

    /** ObjectRestore:Completed of version {@code v}: its restored copy expires at {@code expiryMillis}. */
    void recordRestored(Connection c, Journal j, long bucketId, StoredObject v, long expiryMillis) throws SQLException {
        record(c, j, bucketId, ObjectKeys.bytes(v.key()), v.versionId(), "ObjectRestore:Completed", v.size(), v.etag(),
                expiryMillis, v.storageClass());
    }

    private void record(Connection c, Journal j, long bucketId, byte[] key, String versionId, String event, long size,
                        String etag, Long restoreExpiryMillis, String restoreStorageClass) throws SQLException {
        if (j == null || !watching) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO s3.outbox (bucket_id, object_key, version_id,"
                + " event_name, size, etag, principal_id, source_ip, request_id, created_millis, restore_expiry_millis,"
                + " restore_storage_class) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM DUAL WHERE EXISTS (SELECT 1"
                + " FROM s3.bucket_configs WHERE bucket_id = ? AND kind IN " + KINDS + ")")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            ps.setString(3, versionId);
            ps.setString(4, event);
            ps.setLong(5, size);
            ps.setString(6, etag);
            ps.setString(7, j.principalId());
            ps.setString(8, j.sourceIp());
            ps.setString(9, j.requestId());
            ps.setLong(10, System.currentTimeMillis()); // when, for the replay of what no answer delivers
            ps.setObject(11, restoreExpiryMillis, java.sql.Types.BIGINT);
            ps.setString(12, restoreStorageClass);
            ps.setLong(13, bucketId);
            if (ps.executeUpdate() > 0) j.written();
        }
    }
}
