package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.s3.engine.ManifestPart;
import io.awsemu.s3.engine.ObjectKeys;
import io.awsemu.s3.engine.StoredObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Objects in H2 ({@code s3.objects}, migration V002), scanned along the (bucket_id, object_key) primary key. */
public final class H2ObjectStore implements ObjectStore {
    private static final String COLUMNS = "o.object_key, o.blob_id, o.size, o.etag, o.last_modified_millis,"
            + " o.storage_class, o.checksum_algorithm, o.checksum_value, o.headers, o.parts_count, o.checksum_type";

    private final MetadataDb db;

    /** The schema must be migrated ({@link H2BucketStore#migrated}). */
    public H2ObjectStore(MetadataDb db) {
        this.db = db;
    }

    @Override
    public Optional<StoredObject> find(String bucket, String key) {
        return db.read(c -> Optional.ofNullable(find(c, bucket, key, false)));
    }

    private static StoredObject find(Connection c, String bucket, String key, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM s3.objects o"
                + " JOIN s3.buckets b ON b.bucket_id = o.bucket_id WHERE b.name = ? AND o.object_key = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, bucket);
            ps.setBytes(2, ObjectKeys.bytes(key));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(bucket, rs) : null;
            }
        }
    }

    @Override
    public PutOutcome put(StoredObject o) {
        return db.tx(c -> upsert(c, o));
    }

    @Override
    public PutOutcome putIfSourceUnchanged(StoredObject o, String sourceBucket, String sourceKey, String sourceBlobId) {
        return db.tx(c -> {
            StoredObject src = find(c, sourceBucket, sourceKey, true);
            if (src == null || !src.blobId().equals(sourceBlobId)) return new PutOutcome(true, false, null);
            return upsert(c, o);
        });
    }

    /** Publishes {@code o} inside the caller's transaction (CompleteMultipartUpload publishes in its own). */
    static PutOutcome upsert(Connection c, StoredObject o) throws SQLException {
        Long bucketId = bucketId(c, o.bucket());
        if (bucketId == null) return new PutOutcome(false, true, null);
        String replaced = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT blob_id FROM s3.objects WHERE bucket_id = ? AND object_key = ? FOR UPDATE")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, ObjectKeys.bytes(o.key()));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) replaced = rs.getString(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO s3.objects (bucket_id, object_key, blob_id, size,"
                + " etag, last_modified_millis, storage_class, checksum_algorithm, checksum_value, headers, parts_count,"
                + " checksum_type) KEY (bucket_id, object_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, ObjectKeys.bytes(o.key()));
            ps.setString(3, o.blobId());
            ps.setLong(4, o.size());
            ps.setString(5, o.etag());
            ps.setLong(6, o.lastModified().toEpochMilli());
            ps.setString(7, o.storageClass());
            ps.setString(8, o.checksumAlgorithm());
            ps.setString(9, o.checksumValue());
            ps.setString(10, encode(o.headers()));
            if (o.multipart()) ps.setInt(11, o.partsCount()); else ps.setNull(11, java.sql.Types.INTEGER);
            ps.setString(12, o.checksumType());
            ps.executeUpdate();
        }
        return new PutOutcome(true, true, replaced == null || replaced.equals(o.blobId()) ? null : replaced);
    }

    /** The bucket's id, its row locked so a concurrent DeleteBucket cannot slip between check and insert. */
    static Long bucketId(Connection c, String bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT bucket_id FROM s3.buckets WHERE name = ? FOR UPDATE")) {
            ps.setString(1, bucket);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    @Override
    public Optional<String> delete(String bucket, String key) {
        return db.tx(c -> {
            StoredObject o = find(c, bucket, key, true);
            if (o == null) return Optional.<String>empty();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM s3.objects WHERE object_key = ?"
                    + " AND bucket_id = (SELECT bucket_id FROM s3.buckets WHERE name = ?)")) {
                ps.setBytes(1, ObjectKeys.bytes(key));
                ps.setString(2, bucket);
                ps.executeUpdate();
            }
            return Optional.of(o.blobId());
        });
    }

    @Override
    public List<StoredObject> scan(String bucket, byte[] prefix, byte[] from, int limit) {
        byte[] start = ObjectKeys.compare(from, prefix) > 0 ? from : prefix;
        byte[] end = ObjectKeys.successor(prefix);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM s3.objects o"
                    + " WHERE o.bucket_id = (SELECT bucket_id FROM s3.buckets WHERE name = ?)"
                    + " AND o.object_key >= ?" + (end == null ? "" : " AND o.object_key < ?")
                    + " ORDER BY o.object_key LIMIT ?")) {
                int i = 1;
                ps.setString(i++, bucket);
                ps.setBytes(i++, start);
                if (end != null) ps.setBytes(i++, end);
                ps.setInt(i, limit);
                List<StoredObject> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row(bucket, rs));
                }
                return out;
            }
        });
    }

    @Override
    public boolean referenced(String blobId) {
        return db.read(c -> exists(c, "SELECT 1 FROM s3.objects WHERE blob_id = ? LIMIT 1", blobId)
                || exists(c, "SELECT 1 FROM s3.manifest_parts WHERE blob_id = ? LIMIT 1", blobId)
                || exists(c, "SELECT 1 FROM s3.upload_parts WHERE blob_id = ? LIMIT 1", blobId));
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<ManifestPart> manifest(String manifestId) {
        return db.read(c -> manifest(c, manifestId));
    }

    private static List<ManifestPart> manifest(Connection c, String manifestId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT part_number, blob_id, part_offset, size, etag,"
                + " checksum_value FROM s3.manifest_parts WHERE manifest_id = ? ORDER BY part_number")) {
            ps.setString(1, manifestId);
            List<ManifestPart> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ManifestPart(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return out;
        }
    }

    @Override
    public List<String> dropManifest(String manifestId) {
        return db.tx(c -> {
            if (exists(c, "SELECT 1 FROM s3.objects WHERE blob_id = ? LIMIT 1", manifestId)) return List.<String>of();
            List<String> blobs = new ArrayList<>();
            for (ManifestPart p : manifest(c, manifestId)) blobs.add(p.blobId());
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM s3.manifest_parts WHERE manifest_id = ?")) {
                ps.setString(1, manifestId);
                ps.executeUpdate();
            }
            return blobs;
        });
    }

    private static StoredObject row(String bucket, ResultSet rs) throws SQLException {
        return new StoredObject(bucket, ObjectKeys.string(rs.getBytes(1)), rs.getString(2), rs.getLong(3),
                rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getString(7),
                rs.getString(8), decode(rs.getString(9)), rs.getInt(10),
                rs.getString(11) != null ? rs.getString(11) : rs.getString(7) == null ? null : "FULL_OBJECT");
    }

    // HTTP header values hold no CR/LF, so one "name:value" a line is unambiguous.
    static String encode(Map<String, String> headers) {
        StringBuilder sb = new StringBuilder();
        headers.forEach((k, v) -> sb.append(k).append(':').append(v.replace("\r", " ").replace("\n", " ")).append('\n'));
        return sb.toString();
    }

    static Map<String, String> decode(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : s.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) out.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return out;
    }
}
