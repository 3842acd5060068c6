package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

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
}
