package io.awsemu.s3.store;

import io.awsemu.core.storage.KeyValueStore;
import io.awsemu.core.storage.meta.BatchedTx;
import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.ManifestPart;
import io.awsemu.s3.engine.ObjectLock;
import io.awsemu.s3.engine.ObjectKeys;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersionExtras;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Objects in H2 ({@code s3.objects}, V002; noncurrent versions and delete markers in {@code s3.versions}, V004), scanned along the (bucket_id, object_key) primary key. */
public final class H2ObjectStore implements ObjectStore {
    private static final String COLUMNS = "o.object_key, o.blob_id, o.size, o.etag, o.last_modified_millis,"
            + " o.storage_class, o.checksum_algorithm, o.checksum_value, o.headers, o.parts_count, o.checksum_type,"
            + " o.version_id, FALSE, o.lock_mode, o.lock_until_millis, o.legal_hold";
    /** {@link #COLUMNS} without the stored headers, which no listing shows. */
    private static final String LIST_COLUMNS = COLUMNS.replace("o.headers", "NULL");
    /** s3.versions rows in the shape of {@link #COLUMNS}. */
    private static final String VERSION_COLUMNS = "v.object_key, v.blob_id, v.size, v.etag, v.last_modified_millis,"
            + " v.storage_class, v.checksum_algorithm, v.checksum_value, v.headers, v.parts_count, v.checksum_type,"
            + " v.version_id, v.delete_marker, v.lock_mode, v.lock_until_millis, v.legal_hold";
    /** {@link #VERSION_COLUMNS} without the stored headers, which no listing shows. */
    private static final String VERSION_LIST_COLUMNS = VERSION_COLUMNS.replace("v.headers", "NULL");
    private static final String ALL_COLUMNS = "bucket_id, object_key, blob_id, size, etag, last_modified_millis,"
            + " storage_class, checksum_algorithm, checksum_value, headers, parts_count, checksum_type, version_id,"
            + " lock_mode, lock_until_millis, legal_hold, seq";
    /** What a version carries between s3.objects and s3.versions besides {@link #ALL_COLUMNS}: its owner and ACL (V011). */
    private static final String MOVED_COLUMNS = ALL_COLUMNS + ", owner_account, acl_grants";

    /** A bucket created with object lock is versioned from the start, as on AWS. */
    private static final String VERSIONING = "COALESCE(versioning, CASE WHEN object_lock_enabled THEN 'Enabled' END)";

    private final MetadataDb db;
    /** PUTs' publish transactions: concurrent ones share a commit. */
    private final BatchedTx publishes;
    /** What makes a PUT's unstored publish durable; null: each publish batch is stored before it returns. */
    private final PublishLog publishLog;
    private final ObjectLocks locks;
    private final ObjectTagRows tags;
    private final OutboxRows outbox;
    private final BucketCache buckets;

    /** The schema must be migrated ({@link H2BucketStore#migrated}). */
    public H2ObjectStore(MetadataDb db) {
        this(db, BucketCache.NONE);
    }

    /** @param buckets the bucket rows' cache of the {@link H2BucketStore} on the same database */
    public H2ObjectStore(MetadataDb db, BucketCache buckets) {
        this(db, buckets, null, 0);
    }

    /**
     * @param publishRecords where PUTs' publishes are logged ({@link PublishLog}) so that their transactions need not
     *                       store the metadata each; replayed from here, first. Null: each is stored.
     * @param storeMillis    how long a logged publish may wait for the metadata's store
     */
    public H2ObjectStore(MetadataDb db, BucketCache buckets, KeyValueStore publishRecords, long storeMillis) {
        this.db = db;
        this.publishes = new BatchedTx(db, publishRecords == null);
        this.locks = ObjectLocks.of(db);
        this.tags = ObjectTagRows.of(db);
        this.outbox = OutboxRows.of(db);
        this.buckets = buckets;
        this.publishLog = publishRecords == null ? null
                : new PublishLog(db, publishRecords, (c, o, x) -> freeing(c, upsert(c, o, x, tags, outbox)), storeMillis);
    }

    /** Stops the publish log's thread after storing what it waits for. */
    @Override
    public void close() {
        if (publishLog != null) publishLog.close();
    }

    /** A bucket's id, as {@link BucketCache} keeps it. */
    private record BucketId(long id) {}

