package io.awsemu.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.internal.QueueDelivery;
import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.engine.AccessEngine;
import io.awsemu.s3.engine.Acl;
import io.awsemu.s3.engine.Bucket;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.LifecycleEvents;
import io.awsemu.s3.engine.LifecycleSweeper;
import io.awsemu.s3.engine.MultipartEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.ObjectTagging;
import io.awsemu.s3.engine.ReplicationEngine;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersionExtras;
import io.awsemu.s3.engine.VersionedLifecycleActions;
import io.awsemu.s3.engine.VersioningEngine;
import io.awsemu.s3.store.H2AccessStore;
import io.awsemu.s3.store.H2BucketConfigStore;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2MultipartStore;
import io.awsemu.s3.store.H2ObjectStore;
import io.awsemu.s3.store.H2OutboxStore;
import io.awsemu.s3.store.H2ReplicationStore;
import io.awsemu.s3.store.OutboxStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write in a watched bucket journals its event in its own transaction. A write whose answer never ran (the process
 * died after the commit) is simulated by calling the engine with a journal and no router around it: the replay of a
 * later "run" delivers its event and queues its replication, once. The same for the changes of existing versions
 * (tagging, ACL, restore) and for a lifecycle sweep's expirations, whose telling is left out.
 */
class S3EventOutboxTest {
    static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:events";
    static final ObjectMapper JSON = new ObjectMapper();
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final List<String> sent = new CopyOnWriteArrayList<>();
    final AtomicBoolean sqsRunning = new AtomicBoolean(true);
    final OutboxStore outboxStore;
    final H2ObjectStore objectStore;
    final ObjectEngine objects;
    final MultipartEngine multipart;
    final H2BucketConfigStore configs;
    final ReplicationEngine replication;
    final H2ReplicationStore replicationStore;
    final BucketEngine buckets;
    final ObjectTagging tagging;
    final AccessEngine access;
    final LifecycleSweeper sweeper;
    S3Router router;
    EventOutbox outbox;

    S3EventOutboxTest() {
        Clock clock = Clock.systemUTC();
        buckets = new BucketEngine(H2BucketStore.migrated(db), clock);
        objectStore = new H2ObjectStore(db);
        outboxStore = new H2OutboxStore(db);
        objects = new ObjectEngine(buckets, objectStore, new InMemoryBlobStore(), clock);
        multipart = new MultipartEngine(objects, new H2MultipartStore(db));
        configs = new H2BucketConfigStore(db);
        replicationStore = new H2ReplicationStore(db);
        replication = new ReplicationEngine(objects, configs, replicationStore, Runnable::run);
        tagging = new ObjectTagging(objects, configs);
        access = new AccessEngine(new H2AccessStore(db));
        sweeper = new LifecycleSweeper(buckets, new BucketConfigs(buckets, configs),
                doc -> BucketConfigXml.lifecycle(BucketConfigXml.read(doc)), objects, tagging, clock);
        sweeper.actions(new VersionedLifecycleActions(new VersioningEngine(objects), multipart, tagging));
        start();
    }

    /** A new run over the same database: a new router and outbox, as a start builds them. */
    void start() {
        QueueDelivery queue = S3EventDeliveryTest.everyQueue(body -> {
            sent.add(body);
            return CompletableFuture.completedFuture(null);
        });
        outbox = new EventOutbox(outboxStore);
        router = S3Service.router(buckets, objects, multipart, configs, access, null, WebsiteReadAccess.ALLOW_ALL,
                () -> sqsRunning.get() ? Optional.of(queue) : Optional.empty(), replication, sweeper, outbox, "localhost");
    }

    @AfterEach
    void close() {
        db.close();
    }

    AwsResponse call(String method, String uri, String body, String... headers) throws Exception {
        return ObjectOperationsTest.route(router, method, uri, RequestBody.of(body.getBytes(StandardCharsets.UTF_8)),
                headers);
    }

