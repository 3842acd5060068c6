package io.awsemu.sqs.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.sqs.engine.MessageAttribute;
import io.awsemu.sqs.engine.SqsMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** {@link QueueStore} on the emulator's H2 metadata database, schema {@code sqs}. */
public final class H2QueueStore implements QueueStore {
    public static final String SCHEMA = "sqs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};

    private final MetadataDb db;
    private final GroupCommitter writes;

    /** Completes write futures on the committing thread (tests). */
    public H2QueueStore(MetadataDb db) {
        this(db, Runnable::run);
    }

    /** @param completions where write futures complete (the server's workers: responses are written there) */
    public H2QueueStore(MetadataDb db, Executor completions) {
        this.db = db;
        db.migrate(SCHEMA, H2QueueStore.class.getClassLoader());
        this.writes = new GroupCommitter(db, completions);
    }

    @Override
    public void close() {
        writes.close();
    }

    @Override
    public List<DedupRow> loadDedup(long queueId, long now) {
        return db.read(c -> {
            List<DedupRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT dedup_key, message_id, sequence_number, expires_at "
                    + "FROM sqs.dedup WHERE queue_id = ? AND expires_at > ? ORDER BY expires_at")) {
                ps.setLong(1, queueId);
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new DedupRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return out;
        });
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
        });
    }

    @Override
    public List<QueueRow> loadQueues() {
        return db.read(c -> {
            List<QueueRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, account, region, name, created_at, modified_at, "
                    + "attributes, tags, sequence, last_purge_at FROM sqs.queues ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new QueueRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getLong(6), map(rs.getString(7)), map(rs.getString(8)), rs.getLong(9), rs.getLong(10)));
                }
            }
            return out;
        });
    }

    @Override
    public Map<Long, List<SqsMessage>> loadMessages() {
        return db.read(c -> {
            Map<Long, List<SqsMessage>> out = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, seq, body, attributes, trace_header, sent_at, "
                    + "sender_id, group_id, dedup_id, sequence_number, dlq_source, visible_at, receive_count, "
                    + "first_receive_at, receipt, queue_id FROM sqs.message_rows ORDER BY seq")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getLong(16), k -> new ArrayList<>()).add(new SqsMessage(rs.getString(1), rs.getLong(2), rs.getString(3),
                                messageAttributes(rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getString(7),
                                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getLong(12),
                                rs.getInt(13), rs.getLong(14), rs.getString(15)));
                    }
                }
            }
            return out;
        });
    }

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
                    + "modified_at, attributes, tags, sequence, last_purge_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"ID"})) {
                ps.setString(1, q.account());
                ps.setString(2, q.region());
                ps.setString(3, q.name());
                ps.setLong(4, q.createdAt());
                ps.setLong(5, q.modifiedAt());
                ps.setString(6, json(q.attributes()));
                ps.setString(7, json(q.tags()));
                ps.setLong(8, q.sequence());
                ps.setLong(9, q.lastPurgeAt());
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
            // sequence and last_purge_at are written by the message writes, in their order
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

    @Override
    public CompletableFuture<Void> deleteQueue(long queueId, Collection<Long> seqs, DeletedQueue d) {
        List<Long> rows = List.copyOf(seqs);
        return writes.submit(c -> {
            delete(c, rows);
            update(c, "DELETE FROM sqs.dedup WHERE queue_id = ?", queueId);
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
        });
    }

    @Override
    public CompletableFuture<Void> insertMessages(long queueId, List<SqsMessage> messages, long sequence,
                                                  List<DedupRow> dedup, long now) {
        if (messages.isEmpty() && dedup.isEmpty()) return DONE;
        return writes.submit(c -> {
            if (!messages.isEmpty()) insert(c, queueId, messages);
            if (!dedup.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM sqs.dedup WHERE queue_id = ? AND expires_at <= ?")) {
                    ps.setLong(1, queueId);
                    ps.setLong(2, now);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("MERGE INTO sqs.dedup (queue_id, dedup_key, message_id, "
                        + "sequence_number, expires_at) KEY (queue_id, dedup_key) VALUES (?, ?, ?, ?, ?)")) {
                    for (DedupRow d : dedup) {
                        ps.setLong(1, queueId);
                        ps.setString(2, d.key());
                        ps.setString(3, d.messageId());
                        ps.setString(4, d.sequenceNumber());
                        ps.setLong(5, d.expiresAt());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE sqs.queues SET sequence = ? WHERE id = ?")) {
                    ps.setLong(1, sequence);
                    ps.setLong(2, queueId);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private static void insert(Connection c, long queueId, List<SqsMessage> messages) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sqs.message_rows (queue_id, id, seq, body, attributes, "
                + "trace_header, sent_at, sender_id, group_id, dedup_id, sequence_number, dlq_source, visible_at, "
                + "receive_count, first_receive_at, receipt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (SqsMessage m : messages) {
                ps.setLong(1, queueId);
                ps.setString(2, m.id);
                ps.setLong(3, m.seq);
                ps.setString(4, m.body);
                String attrs = m.attributes.isEmpty() ? null : attributesJson(m.attributes);
                if (attrs == null) ps.setNull(5, Types.CLOB); else ps.setString(5, attrs);
                ps.setString(6, m.traceHeader);
                ps.setLong(7, m.sentAt);
                ps.setString(8, m.senderId);
                ps.setString(9, m.groupId);
                ps.setString(10, m.dedupId);
                ps.setString(11, m.sequenceNumber);
                ps.setString(12, m.deadLetterSourceArn);
                ps.setLong(13, m.visibleAt);
                ps.setInt(14, m.receiveCount);
                ps.setLong(15, m.firstReceiveAt);
                ps.setString(16, m.receipt);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public CompletableFuture<Void> updateDelivery(long queueId, Collection<SqsMessage> messages) {
        if (messages.isEmpty()) return DONE;
        // the values are read now (under the caller's queue monitor), not when the batch commits
        List<Object[]> rows = new ArrayList<>();
        for (SqsMessage m : messages) rows.add(new Object[] {m.visibleAt, m.receiveCount, m.firstReceiveAt, m.receipt, m.seq});
        return writes.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sqs.message_rows SET visible_at = ?, receive_count = ?, "
                    + "first_receive_at = ?, receipt = ? WHERE seq = ?")) {
                for (Object[] m : rows) {
                    ps.setLong(1, (Long) m[0]);
                    ps.setInt(2, (Integer) m[1]);
                    ps.setLong(3, (Long) m[2]);
                    ps.setString(4, (String) m[3]);
                    ps.setLong(5, (Long) m[4]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> deleteMessages(long queueId, Collection<Long> seqs) {
        if (seqs.isEmpty()) return DONE;
        List<Long> rows = List.copyOf(seqs);
        return writes.submit(c -> {
            delete(c, rows);
            return null;
        });
    }

    private static void delete(Connection c, Collection<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sqs.message_rows WHERE seq = ?")) {
            for (long seq : seqs) {
                ps.setLong(1, seq);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public CompletableFuture<Void> moveMessages(long fromQueueId, long toQueueId, Collection<Long> fromSeqs, List<SqsMessage> moved) {
        if (moved.isEmpty()) return DONE;
        List<Long> rows = List.copyOf(fromSeqs);
        return writes.submit(c -> {
            delete(c, rows);
            insert(c, toQueueId, moved);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> purge(long queueId, Collection<Long> seqs, long purgedAt) {
        List<Long> rows = List.copyOf(seqs);
        return writes.submit(c -> {
            delete(c, rows);
            try (PreparedStatement ps = c.prepareStatement("UPDATE sqs.queues SET last_purge_at = ? WHERE id = ?")) {
                ps.setLong(1, purgedAt);
                ps.setLong(2, queueId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static int update(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> map(String s) {
        try {
            return s == null ? new LinkedHashMap<>() : JSON.readValue(s, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {"name": {"t": type, "s": string} | {"t": type, "b": base64}}. */
    static String attributesJson(Map<String, MessageAttribute> attrs) {
        ObjectNode root = JSON.createObjectNode();
        for (Map.Entry<String, MessageAttribute> e : attrs.entrySet()) {
            ObjectNode a = root.putObject(e.getKey());
            a.put("t", e.getValue().dataType());
            if (e.getValue().stringValue() != null) a.put("s", e.getValue().stringValue());
            if (e.getValue().binaryValue() != null) a.put("b", Base64.getEncoder().encodeToString(e.getValue().binaryValue()));
        }
        return root.toString();
    }

    static Map<String, MessageAttribute> messageAttributes(String s) {
        if (s == null) return Map.of();
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(s);
            Map<String, MessageAttribute> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = root.fields(); it.hasNext(); ) {
                var e = it.next();
                var a = e.getValue();
                out.put(e.getKey(), new MessageAttribute(a.path("t").asText(),
                        a.has("s") ? a.get("s").asText() : null,
                        a.has("b") ? Base64.getDecoder().decode(a.get("b").asText()) : null));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