    /**
     * The bucket's id from the cache, then the object row by its primary key: a GET's one statement on one
     * table (a join with s3.buckets made H2 set up both tables' maps for every read).
     */
    @Override
    public Optional<StoredObject> find(String bucket, String key) {
        Optional<BucketId> id = buckets.get(BucketId.class, bucket,
                () -> db.readOne(c -> Optional.ofNullable(unlockedBucketId(c, bucket)).map(BucketId::new)));
        if (id.isEmpty()) return Optional.empty();
        byte[] k = ObjectKeys.bytes(key);
        return db.readOne(c -> Optional.ofNullable(findById(c, id.get().id(), bucket, k)));
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
    public PutOutcome put(StoredObject o, VersionExtras x) {
        return publish(o, x, null);
    }

    @Override
    public PutOutcome put(StoredObject o, VersionExtras x, java.util.function.Consumer<StoredObject> checkCurrent) {
        return publish(o, x, checkCurrent);
    }

    /**
     * A PUT's publish in a shared batch; with a publish log, the batch is not stored and the publish is durable
     * once its record is written, under the key's lock, so one key's records are in its commit order.
     */
    private PutOutcome publish(StoredObject o, VersionExtras x, java.util.function.Consumer<StoredObject> checkCurrent) {
        return locks.object(o.bucket(), o.key(), () -> {
            PutOutcome out = publishes.run(c -> {
                if (checkCurrent != null) checkCurrent(c, o.bucket(), o.key(), checkCurrent);
                PutOutcome r = freeing(c, upsert(c, o, x, tags, outbox));
                return publishLog == null || !r.bucketFound() ? r : r.logged(publishLog.next(c));
            });
            if (out.publishSeq() > 0) publishLog.published(out.publishSeq(), o, x);
            return out;
        });
    }

    @Override
    public void whenStored(PutOutcome out, Runnable release) {
        if (out.publishSeq() > 0) publishLog.afterStore(out.publishSeq(), release);
        else release.run();
    }

    /** Stores the metadata now and finishes what waited for it, as the publish log's thread does (for tests). */
    void storePublishes() {
        if (publishLog != null) publishLog.flush();
    }

    /** Publishes waiting for the metadata's next store (for tests). */
    int publishesWaiting() {
        return publishLog == null ? 0 : publishLog.waiting();
    }

    /**
     * Hands {@code check} the key's current object, null when there is none or its newest version is a delete marker;
     * the caller holds the key's lock, which keeps it current.
     */
    static void checkCurrent(Connection c, String bucket, String key, java.util.function.Consumer<StoredObject> check)
            throws SQLException {
        StoredObject current = find(c, bucket, key, false);
        check.accept(current == null || current.deleteMarker() ? null : current);
    }

    @Override
    public PutOutcome putIfSourceUnchanged(StoredObject o, VersionExtras x, String sourceBucket, String sourceKey,
                                           String sourceVersionId, String sourceBlobId,
                                           java.util.function.Consumer<StoredObject> checkCurrent) {
        // the source row is locked in H2 (FOR UPDATE), not here: only one key lock at a time
        return locks.object(o.bucket(), o.key(), () -> db.tx(c -> {
            StoredObject src = sourceVersionId == null ? find(c, sourceBucket, sourceKey, true)
                    : findVersion(c, sourceBucket, sourceKey, sourceVersionId, true);
            if (src == null || src.deleteMarker() || !src.blobId().equals(sourceBlobId)) {
                return new PutOutcome(true, false, null, null, null);
            }
            checkCurrent(c, o.bucket(), o.key(), checkCurrent);
            return freeing(c, upsert(c, o, x, tags, outbox));
        }));
    }

    /**
     * Runs {@code work} (a CompleteMultipartUpload's transaction, which publishes with {@link #upsert}) holding
     * the locks an object write of (bucket, key) needs.
     */
    static <T> T lockedForWrite(MetadataDb db, String bucket, String key, java.util.function.Supplier<T> work) {
        return ObjectLocks.of(db).object(bucket, key, work);
    }

    /**
     * {@code out}, with whether the blob it replaced is still referenced decided in the same transaction
     * (and, when not, its manifest dropped): an overwrite is one transaction, not two.
     */
    private static PutOutcome freeing(Connection c, PutOutcome out) throws SQLException {
        if (out.replacedBlob() == null) return out;
        return out.freeing(unreferenced(c, out.replacedBlob()).orElse(null));
    }

    /**
     * Publishes {@code o} inside the caller's transaction (CompleteMultipartUpload publishes in its own),
     * as the bucket's versioning state says: never enabled, the object replaces the current one; Enabled,
     * the current one becomes noncurrent and {@code o} gets its version id; Suspended, {@code o} is the
     * "null" version, replacing the previous null version wherever it is. The new version gets the owner, ACL
     * and tag set of {@code x}; the null version it replaces, if any, loses its tag set. The write's event is
     * journaled when {@code x} carries a journal and the bucket is watched ({@link OutboxRows#record}).
     *
     * <p>The caller holds the key's {@link ObjectLocks#object} locks: they, not H2 row locks, keep the bucket
     * row (its id, its versioning) and the key's rows from changing under this transaction. So the reads
     * here lock nothing, and H2 can reuse their parsed statements (it never caches a {@code FOR UPDATE}).
     */
    static PutOutcome upsert(Connection c, StoredObject o, VersionExtras x, ObjectTagRows tags, OutboxRows outbox)
            throws SQLException {
        BucketRow b = bucketRow(c, o.bucket());
        if (b == null) return new PutOutcome(false, true, null, null, null);
        byte[] key = ObjectKeys.bytes(o.key());
        String versionId = b.enabled() ? o.versionId() : null;
        String released = null;
        StoredObject current = findById(c, b.id(), o.bucket(), key);
        if (current != null) {
            if (b.versioning() == null || current.versionId() == null && !b.enabled()) {
                released = current.blobId();
            } else {
                moveToVersions(c, b.id(), key);
            }
        }
        if (b.suspended()) {
            String nullBlob = deleteNullVersion(c, b.id(), key);
            if (nullBlob != null) released = nullBlob;
        }
        if (current != null) replaceCurrent(c, b.id(), o.withVersionId(versionId), x);
        else insertCurrent(c, b.id(), o.withVersionId(versionId), x);
        tags.replace(c, b.id(), key, versionId == null ? ObjectTagRows.NULL_VERSION : versionId, x.tags());
        // a versioned bucket (even Suspended) answers x-amz-version-id, "null" for the null version
        String shown = b.versioning() == null ? null : versionId == null ? "null" : versionId;
        if (x.journal() != null) outbox.record(c, x.journal(), b.id(), key, shown, x.journal().event(), o.size(), o.etag());
        return new PutOutcome(true, true, released == null || released.equals(o.blobId()) ? null : released, shown, null);
    }

    private static void insertCurrent(Connection c, long bucketId, StoredObject o, VersionExtras x) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO s3.objects (" + ALL_COLUMNS + ", owner_account,"
                + " acl_grants) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NEXT VALUE FOR s3.version_seq, ?, ?)")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, ObjectKeys.bytes(o.key()));
            setObjectColumns(ps, 3, o);
            ps.setString(17, x.ownerAccount());
            ps.setString(18, x.aclGrants());
            ps.executeUpdate();
        }
    }

    /**
     * Overwrites the key's current row in place (every column but the key; a new seq), where a DELETE and an
     * INSERT would give the row a new row id: the key's index entry then stays as it is, and the commit has
     * fewer changed pages to write (a PUT over an existing key is the common small PUT).
     */
    private static void replaceCurrent(Connection c, long bucketId, StoredObject o, VersionExtras x) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE s3.objects SET blob_id = ?, size = ?, etag = ?,"
                + " last_modified_millis = ?, storage_class = ?, checksum_algorithm = ?, checksum_value = ?, headers = ?,"
                + " parts_count = ?, checksum_type = ?, version_id = ?, lock_mode = ?, lock_until_millis = ?, legal_hold = ?,"
                + " seq = NEXT VALUE FOR s3.version_seq,"
                + " owner_account = ?, acl_grants = ?"
                + " WHERE bucket_id = ? AND object_key = ?")) {
            setObjectColumns(ps, 1, o);
            ps.setString(15, x.ownerAccount());
            ps.setString(16, x.aclGrants());
            ps.setLong(17, bucketId);
            ps.setBytes(18, ObjectKeys.bytes(o.key()));
            if (ps.executeUpdate() != 1) throw new SQLException("current object of " + o.key() + " vanished under its key lock");
        }
    }

    /** blob_id, size, etag, last_modified_millis, storage_class, checksum_algorithm, checksum_value, headers,
     *  parts_count, checksum_type, version_id, lock_mode, lock_until_millis, legal_hold: the fourteen parameters
     *  from {@code at} on. */
    private static void setObjectColumns(PreparedStatement ps, int at, StoredObject o) throws SQLException {
        ps.setString(at, o.blobId());
        ps.setLong(at + 1, o.size());
        ps.setString(at + 2, o.etag());
        ps.setLong(at + 3, o.lastModified().toEpochMilli());
        ps.setString(at + 4, o.storageClass());
        ps.setString(at + 5, o.checksumAlgorithm());
        ps.setString(at + 6, o.checksumValue());
        ps.setString(at + 7, encode(o.headers()));
        if (o.multipart()) ps.setInt(at + 8, o.partsCount()); else ps.setNull(at + 8, java.sql.Types.INTEGER);
        ps.setString(at + 9, o.checksumType());
        ps.setString(at + 10, o.versionId());
        setLockColumns(ps, at + 11, o.lock());
    }

    /** lock_mode, lock_until_millis, legal_hold from {@code at} on. */
    private static void setLockColumns(PreparedStatement ps, int at, ObjectLock lock) throws SQLException {
        ps.setString(at, lock.mode());
        if (lock.retainUntil() != null) ps.setLong(at + 1, lock.retainUntil().toEpochMilli());
        else ps.setNull(at + 1, java.sql.Types.BIGINT);
        ps.setString(at + 2, lock.legalHold());
    }

    private static void deleteCurrent(Connection c, long bucketId, byte[] key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM s3.objects WHERE bucket_id = ? AND object_key = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            ps.executeUpdate();
        }
    }

    /** The current object becomes the newest noncurrent version (it keeps its seq, owner and ACL). */
    private static void moveToVersions(Connection c, long bucketId, byte[] key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO s3.versions (" + MOVED_COLUMNS + ", delete_marker)"
                + " SELECT bucket_id, object_key, blob_id, size, etag, last_modified_millis, storage_class,"
                + " checksum_algorithm, checksum_value, headers, parts_count, checksum_type, version_id,"
                + " lock_mode, lock_until_millis, legal_hold,"
                + " COALESCE(seq, 0), owner_account, acl_grants, FALSE FROM s3.objects WHERE bucket_id = ? AND object_key = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            ps.executeUpdate();
        }
    }

    /** Removes the key's noncurrent "null" version or null delete marker; the blob it held, if any. Key-locked. */
    private static String deleteNullVersion(Connection c, long bucketId, byte[] key) throws SQLException {
        String blob = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT blob_id FROM s3.versions WHERE bucket_id = ?"
                + " AND object_key = ? AND version_id IS NULL")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                blob = rs.getString(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM s3.versions WHERE bucket_id = ? AND object_key = ?"
                + " AND version_id IS NULL")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            ps.executeUpdate();
        }
        return blob;
    }

    private record BucketRow(long id, String versioning) {
        boolean enabled() { return "Enabled".equals(versioning); }
        boolean suspended() { return "Suspended".equals(versioning); }
    }

    /**
     * The bucket's id and versioning state; the caller's {@link ObjectLocks#object} lock keeps a concurrent
     * delete or versioning change from committing before this transaction has.
     */
    private static BucketRow bucketRow(Connection c, String bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT bucket_id, " + VERSIONING + " FROM s3.buckets WHERE name = ?")) {
            ps.setString(1, bucket);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new BucketRow(rs.getLong(1), rs.getString(2)) : null;
            }
        }
    }

    /** The key's current object; the caller holds the key's {@link ObjectLocks#object} lock. */
    private static StoredObject findById(Connection c, long bucketId, String bucket, byte[] key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM s3.objects o"
                + " WHERE o.bucket_id = ? AND o.object_key = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(bucket, rs) : null;
            }
        }
    }

    /** The bucket's id as the caller's snapshot sees it, or null. */
    static Long unlockedBucketId(Connection c, String bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT bucket_id FROM s3.buckets WHERE name = ?")) {
            ps.setString(1, bucket);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
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
    public DeleteOutcome delete(String bucket, String key, String versionId, String markerVersionId, java.time.Instant now,
                                java.util.function.Consumer<StoredObject> beforeRemoval, Journal journal) {
        return deleteKey(bucket, key, versionId, markerVersionId, now, beforeRemoval, journal, true);
    }

    @Override
    public DeleteOutcome deleteUnstored(String bucket, String key, String versionId, String markerVersionId,
                                        java.time.Instant now, java.util.function.Consumer<StoredObject> beforeRemoval,
                                        Journal journal) {
        return deleteKey(bucket, key, versionId, markerVersionId, now, beforeRemoval, journal, false);
    }

    /** A delete under the key's lock, in a transaction stored before it returns or left to a later store. */
    private DeleteOutcome deleteKey(String bucket, String key, String versionId, String markerVersionId,
                                    java.time.Instant now, java.util.function.Consumer<StoredObject> beforeRemoval,
                                    Journal journal, boolean stored) {
        MetadataDb.TxWork<DeleteOutcome> work = c -> freeing(c,
                delete(c, tags, outbox, bucket, key, versionId, markerVersionId, now, beforeRemoval, journal));
        return locks.object(bucket, key, () -> stored ? db.tx(work) : db.txUnstored(work));
    }

    @Override
    public void store() {
        db.store();
    }

    @Override
    public Optional<DeleteOutcome> deleteCurrentIf(String bucket, String key,
                                                   java.util.function.Predicate<StoredObject> condition,
                                                   String markerVersionId, java.time.Instant now, Journal journal) {
        return locks.object(bucket, key, () -> db.tx(c -> {
            StoredObject current = find(c, bucket, key, false); // the key lock keeps it current
            if (current == null || !condition.test(current)) return Optional.empty();
            return Optional.of(freeing(c, delete(c, tags, outbox, bucket, key, null, markerVersionId, now, v -> { },
                    journal)));
        }));
    }

    @Override
    public boolean changeStorageClass(String bucket, String key, String versionId,
                                      java.util.function.Predicate<StoredObject> condition, String storageClass,
                                      Journal journal) {
        return locks.object(bucket, key, () -> db.tx(c -> {
            BucketRow b = bucketRow(c, bucket);
            if (b == null) return false;
            byte[] k = ObjectKeys.bytes(key);
            StoredObject current = findById(c, b.id(), bucket, k);
            boolean isCurrent = versionId == null
                    || current != null && current.shownVersionId().equals(versionId);
            StoredObject v = isCurrent ? current : findVersion(c, bucket, key, versionId, false);
            if (v == null || v.deleteMarker() || !condition.test(v)) return false;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + (isCurrent ? "s3.objects" : "s3.versions")
                    + " SET storage_class = ? WHERE bucket_id = ? AND object_key = ? AND version_id IS NOT DISTINCT FROM ?")) {
                ps.setString(1, storageClass);
                ps.setLong(2, b.id());
                ps.setBytes(3, k);
                ps.setString(4, v.versionId()); // null for the null version
                if (ps.executeUpdate() != 1) return false;
            }
            if (journal != null) outbox.record(c, journal, b.id(), v, "LifecycleTransition");
            return true;
        }));
    }

    /** {@code out}, with whether the blob it released is still referenced decided in the same transaction. */
    private static DeleteOutcome freeing(Connection c, DeleteOutcome out) throws SQLException {
        return out.releasedBlob() == null ? out : out.freeing(unreferenced(c, out.releasedBlob()).orElse(null));
    }

    /**
     * The versions it removes for good lose their tag sets ({@code tags}) in the same transaction; the removal's event
     * is journaled with it when {@code journal} is given and the bucket is watched.
     */
    private static DeleteOutcome delete(Connection c, ObjectTagRows tags, OutboxRows outbox, String bucket, String key,
                                        String versionId, String markerVersionId, java.time.Instant now,
                                        java.util.function.Consumer<StoredObject> beforeRemoval, Journal journal)
            throws SQLException {
        BucketRow b = bucketRow(c, bucket);
        if (b == null) return new DeleteOutcome(false, null, null, false, null);
        byte[] k = ObjectKeys.bytes(key);
        DeleteOutcome out = remove(c, tags, b, bucket, k, versionId, markerVersionId, now, beforeRemoval);
        if (journal != null) {
            outbox.record(c, journal, b.id(), k, out.versionId(),
                    Journal.removal(journal.event(), versionId == null && out.deleteMarker()), -1, null);
        }
        return out;
    }

    private static DeleteOutcome remove(Connection c, ObjectTagRows tags, BucketRow b, String bucket, byte[] k,
                                        String versionId, String markerVersionId, java.time.Instant now,
                                        java.util.function.Consumer<StoredObject> beforeRemoval) throws SQLException {
        StoredObject current = findById(c, b.id(), bucket, k);
        if (versionId != null) {
            DeleteOutcome out = deleteVersion(c, b, bucket, k, current, versionId, beforeRemoval);
            tags.delete(c, b.id(), k, versionId);
            return out;
        }
        if (b.versioning() == null) {
            if (current == null) return new DeleteOutcome(true, null, null, false, null);
            deleteCurrent(c, b.id(), k);
            tags.delete(c, b.id(), k, ObjectTagRows.NULL_VERSION);
            return new DeleteOutcome(true, current.blobId(), null, false, null);
        }
        String released = null;
        if (current != null) {
            if (current.versionId() == null && b.suspended()) released = current.blobId();
            else moveToVersions(c, b.id(), k);
            deleteCurrent(c, b.id(), k);
        }
        if (b.suspended()) {
            String nullBlob = deleteNullVersion(c, b.id(), k);
            if (nullBlob != null) released = nullBlob;
            tags.delete(c, b.id(), k, ObjectTagRows.NULL_VERSION); // the null delete marker takes the null version's place
        }
        String markerId = b.enabled() ? markerVersionId : null;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO s3.versions (bucket_id, object_key, seq,"
                + " version_id, delete_marker, last_modified_millis) VALUES (?, ?, NEXT VALUE FOR s3.version_seq,"
                + " ?, TRUE, ?)")) {
            ps.setLong(1, b.id());
            ps.setBytes(2, k);
            ps.setString(3, markerId);
            ps.setLong(4, now.toEpochMilli());
            ps.executeUpdate();
        }
        return new DeleteOutcome(true, released, markerId == null ? "null" : markerId, true, null);
    }

    /** DeleteObject ?versionId: removes exactly that version; the newest remaining object version becomes current. */
    private static DeleteOutcome deleteVersion(Connection c, BucketRow b, String bucket, byte[] k, StoredObject current,
                                               String versionId, java.util.function.Consumer<StoredObject> beforeRemoval)
            throws SQLException {
        String id = versionId.equals("null") ? null : versionId;
        if (current != null && java.util.Objects.equals(current.versionId(), id)) {
            beforeRemoval.accept(current);
            deleteCurrent(c, b.id(), k);
            promoteNewest(c, b.id(), k);
            return new DeleteOutcome(true, current.blobId(), versionId, false, null);
        }
        StoredObject v = findVersion(c, bucket, ObjectKeys.string(k), versionId, false); // key-locked
        if (v == null) return new DeleteOutcome(true, null, versionId, false, null);
        beforeRemoval.accept(v);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM s3.versions WHERE bucket_id = ? AND object_key = ?"
                + " AND " + (id == null ? "version_id IS NULL" : "version_id = ?"))) {
            ps.setLong(1, b.id());
            ps.setBytes(2, k);
            if (id != null) ps.setString(3, id);
            ps.executeUpdate();
        }
        if (current == null) promoteNewest(c, b.id(), k);
        return new DeleteOutcome(true, v.deleteMarker() ? null : v.blobId(), versionId, v.deleteMarker(), null);
    }

    /** When a key has no current object and its newest version is not a delete marker, that version becomes current. */
    private static void promoteNewest(Connection c, long bucketId, byte[] k) throws SQLException {
        long seq;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, delete_marker FROM s3.versions WHERE bucket_id = ?"
                + " AND object_key = ? ORDER BY seq DESC LIMIT 1")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, k);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBoolean(2)) return;
                seq = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO s3.objects (" + MOVED_COLUMNS + ")"
                + " SELECT " + MOVED_COLUMNS + " FROM s3.versions WHERE bucket_id = ? AND object_key = ? AND seq = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, k);
            ps.setLong(3, seq);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM s3.versions WHERE bucket_id = ? AND object_key = ? AND seq = ?")) {
            ps.setLong(1, bucketId);
            ps.setBytes(2, k);
            ps.setLong(3, seq);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<StoredObject> updateLock(String bucket, String key, String versionId,
                                             java.util.function.UnaryOperator<ObjectLock> change) {
        return locks.object(bucket, key, () -> db.tx(c -> {
            StoredObject v = findVersion(c, bucket, key, versionId, false); // key-locked
            if (v == null || v.deleteMarker()) return Optional.<StoredObject>empty();
            ObjectLock lock = change.apply(v.lock());
            String id = versionId.equals("null") ? null : versionId;
            for (String table : new String[] {"s3.objects", "s3.versions"}) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " t SET lock_mode = ?,"
                        + " lock_until_millis = ?, legal_hold = ? WHERE t.bucket_id = (SELECT bucket_id FROM s3.buckets"
                        + " WHERE name = ?) AND t.object_key = ? AND t.version_id" + (id == null ? " IS NULL" : " = ?"))) {
                    setLockColumns(ps, 1, lock);
                    ps.setString(4, bucket);
                    ps.setBytes(5, ObjectKeys.bytes(key));
                    if (id != null) ps.setString(6, id);
                    if (ps.executeUpdate() > 0) break;
                }
            }
            return Optional.of(v.withLock(lock));
        }));
    }

    @Override
    public EnableLockOutcome enableObjectLock(String bucket) {
        // exclusive, as a versioning change: writers act on the state they read until they commit
        return locks.bucket(bucket, () -> buckets.write(() -> db.tx(c -> {
            String versioning;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSIONING + " FROM s3.buckets WHERE name = ?")) {
                ps.setString(1, bucket);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return EnableLockOutcome.NO_SUCH_BUCKET;
                    versioning = rs.getString(1);
                }
            }
            if (!"Enabled".equals(versioning)) return EnableLockOutcome.VERSIONING_NOT_ENABLED;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE s3.buckets SET object_lock_enabled = TRUE WHERE name = ?")) {
                ps.setString(1, bucket);
                ps.executeUpdate();
            }
            return EnableLockOutcome.ENABLED;
        })));
    }

    @Override
    public Optional<StoredObject> findVersion(String bucket, String key, String versionId) {
        return db.read(c -> Optional.ofNullable(findVersion(c, bucket, key, versionId, false)));
    }

    /** The version {@code versionId} ("null" for the null version) of the key, current or not, marker or not. */
    private static StoredObject findVersion(Connection c, String bucket, String key, String versionId, boolean lock)
            throws SQLException {
        String id = versionId.equals("null") ? null : versionId;
        String match = id == null ? " IS NULL" : " = ?";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM s3.objects o"
                + " JOIN s3.buckets b ON b.bucket_id = o.bucket_id WHERE b.name = ? AND o.object_key = ?"
                + " AND o.version_id" + match + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, bucket);
            ps.setBytes(2, ObjectKeys.bytes(key));
            if (id != null) ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return row(bucket, rs);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS + " FROM s3.versions v"
                + " JOIN s3.buckets b ON b.bucket_id = v.bucket_id WHERE b.name = ? AND v.object_key = ?"
                + " AND v.version_id" + match + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, bucket);
            ps.setBytes(2, ObjectKeys.bytes(key));
            if (id != null) ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(bucket, rs) : null;
            }
        }
    }

    @Override
    public Optional<StoredObject> newestNoncurrent(String bucket, String key) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS + " FROM s3.versions v"
                    + " JOIN s3.buckets b ON b.bucket_id = v.bucket_id WHERE b.name = ? AND v.object_key = ?"
                    + " ORDER BY v.seq DESC LIMIT 1")) {
                ps.setString(1, bucket);
                ps.setBytes(2, ObjectKeys.bytes(key));
                try (ResultSet rs = ps.executeQuery()) {
                    return Optional.ofNullable(rs.next() ? row(bucket, rs) : null);
                }
            }
        });
    }

    /**
     * One ORDER BY over both tables sorts every row it selects before the LIMIT applies, so the rows are first
     * bounded by key: the key of the ({@code offset + limit})-th row in key order, found from the first rows of
     * each table's primary-key index (no sort of the range), is the last key the page can reach. A page then
     * sorts about its own rows (plus the rest of its last key's versions) instead of everything from
     * {@code from} to the end of the prefix, which made listing a bucket's versions quadratic in their number.
     */
    @Override
    public List<StoredObject> scanVersions(String bucket, byte[] prefix, byte[] from, int offset, int limit) {
        byte[] start = ObjectKeys.compare(from, prefix) > 0 ? from : prefix;
        byte[] end = ObjectKeys.successor(prefix);
        String range = " AND object_key >= ?" + (end == null ? "" : " AND object_key < ?");
        int reach = offset + limit;
        return db.read(c -> {
            Long id = unlockedBucketId(c, bucket);
            if (id == null) return List.<StoredObject>of();
            byte[] last = lastKeyWithin(c, id, start, end, range, reach);
            String bounded = last == null ? range : range + " AND object_key <= ?";
            // the current object first (rank 0), then noncurrent versions newest first
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM ("
                    + "SELECT " + LIST_COLUMNS + ", 0 AS rnk, COALESCE(o.seq, 0) AS sq FROM s3.objects o WHERE o.bucket_id = ?" + bounded
                    + " UNION ALL SELECT " + VERSION_LIST_COLUMNS + ", 1, v.seq FROM s3.versions v WHERE v.bucket_id = ?" + bounded
                    + ") ORDER BY 1, rnk, sq DESC LIMIT ? OFFSET ?")) {
                int i = 1;
                for (int t = 0; t < 2; t++) i = bindRange(ps, i, id, start, end, last);
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                List<StoredObject> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row(bucket, rs));
                }
                return out;
            }
        });
    }

    /** Binds one table's "bucket_id = ? AND object_key >= ? [< ?] [<= ?]" from parameter {@code i}; the next index. */
    private static int bindRange(PreparedStatement ps, int i, long bucketId, byte[] start, byte[] end, byte[] last)
            throws SQLException {
        ps.setLong(i++, bucketId);
        ps.setBytes(i++, start);
        if (end != null) ps.setBytes(i++, end);
        if (last != null) ps.setBytes(i++, last);
        return i;
    }

    /**
     * The key of the {@code n}-th row (1-based) of both tables together in key order within the range, or null
     * when the range holds fewer rows. Each table gives at most its first {@code n} keys along its primary key.
     */
    private static byte[] lastKeyWithin(Connection c, long bucketId, byte[] start, byte[] end, String range, int n)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT object_key FROM ("
                + "(SELECT object_key FROM s3.objects WHERE bucket_id = ?" + range + " ORDER BY object_key LIMIT ?)"
                + " UNION ALL (SELECT object_key FROM s3.versions WHERE bucket_id = ?" + range + " ORDER BY object_key LIMIT ?)"
                + ") ORDER BY 1 LIMIT 1 OFFSET ?")) {
            int i = 1;
            for (int t = 0; t < 2; t++) {
                i = bindRange(ps, i, bucketId, start, end, null);
                ps.setInt(i++, n);
            }
            ps.setInt(i, n - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    @Override
    public String versioning(String bucket) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSIONING + " FROM s3.buckets WHERE name = ?")) {
                ps.setString(1, bucket);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Override
    public void setVersioning(String bucket, String status) {
        // exclusive: object writers read the state once and act on it until they commit
        locks.bucket(bucket, () -> db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE s3.buckets SET versioning = ? WHERE name = ?")) {
                ps.setString(1, status);
                ps.setString(2, bucket);
                return ps.executeUpdate();
            }
        }));
    }

    @Override
    public List<StoredObject> scan(String bucket, byte[] prefix, byte[] from, int limit) {
        byte[] start = ObjectKeys.compare(from, prefix) > 0 ? from : prefix;
        byte[] end = ObjectKeys.successor(prefix);
        return db.read(c -> {
            Long id = unlockedBucketId(c, bucket);
            if (id == null) return List.<StoredObject>of();
            // The bucket id as a parameter, not a subquery, and ORDER BY both key columns: only then does
            // H2 walk the primary key in order and stop after `limit` rows. Otherwise it evaluated the
            // subquery for every row and sorted the whole rest of the bucket for every page.
            try (PreparedStatement ps = c.prepareStatement("SELECT " + LIST_COLUMNS + " FROM s3.objects o"
                    + " WHERE o.bucket_id = ? AND o.object_key >= ?" + (end == null ? "" : " AND o.object_key < ?")
                    + " ORDER BY o.bucket_id, o.object_key LIMIT ?")) {
                int i = 1;
                ps.setLong(i++, id);
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
        return db.read(c -> referenced(c, blobId));
    }

    @Override
    public Optional<List<String>> unreferenced(String blobId) {
        return db.tx(c -> unreferenced(c, blobId));
    }

    private static Optional<List<String>> unreferenced(Connection c, String blobId) throws SQLException {
        if (referenced(c, blobId)) return Optional.empty();
        List<String> parts = new ArrayList<>();
        for (ManifestPart p : manifest(c, blobId)) parts.add(p.blobId());
        if (!parts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM s3.manifest_parts WHERE manifest_id = ?")) {
                ps.setString(1, blobId);
                ps.executeUpdate();
            }
        }
        return Optional.of(parts);
    }

    private static boolean referenced(Connection c, String blobId) throws SQLException {
        return exists(c, "SELECT 1 FROM s3.objects WHERE blob_id = ? LIMIT 1", blobId)
                || exists(c, "SELECT 1 FROM s3.versions WHERE blob_id = ? LIMIT 1", blobId)
                // a manifest counts only while an object or version points at it: one a crash left behind
                // after its object was deleted does not keep the part blobs from the collector
                || exists(c, "SELECT 1 FROM s3.manifest_parts m WHERE m.blob_id = ? AND (EXISTS (SELECT 1 FROM"
                        + " s3.objects o WHERE o.blob_id = m.manifest_id) OR EXISTS (SELECT 1 FROM s3.versions v"
                        + " WHERE v.blob_id = m.manifest_id)) LIMIT 1", blobId)
                || exists(c, "SELECT 1 FROM s3.upload_parts WHERE blob_id = ? LIMIT 1", blobId);
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
    public OptionalLong restoredUntil(String bucket, String key, String blobId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.expires_millis FROM s3.object_restores r"
                    + " JOIN s3.buckets b ON b.bucket_id = r.bucket_id WHERE b.name = ? AND r.object_key = ? AND r.blob_id = ?")) {
                ps.setString(1, bucket);
                ps.setBytes(2, ObjectKeys.bytes(key));
                ps.setString(3, blobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public Map<VersionBlob, Long> restoredUntil(String bucket, Collection<VersionBlob> versions) {
        Set<String> keys = new LinkedHashSet<>();
        for (VersionBlob v : versions) keys.add(v.key());
        if (keys.isEmpty()) return Map.of();
        // one probe of the primary key (bucket, key, ...) per key; blobs the page does not hold are dropped here
        String in = String.join(", ", Collections.nCopies(keys.size(), "?"));
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.object_key, r.blob_id, r.expires_millis"
                    + " FROM s3.object_restores r WHERE r.bucket_id = (SELECT bucket_id FROM s3.buckets WHERE name = ?)"
                    + " AND r.object_key IN (" + in + ")")) {
                ps.setString(1, bucket);
                int i = 2;
                for (String k : keys) ps.setBytes(i++, ObjectKeys.bytes(k));
                Map<VersionBlob, Long> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        VersionBlob v = new VersionBlob(ObjectKeys.string(rs.getBytes(1)), rs.getString(2));
                        if (versions.contains(v)) out.put(v, rs.getLong(3));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean restore(StoredObject v, long expiresMillis, Journal journal) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO s3.object_restores (bucket_id, object_key, blob_id,"
                    + " expires_millis) KEY (bucket_id, object_key, blob_id) SELECT bucket_id, ?, ?, ? FROM s3.buckets WHERE name = ?")) {
                ps.setBytes(1, ObjectKeys.bytes(v.key()));
                ps.setString(2, v.blobId());
                ps.setLong(3, expiresMillis);
                ps.setString(4, v.bucket());
                if (ps.executeUpdate() == 0) return false;
            }
            if (outbox.journals(journal)) {
                // restores complete at once here: the request's two events, in the order the answer sends them
                Long id = unlockedBucketId(c, v.bucket());
                if (id != null) {
                    outbox.record(c, journal, id, v, "ObjectRestore:Post");
                    outbox.recordRestored(c, journal, id, v, expiresMillis);
                }
            }
            return true;
        });
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

    private static StoredObject row(String bucket, ResultSet rs) throws SQLException {
        return new StoredObject(bucket, ObjectKeys.string(rs.getBytes(1)), rs.getString(2), rs.getLong(3),
                rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9) == null ? Map.of() : decode(rs.getString(9)), rs.getInt(10),
                rs.getString(11) != null ? rs.getString(11) : rs.getString(7) == null ? null : "FULL_OBJECT",
                rs.getString(12), rs.getBoolean(13), lock(rs));
    }

    /** Columns 14 to 16 of {@link #COLUMNS} / {@link #VERSION_COLUMNS}. */
    private static ObjectLock lock(ResultSet rs) throws SQLException {
        String mode = rs.getString(14);
        long until = rs.getLong(15);
        String hold = rs.getString(16);
        if (mode == null && hold == null) return ObjectLock.NONE;
        return new ObjectLock(mode, mode == null ? null : Instant.ofEpochMilli(until), hold);
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
