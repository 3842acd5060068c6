package io.awsemu.s3.store;

import io.awsemu.core.storage.InMemoryKeyValueStore;
import io.awsemu.core.storage.KeyValueStore;
import io.awsemu.core.storage.blob.BlobId;
import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.ObjectLock;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersionExtras;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PutObject publish log: its record, its replay after a crash, and the store that retires it. */
class PublishLogTest {
    static final String ACCOUNT = "000000000000";

    final H2MetadataDb db = H2MetadataDb.inMemory();
    final H2BucketStore buckets = H2BucketStore.migrated(db);
    final InMemoryBlobStore blobs = new InMemoryBlobStore();
    final KeyValueStore records = new InMemoryKeyValueStore();
    final Clock clock = Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC);
    final BucketEngine bucketEngine = new BucketEngine(buckets, clock);
    final List<H2ObjectStore> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(H2ObjectStore::close);
        db.close();
    }

    H2ObjectStore store(long storeMillis) {
        H2ObjectStore s = new H2ObjectStore(db, BucketCache.NONE, records, storeMillis);
        opened.add(s);
        return s;
    }

    void bucket(String name) {
        bucketEngine.create(new BucketEngine.CreateRequest(ACCOUNT, name, "us-east-1", null, null, null, false));
    }

    static StoredObject full() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("x-amz-meta-ünïcode", "välue with spaces");
        return new StoredObject("bkt", "dir/ключ 🙂+%//..", "blob-1", 12345, "etag-1", Instant.ofEpochMilli(1_700_000_000_123L),
                "STANDARD_IA", "CRC64NVME", "AAAAAAAAAAA=", headers, 3, "COMPOSITE", "v-123", true,
                new ObjectLock("GOVERNANCE", Instant.ofEpochMilli(1_800_000_000_456L), "ON"));
    }

    @Test
    void theRecordCarriesEveryField() {
        VersionExtras x = new VersionExtras("111122223333", "grants", "a=b&c=d",
                new Journal("ObjectCreated:Put", "AWS:AKID", "10.0.0.1", "REQ1"));
        PublishLog.Publish p = PublishLog.decode(PublishLog.encode(full(), x));
        assertEquals(full(), p.object());
        assertEquals("111122223333", p.extras().ownerAccount());
        assertEquals("grants", p.extras().aclGrants());
        assertEquals("a=b&c=d", p.extras().tags());
        Journal j = p.extras().journal();
        assertEquals(List.of("ObjectCreated:Put", "AWS:AKID", "10.0.0.1", "REQ1"),
                List.of(j.event(), j.principalId(), j.sourceIp(), j.requestId()));

        // a field added to any of them must be added to the record (PublishLog.encode/decode) too
        assertEquals(15, StoredObject.class.getRecordComponents().length, "StoredObject gained a field");
        assertEquals(4, VersionExtras.class.getRecordComponents().length, "VersionExtras gained a field");
        assertEquals(3, ObjectLock.class.getRecordComponents().length, "ObjectLock gained a field");
        assertEquals(5, Arrays.stream(Journal.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())).count(), "Journal gained a field");
    }

    @Test
    void nullsRoundTripAndABadRecordIsRefused() {
        StoredObject o = new StoredObject("bkt", "k", "blob", 0, "e", Instant.ofEpochMilli(0), "STANDARD", null, null,
                Map.of(), 0, null, null, false, ObjectLock.NONE);
        PublishLog.Publish p = PublishLog.decode(PublishLog.encode(o, VersionExtras.NONE));
        assertEquals(o, p.object());
        assertNull(p.extras().journal());
        assertNull(p.extras().ownerAccount());
        byte[] rec = PublishLog.encode(o, VersionExtras.NONE);
        assertThrows(IllegalArgumentException.class, () -> PublishLog.decode(Arrays.copyOf(rec, rec.length - 3)));
        byte[] other = rec.clone();
        other[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> PublishLog.decode(other));
    }

    static byte[] key(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    StoredObject object(String key, String blob) {
        return new StoredObject("bkt", key, blob, 4, "etag-" + blob, Instant.ofEpochMilli(1_000), "STANDARD", null,
                null, Map.of("Content-Type", "text/plain"), 0, null, "ver-" + blob, false, ObjectLock.NONE);
    }

    long mark() {
        return db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT seq FROM s3.publish_mark")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void startReplaysTheRecordsBeyondTheStoredMarkInOrder() {
        bucket("bkt");
        db.tx(c -> c.createStatement().executeUpdate("UPDATE s3.publish_mark SET seq = 5"));
        records.write(new KeyValueStore.Batch()
                .put(key(7), PublishLog.encode(object("a", "b2"), VersionExtras.NONE))
                .put(key(5), PublishLog.encode(object("stale", "b0"), VersionExtras.NONE))
                .put(key(6), PublishLog.encode(object("a", "b1"), VersionExtras.NONE))
                .put(key(8), PublishLog.encode(object("tagged", "b3"), new VersionExtras("111122223333", null, "k=v"))),
                false);

        H2ObjectStore store = store(60_000);

        assertEquals("b2", store.find("bkt", "a").orElseThrow().blobId().trim(), "the later publish of a key wins");
        assertTrue(store.find("bkt", "stale").isEmpty(), "a record at or below the mark was stored: not replayed");
        assertEquals("b3", store.find("bkt", "tagged").orElseThrow().blobId().trim());
        assertEquals(8, mark());
        List<byte[]> left = new ArrayList<>();
        records.scan(new byte[0], (k, v) -> left.add(k));
        assertEquals(0, left.size(), "every record is removed once the replay is stored");

        // numbering goes on after the replayed ones
        ObjectEngine engine = new ObjectEngine(bucketEngine, store, blobs, clock);
        put(engine, "later", "body");
        assertEquals(9, mark());
    }

    static void put(ObjectEngine engine, String key, String body) {
        try {
            engine.put(new ObjectEngine.PutRequest(ACCOUNT, "bkt", key, body.length(), null, null, null, false, null,
                    Map.of()), new ByteArrayInputStream(body.getBytes()), Map::of);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    boolean exists(String blobId) {
        try {
            blobs.size(BlobId.parse(blobId));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aPutIsLoggedAndItsReplacedBlobWaitsForTheStore() {
        bucket("bkt");
        H2ObjectStore store = store(60_000); // the test stores by hand
        ObjectEngine engine = new ObjectEngine(bucketEngine, store, blobs, clock);
        put(engine, "k", "first");
        String first = store.find("bkt", "k").orElseThrow().blobId();
        put(engine, "k", "second");
        String second = store.find("bkt", "k").orElseThrow().blobId();
        List<byte[]> logged = new ArrayList<>();
        records.scan(new byte[0], (k, v) -> logged.add(v));
        assertEquals(2, logged.size(), "each PUT wrote its record");
        assertEquals(second, PublishLog.decode(logged.get(1)).object().blobId());
        assertEquals(3, store.publishesWaiting(), "two records and the release of the first blob");
        assertTrue(exists(first), "the replaced blob is kept until a store took its replacement");

        store.storePublishes();

        assertEquals(0, store.publishesWaiting());
        List<byte[]> left = new ArrayList<>();
        records.scan(new byte[0], (k, v) -> left.add(k));
        assertEquals(0, left.size(), "stored records are removed");
        assertFalse(exists(first), "then it is released");
        assertTrue(exists(second));
        assertEquals(2, mark());
    }

    @Test
    void theLogsThreadStoresOnItsOwn() throws InterruptedException {
        bucket("bkt");
        H2ObjectStore store = store(5);
        ObjectEngine engine = new ObjectEngine(bucketEngine, store, blobs, clock);
        for (int i = 0; i < 20; i++) put(engine, "k" + (i % 3), "body " + i);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.publishesWaiting() > 0 && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(0, store.publishesWaiting());
        assertEquals(20, mark());
    }

    @Test
    void aRefusedPutTakesNoNumberAndWritesNoRecord() {
        bucket("bkt");
        H2ObjectStore store = store(60_000);
        ObjectEngine engine = new ObjectEngine(bucketEngine, store, blobs, clock);
        put(engine, "k", "first");
        assertThrows(RuntimeException.class, () -> engine.put(new ObjectEngine.PutRequest(ACCOUNT, "bkt", "k", 3, null,
                null, null, false, null, Map.of(), null, "*"), new ByteArrayInputStream("abc".getBytes()), Map::of));
        List<byte[]> logged = new ArrayList<>();
        records.scan(new byte[0], (k, v) -> logged.add(k));
        assertEquals(1, logged.size());
        assertEquals(1, mark());
    }

    /** The records refuse writes, and the metadata its stores, while {@code broken} is set (a full disk). */
    static final class Failing {
        volatile boolean records;
        volatile boolean store;
    }

    static KeyValueStore failingRecords(KeyValueStore inner, Failing f) {
        return new KeyValueStore() {
            public byte[] get(byte[] key) { return inner.get(key); }
            public void scan(byte[] prefix, java.util.function.BiConsumer<byte[], byte[]> each) { inner.scan(prefix, each); }
            public void write(Batch batch, boolean sync) {
                if (f.records) throw new java.io.UncheckedIOException(new IOException("No space left on device"));
                inner.write(batch, sync);
            }
        };
    }

    static io.awsemu.core.storage.meta.MetadataDb failingStore(H2MetadataDb inner, Failing f) {
        return new io.awsemu.core.storage.meta.MetadataDb() {
            public void migrate(String schema, ClassLoader loader) { inner.migrate(schema, loader); }
            public <T> T tx(TxWork<T> work) { return inner.tx(work); }
            public <T> T txUnstored(TxWork<T> work) { return inner.txUnstored(work); }
            public void store() {
                if (f.store) throw new io.awsemu.core.storage.meta.MetadataException("No space left on device");
                inner.store();
            }
            public <T> T read(TxWork<T> work) { return inner.read(work); }
            public <T> T readOne(TxWork<T> work) { return inner.readOne(work); }
            public void close() { inner.close(); }
        };
    }

    @Test
    void aRecordTheDiskRefusesIsMadeUpForByAStoreAndWithoutOneThePutIsNotAcknowledged() {
        bucket("bkt");
        Failing f = new Failing();
        H2ObjectStore store = new H2ObjectStore(failingStore(db, f), BucketCache.NONE, failingRecords(records, f), 60_000);
        opened.add(store);
        ObjectEngine engine = new ObjectEngine(bucketEngine, store, blobs, clock);

        f.records = true; // the record fails, the store stands in for it: acknowledged, nothing waits
        put(engine, "k", "first");
        assertEquals(0, store.publishesWaiting());

        f.store = true; // both fail: not acknowledged, and the visible row keeps its blob
        ObjectStore.NotDurable e = assertThrows(ObjectStore.NotDurable.class, () -> put(engine, "k", "second"));
        assertTrue(e.getMessage().contains("k"), e.getMessage());
        String blob = store.find("bkt", "k").orElseThrow().blobId().trim();
        assertTrue(exists(blob), "the published row's blob is not removed");

        f.records = false;
        f.store = false;
        put(engine, "k", "third");
        store.storePublishes();
        assertEquals(0, store.publishesWaiting());
    }
}
