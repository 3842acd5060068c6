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

/** {@link QueueStore} on the emulator's H2 metadata database, schema {@code sqs}. */
public final class H2QueueStore implements QueueStore {
    public static final String SCHEMA = "sqs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};

    private final MetadataDb db;

    public H2QueueStore(MetadataDb db) {
        this.db = db;
        db.migrate(SCHEMA, H2QueueStore.class.getClassLoader());
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
    public List<SqsMessage> loadMessages(long queueId) {
        return db.read(c -> {
            List<SqsMessage> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, seq, body, attributes, trace_header, sent_at, "
                    + "sender_id, group_id, dedup_id, sequence_number, dlq_source, visible_at, receive_count, "
                    + "first_receive_at, receipt FROM sqs.messages WHERE queue_id = ? ORDER BY seq")) {
                ps.setLong(1, queueId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SqsMessage(rs.getString(1), rs.getLong(2), rs.getString(3),
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
            try (PreparedStatement ps = c.prepareStatement("UPDATE sqs.queues SET modified_at = ?, attributes = ?, "
                    + "tags = ?, sequence = ?, last_purge_at = ? WHERE id = ?")) {
                ps.setLong(1, q.modifiedAt());
                ps.setString(2, json(q.attributes()));
                ps.setString(3, json(q.tags()));
                ps.setLong(4, q.sequence());
                ps.setLong(5, q.lastPurgeAt());
                ps.setLong(6, q.id());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void deleteQueue(long queueId) {
        db.tx(c -> {
            update(c, "DELETE FROM sqs.messages WHERE queue_id = ?", queueId);
            update(c, "DELETE FROM sqs.queues WHERE id = ?", queueId);
            return null;
        });
    }

    @Override
    public void insertMessages(long queueId, List<SqsMessage> messages, long sequence) {
        if (messages.isEmpty()) return;
        db.tx(c -> {
            insert(c, queueId, messages);
            try (PreparedStatement ps = c.prepareStatement("UPDATE sqs.queues SET sequence = ? WHERE id = ?")) {
                ps.setLong(1, sequence);
                ps.setLong(2, queueId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void insert(Connection c, long queueId, List<SqsMessage> messages) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sqs.messages (queue_id, id, seq, body, attributes, "
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
    public void updateDelivery(long queueId, Collection<SqsMessage> messages) {
        if (messages.isEmpty()) return;
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sqs.messages SET visible_at = ?, receive_count = ?, "
                    + "first_receive_at = ?, receipt = ? WHERE queue_id = ? AND id = ?")) {
                for (SqsMessage m : messages) {
                    ps.setLong(1, m.visibleAt);
                    ps.setInt(2, m.receiveCount);
                    ps.setLong(3, m.firstReceiveAt);
                    ps.setString(4, m.receipt);
                    ps.setLong(5, queueId);
                    ps.setString(6, m.id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void deleteMessages(long queueId, Collection<String> messageIds) {
        if (messageIds.isEmpty()) return;
        db.tx(c -> {
            delete(c, queueId, messageIds);
            return null;
        });
    }

    private static void delete(Connection c, long queueId, Collection<String> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sqs.messages WHERE queue_id = ? AND id = ?")) {
            for (String id : ids) {
                ps.setLong(1, queueId);
                ps.setString(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public void moveMessages(long fromQueueId, long toQueueId, List<SqsMessage> moved) {
        if (moved.isEmpty()) return;
        db.tx(c -> {
            List<String> ids = new ArrayList<>();
            for (SqsMessage m : moved) ids.add(m.id);
            delete(c, fromQueueId, ids);
            insert(c, toQueueId, moved);
            return null;
        });
    }

    @Override
    public void purge(long queueId, long purgedAt) {
        db.tx(c -> {
            update(c, "DELETE FROM sqs.messages WHERE queue_id = ?", queueId);
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
