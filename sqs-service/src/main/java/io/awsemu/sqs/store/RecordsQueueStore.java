package io.awsemu.sqs.store;

import io.awsemu.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.awsemu.core.storage.KeyValueStore;
import io.awsemu.core.storage.KeyValueStore.Batch;
import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.sqs.engine.SqsMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static io.awsemu.sqs.store.MessageRecords.DEDUP;
import static io.awsemu.sqs.store.MessageRecords.DELIVERY;
import static io.awsemu.sqs.store.MessageRecords.MESSAGE;
import static io.awsemu.sqs.store.MessageRecords.PURGE;
import static io.awsemu.sqs.store.MessageRecords.SEQUENCE;
import static io.awsemu.sqs.store.MessageRecords.key;

/**
 * {@link QueueStore} with messages in the records store and queues in H2. Queue rows, deleted queue
 * names and move tasks (rare writes) are H2 rows, schema {@code sqs}. Messages, their delivery state,
 * FIFO deduplication entries, the FIFO sequence counter and the purge time are records (see
 * {@link MessageRecords}), and every message write (send, receive, delete, move, purge) is one atomic
 * record batch, group-committed with its neighbours.
 *
 * <p>Durability: record writes go through RocksDB's WAL without an fsync per group commit. Once a
 * write returns, its WAL bytes are in the OS, so an acknowledged write survives {@code kill -9} of the
 * emulator: the guarantee H2 gave SQS (it writes each commit to the OS, no fsync) and the one the
 * queue rows in H2 still have, so an fsync here would not make SQS power-loss safe as a whole. It
 * would cost: measured on the 2-core box, 2026-12-03, an fsync per group commit put 0.3-0.5 ms of
 * wall time and ~80 us of CPU on each write, and the bench's batch sends went from ~200-290 to
 * ~390-490 us of server CPU per message at half the throughput (docs/benchmarks.md, "SQS messages
 * on RocksDB, 2026-12-03"). The WAL itself is never disabled.
 *
 * <p>Writes that span both stores: {@link #deleteQueue} deletes the queue row in H2 first, then its
 * records; a crash between leaves records of a queue id that no longer exists, which the loaders
 * delete ({@link #loadMessages}, {@link #loadQueues}). The reverse order could lose the acknowledged
 * messages of a queue whose deletion never happened. Queue ids are never reused (H2 identity).
 */
public final class RecordsQueueStore implements QueueStore {
    public static final String SCHEMA = "sqs";
    /** No fsync per group commit: see the class comment. */
    private static final boolean SYNC = false;
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final MetadataDb db;
    private final KeyValueStore records;
    private final GroupCommitter writes;
    /** Dedup records each queue holds, oldest first, so a send can delete the expired ones without a scan. */
    private final Map<Long, DedupIndex> dedupIndex = new ConcurrentHashMap<>();

    /**
     * @param records this service's namespace of the records store. Write futures complete on the
     *                committing thread, or are complete on return ({@link GroupCommitter}): what depends on
     *                them must be short and never wait
     */
    public RecordsQueueStore(MetadataDb db, KeyValueStore records) {
        this.db = db;
        this.records = records;
        H2MessagesMigration.copyToRecords(db, records);
        db.migrate(SCHEMA, RecordsQueueStore.class.getClassLoader());
        this.writes = new GroupCommitter(records, SYNC, db);
    }

    @Override
    public void close() {
        writes.close();
    }

    // ---------------------------------------------------------------- loading

    private Set<Long> queueIds() {
        return db.read(c -> {
            Set<Long> ids = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sqs.queues"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            return ids;
        });
    }

    @Override
    public String readBody(long queueId, long seq) {
        byte[] v = records.get(key(MESSAGE, queueId, seq));
        return v == null ? null : MessageRecords.body(v);
    }

