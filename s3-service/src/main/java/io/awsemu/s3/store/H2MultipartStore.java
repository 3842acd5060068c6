package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.ManifestPart;
import io.awsemu.s3.engine.ObjectLock;
import io.awsemu.s3.engine.ObjectKeys;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.Upload;
import io.awsemu.s3.engine.UploadPart;
import io.awsemu.s3.engine.VersionExtras;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Uploads, parts and manifests in H2 (migrations V003, V007). */
public final class H2MultipartStore implements MultipartStore {
    private static final String UPLOAD_COLUMNS = "u.upload_id, u.object_key, u.initiated_millis, u.storage_class,"
            + " u.checksum_algorithm, u.checksum_type, u.headers, u.owner_account, u.acl_grants, u.tagging,"
            + " u.lock_mode, u.lock_until_millis, u.legal_hold";

    private final MetadataDb db;
    private final ObjectTagRows tags;
    private final OutboxRows outbox;

    /** The schema must be migrated ({@link H2BucketStore#migrated}). */
    public H2MultipartStore(MetadataDb db) {
        this.db = db;
        this.tags = ObjectTagRows.of(db);
        this.outbox = OutboxRows.of(db);
    }

    @Override
    public boolean create(Upload u) {
        return db.tx(c -> {
            Long bucketId = H2ObjectStore.bucketId(c, u.bucket());
            if (bucketId == null) return false;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO s3.uploads (upload_id, bucket_id, object_key,"
                    + " initiated_millis, storage_class, checksum_algorithm, checksum_type, headers, owner_account,"
                    + " acl_grants, tagging, lock_mode, lock_until_millis, legal_hold)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, u.uploadId());
                ps.setLong(2, bucketId);
                ps.setBytes(3, ObjectKeys.bytes(u.key()));
                ps.setLong(4, u.initiated().toEpochMilli());
                ps.setString(5, u.storageClass());
                ps.setString(6, u.checksumAlgorithm());
                ps.setString(7, u.checksumType());
                ps.setString(8, H2ObjectStore.encode(u.headers()));
                ps.setString(9, u.ownerAccount());
                ps.setString(10, u.aclGrants());
                ps.setString(11, u.tagging());
                ObjectLock lock = u.lock() == null ? ObjectLock.NONE : u.lock();
                ps.setString(12, lock.mode());
                if (lock.retainUntil() != null) ps.setLong(13, lock.retainUntil().toEpochMilli());
                else ps.setNull(13, java.sql.Types.BIGINT);
                // NULL mode and hold: nothing was asked for (the lock stays null, not NONE)
                ps.setString(14, u.lock() == null ? null : lock.legalHold() == null ? "" : lock.legalHold());
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<Upload> find(String bucket, String uploadId) {
        return db.read(c -> Optional.ofNullable(find(c, bucket, uploadId, false)));
    }

    private static Upload find(Connection c, String bucket, String uploadId, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + UPLOAD_COLUMNS + " FROM s3.uploads u"
                + " JOIN s3.buckets b ON b.bucket_id = u.bucket_id WHERE b.name = ? AND u.upload_id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, bucket);
            ps.setString(2, uploadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? upload(bucket, rs) : null;
            }
        }
    }

    private static boolean lockUpload(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM s3.uploads WHERE upload_id = ? FOR UPDATE")) {
            ps.setString(1, uploadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public Optional<String> putPart(String uploadId, UploadPart p) {
        return db.tx(c -> {
            if (!lockUpload(c, uploadId)) return Optional.<String>empty();
            String replaced = "";
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT blob_id FROM s3.upload_parts WHERE upload_id = ? AND part_number = ?")) {
                ps.setString(1, uploadId);
                ps.setInt(2, p.partNumber());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) replaced = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO s3.upload_parts (upload_id, part_number, blob_id,"
                    + " size, etag, last_modified_millis, checksum_value) KEY (upload_id, part_number)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, uploadId);
                ps.setInt(2, p.partNumber());
                ps.setString(3, p.blobId());
                ps.setLong(4, p.size());
                ps.setString(5, p.etag());
                ps.setLong(6, p.lastModified().toEpochMilli());
                ps.setString(7, p.checksumValue());
                ps.executeUpdate();
            }
            return Optional.of(replaced);
        });
    }

    @Override
    public List<UploadPart> parts(String uploadId, int afterPart, int limit) {
        return db.read(c -> parts(c, uploadId, afterPart, limit));
    }

    private static List<UploadPart> parts(Connection c, String uploadId, int afterPart, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT part_number, blob_id, size, etag, last_modified_millis,"
                + " checksum_value FROM s3.upload_parts WHERE upload_id = ? AND part_number > ?"
                + " ORDER BY part_number LIMIT ?")) {
            ps.setString(1, uploadId);
            ps.setInt(2, afterPart);
            ps.setInt(3, limit);
            List<UploadPart> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new UploadPart(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)));
                }
            }
            return out;
        }
    }

    @Override
    public Optional<List<String>> abort(String bucket, String uploadId) {
        return db.tx(c -> {
            if (find(c, bucket, uploadId, true) == null) return Optional.<List<String>>empty();
            List<String> blobs = new ArrayList<>();
            for (UploadPart p : parts(c, uploadId, 0, Integer.MAX_VALUE)) blobs.add(p.blobId());
            deleteUpload(c, uploadId);
            return Optional.of(blobs);
        });
    }

    private static void deleteUpload(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM s3.uploads WHERE upload_id = ?")) {
            ps.setString(1, uploadId);
            ps.executeUpdate(); // the parts go with it (ON DELETE CASCADE)
        }
    }

    @Override
    public CompleteOutcome complete(String uploadId, StoredObject object, List<ManifestPart> manifest) {
        return complete(uploadId, object, manifest, current -> { });
    }

    @Override
    public CompleteOutcome complete(String uploadId, StoredObject object, List<ManifestPart> manifest,
                                    java.util.function.Consumer<StoredObject> checkCurrent, Journal journal) {
        return H2ObjectStore.lockedForWrite(db, object.bucket(), object.key(), () -> db.tx(c -> {
            Upload upload = find(c, object.bucket(), uploadId, true);
            if (upload == null) return new CompleteOutcome(CompleteOutcome.Status.NO_SUCH_UPLOAD, List.of());
            H2ObjectStore.checkCurrent(c, object.bucket(), object.key(), checkCurrent);
            Map<Integer, String> current = new HashMap<>();
            for (UploadPart p : parts(c, uploadId, 0, Integer.MAX_VALUE)) current.put(p.partNumber(), p.blobId());
            for (ManifestPart m : manifest) {
                if (!m.blobId().equals(current.get(m.partNumber()))) {
                    return new CompleteOutcome(CompleteOutcome.Status.PARTS_CHANGED, List.of());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO s3.manifest_parts (manifest_id, part_number,"
                    + " blob_id, part_offset, size, etag, checksum_value) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (ManifestPart m : manifest) {
                    ps.setString(1, object.blobId());
                    ps.setInt(2, m.partNumber());
                    ps.setString(3, m.blobId());
                    ps.setLong(4, m.offset());
                    ps.setLong(5, m.size());
                    ps.setString(6, m.etag());
                    ps.setString(7, m.checksumValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // the owner, ACL and tags the upload was created with go with its object
            ObjectStore.PutOutcome out = H2ObjectStore.upsert(c, object, new VersionExtras(upload.ownerAccount(),
                    upload.aclGrants(), upload.tagging(), journal), tags, outbox);
            if (!out.bucketFound()) return new CompleteOutcome(CompleteOutcome.Status.NO_SUCH_BUCKET, List.of());
            List<String> releasable = new ArrayList<>();
            if (out.replacedBlob() != null) releasable.add(out.replacedBlob());
            for (ManifestPart m : manifest) current.remove(m.partNumber());
            releasable.addAll(current.values());
            deleteUpload(c, uploadId);
            return new CompleteOutcome(CompleteOutcome.Status.DONE, releasable, out.versionId());
        }));
    }

    @Override
    public List<Upload> scan(String bucket, byte[] prefix, Position from, int limit) {
        byte[] end = ObjectKeys.successor(prefix);
        byte[] start = ObjectKeys.compare(from.key(), prefix) > 0 ? from.key() : prefix;
        boolean within = from.uploadId() != null && Arrays.equals(start, from.key());
        return db.read(c -> {
            // the range starts at the position's key; within that key, only the uploads after the position's one
            try (PreparedStatement ps = c.prepareStatement("SELECT " + UPLOAD_COLUMNS + " FROM s3.uploads u"
                    + " WHERE u.bucket_id = (SELECT bucket_id FROM s3.buckets WHERE name = ?) AND u.object_key >= ?"
                    + (end == null ? "" : " AND u.object_key < ?")
                    + (within ? " AND (u.object_key > ? OR u.initiated_millis > ?"
                            + " OR u.initiated_millis = ? AND u.upload_id > ?)" : "")
                    + " ORDER BY u.object_key, u.initiated_millis, u.upload_id LIMIT ?")) {
                int i = 1;
                ps.setString(i++, bucket);
                ps.setBytes(i++, start);
                if (end != null) ps.setBytes(i++, end);
                if (within) {
                    ps.setBytes(i++, from.key());
                    ps.setLong(i++, from.initiatedMillis());
                    ps.setLong(i++, from.initiatedMillis());
                    ps.setString(i++, from.uploadId());
                }
                ps.setInt(i, limit);
                List<Upload> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(upload(bucket, rs));
                }
                return out;
            }
        });
    }

    private static Upload upload(String bucket, ResultSet rs) throws SQLException {
        return new Upload(rs.getString(1), bucket, ObjectKeys.string(rs.getBytes(2)), Instant.ofEpochMilli(rs.getLong(3)),
                rs.getString(4), rs.getString(5), rs.getString(6), H2ObjectStore.decode(rs.getString(7)),
                rs.getString(8), rs.getString(9), rs.getString(10), lock(rs));
    }

    /** Columns 11 to 13: what x-amz-object-lock-* asked for, or null; "" for the hold means none was asked for. */
    private static ObjectLock lock(ResultSet rs) throws SQLException {
        String mode = rs.getString(11);
        long until = rs.getLong(12);
        String hold = rs.getString(13);
        if (mode == null && hold == null) return null;
        return new ObjectLock(mode, mode == null ? null : Instant.ofEpochMilli(until), hold == null || hold.isEmpty() ? null : hold);
    }
}