    static String md5(String s) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** A versioned bucket {@code src} whose events go to the queue and whose versions replicate to {@code dst}. */
    void watched() throws Exception {
        for (String b : List.of("src", "dst")) {
            assertEquals(200, call("PUT", "/" + b, "").status());
            assertEquals(200, call("PUT", "/" + b + "?versioning",
                    "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>").status());
        }
        assertEquals(200, call("PUT", "/src?notification", "<NotificationConfiguration><QueueConfiguration><Queue>"
                + QUEUE + "</Queue><Event>s3:ObjectCreated:*</Event><Event>s3:ObjectRemoved:*</Event>"
                + "<Event>s3:ObjectTagging:*</Event><Event>s3:ObjectAcl:Put</Event><Event>s3:ObjectRestore:*</Event>"
                + "<Event>s3:LifecycleExpiration:*</Event><Event>s3:LifecycleTransition</Event></QueueConfiguration>"
                + "</NotificationConfiguration>").status());
        String rules = "<ReplicationConfiguration><Role>arn:aws:iam::000000000000:role/r</Role><Rule><ID>all</ID>"
                + "<Priority>1</Priority><Status>Enabled</Status><Filter><Prefix></Prefix></Filter>"
                + "<DeleteMarkerReplication><Status>Enabled</Status></DeleteMarkerReplication>"
                + "<Destination><Bucket>arn:aws:s3:::dst</Bucket></Destination></Rule></ReplicationConfiguration>";
        assertEquals(200, call("PUT", "/src?replication", rules, "Content-MD5", md5(rules)).status());
        sent.clear(); // the test event
    }

    /** A PUT that committed and never reached its answer. */
    StoredObject crashedPut(String bucket, String key, Journal j) throws Exception {
        byte[] body = key.getBytes(StandardCharsets.UTF_8);
        return objects.put(new ObjectEngine.PutRequest("000000000000", bucket, key, body.length, null, null, null, false,
                null, Map.of(), null, null, null, VersionExtras.NONE.journaled(j)), new ByteArrayInputStream(body), Map::of);
    }

    List<OutboxStore.Entry> rows() {
        return outboxStore.leftBefore(Long.MAX_VALUE, 1000);
    }

    static JsonNode record(String message) throws Exception {
        return JSON.readTree(message).get("Records").get(0);
    }

    @Test
    void aWriteWhoseAnswerNeverRanIsDeliveredAndReplicatedByTheNextRun() throws Exception {
        watched();
        Journal put = new Journal("ObjectCreated:Put", "AWS:someone", "10.1.2.3", "crashed-1");
        StoredObject o = crashedPut("src", "docs/a b.txt", put);
        Journal del = new Journal("ObjectRemoved", "AWS:someone", "10.1.2.3", "crashed-2");
        ObjectEngine.DeleteResult marker = objects.delete("000000000000", "src", "other", null, false, del);
        assertTrue(put.wasWritten() && del.wasWritten());
        assertEquals(2, rows().size());
        assertEquals(List.of(), sent);
        assertEquals(Optional.empty(), replication.status("src", "docs/a b.txt", o.versionId()));

        // the run that wrote them leaves young rows to their answers
        assertEquals(0, outbox.replay());
        assertEquals(2, rows().size());

        long written = rows().get(0).createdMillis();
        Thread.sleep(5); // the next run starts later than the rows were written
        start();
        assertEquals(2, outbox.replay());
        assertEquals(List.of(), rows());
        assertEquals(2, sent.size(), sent.toString());
        JsonNode created = record(sent.get(0));
        assertEquals("ObjectCreated:Put", created.get("eventName").asText());
        assertEquals("docs/a+b.txt", created.at("/s3/object/key").asText());
        assertEquals(o.versionId(), created.at("/s3/object/versionId").asText());
        assertEquals(o.etag(), created.at("/s3/object/eTag").asText());
        assertEquals(12, created.at("/s3/object/size").asLong());
        assertEquals("AWS:someone", created.at("/userIdentity/principalId").asText());
        assertEquals("10.1.2.3", created.at("/requestParameters/sourceIPAddress").asText());
        assertEquals("crashed-1", created.at("/responseElements/x-amz-request-id").asText());
        assertEquals(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(written)),
                created.get("eventTime").asText(), "the write's time, not the replay's");
        JsonNode removed = record(sent.get(1));
        assertEquals("ObjectRemoved:DeleteMarkerCreated", removed.get("eventName").asText());
        assertEquals(marker.versionId(), removed.at("/s3/object/versionId").asText());
        assertTrue(removed.at("/s3/object/size").isMissingNode());

        assertEquals(Optional.of("COMPLETED"), replication.status("src", "docs/a b.txt", o.versionId()));
        assertEquals(o.etag(), objects.get("000000000000", "dst", "docs/a b.txt", o.versionId()).etag());
        assertTrue(objectStore.findVersion("dst", "other", marker.versionId()).orElseThrow().deleteMarker());

