package io.awsemu.s3.store;

import io.awsemu.core.storage.KeyValueStore;
import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.ObjectLock;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersionExtras;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What makes a PutObject durable without an H2 store of its own. A PutObject's publish commits in H2 without being
 * stored ({@link MetadataDb#txUnstored}), taking a sequence number and setting {@code s3.publish_mark} to it in the
 * same transaction; then, before the answer, the publish is written here as a record (the object row's fields and
 * its {@link VersionExtras}) to the RocksDB write-ahead log, which survives {@code kill -9} as H2's stored file does.
 * A thread of this log stores H2 a while after a publish ({@code awsemu.s3.publishStoreMillis}, 100 ms by default;
 * more publishes share one store the longer it is), and then removes their records. At start, the records beyond
 * the stored mark are the publishes H2 had not stored: they are replayed, in sequence order, on the state H2
 * stored.
 *
 * <p>Why this is exact:
 * <ul>
 *   <li>The publishes commit one batch at a time ({@link io.awsemu.core.storage.meta.BatchedTx}, not stored), and
 *       take their numbers inside it, so number order is commit order, and a stored mark of {@code n} means every
 *       publish up to {@code n} is in the stored state and none after it.</li>
 *   <li>Every other write is a {@link MetadataDb#tx}, which stores everything committed before it. So a replayed
 *       publish committed after the last completed store, and no acknowledged write came after it other than
 *       publishes, which are replayed too. Two publishes of one key hold its {@link ObjectLocks} lock across commit
 *       and record, so their numbers are in the key's order.</li>
 *   <li>A publish whose record was never written was never acknowledged; whether it is there after a crash
 *       depends on whether a store caught it, and it is whole either way (its blob was committed before it).</li>
 *   <li>A blob a publish replaced is released only after a store has taken the publish ({@link #afterStore}):
 *       until then a crash could bring back the row pointing at it. A replay's replaced blobs are left to the blob
 *       collector.</li>
 * </ul>
 */
final class PublishLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PublishLog.class);

    private static final byte FORMAT = 1;

    /** Re-applies a replayed publish inside its transaction, as the PutObject did. */
    @FunctionalInterface
    interface Apply {
        void publish(Connection c, StoredObject o, VersionExtras x) throws SQLException;
    }

    /** A record to remove, or an action to run, once a store has taken publish {@code seq}. */
    private record Pending(long seq, byte[] recordKey, Runnable action) {}

    private final MetadataDb db;
    private final KeyValueStore records;
    private final AtomicLong assigned = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Object signal = new Object();
    private final long flushMillis;
    private final Thread flusher;
    private volatile boolean closed;

    /**
     * Replays what the records hold beyond the stored mark, then starts the thread that stores the metadata
     * {@code flushMillis} after a publish.
     */
    PublishLog(MetadataDb db, KeyValueStore records, Apply apply, long flushMillis) {
        this.db = db;
        this.records = records;
        this.flushMillis = flushMillis;
        long last = replay(apply);
        assigned.set(last);
        committed.set(last);
        flusher = new Thread(this::loop, "s3-publish-store");
        flusher.setDaemon(true);
        flusher.start();
    }

    /**
     * The next publish's number, set as the stored mark in the caller's transaction (one of {@code BatchedTx}'s
     * unstored batches, where numbers are taken in commit order).
     */
    long next(Connection c) throws SQLException {
        long seq = assigned.incrementAndGet();
        setMark(c, seq);
        return seq;
    }

    /**
     * Publish {@code seq}, committed, is written down: after this it survives {@code kill -9}. The publish is visible
     * already, so a failed record is made up for by storing H2 at once; when that fails too, the write must not be
     * acknowledged: {@link ObjectStore.NotDurable}.
     */
    void published(long seq, StoredObject o, VersionExtras x) {
        committed.accumulateAndGet(seq, Math::max);
        byte[] key = key(seq);
        try {
            records.write(new KeyValueStore.Batch().put(key, encode(o, x)), false);
        } catch (RuntimeException e) {
            try {
                db.store();
            } catch (RuntimeException s) {
                s.addSuppressed(e);
                throw new ObjectStore.NotDurable("neither the publish record of " + o.key()
                        + " nor the metadata could be written", s);
            }
            log.warn("publish log: record {} not written ({}); stored the metadata instead", seq, e.toString());
            return;
        }
        add(new Pending(seq, key, null));
    }

    /** Runs {@code action} once a store has taken publish {@code seq} (on this log's thread). */
    void afterStore(long seq, Runnable action) {
        add(new Pending(seq, null, action));
    }

    private void add(Pending p) {
        pending.add(p);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop() {
        while (!closed) {
            try {
                synchronized (signal) {
                    while (pending.isEmpty() && !closed) signal.wait();
                }
                Thread.sleep(flushMillis);
            } catch (InterruptedException e) {
                if (closed) break;
                continue;
            }
            try {
                flush();
            } catch (RuntimeException e) {
                log.warn("publish log: storing the metadata failed ({}); trying again in a second", e.toString());
                try {
                    Thread.sleep(1000); // a full disk: no log line every flushMillis
                } catch (InterruptedException stop) {
                    if (closed) break;
                }
            }
        }
    }

    /**
     * Stores H2, then removes the records and runs the actions of every publish the store took. Synchronized: the
     * thread's flush and {@link #close}'s do not interleave.
     */
    synchronized void flush() {
        long upTo = committed.get();
        List<Pending> done = new ArrayList<>();
        List<Pending> later = new ArrayList<>();
        for (Pending p; (p = pending.poll()) != null; ) (p.seq() <= upTo ? done : later).add(p);
        pending.addAll(later);
        if (done.isEmpty()) return;
        try {
            db.store(); // every publish up to upTo committed before this
        } catch (RuntimeException e) {
            pending.addAll(done);
            throw e;
        }
        KeyValueStore.Batch removals = new KeyValueStore.Batch();
        for (Pending p : done) if (p.recordKey() != null) removals.delete(p.recordKey());
        if (!removals.isEmpty()) {
            try {
                records.write(removals, false);
            } catch (RuntimeException e) {
                // stale records are skipped (at or below the mark) and removed at the next start
                log.warn("publish log: could not remove {} stored records: {}", removals.size(), e.toString());
            }
        }
        for (Pending p : done) {
            if (p.action() == null) continue;
            try {
                p.action().run();
            } catch (RuntimeException e) {
                log.warn("publish log: an action after the store failed: {}", e.toString());
            }
        }
    }

    /** Publishes waiting for a store: records not yet removed and actions not yet run. */
    int waiting() {
        return pending.size();
    }

    /** Stops the thread and stores what waits, if the metadata is still open (else H2's close stored it). */
    @Override
    public void close() {
        closed = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        flusher.interrupt();
        try {
            flusher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            log.debug("publish log: last store at close failed ({}); the next start replays", e.toString());
        }
    }

    // ---- replay -----------------------------------------------------------------------------------

    /** Replays the records beyond the stored mark, removes every record, and returns the last number in use. */
    private long replay(Apply apply) {
        long mark = db.readOne(PublishLog::mark);
        TreeMap<Long, byte[]> found = new TreeMap<>();
        records.scan(new byte[0], (k, v) -> {
            if (k.length == Long.BYTES) found.put(ByteBuffer.wrap(k).getLong(), v);
        });
        if (found.isEmpty()) return mark;
        long last = mark;
        int replayed = 0;
        KeyValueStore.Batch removals = new KeyValueStore.Batch();
        for (var e : found.entrySet()) {
            long seq = e.getKey();
            removals.delete(key(seq));
            if (seq <= mark) continue; // stored before the crash
            Publish p;
            try {
                p = decode(e.getValue());
            } catch (RuntimeException bad) {
                log.error("publish log: record {} cannot be read and is dropped: {}", seq, bad.toString());
                continue;
            }
            try {
                db.txUnstored(c -> {
                    apply.publish(c, p.object(), p.extras());
                    setMark(c, seq);
                    return null;
                });
                replayed++;
            } catch (RuntimeException failed) {
                log.error("publish log: the publish of {}/{} could not be replayed: {}", p.object().bucket(),
                        p.object().key(), failed.toString());
            }
            last = seq;
        }
        db.store();
        records.write(removals, false);
        if (replayed > 0) log.info("publish log: replayed {} PutObject publishes the metadata had not stored", replayed);
        return last;
    }

    private static long mark(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM s3.publish_mark WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void setMark(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE s3.publish_mark SET seq = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            if (ps.executeUpdate() != 1) throw new SQLException("s3.publish_mark has no row");
        }
    }

    private static byte[] key(long seq) {
        return ByteBuffer.allocate(Long.BYTES).putLong(seq).array();
    }

    // ---- the record -------------------------------------------------------------------------------

    /** A publish as its record holds it. */
    record Publish(StoredObject object, VersionExtras extras) {}

    /** Every field of {@code o} and {@code x}; {@code PublishLogTest} fails when either type gains one. */
    static byte[] encode(StoredObject o, VersionExtras x) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            string(out, o.bucket());
            string(out, o.key());
            string(out, o.blobId());
            out.writeLong(o.size());
            string(out, o.etag());
            instant(out, o.lastModified());
            string(out, o.storageClass());
            string(out, o.checksumAlgorithm());
            string(out, o.checksumValue());
            string(out, o.headers() == null ? null : H2ObjectStore.encode(o.headers()));
            out.writeInt(o.partsCount());
            string(out, o.checksumType());
            string(out, o.versionId());
            out.writeBoolean(o.deleteMarker());
            string(out, o.lock().mode());
            instant(out, o.lock().retainUntil());
            string(out, o.lock().legalHold());
            string(out, x.ownerAccount());
            string(out, x.aclGrants());
            string(out, x.tags());
            Journal j = x.journal();
            out.writeBoolean(j != null);
            if (j != null) {
                string(out, j.event());
                string(out, j.principalId());
                string(out, j.sourceIp());
                string(out, j.requestId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static Publish decode(byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            byte format = in.readByte();
            if (format != FORMAT) throw new IllegalArgumentException("unknown publish record format " + format);
            String bucket = string(in);
            String key = string(in);
            String blobId = string(in);
            long size = in.readLong();
            String etag = string(in);
            Instant lastModified = instant(in);
            String storageClass = string(in);
            String checksumAlgorithm = string(in);
            String checksumValue = string(in);
            String headers = string(in);
            int partsCount = in.readInt();
            String checksumType = string(in);
            String versionId = string(in);
            boolean deleteMarker = in.readBoolean();
            ObjectLock lock = new ObjectLock(string(in), instant(in), string(in));
            StoredObject o = new StoredObject(bucket, key, blobId, size, etag, lastModified, storageClass,
                    checksumAlgorithm, checksumValue, headers == null ? null : H2ObjectStore.decode(headers), partsCount,
                    checksumType, versionId, deleteMarker, lock);
            String owner = string(in);
            String acl = string(in);
            String tags = string(in);
            Journal journal = in.readBoolean() ? new Journal(string(in), string(in), string(in), string(in)) : null;
            if (in.available() != 0) throw new IllegalArgumentException("publish record has trailing bytes");
            return new Publish(o, new VersionExtras(owner, acl, tags, journal));
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated publish record", e);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Milliseconds, as the object row keeps them; Long.MIN_VALUE for none. */
    private static void instant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t == null ? Long.MIN_VALUE : t.toEpochMilli());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        long ms = in.readLong();
        return ms == Long.MIN_VALUE ? null : Instant.ofEpochMilli(ms);
    }
}
