package io.awsemu.sqs.store;

import io.awsemu.core.storage.DataStores;
import io.awsemu.core.storage.InMemoryKeyValueStore;
import io.awsemu.core.storage.KeyValueStore;
import io.awsemu.core.storage.KeyValueStore.Batch;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.core.storage.meta.MetadataDb;
import io.awsemu.sqs.engine.MessageAttribute;
import io.awsemu.sqs.engine.SqsMessage;
import io.awsemu.sqs.store.QueueStore.DedupRow;
import io.awsemu.sqs.store.QueueStore.DeletedQueue;
import io.awsemu.sqs.store.QueueStore.QueueRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordsQueueStoreTest {
    @TempDir
    Path dir;

    private static final long T = 1_700_000_000_000L;

    private static QueueRow queue(String name) {
        return new QueueRow(0, "000000000000", "us-east-1", name, T, T, Map.of("VisibilityTimeout", "30"), Map.of(), 0, 0);
    }

    private static SqsMessage message(long seq, String body) {
        Map<String, MessageAttribute> attrs = new LinkedHashMap<>();
        attrs.put("s", new MessageAttribute("String", "välue", null));
        attrs.put("b", new MessageAttribute("Binary.x", null, new byte[] {0, (byte) 0xFF, 7}));
        return new SqsMessage("id-" + seq, seq, body, attrs, "Root=1-abc", T + seq, "AIDA", "g", "d" + seq, "0000000000000000000" + seq,
                null, T + 5, 0, 0, null);
    }

    /** Every record key of the store's namespace, as kind + queue id. */
    private static Set<String> recordsOf(KeyValueStore kv) {
        Set<String> out = new HashSet<>();
        kv.scan(new byte[0], (k, v) -> out.add((char) k[0] + "" + MessageRecords.queueId(k)));
        return out;
    }

    @Test
    void messagesAndDeliveryStateSurviveAReopenOfTheDataDir() {
        long q;
        try (DataStores s = DataStores.open(dir); RecordsQueueStore store = new RecordsQueueStore(s.metadata(), s.records().namespace("sqs"))) {
            q = store.insertQueue(queue("q"));
            SqsMessage a = message(1, "a ∑ body"), b = message(2, "b");
            store.insertMessages(q, List.of(a, b), 2, List.of(new DedupRow("g:d1", a.id(), a.sequenceNumber, T + 300_000)), T).join();
            a.visibleAt = T + 30_000;
            a.receiveCount = 3;
            a.firstReceiveAt = T + 10;
            a.receipt = "nonce";
            store.updateDelivery(q, List.of(a)).join();
            store.purge(q, List.of(), T + 7).join();
        }
        try (DataStores s = DataStores.open(dir); RecordsQueueStore store = new RecordsQueueStore(s.metadata(), s.records().namespace("sqs"))) {
            QueueRow row = store.loadQueues().get(0);
            assertEquals(2, row.sequence());
            assertEquals(T + 7, row.lastPurgeAt());
            List<SqsMessage> ms = store.loadMessages().get(q);
            assertEquals(2, ms.size());
            SqsMessage a = ms.get(0), b = ms.get(1);
            assertEquals("a ∑ body", a.heldBody());
            assertEquals(List.of("s", "b"), List.copyOf(a.attributes.keySet()));
            assertEquals("välue", a.attributes.get("s").stringValue());
            assertArrayEquals(new byte[] {0, (byte) 0xFF, 7}, a.attributes.get("b").binaryValue());
            assertEquals("Root=1-abc", a.traceHeader);
            assertEquals("00000000000000000001", a.sequenceNumber);
            assertEquals(T + 30_000, a.visibleAt);
            assertEquals(3, a.receiveCount);
            assertEquals(T + 10, a.firstReceiveAt);
            assertEquals("nonce", a.receipt);
            assertNull(a.deadLetterSourceArn);
            assertNull(b.receipt);
            assertEquals(T + 5, b.visibleAt);
            assertEquals(List.of("g:d1"), store.loadDedup(q, T).stream().map(DedupRow::key).toList());
        }
    }

    /** Records what each write carries. */
    private static final class Recording implements KeyValueStore {
        final KeyValueStore inner = new InMemoryKeyValueStore();
        final List<Batch> writes = new ArrayList<>();
        int failAfter = Integer.MAX_VALUE;

        @Override public byte[] get(byte[] key) { return inner.get(key); }

        @Override public void scan(byte[] prefix, BiConsumer<byte[], byte[]> each) { inner.scan(prefix, each); }

        @Override
        public void write(Batch batch, boolean sync) {
            inner.write(batch, sync);
            writes.add(batch);
            // written, then the process "dies" before the caller's next step
            if (writes.size() >= failAfter) throw new IllegalStateException("crash after write " + writes.size());
        }
    }

    @Test
    void aReceiveWritesOnlyTheSmallDeliveryRecord() {
        Recording kv = new Recording();
        try (H2MetadataDb db = H2MetadataDb.inMemory(); RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
            long q = store.insertQueue(queue("q"));
            SqsMessage m = message(1, "x".repeat(10_000));
            store.insertMessages(q, List.of(m), 0, List.of(), T).join();
            m.receipt = "r";
            m.receiveCount = 1;
            store.updateDelivery(q, List.of(m)).join();
            Batch receive = kv.writes.get(kv.writes.size() - 1);
            assertEquals(1, receive.size());
            assertEquals(MessageRecords.DELIVERY, receive.ops().get(0).key()[0]);
            assertTrue(receive.ops().get(0).value().length < 32, "delivery record of " + receive.ops().get(0).value().length + " bytes");
        }
    }

    @Test
    void aMessageAsSentHasNoDeliveryRecordAndReadsBackAsSent() {
        Recording kv = new Recording();
        try (H2MetadataDb db = H2MetadataDb.inMemory()) {
            long q;
            try (RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
                q = store.insertQueue(queue("q"));
                SqsMessage plain = new SqsMessage("id-1", 1, "plain", Map.of(), null, T, "AIDA", null, null, null, null, T, 0, 0, null);
                SqsMessage delayed = new SqsMessage("id-2", 2, "delayed", Map.of(), null, T, "AIDA", null, null, null, null,
                        T + 900_000, 0, 0, null);
                store.insertMessages(q, List.of(plain, delayed), 0, List.of(), T).join();
                Batch send = kv.writes.get(kv.writes.size() - 1);
                assertEquals(List.of("m1", "m2", "v2"), send.ops().stream()
                        .map(op -> (char) op.key()[0] + "" + MessageRecords.seq(op.key())).toList());
            }
            try (RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
                List<SqsMessage> ms = store.loadMessages().get(q);
                assertEquals(List.of("plain", "delayed"), ms.stream().map(SqsMessage::heldBody).toList());
                assertEquals(T, ms.get(0).visibleAt);
                assertEquals(0, ms.get(0).receiveCount);
                assertNull(ms.get(0).receipt);
                assertEquals(T + 900_000, ms.get(1).visibleAt);
            }
        }
    }

    @Test
    void aLoadLeavesLargeBodiesInTheStore() {
        InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
        try (H2MetadataDb db = H2MetadataDb.inMemory()) {
            String large = "x".repeat(3 * SqsMessage.HELD_BODY_CHARS), middle = "ä".repeat(3 * SqsMessage.HELD_BODY_CHARS / 2 - 1);
            long q;
            try (RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
                q = store.insertQueue(queue("q"));
                store.insertMessages(q, List.of(
                        new SqsMessage("id-1", 1, large, Map.of(), null, T, "AIDA", null, null, null, null, T, 0, 0, null),
                        new SqsMessage("id-2", 2, middle, Map.of(), null, T, "AIDA", null, null, null, null, T, 0, 0, null)),
                        0, List.of(), T).join();
            }
            try (RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
                List<SqsMessage> ms = store.loadMessages().get(q);
                assertNull(ms.get(0).heldBody()); // 3,072 bytes: not decoded
                assertEquals(middle, ms.get(1).heldBody()); // 3,070 bytes: decoded (the engine then drops it, 1,535 chars)
                assertEquals(large, store.readBody(q, 1));
                assertEquals(middle, store.readBody(q, 2));
                assertNull(store.readBody(q, 3));
            }
        }
    }

    @Test
    void deleteQueueLeavesNoRecordOfTheQueue() {
        InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
        try (H2MetadataDb db = H2MetadataDb.inMemory(); RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
            long q = store.insertQueue(queue("q.fifo")), other = store.insertQueue(queue("other"));
            store.insertMessages(q, List.of(message(1, "a"), message(2, "b")), 2, List.of(new DedupRow("g:d", "id-1", "1", T + 1)), T).join();
            store.insertMessages(other, List.of(message(3, "c")), 0, List.of(), T).join();
            store.purge(q, List.of(), T).join();
            store.deleteQueue(q, List.of(1L, 2L), new DeletedQueue("000000000000", "us-east-1", "q.fifo", T)).join();
            assertEquals(Set.of("m" + other, "v" + other), recordsOf(kv));
            assertEquals(List.of(other), store.loadQueues().stream().map(QueueRow::id).toList());
        }
    }

    @Test
    void aCrashBetweenTheQueueRowAndItsRecordsIsRepairedAtLoad() {
        InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
        try (H2MetadataDb db = H2MetadataDb.inMemory()) {
            long q, kept;
            try (RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
                q = store.insertQueue(queue("gone.fifo"));
                kept = store.insertQueue(queue("kept"));
                store.insertMessages(q, List.of(message(1, "a")), 1, List.of(new DedupRow("g:d", "id-1", "1", T + 300_000)), T).join();
                store.purge(q, List.of(), T).join();
                store.insertMessages(kept, List.of(message(2, "b")), 0, List.of(), T).join();
            }
            // deleteQueue's first step (the H2 row) committed; the process died before its records were written
            db.tx(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM sqs.queues WHERE id = ?")) {
                    ps.setLong(1, q);
                    return ps.executeUpdate();
                }
            });
            try (RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
                Map<Long, List<SqsMessage>> loaded = store.loadMessages();
                store.loadQueues();
                assertEquals(Set.of(kept), loaded.keySet());
                assertEquals(Set.of("m" + kept, "v" + kept), recordsOf(kv));
            }
        }
    }

    @Test
    void expiredDedupRecordsAreDeletedBySendsAndAtLoad() {
        InMemoryKeyValueStore kv = new InMemoryKeyValueStore();
        try (H2MetadataDb db = H2MetadataDb.inMemory()) {
            long q;
            try (RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
                q = store.insertQueue(queue("q.fifo"));
                store.insertMessages(q, List.of(message(1, "a")), 1, List.of(new DedupRow("g:old", "id-1", "1", T + 100)), T).join();
                store.insertMessages(q, List.of(message(2, "b")), 2, List.of(new DedupRow("g:new", "id-2", "2", T + 500)), T + 200).join();
                assertEquals(List.of("g:new"), dedupKeys(kv));
                store.insertMessages(q, List.of(message(3, "c")), 3, List.of(new DedupRow("g:new", "id-3", "3", T + 900)), T + 300).join();
            }
            try (RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
                // the rewritten key carries its new expiry; its first write's expiry (T + 500) must not delete it
                assertEquals(List.of(new DedupRow("g:new", "id-3", "3", T + 900)), store.loadDedup(q, T + 600));
                store.insertMessages(q, List.of(message(4, "d")), 4, List.of(new DedupRow("g:x", "id-4", "4", T + 2000)), T + 600).join();
                assertEquals(List.of("g:new", "g:x"), dedupKeys(kv));
                assertEquals(List.of(), store.loadDedup(q, T + 5000));
                assertEquals(List.of(), dedupKeys(kv));
            }
        }
    }

    private static List<String> dedupKeys(KeyValueStore kv) {
        List<String> out = new ArrayList<>();
        kv.scan(new byte[] {MessageRecords.DEDUP}, (k, v) -> out.add(MessageRecords.dedupKeyOf(k)));
        return out;
    }

    /** Serves {@code db/sqs/migrations.list} cut to its first {@code n} lines: an older build's schema. */
    private static ClassLoader firstMigrations(int n) throws Exception {
        ClassLoader real = RecordsQueueStoreTest.class.getClassLoader();
        List<String> lines;
        try (InputStream in = real.getResourceAsStream("db/sqs/migrations.list")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).limit(n).toList();
        }
        String list = String.join("\n", lines) + "\n";
        return new ClassLoader(real) {
            @Override
            public InputStream getResourceAsStream(String name) {
                if (name.equals("db/sqs/migrations.list")) return new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8));
                return super.getResourceAsStream(name);
            }
        };
    }

    private static Set<String> sqsTables(MetadataDb db) {
        return db.read(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'SQS'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    /**
     * A data dir of an earlier build (messages in sqs.messages before V003, in sqs.message_rows after)
     * moves to the records on first start, also when the first attempt died after copying a chunk and
     * before deleting it from H2.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void messagesOfAnOlderDataDirMoveToTheRecordsOnceEvenAfterACrash(int oldMigrations) throws Exception {
        Recording kv = new Recording();
        try (H2MetadataDb db = H2MetadataDb.inMemory()) {
            db.migrate("sqs", firstMigrations(oldMigrations));
            String table = oldMigrations == 2 ? "sqs.messages" : "sqs.message_rows";
            int n = 2_500; // more than one chunk
            db.tx(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sqs.queues (account, region, name, created_at, modified_at, "
                        + "attributes, tags, sequence, last_purge_at) VALUES ('000000000000', 'us-east-1', 'q.fifo', 1, 2, '{}', '{\"t\":\"v\"}', 41, 77)")) {
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (queue_id, id, seq, body, attributes, "
                        + "trace_header, sent_at, sender_id, group_id, dedup_id, sequence_number, dlq_source, visible_at, "
                        + "receive_count, first_receive_at, receipt) VALUES (1, ?, ?, ?, ?, NULL, 5, 'AIDA', 'g', NULL, NULL, NULL, ?, ?, 0, ?)")) {
                    for (int i = 1; i <= n; i++) {
                        ps.setString(1, "id-" + i);
                        ps.setLong(2, i);
                        ps.setString(3, "body " + i);
                        ps.setString(4, i == 1 ? "{\"a\":{\"t\":\"String\",\"s\":\"x\"},\"b\":{\"t\":\"Binary\",\"b\":\"AP8=\"}}" : null);
                        ps.setLong(5, 1000 + i);
                        ps.setInt(6, i % 3);
                        ps.setString(7, i % 3 == 0 ? null : "r" + i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sqs.dedup (queue_id, dedup_key, message_id, sequence_number, "
                        + "expires_at) VALUES (1, 'g:d', 'id-1', '1', ?)")) {
                    ps.setLong(1, Long.MAX_VALUE);
                    ps.executeUpdate();
                }
                return null;
            });
            // counters, dedup, first chunk of messages: written, then the process dies before H2 forgets that chunk
            kv.failAfter = 3;
            assertThrows(IllegalStateException.class, () -> new RecordsQueueStore(db, kv));
            kv.failAfter = Integer.MAX_VALUE;
            try (RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
                assertEquals(Set.of("QUEUES", "DELETED_QUEUES", "MOVE_TASKS", "SCHEMA_VERSION"), sqsTables(db));
                QueueRow row = store.loadQueues().get(0);
                assertEquals(41, row.sequence());
                assertEquals(77, row.lastPurgeAt());
                assertEquals(Map.of("t", "v"), row.tags());
                List<SqsMessage> ms = store.loadMessages().get(1L);
                assertEquals(n, ms.size());
                for (int i = 1; i <= n; i++) {
                    SqsMessage m = ms.get(i - 1);
                    assertEquals(i, m.seq);
                    assertEquals("body " + i, m.heldBody());
                    assertEquals(1000 + i, m.visibleAt);
                    assertEquals(i % 3, m.receiveCount);
                    assertEquals(i % 3 == 0 ? null : "r" + i, m.receipt);
                }
                assertEquals("x", ms.get(0).attributes.get("a").stringValue());
                assertArrayEquals(new byte[] {0, (byte) 0xFF}, ms.get(0).attributes.get("b").binaryValue());
                assertEquals(List.of("g:d"), store.loadDedup(1, T).stream().map(DedupRow::key).toList());
            }
            // and nothing more to do on the next start
            int writes = kv.writes.size();
            try (RecordsQueueStore store = new RecordsQueueStore(db, kv)) {
                assertEquals(n, store.loadMessages().get(1L).size());
            }
            assertEquals(writes, kv.writes.size());
        }
    }
}
