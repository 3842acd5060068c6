package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.s3.engine.ObjectKeys;
import io.awsemu.s3.engine.ReplicationConfiguration.Target;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ReplicationStore} in H2: {@code s3.replication} (migration V009). Use one instance per database: it
 * remembers whether any row exists, so that GET and HEAD of users who never replicate read nothing more.
 */
public final class H2ReplicationStore implements ReplicationStore {
    private static final String BUCKET_ID = "(SELECT bucket_id FROM s3.buckets WHERE name = ?)";

    private final MetadataDb db;
    /** False until a row was written (or found at start); never goes back. */
    private volatile boolean any;

    /** The schema must be migrated ({@link H2BucketStore#migrated}). */
    public H2ReplicationStore(MetadataDb db) {
        this.db = db;
        this.any = H2BucketStore.anyRow(db, "s3.replication");
    }

    @Override
    public boolean enqueue(String bucket, String key, String versionId, boolean deleteMarker, List<Target> targets) {
        any = true;
        // an insert, never an update: the outbox's replay of a write already recorded must not race the replicator
        // for that row (H2 gave up on such a MERGE after its lock timeout) nor make a finished version PENDING again
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO s3.replication (bucket_id, object_key, version_id,"
                    + " status, delete_marker, targets) SELECT b.bucket_id, ?, ?, ?, ?, ? FROM s3.buckets b WHERE b.name = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM s3.replication r WHERE r.bucket_id = b.bucket_id"
                    + " AND r.object_key = ? AND r.version_id = ?)")) {
                byte[] k = ObjectKeys.bytes(key);
                ps.setBytes(1, k);
                ps.setString(2, versionId);
                ps.setString(3, PENDING);
                ps.setBoolean(4, deleteMarker);
                ps.setString(5, encode(targets));
                ps.setString(6, bucket);
                ps.setBytes(7, k);
                ps.setString(8, versionId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Task> pending(int limit) {
        if (!any) return List.of();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.seq, b.name, r.object_key, r.version_id,"
                    + " r.delete_marker, r.targets FROM s3.replication r JOIN s3.buckets b ON b.bucket_id = r.bucket_id"
                    + " WHERE r.status = ? ORDER BY r.seq LIMIT ?")) {
                ps.setString(1, PENDING);
                ps.setInt(2, limit);
                List<Task> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Task(rs.getLong(1), rs.getString(2), ObjectKeys.string(rs.getBytes(3)),
                                rs.getString(4), rs.getBoolean(5), decode(rs.getString(6))));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void finish(Task task, String status) {
        db.tx(c -> {
            // by the (status, seq) index: seq alone is no key, and a scan of every version ever replicated per task
            // made a backlog quadratic
            String sql = status == null ? "DELETE FROM s3.replication WHERE status = ? AND seq = ?"
                    : "UPDATE s3.replication SET status = ?, targets = NULL WHERE status = ? AND seq = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (status != null) ps.setString(i++, status);
                ps.setString(i++, PENDING);
                ps.setLong(i, task.seq());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void markReplica(String bucket, String key, String versionId) {
        merge(bucket, key, versionId, REPLICA, false, null);
    }

    /** Writes the version's row (a new one, or over the one it had); false when the bucket is gone. */
    private boolean merge(String bucket, String key, String versionId, String status, boolean deleteMarker,
                          String targets) {
        any = true;
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO s3.replication (bucket_id, object_key, version_id,"
                    + " status, delete_marker, targets) KEY (bucket_id, object_key, version_id)"
                    + " SELECT bucket_id, ?, ?, ?, ?, ? FROM s3.buckets WHERE name = ?")) {
                ps.setBytes(1, ObjectKeys.bytes(key));
                ps.setString(2, versionId);
                ps.setString(3, status);
                ps.setBoolean(4, deleteMarker);
                ps.setString(5, targets);
                ps.setString(6, bucket);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<String> status(String bucket, String key, String versionId) {
        if (!any) return Optional.empty();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status FROM s3.replication WHERE bucket_id = "
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

    // bucket names hold no tab or newline, storage classes neither
    static String encode(List<Target> targets) {
        StringBuilder sb = new StringBuilder();
        for (Target t : targets) sb.append(t.bucket()).append('\t').append(t.storageClass() == null ? "" : t.storageClass()).append('\n');
        return sb.toString();
    }

    static List<Target> decode(String s) {
        List<Target> out = new ArrayList<>();
        if (s == null) return out;
        for (String line : s.split("\n")) {
            if (line.isEmpty()) continue;
            int tab = line.indexOf('\t');
            String cls = line.substring(tab + 1);
            out.add(new Target(line.substring(0, tab), cls.isEmpty() ? null : cls));
        }
        return out;
    }
}
