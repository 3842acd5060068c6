package io.awsemu.s3.store;

import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.ReplicationConfiguration.Target;
import io.awsemu.s3.engine.ReplicationEngine;
import io.awsemu.s3.engine.StoredObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replication table as the replicator's durable queue: what a start finds PENDING is carried out. */
class H2ReplicationStoreTest {
    static final String ACCOUNT = "000000000000";
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final H2BucketStore buckets = H2BucketStore.migrated(db);
    final H2ObjectStore objectStore = new H2ObjectStore(db);
    final H2BucketConfigStore configs = new H2BucketConfigStore(db);
    final InMemoryBlobStore blobs = new InMemoryBlobStore();
    final Clock clock = Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC);
    final BucketEngine bucketEngine = new BucketEngine(buckets, clock);
    final ObjectEngine objects = new ObjectEngine(bucketEngine, objectStore, blobs, clock);

    @BeforeEach
    void buckets() {
        for (String b : List.of("src", "dst")) {
            bucketEngine.create(new BucketEngine.CreateRequest(ACCOUNT, b, "us-east-1", null, null, null, false));
            objectStore.setVersioning(b, "Enabled");
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    StoredObject put(String key, String body) throws Exception {
        return objects.put(new ObjectEngine.PutRequest(ACCOUNT, "src", key, body.length(), null, null, null, false, null,
                Map.of("Content-Type", "text/plain")), new ByteArrayInputStream(body.getBytes()), Map::of);
    }

    /** A replicator as a fresh start makes it: a new store instance over the same database. */
    ReplicationEngine started() {
        return new ReplicationEngine(objects, configs, new H2ReplicationStore(db), Runnable::run);
    }

    @Test
    void aStartResumesPendingVersionsAndSharesTheirBlobs() throws Exception {
        StoredObject o = put("k", "bytes");
        configs.putObjectTags("src", "k", o.versionId(), "a=b");
        H2ReplicationStore before = new H2ReplicationStore(db);
        assertTrue(before.enqueue("src", "k", o.versionId(), false, List.of(new Target("dst", "STANDARD_IA"))));
        assertEquals(Optional.of("PENDING"), before.status("src", "k", o.versionId()));

        ReplicationEngine engine = started(); // the previous process died before replicating
        assertEquals(1, engine.drain());
        assertEquals(Optional.of("COMPLETED"), engine.status("src", "k", o.versionId()));
        assertEquals(Optional.of("REPLICA"), engine.status("dst", "k", o.versionId()));
        StoredObject replica = objectStore.findVersion("dst", "k", o.versionId()).orElseThrow();
        assertEquals(o.blobId(), replica.blobId(), "no byte copied");
        assertEquals(o.etag(), replica.etag());
        assertEquals("STANDARD_IA", replica.storageClass());
        assertEquals(Optional.of("a=b"), configs.objectTags("dst", "k", o.versionId()));
        assertEquals(0, engine.drain(), "nothing pending twice");
        // the same version again (the outbox's replay of a write the replicator already had): nothing changes
        assertFalse(engine.status("src", "k", o.versionId()).isEmpty());
        assertFalse(new H2ReplicationStore(db).enqueue("src", "k", o.versionId(), false, List.of(new Target("dst", null))));
        assertEquals(Optional.of("COMPLETED"), engine.status("src", "k", o.versionId()));
        assertEquals(0, engine.drain());

        // the source's version goes; the replica keeps the blob
        objects.delete(ACCOUNT, "src", "k", o.versionId());
        assertTrue(objectStore.referenced(o.blobId()));
        assertEquals("bytes", new String(objects.read(replica, 0, 5).readAllBytes()));
    }

    @Test
    void aVanishedSourceIsForgottenAndAMissingDestinationFails() throws Exception {
        StoredObject gone = put("gone", "1");
        StoredObject stays = put("stays", "2");
        H2ReplicationStore store = new H2ReplicationStore(db);
        store.enqueue("src", "gone", gone.versionId(), false, List.of(new Target("dst", null)));
        store.enqueue("src", "stays", stays.versionId(), false, List.of(new Target("nowhere", null), new Target("dst", null)));
        objects.delete(ACCOUNT, "src", "gone", gone.versionId());
        ReplicationEngine engine = started();
        engine.kick(); // on a direct executor: drains now
        assertEquals(List.of(), store.pending(10));
        assertEquals(Optional.empty(), engine.status("src", "gone", gone.versionId()));
        assertFalse(objectStore.findVersion("dst", "gone", gone.versionId()).isPresent());
        assertEquals(Optional.of("FAILED"), engine.status("src", "stays", stays.versionId()));
        assertTrue(objectStore.findVersion("dst", "stays", stays.versionId()).isPresent(), "the destinations there still get it");
    }

    @Test
    void deleteMarkersReplicateWithTheirVersionId() throws Exception {
        put("k", "1");
        ObjectEngine.DeleteResult marker = objects.delete(ACCOUNT, "src", "k", null);
        assertTrue(marker.deleteMarker());
        H2ReplicationStore store = new H2ReplicationStore(db);
        store.enqueue("src", "k", marker.versionId(), true, List.of(new Target("dst", null)));
        started().drain();
        StoredObject copy = objectStore.findVersion("dst", "k", marker.versionId()).orElseThrow();
        assertTrue(copy.deleteMarker());
        assertEquals(List.of(), store.pending(10));
        assertEquals(Optional.empty(), store.status("src", "k", marker.versionId()), "markers show no status");
    }

    /** The H2 store, whose markReplica fails its first {@code failures} calls. */
    static ReplicationStore failingFirst(ReplicationStore store, int failures) {
        int[] left = {failures};
        return new ReplicationStore() {
            @Override public boolean enqueue(String b, String k, String v, boolean m, List<Target> t) {
                return store.enqueue(b, k, v, m, t);
            }
            @Override public List<Task> pending(int limit) { return store.pending(limit); }
            @Override public void finish(Task task, String status) { store.finish(task, status); }
            @Override public Optional<String> status(String b, String k, String v) { return store.status(b, k, v); }
            @Override public void markReplica(String b, String k, String v) {
                if (left[0]-- > 0) throw new IllegalStateException("a hiccup");
                store.markReplica(b, k, v);
            }
        };
    }

    @Test
    void anUnexpectedErrorIsTriedAgainAndFailsOnlyWhenItStays() throws Exception {
        StoredObject once = put("once", "1");
        StoredObject always = put("always", "2");
        H2ReplicationStore store = new H2ReplicationStore(db);
        store.enqueue("src", "once", once.versionId(), false, List.of(new Target("dst", null)));
        new ReplicationEngine(objects, configs, failingFirst(store, 2), Runnable::run).drain();
        assertEquals(Optional.of("COMPLETED"), store.status("src", "once", once.versionId()));
        assertEquals(Optional.of("REPLICA"), store.status("dst", "once", once.versionId()));
        assertEquals(1, objectStore.scanVersions("dst", "once".getBytes(), null, 0, 10).size(), "published once");

        store.enqueue("src", "always", always.versionId(), false, List.of(new Target("dst", null)));
        new ReplicationEngine(objects, configs, failingFirst(store, 100), Runnable::run).drain();
        assertEquals(Optional.of("FAILED"), store.status("src", "always", always.versionId()));
        assertEquals(List.of(), store.pending(10));
    }
}
