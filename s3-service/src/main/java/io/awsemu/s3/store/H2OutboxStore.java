package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.s3.engine.ObjectKeys;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link OutboxStore} in H2: {@code s3.outbox} (migrations V012, V013). The object stores write its rows inside the
 * writes' transactions ({@link OutboxRows}).
 */
public final class H2OutboxStore implements OutboxStore {
    private final MetadataDb db;

    /** The schema must be migrated ({@link H2BucketStore#migrated}). */
    public H2OutboxStore(MetadataDb db) {
        this.db = db;
    }

    @Override
    public void done(String requestId) {
        deleteWhere("request_id", requestId);
    }

    @Override
    public List<Entry> leftBefore(long before, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT o.seq, b.name, o.object_key, o.version_id, o.event_name,"
                    + " o.size, o.etag, o.principal_id, o.source_ip, o.request_id, o.created_millis,"
                    + " o.restore_expiry_millis, o.restore_storage_class FROM s3.outbox o"
                    + " JOIN s3.buckets b ON b.bucket_id = o.bucket_id WHERE o.created_millis < ? ORDER BY o.seq LIMIT ?")) {
                ps.setLong(1, before);
                ps.setInt(2, limit);
                List<Entry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Entry(rs.getLong(1), rs.getString(2), ObjectKeys.string(rs.getBytes(3)), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                rs.getString(10), rs.getLong(11), rs.getObject(12, Long.class), rs.getString(13)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void remove(long seq) {
        deleteWhere("seq", seq);
    }

    /** Deletes the rows whose {@code column} (request_id, indexed, or the key seq) is {@code value}. */
    private void deleteWhere(String column, Object value) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM s3.outbox WHERE " + column + " = ?")) {
                ps.setObject(1, value);
                return ps.executeUpdate();
            }
        });
    }
}