    /** Also deletes the message records of queues that no longer exist (a crash inside deleteQueue). */
    @Override
    public Map<Long, List<SqsMessage>> loadMessages() {
        Set<Long> live = queueIds();
        Batch orphans = new Batch();
        Map<Long, byte[][]> deliveries = new HashMap<>(); // seq -> {key, value}
        records.scan(new byte[] {DELIVERY}, (k, v) -> {
            if (live.contains(MessageRecords.queueId(k))) deliveries.put(MessageRecords.seq(k), new byte[][] {k, v});
            else orphans.delete(k);
        });
        Map<Long, List<SqsMessage>> out = new HashMap<>();
        records.scan(new byte[] {MESSAGE}, (k, v) -> {
            long queueId = MessageRecords.queueId(k), seq = MessageRecords.seq(k);
            if (!live.contains(queueId)) {
                orphans.delete(k);
                return;
            }
            byte[][] delivery = deliveries.remove(seq);
            out.computeIfAbsent(queueId, x -> new ArrayList<>()).add(MessageRecords.decode(seq, v, delivery == null ? null : delivery[1]));
        });
        // a delivery state without its message: not written by the engine today, but harmless to drop
        for (byte[][] stray : deliveries.values()) orphans.delete(stray[0]);
        if (!orphans.isEmpty()) records.write(orphans, true);
        return out;
    }

