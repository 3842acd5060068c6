package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 in the middle of many concurrent PUTs: every acknowledged object is intact, no partial one is visible. */
class S3ObjectDurabilityIT {

    static byte[] content(String key) {
        Random r = new Random(key.hashCode());
        byte[] b = new byte[256 * 1024 + r.nextInt(1024 * 1024)];
        r.nextBytes(b);
        return b;
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void acknowledgedPutsSurviveKill9(@TempDir Path dataDir) throws Exception {
        Map<String, String> props = Map.of("auth", "known", "services", "s3");
        Map<String, String> acked = new ConcurrentHashMap<>();
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props)) {
            S3Client setup = S3DurabilityIT.client(p);
            setup.createBucket(b -> b.bucket("crash"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(40);
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.submit(() -> {
                    try (S3Client s3 = S3DurabilityIT.client(p)) {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "t" + thread + "/obj-" + i;
                            byte[] body = content(key);
                            try {
                                s3.putObject(b -> b.bucket("crash").key(key), RequestBody.fromBytes(body));
                            } catch (RuntimeException e) {
                                return null; // the server died under us: not acknowledged
                            }
                            acked.put(key, md5(body));
                            enough.countDown();
                        }
                    }
                    return null;
                });
            }
            assertTrue(enough.await(120, TimeUnit.SECONDS), "40 PUTs acknowledged");
            p.kill9();
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(120, TimeUnit.SECONDS));
            setup.close();
        }
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props); S3Client s3 = S3DurabilityIT.client(p)) {
            List<S3Object> listed = s3.listObjectsV2Paginator(b -> b.bucket("crash")).contents().stream().toList();
            Map<String, S3Object> byKey = new java.util.HashMap<>();
            for (S3Object o : listed) byKey.put(o.key(), o);
            for (String key : acked.keySet()) assertTrue(byKey.containsKey(key), "acknowledged " + key + " is listed");
            for (S3Object o : listed) {
                // whatever is visible is whole: its bytes are exactly what was sent for that key
                byte[] want = content(o.key());
                byte[] got = s3.getObjectAsBytes(b -> b.bucket("crash").key(o.key())).asByteArray();
                assertEquals(want.length, got.length, o.key());
                assertEquals(md5(want), md5(got), o.key());
                assertEquals("\"" + md5(want) + "\"", o.eTag(), o.key());
            }
            assertTrue(listed.size() >= acked.size());
        }
    }
}
