package io.awsemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3 event notifications delivered into SQS queues, through both SDKs' real clients. */
class S3EventNotificationsIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("s3", "sqs").build();

    static final ObjectMapper JSON = new ObjectMapper();
    static S3Client s3;
    static SqsClient sqs;

    @BeforeAll
    static void clients() {
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        s3 = S3Client.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1).credentialsProvider(creds)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1).credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void close() {
        s3.close();
        sqs.close();
    }

    /**
     * A queue whose policy lets S3 send to it from the buckets {@code bucketGlob} names in account 000000000000, as
     * AWS's guide writes it: without such a policy S3 refuses the queue as a destination.
     */
    static String notificationQueue(String name, String bucketGlob) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("Policy", s3Policy(queueArn(url), bucketGlob))));
        return url;
    }

    static String s3Policy(String queueArn, String bucketGlob) {
        return s3SendPolicy(queueArn, "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:*:*:" + bucketGlob + "\"},"
                + "\"StringEquals\":{\"aws:SourceAccount\":\"000000000000\"}}");
    }

    /** A queue policy letting S3 send under {@code condition} (a policy's Condition object). */
    static String s3SendPolicy(String queueArn, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"SQS:SendMessage\",\"Resource\":\"" + queueArn + "\","
                + "\"Condition\":" + condition + "}]}";
    }

    static String queueArn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn")).attributesAsStrings()
                .get("QueueArn");
    }

    /** Receives until {@code n} messages arrived (long polls), deleting them; then checks nothing more comes. */
    static List<JsonNode> drain(String url, int n) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (out.size() < n && System.currentTimeMillis() < deadline) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.SENDER_ID)).messages()) {
                assertNotNull(m.attributes().get(MessageSystemAttributeName.SENDER_ID));
                out.add(JSON.readTree(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        assertEquals(n, out.size(), out.toString());
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages().isEmpty());
        return out;
    }

    static JsonNode record(JsonNode message) {
        assertEquals(1, message.get("Records").size(), message.toString());
        return message.get("Records").get(0);
    }

    @Test
    void objectWritesAndDeletesArriveInTheQueueAsAwsShapesThem() throws Exception {
        String url = notificationQueue("uploads", "*");
        s3.createBucket(b -> b.bucket("events"));
        s3.putBucketNotificationConfiguration(b -> b.bucket("events").notificationConfiguration(n -> n
                .queueConfigurations(q -> q.id("incoming").queueArn(queueArn(url))
                        .events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED_DELETE)
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name(FilterRuleName.PREFIX).value("in/"),
                                r -> r.name(FilterRuleName.SUFFIX).value(".txt")))))));
        JsonNode test = drain(url, 1).get(0);
        assertEquals("s3:TestEvent", test.get("Event").asText());
        assertEquals("events", test.get("Bucket").asText());

        s3.putObject(b -> b.bucket("events").key("in/a b.txt"), RequestBody.fromString("hello"));
        s3.putObject(b -> b.bucket("events").key("out/skipped.txt"), RequestBody.fromString("x"));
        s3.putObject(b -> b.bucket("events").key("in/skipped.bin"), RequestBody.fromString("x"));
        s3.copyObject(b -> b.sourceBucket("events").sourceKey("in/a b.txt").destinationBucket("events").destinationKey("in/c.txt"));
        s3.deleteObject(b -> b.bucket("events").key("in/c.txt"));
        List<JsonNode> got = drain(url, 3);

        JsonNode put = record(got.get(0));
        assertEquals("2.1", put.get("eventVersion").asText());
        assertEquals("aws:s3", put.get("eventSource").asText());
        assertEquals("us-east-1", put.get("awsRegion").asText());
        assertEquals("ObjectCreated:Put", put.get("eventName").asText());
        assertEquals("incoming", put.at("/s3/configurationId").asText());
        assertEquals("events", put.at("/s3/bucket/name").asText());
        assertEquals("arn:aws:s3:::events", put.at("/s3/bucket/arn").asText());
        assertEquals("in/a+b.txt", put.at("/s3/object/key").asText());
        assertEquals(5, put.at("/s3/object/size").asLong());
        assertEquals("5d41402abc4b2a76b9719d911017c592", put.at("/s3/object/eTag").asText());
        assertFalse(put.at("/s3/object/sequencer").asText().isEmpty());
        assertTrue(put.at("/eventTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertFalse(put.at("/responseElements/x-amz-request-id").asText().isEmpty());
        assertEquals("ObjectCreated:Copy", record(got.get(1)).get("eventName").asText());
        assertEquals("in/c.txt", record(got.get(1)).at("/s3/object/key").asText());
        JsonNode removed = record(got.get(2));
        assertEquals("ObjectRemoved:Delete", removed.get("eventName").asText());
        assertTrue(removed.at("/s3/object/size").isMissingNode());

        // a multipart completion, and a delete marker on a versioned bucket (not subscribed: nothing comes)
        String id = s3.createMultipartUpload(b -> b.bucket("events").key("in/big.txt")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("events").key("in/big.txt").uploadId(id).partNumber(1),
                RequestBody.fromString("part")).eTag();
        s3.completeMultipartUpload(b -> b.bucket("events").key("in/big.txt").uploadId(id)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        s3.putBucketVersioning(b -> b.bucket("events").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.deleteObject(b -> b.bucket("events").key("in/big.txt"));
        JsonNode mpu = record(drain(url, 1).get(0));
        assertEquals("ObjectCreated:CompleteMultipartUpload", mpu.get("eventName").asText());
        assertTrue(mpu.at("/s3/object/eTag").asText().endsWith("-1"), mpu.toString());

        // an empty configuration stops the deliveries
        s3.putBucketNotificationConfiguration(b -> b.bucket("events").notificationConfiguration(n -> { }));
        s3.putObject(b -> b.bucket("events").key("in/after.txt"), RequestBody.fromString("x"));
        drain(url, 0);
    }

    @Test
    void deleteMarkersAndDeleteObjectsHaveTheirOwnEventNames() throws Exception {
        String url = notificationQueue("removals", "*");
        s3.createBucket(b -> b.bucket("events-v"));
        s3.putBucketVersioning(b -> b.bucket("events-v").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putObject(b -> b.bucket("events-v").key("k1"), RequestBody.fromString("1"));
        String v2 = s3.putObject(b -> b.bucket("events-v").key("k2"), RequestBody.fromString("2")).versionId();
        s3.putBucketNotificationConfiguration(b -> b.bucket("events-v").notificationConfiguration(n -> n
                .queueConfigurations(q -> q.queueArn(queueArn(url)).events(Event.S3_OBJECT_REMOVED))));
        drain(url, 1); // the test event
        s3.deleteObject(b -> b.bucket("events-v").key("k1"));
        s3.deleteObjects(b -> b.bucket("events-v").delete(d -> d.quiet(true)
                .objects(o -> o.key("k2").versionId(v2))));
        List<JsonNode> got = drain(url, 2);
        assertEquals("ObjectRemoved:DeleteMarkerCreated", record(got.get(0)).get("eventName").asText());
        assertFalse(record(got.get(0)).at("/s3/object/versionId").asText().isEmpty());
        assertEquals("ObjectRemoved:Delete", record(got.get(1)).get("eventName").asText());
        assertEquals(v2, record(got.get(1)).at("/s3/object/versionId").asText());
    }

    /** The record of a one-record message, checked to be {@code eventName} of {@code key}. */
    static JsonNode recordOf(JsonNode message, String eventName, String key) {
        JsonNode r = record(message);
        assertEquals(eventName, r.get("eventName").asText(), r.toString());
        assertEquals(key, r.at("/s3/object/key").asText());
        return r;
    }

    /** "bucket eventName key" of a record. */
    static String described(JsonNode r) {
        return r.at("/s3/bucket/name").asText() + " " + r.get("eventName").asText() + " " + r.at("/s3/object/key").asText();
    }

    static void tag(String bucket, String key) {
        s3.putObjectTagging(b -> b.bucket(bucket).key(key).tagging(t -> t.tagSet(g -> g.key("a").value("1"))));
    }

    @Test
    void taggingAclAndRestoreEventsFollowTheirOperations() throws Exception {
        String url = notificationQueue("object-changes", "*");
        s3.createBucket(b -> b.bucket("events-t"));
        s3.putObject(b -> b.bucket("events-t").key("doc.txt"), RequestBody.fromString("hello"));
        s3.putObject(b -> b.bucket("events-t").key("cold.txt").storageClass(StorageClass.GLACIER),
                RequestBody.fromString("hello"));
        s3.putObject(b -> b.bucket("events-t").key("doc.bin"), RequestBody.fromString("x"));
        s3.putBucketNotificationConfiguration(b -> b.bucket("events-t").notificationConfiguration(n -> n
                .queueConfigurations(q -> q.id("changes").queueArn(queueArn(url))
                        .events(Event.S3_OBJECT_TAGGING, Event.S3_OBJECT_ACL_PUT, Event.S3_OBJECT_RESTORE)
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name(FilterRuleName.SUFFIX).value(".txt")))))));
        drain(url, 1); // the test event

        tag("events-t", "doc.txt");
        tag("events-t", "doc.bin");
        s3.deleteObjectTagging(b -> b.bucket("events-t").key("doc.txt"));
        s3.putObjectAcl(b -> b.bucket("events-t").key("doc.txt").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL));
        s3.restoreObject(b -> b.bucket("events-t").key("cold.txt").restoreRequest(r -> r.days(2)));
        List<JsonNode> got = drain(url, 5);

        JsonNode tagged = recordOf(got.get(0), "ObjectTagging:Put", "doc.txt");
        assertEquals("changes", tagged.at("/s3/configurationId").asText());
        assertEquals("5d41402abc4b2a76b9719d911017c592", tagged.at("/s3/object/eTag").asText());
        assertTrue(tagged.at("/s3/object/versionId").isMissingNode(), tagged.toString());
        assertTrue(tagged.at("/glacierEventData").isMissingNode());
        recordOf(got.get(1), "ObjectTagging:Delete", "doc.txt");
        recordOf(got.get(2), "ObjectAcl:Put", "doc.txt");
        JsonNode post = recordOf(got.get(3), "ObjectRestore:Post", "cold.txt");
        assertTrue(post.at("/glacierEventData").isMissingNode(), post.toString());
        JsonNode completed = recordOf(got.get(4), "ObjectRestore:Completed", "cold.txt");
        assertEquals("GLACIER", completed.at("/glacierEventData/restoreEventData/lifecycleRestoreStorageClass").asText());
        String expiry = s3.headObject(b -> b.bucket("events-t").key("cold.txt")).restore();
        String until = completed.at("/glacierEventData/restoreEventData/lifecycleRestorationExpiryTime").asText();
        assertTrue(until.matches("\\d{4}-\\d\\d-\\d\\dT00:00:00\\.000Z"), until);
        String shown = expiry.replaceAll(".*expiry-date=\"([^\"]+)\".*", "$1");
        assertEquals(Instant.parse(until), Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(shown)), expiry);

        // a second restore only moves the expiry: no new restore; failed operations send nothing
        s3.restoreObject(b -> b.bucket("events-t").key("cold.txt").restoreRequest(r -> r.days(3)));
        assertEquals(404, assertThrows(S3Exception.class, () -> tag("events-t", "missing.txt")).statusCode());
        assertEquals(404, assertThrows(S3Exception.class, () -> s3.deleteObjectTagging(b -> b.bucket("events-t")
                .key("missing.txt"))).statusCode());
        assertEquals(404, assertThrows(S3Exception.class, () -> s3.putObjectAcl(b -> b.bucket("events-t")
                .key("missing.txt").acl(ObjectCannedACL.PRIVATE))).statusCode());
        assertEquals(403, assertThrows(S3Exception.class, () -> s3.restoreObject(b -> b.bucket("events-t").key("doc.txt")
                .restoreRequest(r -> r.days(1)))).statusCode());
        drain(url, 0);
    }

    @Test
    void lifecycleExpirationsAreSentWithS3AsThePrincipal() throws Exception {
        String url = notificationQueue("expirations", "*");
        s3.createBucket(b -> b.bucket("events-l"));
        s3.putObject(b -> b.bucket("events-l").key("old/a.log"), RequestBody.fromString("a"));
        s3.putObject(b -> b.bucket("events-l").key("old/b.tmp"), RequestBody.fromString("b"));
        s3.createBucket(b -> b.bucket("events-lv"));
        s3.putBucketVersioning(b -> b.bucket("events-lv").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String v1 = s3.putObject(b -> b.bucket("events-lv").key("old/c.log"), RequestBody.fromString("c1")).versionId();
        s3.putObject(b -> b.bucket("events-lv").key("old/c.log"), RequestBody.fromString("c2"));
        for (String bucket : List.of("events-l", "events-lv")) {
            s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(l -> l.rules(r -> r.id("expire")
                    .status(ExpirationStatus.ENABLED).filter(f -> f.prefix("old/")).expiration(e -> e.days(1))
                    .noncurrentVersionExpiration(e -> e.noncurrentDays(1).newerNoncurrentVersions(1)))));
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                    .queueConfigurations(q -> q.queueArn(queueArn(url)).events(Event.S3_LIFECYCLE_EXPIRATION)
                            .filter(f -> f.key(k -> k.filterRules(r -> r.name(FilterRuleName.SUFFIX).value(".log")))))));
            drain(url, 1); // the test event
        }
        HttpResponse<String> swept = HttpClient.newHttpClient().send(HttpRequest.newBuilder(emu.endpoint()
                        .resolve("/_aws/s3/lifecycle?now=" + Instant.now().plus(Duration.ofDays(3))))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, swept.statusCode(), swept.body());
        List<JsonNode> got = new ArrayList<>(drain(url, 3).stream().map(S3EventNotificationsIT::record).toList());
        got.sort(Comparator.comparing(S3EventNotificationsIT::described));
        assertEquals(List.of("events-l LifecycleExpiration:Delete old/a.log", "events-lv LifecycleExpiration:Delete old/c.log",
                "events-lv LifecycleExpiration:DeleteMarkerCreated old/c.log"), got.stream().map(S3EventNotificationsIT::described).toList());

        JsonNode deleted = got.get(0);
        assertEquals("s3.amazonaws.com", deleted.at("/userIdentity/principalId").asText());
        assertEquals("s3.amazonaws.com", deleted.at("/requestParameters/sourceIPAddress").asText());
        assertTrue(deleted.at("/s3/object/size").isMissingNode(), deleted.toString());
        assertTrue(deleted.at("/s3/object/eTag").isMissingNode(), deleted.toString());
        assertEquals(v1, got.get(1).at("/s3/object/versionId").asText());
        JsonNode marker = got.get(2);
        String markerId = s3.listObjectVersions(b -> b.bucket("events-lv")).deleteMarkers().get(0).versionId();
        assertEquals(markerId, marker.at("/s3/object/versionId").asText());
    }

    @Test
    void lifecycleTransitionsAreSent() throws Exception {
        String url = notificationQueue("transitions", "*");
        s3.createBucket(b -> b.bucket("events-t"));
        s3.putObject(b -> b.bucket("events-t").key("big.bin"), RequestBody.fromBytes(new byte[200 * 1024]));
        s3.putObject(b -> b.bucket("events-t").key("small.bin"), RequestBody.fromString("under 128 KB: stays"));
        s3.putBucketLifecycleConfiguration(b -> b.bucket("events-t").lifecycleConfiguration(l -> l.rules(r -> r.id("cold")
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                .transitions(t -> t.days(0).storageClass(TransitionStorageClass.GLACIER)))));
        s3.putBucketNotificationConfiguration(b -> b.bucket("events-t").notificationConfiguration(n -> n
                .queueConfigurations(q -> q.queueArn(queueArn(url)).events(Event.S3_LIFECYCLE_TRANSITION))));
        drain(url, 1); // the test event
        HttpResponse<String> swept = HttpClient.newHttpClient().send(HttpRequest.newBuilder(emu.endpoint()
                        .resolve("/_aws/s3/lifecycle?now=" + Instant.now().plus(Duration.ofDays(2))))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, swept.statusCode(), swept.body());
        JsonNode moved = record(drain(url, 1).get(0));
        assertEquals("events-t LifecycleTransition big.bin", described(moved));
        assertEquals("s3.amazonaws.com", moved.at("/userIdentity/principalId").asText());
        assertEquals(200 * 1024, moved.at("/s3/object/size").asLong());
        assertEquals(s3.headObject(b -> b.bucket("events-t").key("big.bin")).eTag().replace("\"", ""),
                moved.at("/s3/object/eTag").asText());
        assertEquals(StorageClass.GLACIER, s3.headObject(b -> b.bucket("events-t").key("big.bin")).storageClass());
        drain(url, 0);
    }

    @Test
    void destinationsAreValidatedAsAwsDoes() {
        s3.createBucket(b -> b.bucket("events-bad"));
        S3Exception e = assertThrows(S3Exception.class, () -> s3.putBucketNotificationConfiguration(b -> b.bucket("events-bad")
                .notificationConfiguration(n -> n.queueConfigurations(q -> q.queueArn("arn:aws:sqs:us-east-1:000000000000:missing")
                        .events(Event.S3_OBJECT_CREATED)))));
        assertEquals(400, e.statusCode());
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
        assertEquals("Unable to validate the following destination configurations", e.awsErrorDetails().errorMessage());
        String fifo = sqs.createQueue(b -> b.queueName("events.fifo").attributesWithStrings(Map.of("FifoQueue", "true"))).queueUrl();
        assertEquals(400, assertThrows(S3Exception.class, () -> s3.putBucketNotificationConfiguration(b -> b.bucket("events-bad")
                .notificationConfiguration(n -> n.queueConfigurations(q -> q.queueArn(queueArn(fifo))
                        .events(Event.S3_OBJECT_CREATED))))).statusCode());
        assertTrue(s3.getBucketNotificationConfiguration(b -> b.bucket("events-bad")).queueConfigurations().isEmpty());
    }

    static void configure(String bucket, String queueUrl) {
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .queueConfigurations(q -> q.queueArn(queueArn(queueUrl)).events(Event.S3_OBJECT_CREATED))));
    }

    @Test
    void theQueuesPolicyMustLetS3SendFromTheBucket() throws Exception {
        s3.createBucket(b -> b.bucket("events-policy"));
        // no policy: the queue's owner may send, S3 may not
        String bare = sqs.createQueue(b -> b.queueName("no-policy")).queueUrl();
        S3Exception e = assertThrows(S3Exception.class, () -> configure("events-policy", bare));
        assertEquals(400, e.statusCode());
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
        assertEquals("Unable to validate the following destination configurations", e.awsErrorDetails().errorMessage());
        // a policy for other buckets
        String other = notificationQueue("other-buckets", "logs-*");
        assertEquals("InvalidArgument", assertThrows(S3Exception.class, () -> configure("events-policy", other))
                .awsErrorDetails().errorCode());
        assertTrue(s3.getBucketNotificationConfiguration(b -> b.bucket("events-policy")).queueConfigurations().isEmpty());
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(bare)).messages().isEmpty(), "no test event went out");

        // a policy for this bucket: accepted, the test event and the events arrive
        String url = notificationQueue("this-bucket", "events-po*");
        configure("events-policy", url);
        assertEquals("s3:TestEvent", drain(url, 1).get(0).get("Event").asText());
        s3.putObject(b -> b.bucket("events-policy").key("a"), RequestBody.fromString("a"));
        assertEquals("ObjectCreated:Put", record(drain(url, 1).get(0)).get("eventName").asText());

        // the policy taken away afterwards: S3's events are dropped, the write stands
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("Policy", "")));
        s3.putObject(b -> b.bucket("events-policy").key("b"), RequestBody.fromString("b"));
        assertEquals("b", s3.getObjectAsBytes(b -> b.bucket("events-policy").key("b")).asUtf8String());
        drain(url, 0);
    }
    @Test
    void theQueuesPolicyMayConditionS3sSendsOnTheTime() throws Exception {
        s3.createBucket(b -> b.bucket("events-time"));
        String past = sqs.createQueue(b -> b.queueName("until-2001")).queueUrl();
        sqs.setQueueAttributes(b -> b.queueUrl(past).attributesWithStrings(Map.of("Policy",
                s3SendPolicy(queueArn(past), "{\"DateLessThan\":{\"aws:CurrentTime\":\"2001-01-01T00:00:00Z\"}}"))));
        S3Exception e = assertThrows(S3Exception.class, () -> configure("events-time", past));
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());

        String now = sqs.createQueue(b -> b.queueName("this-century")).queueUrl();
        long epoch = System.currentTimeMillis() / 1000;
        sqs.setQueueAttributes(b -> b.queueUrl(now).attributesWithStrings(Map.of("Policy", s3SendPolicy(queueArn(now),
                "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2001-01-01T00:00:00Z\"},"
                        + "\"NumericLessThan\":{\"aws:EpochTime\":\"" + (epoch + 3600) + "\"}}"))));
        configure("events-time", now);
        assertEquals("s3:TestEvent", drain(now, 1).get(0).get("Event").asText());
        s3.putObject(b -> b.bucket("events-time").key("a"), RequestBody.fromString("a"));
        assertEquals("ObjectCreated:Put", record(drain(now, 1).get(0)).get("eventName").asText());
    }
}