    /** Queue rows with their sequence counter and purge time; deletes the counters and dedup records of queues that no longer exist. */
    @Override
    public List<QueueRow> loadQueues() {
        List<QueueRow> rows = db.read(c -> {
            List<QueueRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, account, region, name, created_at, modified_at, "
                    + "attributes, tags FROM sqs.queues ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new QueueRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getLong(6), map(rs.getString(7)), map(rs.getString(8)), 0, 0));
                }
            }
            return out;
        });
        Set<Long> live = new HashSet<>();
        for (QueueRow r : rows) live.add(r.id());
        Map<Long, Long> sequences = new HashMap<>(), purges = new HashMap<>();
        Batch orphans = new Batch();
        records.scan(new byte[] {SEQUENCE}, (k, v) -> counter(k, v, live, sequences, orphans));
        records.scan(new byte[] {PURGE}, (k, v) -> counter(k, v, live, purges, orphans));
        records.scan(new byte[] {DEDUP}, (k, v) -> {
            if (!live.contains(MessageRecords.queueId(k))) orphans.delete(k);
        });
        if (!orphans.isEmpty()) records.write(orphans, true);
        List<QueueRow> out = new ArrayList<>(rows.size());
        for (QueueRow r : rows) {
            out.add(new QueueRow(r.id(), r.account(), r.region(), r.name(), r.createdAt(), r.modifiedAt(), r.attributes(),
                    r.tags(), sequences.getOrDefault(r.id(), 0L), purges.getOrDefault(r.id(), 0L)));
        }
        return out;
    }

    private static void counter(byte[] k, byte[] v, Set<Long> live, Map<Long, Long> into, Batch orphans) {
        long queueId = MessageRecords.queueId(k);
        if (live.contains(queueId)) into.put(queueId, MessageRecords.longOf(v));
        else orphans.delete(k);
    }

    /** Deletes the expired entries it finds. */
    @Override
    public List<DedupRow> loadDedup(long queueId, long now) {
        List<DedupRow> out = new ArrayList<>();
        Batch expired = new Batch();
        records.scan(MessageRecords.key(DEDUP, queueId), (k, v) -> {
            DedupRow d = MessageRecords.dedup(MessageRecords.dedupKeyOf(k), v);
            if (d.expiresAt() > now) out.add(d);
            else expired.delete(k);
        });
        if (!expired.isEmpty()) records.write(expired, true);
        out.sort(Comparator.comparingLong(DedupRow::expiresAt));
        DedupIndex index = dedup(queueId);
        synchronized (index) {
            for (DedupRow d : out) index.add(d.key(), d.expiresAt());
        }
        return out;
    }

    @Override
    public List<DeletedQueue> loadDeletedQueues(long since) {
        return db.read(c -> {
            List<DeletedQueue> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT account, region, name, deleted_at FROM sqs.deleted_queues "
                    + "WHERE deleted_at > ?")) {
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new DeletedQueue(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return out;
        });
    }

    @Override
    public List<MoveTaskRow> loadMoveTasks() {
        return db.read(c -> {
            List<MoveTaskRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT handle, source_arn, destination_arn, rate, status, moved, "
                    + "to_move, failure_reason, started_at FROM sqs.move_tasks ORDER BY started_at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int rate = rs.getInt(4);
                    out.add(new MoveTaskRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.wasNull() ? null : rate,
                            rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getLong(9)));
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- queues (H2)

    @Override
    public long insertQueue(QueueRow q) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sqs.deleted_queues WHERE account = ? AND region = ? "
                    + "AND name = ?")) {
                ps.setString(1, q.account());
                ps.setString(2, q.region());
                ps.setString(3, q.name());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sqs.queues (account, region, name, created_at, "
                    + "modified_at, attributes, tags) VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"ID"})) {
                ps.setString(1, q.account());
                ps.setString(2, q.region());
                ps.setString(3, q.name());
                ps.setLong(4, q.createdAt());
                ps.setLong(5, q.modifiedAt());
                ps.setString(6, json(q.attributes()));
                ps.setString(7, json(q.tags()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    @Override
    public void updateQueue(QueueRow q) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sqs.queues SET modified_at = ?, attributes = ?, "
                    + "tags = ? WHERE id = ?")) {
                ps.setLong(1, q.modifiedAt());
                ps.setString(2, json(q.attributes()));
                ps.setString(3, json(q.tags()));
                ps.setLong(4, q.id());
                return ps.executeUpdate();
            }
        });
    }

    /** H2 first (the queue row), then the records: see the class comment. */
    @Override
    public CompletableFuture<Void> deleteQueue(long queueId, Collection<Long> seqs, DeletedQueue d) {
        Batch b = new Batch();
        deleteMessages(b, queueId, seqs);
        DedupIndex index = dedupIndex.remove(queueId);
        if (index != null) {
            synchronized (index) {
                for (String k : index.expiry.keySet()) b.delete(MessageRecords.dedupKey(queueId, k));
            }
        }
        b.delete(key(SEQUENCE, queueId)).delete(key(PURGE, queueId));
        return writes.submit(c -> {
            update(c, "DELETE FROM sqs.queues WHERE id = ?", queueId);
            update(c, "DELETE FROM sqs.deleted_queues WHERE deleted_at < ?", d.deletedAt() - 60_000L);
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO sqs.deleted_queues (account, region, name, deleted_at) "
                    + "KEY (account, region, name) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, d.account());
                ps.setString(2, d.region());
                ps.setString(3, d.name());
                ps.setLong(4, d.deletedAt());
                ps.executeUpdate();
            }
            return null;
        }, b);
    }

    @Override
    public CompletableFuture<Void> saveMoveTask(MoveTaskRow t) {
        return writes.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO sqs.move_tasks (handle, source_arn, destination_arn, "
                    + "rate, status, moved, to_move, failure_reason, started_at) KEY (handle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, t.handle());
                ps.setString(2, t.sourceArn());
                ps.setString(3, t.destinationArn());
                if (t.rate() == null) ps.setNull(4, Types.INTEGER); else ps.setInt(4, t.rate());
                ps.setString(5, t.status());
                ps.setLong(6, t.moved());
                ps.setLong(7, t.toMove());
                ps.setString(8, t.failureReason());
                ps.setLong(9, t.startedAt());
                return ps.executeUpdate();
            }
        }, new Batch());
    }

    // ---------------------------------------------------------------- messages (records)

    @Override
    public CompletableFuture<Void> insertMessages(long queueId, List<SqsMessage> messages, long sequence,
                                                  List<DedupRow> dedup, long now) {
        if (messages.isEmpty() && dedup.isEmpty()) return DONE;
        Batch b = new Batch();
        insert(b, queueId, messages);
        if (!dedup.isEmpty()) {
            DedupIndex index = dedup(queueId);
            synchronized (index) {
                for (String expired : index.expire(now)) b.delete(MessageRecords.dedupKey(queueId, expired));
                for (DedupRow d : dedup) {
                    b.put(MessageRecords.dedupKey(queueId, d.key()), MessageRecords.dedup(d));
                    index.add(d.key(), d.expiresAt());
                }
            }
            b.put(key(SEQUENCE, queueId), MessageRecords.longValue(sequence));
        }
        return writes.submit(b);
    }

    /**
     * A message still as sent (visible from its send, never received) has no delivery record: its
     * absence reads back as that state ({@link MessageRecords#decode}). Half the records per send, and
     * the message keys of a batch go into the memtable in one ascending run.
     */
    private static void insert(Batch b, long queueId, List<SqsMessage> messages) {
        for (SqsMessage m : messages) {
            b.put(key(MESSAGE, queueId, m.seq), MessageRecords.message(m));
            if (!asSent(m)) b.put(key(DELIVERY, queueId, m.seq), MessageRecords.delivery(m));
        }
    }

    static boolean asSent(SqsMessage m) {
        return m.visibleAt == m.sentAt && m.receiveCount == 0 && m.firstReceiveAt == 0 && m.receipt == null;
    }

    /** The values are read now, under the caller's queue monitor, not when the batch is written. */
    @Override
    public CompletableFuture<Void> updateDelivery(long queueId, Collection<SqsMessage> messages) {
        if (messages.isEmpty()) return DONE;
        Batch b = new Batch();
        for (SqsMessage m : messages) b.put(key(DELIVERY, queueId, m.seq), MessageRecords.delivery(m));
        return writes.submit(b);
    }

    @Override
    public CompletableFuture<Void> deleteMessages(long queueId, Collection<Long> seqs) {
        if (seqs.isEmpty()) return DONE;
        Batch b = new Batch();
        deleteMessages(b, queueId, seqs);
        return writes.submit(b);
    }

    private static void deleteMessages(Batch b, long queueId, Collection<Long> seqs) {
        for (long seq : seqs) {
            b.delete(key(MESSAGE, queueId, seq));
            b.delete(key(DELIVERY, queueId, seq));
        }
    }

    @Override
    public CompletableFuture<Void> moveMessages(long fromQueueId, long toQueueId, Collection<Long> fromSeqs, List<SqsMessage> moved) {
        if (moved.isEmpty()) return DONE;
        Batch b = new Batch();
        deleteMessages(b, fromQueueId, fromSeqs);
        insert(b, toQueueId, moved);
        return writes.submit(b);
    }

    @Override
    public CompletableFuture<Void> purge(long queueId, Collection<Long> seqs, long purgedAt) {
        Batch b = new Batch();
        deleteMessages(b, queueId, seqs);
        b.put(key(PURGE, queueId), MessageRecords.longValue(purgedAt));
        return writes.submit(b);
    }

    // ---------------------------------------------------------------- helpers

    private DedupIndex dedup(long queueId) {
        return dedupIndex.computeIfAbsent(queueId, x -> new DedupIndex());
    }

    /** A queue's dedup keys in the order they were written, with their latest expiry. Guarded by itself. */
    private static final class DedupIndex {
        private record Entry(String key, long expiresAt) {}

        final Map<String, Long> expiry = new HashMap<>();
        private final ArrayDeque<Entry> order = new ArrayDeque<>();

        void add(String key, long expiresAt) {
            expiry.put(key, expiresAt);
            order.add(new Entry(key, expiresAt));
        }

        /** Removes and returns the keys expired by {@code now} (a key written again later is kept). */
        List<String> expire(long now) {
            List<String> out = new ArrayList<>();
            while (!order.isEmpty() && order.peek().expiresAt() <= now) {
                Entry e = order.poll();
                Long latest = expiry.get(e.key());
                if (latest != null && latest == e.expiresAt()) {
                    expiry.remove(e.key());
                    out.add(e.key());
                }
            }
            return out;
        }
    }

    private static int update(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    private static String json(Object o) {
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> map(String s) {
        try {
            return s == null ? new LinkedHashMap<>() : Json.mapper().readValue(s, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
