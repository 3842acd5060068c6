package io.awsemu.sqs.store;

import io.awsemu.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.awsemu.core.storage.KeyValueStore;
import io.awsemu.core.storage.KeyValueStore.Batch;
import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.sqs.engine.MessageAttribute;
import io.awsemu.sqs.engine.SqsMessage;
import io.awsemu.sqs.store.QueueStore.DedupRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.awsemu.sqs.store.MessageRecords.DELIVERY;
import static io.awsemu.sqs.store.MessageRecords.MESSAGE;
import static io.awsemu.sqs.store.MessageRecords.PURGE;
import static io.awsemu.sqs.store.MessageRecords.SEQUENCE;
import static io.awsemu.sqs.store.MessageRecords.key;

/**
 * Moves what a data dir of an earlier build keeps in H2 (messages, dedup entries, each queue's
 * sequence counter and purge time) into the records store, before migration V004 drops those tables
 * and columns. Each step copies (a synced record write), then deletes what it copied from H2; a crash
 * anywhere leaves the rows in H2 and the next start copies them again, overwriting the same records
 * with the same values (nothing is served in between). Nothing to do on a new or migrated data dir.
 */
final class H2MessagesMigration {
    private static final Logger log = LoggerFactory.getLogger(H2MessagesMigration.class);
    private static final int CHUNK = 2_000;

    private H2MessagesMigration() {}

    static void copyToRecords(MetadataDb db, KeyValueStore records) {
        Set<String> tables = names(db, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'SQS'");
        // every data dir from before V004 has one of them; V004 drops them after this copied their contents
        if (!tables.contains("MESSAGES") && !tables.contains("MESSAGE_ROWS") && !tables.contains("DEDUP")) return;
        Set<String> queueColumns = names(db, "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'SQS' "
                + "AND TABLE_NAME = 'QUEUES'");
        if (queueColumns.contains("SEQUENCE")) copyCounters(db, records);
        if (tables.contains("DEDUP")) copyDedup(db, records);
        // sqs.messages: data dirs from before V003, which moves them to sqs.message_rows
        for (String table : new String[] {"MESSAGES", "MESSAGE_ROWS"}) {
            if (tables.contains(table)) copyMessages(db, records, "sqs." + table.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static Set<String> names(MetadataDb db, String sql) {
        return db.read(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    /** The columns stay until V004 drops them: copying twice writes the same values. */
    private static void copyCounters(MetadataDb db, KeyValueStore records) {
        Batch b = db.read(c -> {
            Batch out = new Batch();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, sequence, last_purge_at FROM sqs.queues");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(2) != 0) out.put(key(SEQUENCE, rs.getLong(1)), MessageRecords.longValue(rs.getLong(2)));
                    if (rs.getLong(3) != 0) out.put(key(PURGE, rs.getLong(1)), MessageRecords.longValue(rs.getLong(3)));
                }
            }
            return out;
        });
        records.write(b, true);
    }

    private static void copyDedup(MetadataDb db, KeyValueStore records) {
        Batch b = db.read(c -> {
            Batch out = new Batch();
            try (PreparedStatement ps = c.prepareStatement("SELECT queue_id, dedup_key, message_id, sequence_number, "
                    + "expires_at FROM sqs.dedup"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DedupRow d = new DedupRow(rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
                    out.put(MessageRecords.dedupKey(rs.getLong(1), d.key()), MessageRecords.dedup(d));
                }
            }
            return out;
        });
        if (b.isEmpty()) return;
        records.write(b, true);
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sqs.dedup")) {
                return ps.executeUpdate();
            }
        });
        log.info("moved {} SQS deduplication entries from H2 to the records store", b.size());
    }

    /** In seq order, {@value #CHUNK} at a time: copy, then delete up to the chunk's last seq. */
    private static void copyMessages(MetadataDb db, KeyValueStore records, String table) {
        long moved = 0;
        while (true) {
            long[] last = {-1};
            Batch b = db.read(c -> {
                Batch out = new Batch();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, seq, body, attributes, trace_header, sent_at, "
                        + "sender_id, group_id, dedup_id, sequence_number, dlq_source, visible_at, receive_count, "
                        + "first_receive_at, receipt, queue_id FROM " + table + " ORDER BY seq LIMIT " + CHUNK);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SqsMessage m = new SqsMessage(rs.getString(1), rs.getLong(2), rs.getString(3),
                                attributes(rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getString(7),
                                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getLong(12),
                                rs.getInt(13), rs.getLong(14), rs.getString(15));
                        long queueId = rs.getLong(16);
                        out.put(key(MESSAGE, queueId, m.seq), MessageRecords.message(m));
                        out.put(key(DELIVERY, queueId, m.seq), MessageRecords.delivery(m));
                        last[0] = m.seq;
                    }
                }
                return out;
            });
            if (b.isEmpty()) break;
            records.write(b, true);
            db.tx(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE seq <= ?")) {
                    ps.setLong(1, last[0]);
                    return ps.executeUpdate();
                }
            });
            moved += b.size() / 2;
        }
        if (moved > 0) log.info("moved {} SQS messages from H2 ({}) to the records store", moved, table);
    }

    /** The H2 column's JSON: {"name": {"t": type, "s": string} | {"t": type, "b": base64}}. */
    static Map<String, MessageAttribute> attributes(String s) {
        if (s == null) return Map.of();
        try {
            JsonNode root = Json.mapper().readTree(s);
            Map<String, MessageAttribute> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
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