        // delivered once
        assertEquals(0, outbox.replay());
        assertEquals(2, sent.size());
    }

    @Test
    void answeredWritesLeaveNothingBehind() throws Exception {
        watched();
        assertEquals(200, call("PUT", "/src/k", "one").status());
        assertEquals(204, call("DELETE", "/src/k", "").status());
        String uploadId = ObjectOperationsTest.text(call("POST", "/src/m?uploads", ""))
                .replaceAll("(?s).*<UploadId>(.*)</UploadId>.*", "$1");
        String etag = call("PUT", "/src/m?partNumber=1&uploadId=" + uploadId, "part").headers().get("ETag");
        assertEquals(200, call("POST", "/src/m?uploadId=" + uploadId, "<CompleteMultipartUpload><Part><PartNumber>1"
                + "</PartNumber><ETag>" + etag + "</ETag></Part></CompleteMultipartUpload>").status());
        assertEquals(200, call("PUT", "/src/c", "", "x-amz-copy-source", "/src/m").status());
        List<String> names = new ArrayList<>();
        for (String m : sent) names.add(record(m).get("eventName").asText());
        assertEquals(List.of("ObjectCreated:Put", "ObjectRemoved:DeleteMarkerCreated",
                "ObjectCreated:CompleteMultipartUpload", "ObjectCreated:Copy"), names);
        assertEquals(List.of(), rows(), "each answer removed what its write journaled");

        Thread.sleep(5);
        start();
        assertEquals(0, outbox.replay());
        assertEquals(4, sent.size(), "nothing is delivered twice");
    }

    @Test
    void aBucketWithoutNotificationOrReplicationJournalsNothing() throws Exception {
        assertEquals(200, call("PUT", "/plain", "").status());
        Journal j = new Journal("ObjectCreated:Put", "AWS:someone", "10.1.2.3", "crashed-3");
        crashedPut("plain", "k", j);
        objects.delete("000000000000", "plain", "k", null, false, j);
        assertFalse(j.wasWritten());
        assertEquals(List.of(), rows());

        // once another bucket is watched, this one still is not; nor does a configuration of another kind watch it
        watched();
        assertEquals(204, call("PUT", "/plain?tagging", "<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag>"
                + "</TagSet></Tagging>").status());
        crashedPut("plain", "k2", j);
        objects.delete("000000000000", "plain", "k2", null, false, j);
        assertFalse(j.wasWritten());
        assertEquals(List.of(), rows());
    }

    @Test
    void whileSqsIsNotBoundYetTheRowsWait() throws Exception {
        watched();
        crashedPut("src", "k", new Journal("ObjectCreated:Put", "AWS:someone", "10.1.2.3", "crashed-4"));
        Thread.sleep(5);
        sqsRunning.set(false);
        start();
        assertEquals(0, outbox.replay());
        assertEquals(1, rows().size(), "kept for when SQS is there");
        sqsRunning.set(true);
        assertEquals(1, outbox.replay());
        assertEquals(1, sent.size());
        assertEquals(List.of(), rows());
    }

    @Test
    void aDeletedBucketTakesItsRowsWithIt() throws Exception {
        watched();
        crashedPut("src", "k", new Journal("ObjectCreated:Put", "AWS:someone", "10.1.2.3", "crashed-5"));
        assertEquals(1, rows().size());
        // emptied and deleted by a client: the version first, then the bucket
        String versionId = objects.get("000000000000", "src", "k").versionId();
        assertEquals(204, call("DELETE", "/src/k?versionId=" + versionId, "").status());
        assertEquals(204, call("DELETE", "/src?replication", "").status());
        assertEquals(204, call("DELETE", "/src", "").status());
        assertEquals(List.of(), rows());
    }

    // ---------------------------------------------------------------- changes of existing versions

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** In the watched {@code src}, which takes ACLs: {@code doc} and {@code cold}, a GLACIER object, both answered. */
    void twoObjects() throws Exception {
        watched();
        String ownership = "<OwnershipControls><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule>"
                + "</OwnershipControls>";
        assertEquals(200, call("PUT", "/src?ownershipControls", ownership, "Content-MD5", md5(ownership)).status());
        assertEquals(200, call("PUT", "/src/doc", "document").status());
        assertEquals(200, call("PUT", "/src/cold", "archived", "x-amz-storage-class", "GLACIER").status());
        sent.clear();
    }

    List<String> described() throws Exception {
        List<String> out = new ArrayList<>();
        for (String m : sent) {
            JsonNode r = record(m);
            out.add(r.get("eventName").asText() + " " + r.at("/s3/object/key").asText() + " "
                    + r.at("/s3/object/versionId").asText("-"));
        }
        return out;
    }

    @Test
    void taggingAclAndRestoreWhoseAnswersNeverRanAreDeliveredByTheNextRun() throws Exception {
        twoObjects();
        StoredObject doc = objects.get("000000000000", "src", "doc");
        StoredObject cold = objects.get("000000000000", "src", "cold");
        tagging.set(doc, Map.of("a", "1"), new Journal("ObjectTagging:Put", "AWS:someone", "10.1.2.3", "crashed-t1"));
        assertEquals(Map.of("a", "1"), tagging.tags(doc));
        tagging.delete(doc, new Journal("ObjectTagging:Delete", "AWS:someone", "10.1.2.3", "crashed-t2"));
        assertEquals(Map.of(), tagging.tags(doc));
        access.putObjectAcl("src", "doc", doc.shownVersionId(), new AccessEngine.AclSpec("aws-exec-read", null), doc,
                new Journal("ObjectAcl:Put", "AWS:someone", "10.1.2.3", "crashed-a"));
        assertTrue(access.getObjectAcl("src", "doc", doc.shownVersionId()).encode().contains(Acl.EC2_CANONICAL_ID));
        Journal restore = new Journal("ObjectRestore", "AWS:someone", "10.1.2.3", "crashed-r");
        assertFalse(objects.restore("000000000000", "src", "cold", null, 2, restore));
        Instant until = objects.restoredUntil(cold).orElseThrow();
        assertEquals(5, rows().size());
        assertEquals(List.of(), sent);
        assertEquals(0, outbox.replay(), "young rows are their answers'");

        Thread.sleep(5);
        start();
        assertEquals(5, outbox.replay());
        assertEquals(List.of(), rows());
        String d = " doc " + doc.versionId();
        String c = " cold " + cold.versionId();
        assertEquals(List.of("ObjectTagging:Put" + d, "ObjectTagging:Delete" + d, "ObjectAcl:Put" + d,
                "ObjectRestore:Post" + c, "ObjectRestore:Completed" + c), described());
        JsonNode tagged = record(sent.get(0));
        assertEquals(doc.etag(), tagged.at("/s3/object/eTag").asText());
        assertEquals(8, tagged.at("/s3/object/size").asLong());
        assertEquals("AWS:someone", tagged.at("/userIdentity/principalId").asText());
        assertEquals("crashed-t1", tagged.at("/responseElements/x-amz-request-id").asText());
        assertTrue(record(sent.get(3)).at("/glacierEventData").isMissingNode());
        JsonNode completed = record(sent.get(4));
        assertEquals("crashed-r", completed.at("/responseElements/x-amz-request-id").asText());
        assertEquals(TIME.format(until),
                completed.at("/glacierEventData/restoreEventData/lifecycleRestorationExpiryTime").asText());
        assertEquals("GLACIER", completed.at("/glacierEventData/restoreEventData/lifecycleRestoreStorageClass").asText());
        assertEquals(0, outbox.replay());
        assertEquals(5, sent.size(), "delivered once");

        // a restore that only moves the expiry sends nothing and journals nothing
        assertTrue(objects.restore("000000000000", "src", "cold", null, 5,
                new Journal("ObjectRestore", "AWS:someone", "10.1.2.3", "crashed-r2")));
        assertEquals(List.of(), rows());
    }

    @Test
    void answeredTaggingAclAndRestoreLeaveNothingBehind() throws Exception {
        twoObjects();
        String tags = "<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>";
        assertEquals(200, call("PUT", "/src/doc?tagging", tags, "Content-MD5", md5(tags)).status());
        assertEquals(204, call("DELETE", "/src/doc?tagging", "").status());
        assertEquals(200, call("PUT", "/src/doc?acl", "", "x-amz-acl", "aws-exec-read").status());
        String days = "<RestoreRequest><Days>2</Days></RestoreRequest>";
        assertEquals(202, call("POST", "/src/cold?restore", days, "Content-MD5", md5(days)).status());
        assertEquals(200, call("POST", "/src/cold?restore", days, "Content-MD5", md5(days)).status());
        StoredObject doc = objects.get("000000000000", "src", "doc");
        StoredObject cold = objects.get("000000000000", "src", "cold");
        String d = " doc " + doc.versionId();
        String c = " cold " + cold.versionId();
        assertEquals(List.of("ObjectTagging:Put" + d, "ObjectTagging:Delete" + d, "ObjectAcl:Put" + d,
                "ObjectRestore:Post" + c, "ObjectRestore:Completed" + c), described());
        assertEquals(List.of(), rows(), "each answer removed what its change journaled");

        Thread.sleep(5);
        start();
        assertEquals(0, outbox.replay());
        assertEquals(5, sent.size(), "nothing is delivered twice");
    }

    // ---------------------------------------------------------------- lifecycle expirations

    /**
     * In the watched {@code src}: {@code old/} expires a day after it was written (a delete marker, as {@code src} is
     * versioned), and a noncurrent version a day after it became noncurrent; {@code old/a} is written, answered.
     * @return old/a's version
     */
    /**
     * Makes the sweep journal its passes under request id "sweep-crashed" and tell no one, as a process that died
     * after the commits: what each pass committed is listed in the answer, as {@link #described} would show it.
     */
    List<String> crashingPass() {
        Journal pass = new Journal("LifecycleExpiration", EventNotifications.S3_PRINCIPAL, EventNotifications.S3_PRINCIPAL,
                "sweep-crashed");
        List<String> committed = new ArrayList<>();
        sweeper.events(new LifecycleEvents() {
            @Override
            public void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated) {
                committed.add(Journal.removal("LifecycleExpiration", deleteMarkerCreated) + " " + key + " " + versionId);
            }

            @Override
            public void transitioned(Bucket bucket, StoredObject v) {
                committed.add("LifecycleTransition " + v.key() + " " + v.versionId());
            }

            @Override
            public Journal journal() {
                return pass;
            }
        });
        return committed;
    }

    String expiring() throws Exception {
        watched();
        String rules = "<LifecycleConfiguration><Rule><ID>expire</ID><Filter><Prefix>old/</Prefix></Filter>"
                + "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"
                + "<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays></NoncurrentVersionExpiration>"
                + "</Rule></LifecycleConfiguration>";
        assertEquals(200, call("PUT", "/src?lifecycle", rules, "Content-MD5", md5(rules)).status());
        assertEquals(200, call("PUT", "/src/old/a", "aaa").status());
        sent.clear();
        return objects.get("000000000000", "src", "old/a").versionId();
    }

    @Test
    void lifecycleExpirationsWhoseTellingNeverRanAreDeliveredByTheNextRun() throws Exception {
        String v1 = expiring();
        // the sweep commits each expiration with its journal row; the process dies before telling any
        List<String> committed = crashingPass();
        assertEquals(1, sweeper.sweep(Instant.now().plus(Duration.ofDays(3))).expired());
        assertEquals(2, committed.size(), committed.toString());
        assertTrue(objectStore.findVersion("src", "old/a", v1).isEmpty(), "the noncurrent version is gone");
        assertEquals(2, rows().size());
        assertEquals(List.of(), sent);

        Thread.sleep(5);
        start();
        assertEquals(2, outbox.replay());
        assertEquals(List.of(), rows());
        assertEquals(committed, described());
        assertTrue(committed.get(0).startsWith("LifecycleExpiration:DeleteMarkerCreated old/a "));
        assertEquals("LifecycleExpiration:Delete old/a " + v1, committed.get(1));
        for (String m : sent) {
            JsonNode r = record(m);
            assertEquals("s3.amazonaws.com", r.at("/userIdentity/principalId").asText());
            assertEquals("s3.amazonaws.com", r.at("/requestParameters/sourceIPAddress").asText());
            assertEquals("sweep-crashed", r.at("/responseElements/x-amz-request-id").asText());
        }
        // the marker a lifecycle expiration made is not replicated, as when the sweep tells it
        String marker = committed.get(0).substring(committed.get(0).lastIndexOf(' ') + 1);
        assertEquals(Optional.empty(), replication.status("src", "old/a", marker));
        assertEquals(0, outbox.replay());
        assertEquals(2, sent.size(), "delivered once");
    }

    /** A current object and a noncurrent version under cold/ that a sweep 3 days on moves to GLACIER. */
    String[] transitioning() throws Exception {
        watched();
        // a size filter: without one, S3 leaves objects under 128 KiB where they are
        String rules = "<LifecycleConfiguration><Rule><ID>cool</ID><Filter><And><Prefix>cold/</Prefix>"
                + "<ObjectSizeGreaterThan>1</ObjectSizeGreaterThan></And></Filter>"
                + "<Status>Enabled</Status><Transition><Days>1</Days><StorageClass>GLACIER</StorageClass></Transition>"
                + "<NoncurrentVersionTransition><NoncurrentDays>1</NoncurrentDays><StorageClass>GLACIER</StorageClass>"
                + "</NoncurrentVersionTransition></Rule></LifecycleConfiguration>";
        assertEquals(200, call("PUT", "/src?lifecycle", rules, "Content-MD5", md5(rules)).status());
        assertEquals(200, call("PUT", "/src/cold/a", "first").status());
        String v1 = objects.get("000000000000", "src", "cold/a").versionId();
        assertEquals(200, call("PUT", "/src/cold/a", "second").status());
        String v2 = objects.get("000000000000", "src", "cold/a").versionId();
        sent.clear();
        return new String[] {v1, v2};
    }

    @Test
    void lifecycleTransitionsWhoseTellingNeverRanAreDeliveredByTheNextRun() throws Exception {
        String[] v = transitioning();
        List<String> committed = crashingPass();
        assertEquals(2, sweeper.sweep(Instant.now().plus(Duration.ofDays(3))).transitioned());
        assertEquals(List.of("LifecycleTransition cold/a " + v[1], "LifecycleTransition cold/a " + v[0]), committed);
        assertEquals(2, rows().size());
        assertEquals(List.of(), sent);

        Thread.sleep(5);
        start();
        assertEquals(2, outbox.replay());
        assertEquals(List.of(), rows());
        assertEquals(committed, described());
        assertEquals("GLACIER", objectStore.findVersion("src", "cold/a", v[1]).orElseThrow().storageClass());
        assertEquals(6, record(sent.get(0)).at("/s3/object/size").asInt(), "the version's own size");
        assertEquals(0, outbox.replay());
    }

    @Test
    void aSweepThatToldItsTransitionsLeavesNothingBehind() throws Exception {
        String[] v = transitioning();
        assertEquals(2, sweeper.sweep(Instant.now().plus(Duration.ofDays(3))).transitioned());
        assertEquals(List.of("LifecycleTransition cold/a " + v[1], "LifecycleTransition cold/a " + v[0]), described());
        assertEquals(record(sent.get(0)).at("/responseElements/x-amz-request-id").asText(),
                record(sent.get(1)).at("/responseElements/x-amz-request-id").asText(), "one pass, one request id");
        assertEquals(List.of(), rows(), "the sweep removed what it journaled");
        Thread.sleep(5);
        start();
        assertEquals(0, outbox.replay());
        assertEquals(2, sent.size());
    }

    @Test
    void theNullVersionsExpirationShowsNullLiveAsItsReplayWould() throws Exception {
        expiring();
        assertEquals(204, call("DELETE", "/src?replication", "").status()); // S3 keeps a replicated bucket Enabled
        assertEquals(200, call("PUT", "/src?versioning",
                "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>").status());
        assertEquals(200, call("PUT", "/src/old/n", "null version").status());
        assertEquals(200, call("PUT", "/src?versioning",
                "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>").status());
        assertEquals(200, call("PUT", "/src/old/n", "newer").status());
        sent.clear();
        sweeper.sweep(Instant.now().plus(Duration.ofDays(3)));
        assertTrue(described().contains("LifecycleExpiration:Delete old/n null"), described().toString());
        assertEquals(List.of(), rows());
    }

    @Test
    void aSweepThatToldItsExpirationsLeavesNothingBehind() throws Exception {
        String v1 = expiring();
        assertEquals(1, sweeper.sweep(Instant.now().plus(Duration.ofDays(3))).expired());
        List<String> got = described();
        assertEquals(2, got.size(), got.toString());
        assertTrue(got.get(0).startsWith("LifecycleExpiration:DeleteMarkerCreated old/a "));
        assertEquals("LifecycleExpiration:Delete old/a " + v1, got.get(1));
        String requestId = record(sent.get(0)).at("/responseElements/x-amz-request-id").asText();
        assertEquals(requestId, record(sent.get(1)).at("/responseElements/x-amz-request-id").asText(),
                "one pass over a bucket, one request id: its journal's");
        assertEquals(List.of(), rows(), "the sweep removed what it journaled");

        Thread.sleep(5);
        start();
        assertEquals(0, outbox.replay());
        assertEquals(2, sent.size(), "nothing is delivered twice");
    }
}
