package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The rows of {@code s3.object_tags} (V006), written inside the caller's transaction: an object version's tag set
 * is published and removed with the version itself (its object row), so no reader sees one without the other and
 * no crash keeps one without the other.
 *
 * <p>Also remembers whether any tag row exists: until one does, every object write, delete and read skips the
 * table (the hot path of users who never tag pays nothing). One instance per database ({@link #of}), shared by
 * every S3 store on it.
 */
final class ObjectTagRows {
    /** The version id tag rows carry for the null version (an unversioned bucket's objects). */
    static final String NULL_VERSION = "null";
    private static final Map<MetadataDb, ObjectTagRows> BY_DB = new WeakHashMap<>();

    /** False until a tag set is written; never goes back to false. */
    private volatile boolean any;

    private ObjectTagRows(MetadataDb db) {
        this.any = H2BucketStore.anyRow(db, "s3.object_tags");
    }

    /** The tag rows of the S3 stores on {@code db}. */
    static ObjectTagRows of(MetadataDb db) {
        synchronized (BY_DB) {
            return BY_DB.computeIfAbsent(db, ObjectTagRows::new);
        }
    }

    /** False when no version has ever had tags: reads and removals may skip the table. */
    boolean any() {
        return any;
    }

    /**
     * Gives version {@code versionId} ("null" for the null version) of the key the tag set {@code encodedTags}
     * ("" for none), in place of any it had.
     */
    void replace(Connection c, long bucketId, byte[] key, String versionId, String encodedTags) throws SQLException {
        if (encodedTags.isEmpty()) {
            delete(c, bucketId, key, versionId);
            return;
        }
        any = true; // before the commit, so that no reader after it skips the table
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO s3.object_tags (bucket_id, object_key, version_id, tags)"
                + " KEY (bucket_id, object_key, version_id) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            ps.setString(3, versionId);
            ps.setString(4, encodedTags);
            ps.executeUpdate();
        }
    }

    /** Removes the tag set of version {@code versionId} of the key ("null" for the null version). */
    void delete(Connection c, long bucketId, byte[] key, String versionId) throws SQLException {
        if (!any) return;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM s3.object_tags WHERE bucket_id = ? AND object_key = ?"
                + " AND version_id = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            ps.setString(3, versionId);
            ps.executeUpdate();
        }
    }
}
