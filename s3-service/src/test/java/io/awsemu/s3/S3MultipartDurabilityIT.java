package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 during many concurrent multipart uploads: every acknowledged completion is an intact object,
 * every acknowledged part of an unfinished upload is still listed, and nothing half-completed is visible.
 */
class S3MultipartDurabilityIT {
    static final int PART = 5 * 1024 * 1024;

    static byte[] part(String key, int n) {
        Random r = new Random((key + "#" + n).hashCode());
        byte[] b = new byte[n == 1 ? PART : 1000 + r.nextInt(100_000)];
        r.nextBytes(b);
        return b;
    }

    @Test
    void acknowledgedPartsAndCompletionsSurviveKill9(@TempDir Path dataDir) throws Exception {
        Map<String, String> props = Map.of("auth", "known", "services", "s3");
        Map<String, Boolean> completed = new ConcurrentHashMap<>();
        // upload id -> part number -> acknowledged ETag, for uploads not (yet) completed
        Map<String, Map<Integer, String>> ackedParts = new ConcurrentHashMap<>();
        Map<String, String> uploadKeys = new ConcurrentHashMap<>();
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props)) {
            S3Client setup = S3DurabilityIT.client(p);
            setup.createBucket(b -> b.bucket("mp-crash"));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(8);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                pool.submit(() -> {
                    try (S3Client s3 = S3DurabilityIT.client(p)) {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "t" + thread + "/mp-" + i;
                            try {
                                String id = s3.createMultipartUpload(b -> b.bucket("mp-crash").key(key)).uploadId();
                                Map<Integer, String> acked = new ConcurrentHashMap<>();
                                uploadKeys.put(id, key);
                                ackedParts.put(id, acked);
                                for (int n = 1; n <= 2; n++) {
                                    int number = n;
                                    String etag = s3.uploadPart(b -> b.bucket("mp-crash").key(key).uploadId(id)
                                            .partNumber(number), RequestBody.fromBytes(part(key, number))).eTag();
                                    acked.put(number, etag);
                                }
                                s3.completeMultipartUpload(b -> b.bucket("mp-crash").key(key).uploadId(id)
                                        .multipartUpload(m -> m.parts(
                                                CompletedPart.builder().partNumber(1).eTag(acked.get(1)).build(),
                                                CompletedPart.builder().partNumber(2).eTag(acked.get(2)).build())));
                                ackedParts.remove(id);
                                completed.put(key, true);
                                enough.countDown();
                            } catch (RuntimeException e) {
                                return null; // the server died under us
                            }
                        }
                    }
                    return null;
                });
            }
            assertTrue(enough.await(180, TimeUnit.SECONDS), "8 multipart uploads completed");
            p.kill9();
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(120, TimeUnit.SECONDS));
            setup.close();
        }
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props); S3Client s3 = S3DurabilityIT.client(p)) {
            List<S3Object> listed = s3.listObjectsV2Paginator(b -> b.bucket("mp-crash")).contents().stream().toList();
            Map<String, S3Object> byKey = new HashMap<>();
            for (S3Object o : listed) byKey.put(o.key(), o);
            for (String key : completed.keySet()) assertTrue(byKey.containsKey(key), "completed " + key + " is listed");
            for (S3Object o : listed) {
                ByteArrayOutputStream want = new ByteArrayOutputStream();
                want.writeBytes(part(o.key(), 1));
                want.writeBytes(part(o.key(), 2));
                byte[] got = s3.getObjectAsBytes(b -> b.bucket("mp-crash").key(o.key())).asByteArray();
                assertArrayEquals(want.toByteArray(), got, o.key());
                assertTrue(o.eTag().endsWith("-2\""), o.eTag());
            }
            Map<String, String> open = new HashMap<>();
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket("mp-crash")).uploads()) {
                open.put(u.uploadId(), u.key());
            }
            for (Map.Entry<String, Map<Integer, String>> e : ackedParts.entrySet()) {
                String key = uploadKeys.get(e.getKey());
                if (!open.containsKey(e.getKey())) {
                    // an acknowledged upload only disappears by completing (the answer lost in the kill)
                    assertTrue(byKey.containsKey(key), "upload of " + key + " is neither open nor completed");
                    continue;
                }
                Map<Integer, String> listedParts = new HashMap<>();
                for (Part part : s3.listParts(b -> b.bucket("mp-crash").key(key).uploadId(e.getKey())).parts()) {
                    listedParts.put(part.partNumber(), part.eTag());
                }
                e.getValue().forEach((n, etag) -> assertEquals(etag, listedParts.get(n), key + " part " + n));
                s3.abortMultipartUpload(b -> b.bucket("mp-crash").key(key).uploadId(e.getKey()));
            }
        }
    }
}
