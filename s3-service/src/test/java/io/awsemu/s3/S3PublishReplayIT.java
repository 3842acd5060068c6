package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Tag;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 while PutObjects' publishes wait for the metadata's store (the publish log, {@code PublishLog}): the store
 * is held back for a minute here, so what the restart shows came from the log's replay. Every acknowledged PUT is
 * there with its bytes, overwrites end as the last acknowledged one (or the one in flight), and a versioned bucket
 * keeps every acknowledged version.
 */
class S3PublishReplayIT {
    static final int THREADS = 4;
    static final int KEYS_PER_THREAD = 5;

    static String body(String key, int i) {
        return key + " #" + i + " " + "x".repeat(i % 50);
    }

    @Test
    void acknowledgedPublishesWaitingForTheStoreSurviveKill9(@TempDir Path dataDir) throws Exception {
        Map<String, String> props = Map.of("auth", "known", "services", "s3", "s3.publishStoreMillis", "60000");
        Map<String, String> lastAcked = new ConcurrentHashMap<>();
        Map<String, String> inFlight = new ConcurrentHashMap<>();
        Map<String, String> versions = new ConcurrentHashMap<>(); // version id -> body
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props); S3Client setup = S3DurabilityIT.client(p)) {
            setup.createBucket(b -> b.bucket("plain"));
            setup.createBucket(b -> b.bucket("versioned"));
            setup.putBucketVersioning(b -> b.bucket("versioned")
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(400);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                pool.submit(() -> {
                    try (S3Client s3 = S3DurabilityIT.client(p)) {
                        for (int i = 0; !stop.get(); i++) {
                            // each thread owns its keys, so its last acknowledged PUT of a key is the key's last
                            String key = "t" + thread + "/k" + (i % KEYS_PER_THREAD);
                            String body = body(key, i);
                            try {
                                inFlight.put(key, body);
                                s3.putObject(b -> b.bucket("plain").key(key), RequestBody.fromString(body));
                                lastAcked.put(key, body);
                                inFlight.remove(key);
                                String v = s3.putObject(b -> b.bucket("versioned").key(key), RequestBody.fromString(body))
                                        .versionId();
                                versions.put(v, body);
                            } catch (RuntimeException e) {
                                return null; // the server died under us: not acknowledged
                            }
                            enough.countDown();
                        }
                    }
                    return null;
                });
            }
            assertTrue(enough.await(120, TimeUnit.SECONDS), "400 PUT pairs acknowledged");
            p.kill9();
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(120, TimeUnit.SECONDS));
        }
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props); S3Client s3 = S3DurabilityIT.client(p)) {
            for (var e : lastAcked.entrySet()) {
                String got = s3.getObjectAsBytes(b -> b.bucket("plain").key(e.getKey())).asString(StandardCharsets.UTF_8);
                String flying = inFlight.get(e.getKey());
                assertTrue(got.equals(e.getValue()) || got.equals(flying),
                        e.getKey() + ": the last acknowledged body (or the one in flight), got " + got);
            }
            Map<String, ObjectVersion> listed = new HashMap<>();
            s3.listObjectVersionsPaginator(b -> b.bucket("versioned")).versions().forEach(v -> listed.put(v.versionId(), v));
            for (var e : versions.entrySet()) {
                assertTrue(listed.containsKey(e.getKey()), "acknowledged version " + e.getKey() + " is listed");
                String key = listed.get(e.getKey()).key();
                String got = s3.getObjectAsBytes(b -> b.bucket("versioned").key(key).versionId(e.getKey()))
                        .asString(StandardCharsets.UTF_8);
                assertEquals(e.getValue(), got, key + " version " + e.getKey());
            }
            // one current version per key, and it is the newest
            Set<String> keys = new java.util.HashSet<>();
            for (ObjectVersion v : listed.values()) if (v.isLatest()) assertTrue(keys.add(v.key()), "one latest " + v.key());
            String started = p.output();
            assertTrue(started.contains("replayed"),
                    "the restart replayed publishes the store had not taken (else this test tested nothing):\n" + started);
        }
    }

    static String get(S3Client s3, String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    /**
     * Writes between the logged PUTs that store the metadata themselves (a delete, a DeleteObjects, a copy, a version's
     * delete) keep their effect across the replay, and a replayed PUT keeps everything its request set: metadata,
     * tags, ACL.
     */
    @Test
    void replayedPutsLandOnWhatTheWritesAfterThemLeft(@TempDir Path dataDir) throws Exception {
        Map<String, String> props = Map.of("auth", "known", "services", "s3", "s3.publishStoreMillis", "60000");
        String v1;
        String v2;
        String v3;
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props); S3Client s3 = S3DurabilityIT.client(p)) {
            s3.createBucket(b -> b.bucket("bkt").objectOwnership(ObjectOwnership.OBJECT_WRITER)); // ACLs allowed
            s3.deletePublicAccessBlock(b -> b.bucket("bkt"));
            s3.createBucket(b -> b.bucket("vbk"));
            s3.putBucketVersioning(b -> b.bucket("vbk").versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));

            s3.putObject(b -> b.bucket("bkt").key("deleted"), RequestBody.fromString("gone"));
            s3.deleteObject(b -> b.bucket("bkt").key("deleted"));
            s3.putObject(b -> b.bucket("bkt").key("again"), RequestBody.fromString("first"));
            s3.deleteObject(b -> b.bucket("bkt").key("again"));
            s3.putObject(b -> b.bucket("bkt").key("src"), RequestBody.fromString("x"));
            s3.copyObject(b -> b.sourceBucket("bkt").sourceKey("src").destinationBucket("bkt").destinationKey("copy"));
            s3.putObject(b -> b.bucket("bkt").key("batch1"), RequestBody.fromString("1"));
            s3.putObject(b -> b.bucket("bkt").key("batch2"), RequestBody.fromString("2"));
            s3.deleteObjects(b -> b.bucket("bkt").delete(d -> d.objects(o -> o.key("batch1"), o -> o.key("batch2"))));
            v1 = s3.putObject(b -> b.bucket("vbk").key("k"), RequestBody.fromString("one")).versionId();
            v2 = s3.putObject(b -> b.bucket("vbk").key("k"), RequestBody.fromString("two")).versionId();
            s3.deleteObject(b -> b.bucket("vbk").key("k").versionId(v1));

            // the logged PUTs after the last write that stored
            s3.putObject(b -> b.bucket("bkt").key("again"), RequestBody.fromString("second"));
            s3.putObject(b -> b.bucket("bkt").key("src"), RequestBody.fromString("y"));
            v3 = s3.putObject(b -> b.bucket("vbk").key("k"), RequestBody.fromString("three")).versionId();
            s3.putObject(b -> b.bucket("bkt").key("rich").contentType("text/csv").metadata(Map.of("color", "blue"))
                    .tagging("team=storage&tier=gold").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("r"));
            p.kill9();
        }
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props); S3Client s3 = S3DurabilityIT.client(p)) {
            assertThrows(NoSuchKeyException.class, () -> get(s3, "bkt", "deleted"));
            assertThrows(NoSuchKeyException.class, () -> get(s3, "bkt", "batch1"));
            assertThrows(NoSuchKeyException.class, () -> get(s3, "bkt", "batch2"));
            assertEquals("second", get(s3, "bkt", "again"));
            assertEquals("y", get(s3, "bkt", "src"));
            assertEquals("x", get(s3, "bkt", "copy"));
            Map<String, String> byVersion = new HashMap<>();
            s3.listObjectVersionsPaginator(b -> b.bucket("vbk")).versions().forEach(o -> byVersion.put(o.versionId(),
                    s3.getObjectAsBytes(b -> b.bucket("vbk").key("k").versionId(o.versionId())).asString(StandardCharsets.UTF_8)));
            assertEquals(Map.of(v2, "two", v3, "three"), byVersion);
            assertEquals("three", get(s3, "vbk", "k"));

            HeadObjectResponse head = s3.headObject(b -> b.bucket("bkt").key("rich"));
            assertEquals("text/csv", head.contentType());
            assertEquals(Map.of("color", "blue"), head.metadata());
            assertEquals(Set.of(Tag.builder().key("team").value("storage").build(), Tag.builder().key("tier").value("gold").build()),
                    Set.copyOf(s3.getObjectTagging(b -> b.bucket("bkt").key("rich")).tagSet()));
            assertTrue(s3.getObjectAcl(b -> b.bucket("bkt").key("rich")).grants().stream()
                    .anyMatch(g -> "http://acs.amazonaws.com/groups/global/AllUsers".equals(g.grantee().uri())
                            && g.permission() == Permission.READ), "the canned ACL came back with the replay");
            assertTrue(p.output().contains("replayed"), "the last PUTs came from the replay:\n" + p.output());
        }
    }
}
