package io.awsemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.awsemu.core.testing.EmulatorProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ReplicationStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * kill -9 while clients write into a bucket with event notifications and replication: after the restart every version
 * the bucket holds has had its event delivered and is replicated, answered or not when the process died. The events
 * and the replication of a write travel with the write's own transaction, so no crash separates them from it.
 */
class S3EventDurabilityIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    static S3Client s3(EmulatorProcess p) {
        return S3Client.builder().endpointOverride(p.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDS)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static SqsClient sqs(EmulatorProcess p) {
        return SqsClient.builder().endpointOverride(p.endpoint()).region(Region.US_EAST_1).credentialsProvider(CREDS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void everyWriteACrashLeftVisibleHasItsEventAndItsReplica(@TempDir Path dataDir) throws Exception {
        Map<String, String> props = Map.of("auth", "known", "services", "s3,sqs");
        String url;
        String firstRun;
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props); S3Client setup = s3(p); SqsClient sqs = sqs(p)) {
            url = sqs.createQueue(b -> b.queueName("changes")).queueUrl();
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings().get("QueueArn");
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("Policy",
                    S3EventNotificationsIT.s3Policy(arn, "watched")))); // S3 may send from that bucket
            for (String bucket : List.of("watched", "replica")) {
                setup.createBucket(b -> b.bucket(bucket));
                setup.putBucketVersioning(b -> b.bucket(bucket)
                        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            }
            setup.putBucketReplication(b -> b.bucket("watched").replicationConfiguration(c -> c
                    .role("arn:aws:iam::000000000000:role/replication")
                    .rules(r -> r.id("all").priority(1).status(ReplicationRuleStatus.ENABLED).filter(f -> f.prefix(""))
                            .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.ENABLED))
                            .destination(d -> d.bucket("arn:aws:s3:::replica")))));
            setup.putBucketNotificationConfiguration(b -> b.bucket("watched").notificationConfiguration(n -> n
                    .queueConfigurations(q -> q.queueArn(arn).events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED))));
            sqs.purgeQueue(b -> b.queueUrl(url)); // the test event

            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(400);
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.submit(() -> {
                    try (S3Client s3 = s3(p)) {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "t" + thread + "/k" + (i % 5);
                            try {
                                if (i % 4 == 3) s3.deleteObject(b -> b.bucket("watched").key(key));
                                else s3.putObject(b -> b.bucket("watched").key(key), RequestBody.fromString(key + i));
                            } catch (RuntimeException e) {
                                return null; // the server died under us
                            }
                            enough.countDown();
                        }
                    }
                    return null;
                });
            }
            assertTrue(enough.await(120, TimeUnit.SECONDS), "400 writes acknowledged");
            p.kill9();
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(120, TimeUnit.SECONDS));
            firstRun = p.output();
        }
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props); S3Client s3 = s3(p); SqsClient sqs = sqs(p)) {
            List<ObjectVersion> versions = s3.listObjectVersionsPaginator(b -> b.bucket("watched")).versions().stream().toList();
            Set<String> created = new HashSet<>();
            for (ObjectVersion v : versions) created.add(v.key() + " " + v.versionId());
            Set<String> markers = new HashSet<>();
            s3.listObjectVersionsPaginator(b -> b.bucket("watched")).deleteMarkers()
                    .forEach(m -> markers.add(m.key() + " " + m.versionId()));
            assertTrue(created.size() >= 40, "writes were made: " + created.size());

            // every version and marker the bucket shows has its event (at least once: a crash may repeat one)
            Set<String> createdEvents = new HashSet<>();
            Set<String> markerEvents = new HashSet<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while ((!createdEvents.containsAll(created) || !markerEvents.containsAll(markers))
                    && System.currentTimeMillis() < deadline) {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages()) {
                    JsonNode r = JSON.readTree(m.body()).get("Records").get(0);
                    String id = r.at("/s3/object/key").asText().replace("%2F", "/") + " " + r.at("/s3/object/versionId").asText();
                    String name = r.get("eventName").asText();
                    if (name.startsWith("ObjectCreated:")) createdEvents.add(id);
                    else if (name.equals("ObjectRemoved:DeleteMarkerCreated")) markerEvents.add(id);
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
            Set<String> missing = new HashSet<>(created);
            missing.removeAll(createdEvents);
            assertEquals(Set.of(), missing, "versions without their ObjectCreated event");
            Set<String> missingMarkers = new HashSet<>(markers);
            missingMarkers.removeAll(markerEvents);
            assertEquals(Set.of(), missingMarkers, "delete markers without their event");

            // and every version is replicated, each delete marker too
            for (ObjectVersion v : versions) {
                ReplicationStatus status = null;
                for (long end = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < end; Thread.sleep(100)) {
                    status = s3.headObject(b -> b.bucket("watched").key(v.key()).versionId(v.versionId())).replicationStatus();
                    if (status == ReplicationStatus.COMPLETED) break;
                }
                if (status != ReplicationStatus.COMPLETED) {
                    fail(v.key() + " " + v.versionId() + " is " + status + "\n--- first run\n" + firstRun + "\n--- second run\n"
                            + p.output() + "\n--- second run's threads\n" + p.threadDump());
                }
                assertEquals(v.eTag(), s3.headObject(b -> b.bucket("replica").key(v.key()).versionId(v.versionId())).eTag());
            }
            Set<String> replicaMarkers = new HashSet<>();
            for (long end = System.currentTimeMillis() + 30_000;
                 !replicaMarkers.containsAll(markers) && System.currentTimeMillis() < end; Thread.sleep(200)) {
                replicaMarkers.clear();
                s3.listObjectVersionsPaginator(b -> b.bucket("replica")).deleteMarkers()
                        .forEach(m -> replicaMarkers.add(m.key() + " " + m.versionId()));
            }
            assertTrue(replicaMarkers.containsAll(markers), "delete markers replicated: " + markers + " " + replicaMarkers);
        }
    }
}
