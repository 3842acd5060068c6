package io.awsemu.s3;

import io.awsemu.core.checksum.Checksums;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ReplicationStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Bucket replication through SDK v2: the configuration API with AWS's errors, and objects replicated in the emulator. */
class S3ReplicationIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static final String ROLE = "arn:aws:iam::000000000000:role/replication";
    static S3Client s3;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static void bucket(String name, boolean versioned) {
        s3.createBucket(b -> b.bucket(name));
        if (versioned) {
            s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
    }

    static ReplicationRule.Builder v2(String id, int priority, String destination) {
        return ReplicationRule.builder().id(id).priority(priority).status(ReplicationRuleStatus.ENABLED)
                .filter(f -> f.prefix("")).deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                .destination(d -> d.bucket("arn:aws:s3:::" + destination));
    }

    static void replicate(String bucket, ReplicationRule... rules) {
        s3.putBucketReplication(b -> b.bucket(bucket).replicationConfiguration(c -> c.role(ROLE).rules(rules)));
    }

    static S3Exception error(String code, int status, Runnable call) {
        S3Exception e = assertThrows(S3Exception.class, call::run);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode(), e.getMessage());
        return e;
    }

    static HeadObjectResponse head(String bucket, String key, String versionId) {
        return s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId).checksumMode(ChecksumMode.ENABLED));
    }

    /** Polls until the source version's replication status is {@code want}: the replicator works in the background. */
    static void await(String bucket, String key, String versionId, ReplicationStatus want) {
        Instant deadline = Instant.now().plusSeconds(20);
        ReplicationStatus seen = null;
        while (Instant.now().isBefore(deadline)) {
            seen = head(bucket, key, versionId).replicationStatus();
            if (seen == want) return;
            assertTrue(seen == ReplicationStatus.PENDING, "went to " + seen + " while waiting for " + want);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        fail(key + " still " + seen + ", not " + want);
    }

    /** A PUT ?replication with exactly this body and these extra headers, SigV4-signed as any client would. */
    static HttpResponse<String> rawPut(String bucket, String body, Map<String, String> headers) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
                .uri(URI.create(emu.endpoint() + "/" + bucket + "?replication"));
        headers.forEach(request::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(s -> s
                .identity(AwsBasicCredentials.create("test", "test"))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        HttpRequest.Builder out = HttpRequest.newBuilder(signed.getUri()).method("PUT", HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.forEachHeader((name, values) -> {
            if (!Set.of("host", "content-length").contains(name.toLowerCase())) values.forEach(v -> out.header(name, v));
        });
        return http.send(out.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String md5(String body) {
        return Checksums.base64(Checksums.md5(body.getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ the configuration API

    @Test
    void configurationRoundTripsAndDeletes() {
        bucket("repl-conf-src", true);
        bucket("repl-conf-dst", true);
        bucket("repl-conf-dst2", true);
        S3Exception e = error("ReplicationConfigurationNotFoundError", 404,
                () -> s3.getBucketReplication(b -> b.bucket("repl-conf-src")));
        assertEquals("The replication configuration was not found", e.awsErrorDetails().errorMessage());

        replicate("repl-conf-src",
                v2("docs", 2, "repl-conf-dst").filter(f -> f.and(a -> a.prefix("docs/").tags(t -> t.key("k").value("v"))))
                        .destination(d -> d.bucket("arn:aws:s3:::repl-conf-dst").storageClass(StorageClass.STANDARD_IA))
                        .build(),
                v2(null, 1, "repl-conf-dst2").filter(f -> f.prefix("logs/"))
                        .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.ENABLED)).build());
        ReplicationConfiguration c = s3.getBucketReplication(b -> b.bucket("repl-conf-src")).replicationConfiguration();
        assertEquals(ROLE, c.role());
        assertEquals(2, c.rules().size());
        ReplicationRule docs = c.rules().get(0);
        assertEquals("docs", docs.id());
        assertEquals(2, docs.priority());
        assertEquals(ReplicationRuleStatus.ENABLED, docs.status());
        assertEquals("docs/", docs.filter().and().prefix());
        assertEquals("k", docs.filter().and().tags().get(0).key());
        assertEquals("arn:aws:s3:::repl-conf-dst", docs.destination().bucket());
        assertEquals(StorageClass.STANDARD_IA, docs.destination().storageClass());
        assertEquals(DeleteMarkerReplicationStatus.DISABLED, docs.deleteMarkerReplication().status());
        ReplicationRule logs = c.rules().get(1);
        assertNotNull(logs.id(), "S3 generates an ID for a rule without one");
        assertFalse(logs.id().isEmpty());
        assertEquals("logs/", logs.filter().prefix());
        assertEquals(DeleteMarkerReplicationStatus.ENABLED, logs.deleteMarkerReplication().status());

        // replication keeps versioning on
        e = error("InvalidBucketState", 409, () -> s3.putBucketVersioning(b -> b.bucket("repl-conf-src")
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED))));
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("A replication configuration is present on this bucket"),
                e.awsErrorDetails().errorMessage());

        s3.deleteBucketReplication(b -> b.bucket("repl-conf-src"));
        assertEquals(204, s3.deleteBucketReplication(b -> b.bucket("repl-conf-src")).sdkHttpResponse().statusCode());
        error("ReplicationConfigurationNotFoundError", 404, () -> s3.getBucketReplication(b -> b.bucket("repl-conf-src")));
        s3.putBucketVersioning(b -> b.bucket("repl-conf-src").versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        error("NoSuchBucket", 404, () -> s3.getBucketReplication(b -> b.bucket("repl-conf-missing")));
    }

    @Test
    void bucketsTheConfigurationNamesAreChecked() {
        bucket("repl-chk-src", false);
        bucket("repl-chk-plain", false);
        bucket("repl-chk-dst", true);
        S3Exception e = error("InvalidRequest", 400, () -> replicate("repl-chk-src", v2("r", 1, "repl-chk-dst").build()));
        assertEquals("Versioning must be 'Enabled' on the bucket to apply a replication configuration",
                e.awsErrorDetails().errorMessage());
        s3.putBucketVersioning(b -> b.bucket("repl-chk-src").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        e = error("InvalidRequest", 400, () -> replicate("repl-chk-src", v2("r", 1, "repl-chk-nowhere").build()));
        assertEquals("Destination bucket must exist.", e.awsErrorDetails().errorMessage());
        e = error("InvalidRequest", 400, () -> replicate("repl-chk-src", v2("r", 1, "repl-chk-plain").build()));
        assertEquals("Destination bucket must have versioning enabled.", e.awsErrorDetails().errorMessage());
        error("InvalidRequest", 400, () -> replicate("repl-chk-src", v2("r", 1, "repl-chk-src").build()));
        error("ReplicationConfigurationNotFoundError", 404, () -> s3.getBucketReplication(b -> b.bucket("repl-chk-src")));
    }

    @Test
    void rulesAreValidatedAsAws() {
        bucket("repl-val-src", true);
        bucket("repl-val-dst", true);
        S3Exception e = error("InvalidArgument", 400, () -> replicate("repl-val-src",
                v2("same", 1, "repl-val-dst").build(), v2("same", 2, "repl-val-dst").build()));
        assertEquals("Rule Id must be unique.", e.awsErrorDetails().errorMessage());
        e = error("InvalidRequest", 400, () -> replicate("repl-val-src",
                v2("a", 1, "repl-val-dst").build(), v2("b", 1, "repl-val-dst").build()));
        assertEquals("Found duplicate priority 1.", e.awsErrorDetails().errorMessage());
        e = error("InvalidRequest", 400, () -> replicate("repl-val-src",
                v2("a", 1, "repl-val-dst").deleteMarkerReplication((software.amazon.awssdk.services.s3.model.DeleteMarkerReplication) null).build()));
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("DeleteMarkerReplication must be specified for this version"),
                e.awsErrorDetails().errorMessage());
        e = error("InvalidRequest", 400, () -> replicate("repl-val-src", v2("a", 1, "repl-val-dst").priority(null).build()));
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("Priority must be specified for this version"),
                e.awsErrorDetails().errorMessage());
        e = error("InvalidRequest", 400, () -> replicate("repl-val-src", v2("a", 1, "repl-val-dst")
                .filter(f -> f.tag(t -> t.key("k").value("v")))
                .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.ENABLED)).build()));
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("Delete marker replication is not supported if any Tag filter"),
                e.awsErrorDetails().errorMessage());
        // V1: a Prefix on the rule, one destination, no overlapping prefixes
        error("InvalidRequest", 400, () -> replicate("repl-val-src",
                ReplicationRule.builder().id("a").prefix("x/").status(ReplicationRuleStatus.ENABLED)
                        .destination(d -> d.bucket("arn:aws:s3:::repl-val-dst")).build(),
                ReplicationRule.builder().id("b").prefix("x/y").status(ReplicationRuleStatus.ENABLED)
                        .destination(d -> d.bucket("arn:aws:s3:::repl-val-dst")).build()));
        error("MalformedXML", 400, () -> replicate("repl-val-src", v2("a", 1, "repl-val-dst").status("Maybe").build()));
        error("MalformedXML", 400, () -> replicate("repl-val-src", v2("a", 1, "repl-val-dst")
                .destination(d -> d.bucket("arn:aws:s3:::repl-val-dst").storageClass("COLD")).build()));
        error("MalformedXML", 400, () -> s3.putBucketReplication(b -> b.bucket("repl-val-src")
                .replicationConfiguration(c -> c.role(ROLE))));
        error("InvalidArgument", 400, () -> replicate("repl-val-src", v2("a", 1, "repl-val-dst")
                .destination(d -> d.bucket("repl-val-dst")).build()));
        error("ReplicationConfigurationNotFoundError", 404, () -> s3.getBucketReplication(b -> b.bucket("repl-val-src")));
    }

    @Test
    void theBodyMustBeWellFormedAndCarryAnIntegrityHeader() throws Exception {
        bucket("repl-raw-src", true);
        bucket("repl-raw-dst", true);
        String good = "<ReplicationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Role>" + ROLE + "</Role>"
                + "<Rule><ID>v1</ID><Prefix>p/</Prefix><Status>Enabled</Status>"
                + "<Destination><Bucket>arn:aws:s3:::repl-raw-dst</Bucket></Destination></Rule></ReplicationConfiguration>";
        HttpResponse<String> r = rawPut("repl-raw-src", good, Map.of());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>InvalidRequest</Code><Message>Missing required header for this request: Content-MD5</Message>"),
                r.body());
        String broken = "<ReplicationConfiguration><Rule>";
        r = rawPut("repl-raw-src", broken, Map.of("Content-MD5", md5(broken)));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>MalformedXML</Code>"), r.body());
        r = rawPut("repl-raw-src", good, Map.of("Content-MD5", md5(good + " ")));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>BadDigest</Code>"), r.body());
        r = rawPut("repl-raw-src", good, Map.of("Content-MD5", md5(good)));
        assertEquals(200, r.statusCode(), r.body());
        ReplicationRule v1 = s3.getBucketReplication(b -> b.bucket("repl-raw-src")).replicationConfiguration().rules().get(0);
        assertEquals("p/", v1.prefix());
        assertNull(v1.filter());
    }

    // ------------------------------------------------------------------ replication carried out

    @Test
    void putObjectIsReplicatedWithItsVersionMetadataTagsAndChecksum() {
        bucket("repl-put-src", true);
        bucket("repl-put-dst", true);
        replicate("repl-put-src", v2("all", 1, "repl-put-dst").build());
        String v = s3.putObject(b -> b.bucket("repl-put-src").key("a/doc.txt").contentType("text/plain")
                .metadata(Map.of("colour", "blue")).tagging("team=blue").checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromString("replicate me")).versionId();
        HeadObjectResponse first = head("repl-put-src", "a/doc.txt", v);
        assertTrue(first.replicationStatus() == ReplicationStatus.PENDING || first.replicationStatus() == ReplicationStatus.COMPLETED,
                String.valueOf(first.replicationStatus()));
        await("repl-put-src", "a/doc.txt", v, ReplicationStatus.COMPLETED);
        assertEquals("COMPLETED", s3.getObject(b -> b.bucket("repl-put-src").key("a/doc.txt")).response()
                .sdkHttpResponse().firstMatchingHeader("x-amz-replication-status").orElse(null));

        HeadObjectResponse source = head("repl-put-src", "a/doc.txt", v);
        HeadObjectResponse replica = head("repl-put-dst", "a/doc.txt", v);
        assertEquals(ReplicationStatus.REPLICA, replica.replicationStatus());
        assertEquals(v, replica.versionId());
        assertEquals(source.eTag(), replica.eTag());
        assertEquals(source.lastModified(), replica.lastModified());
        assertEquals("text/plain", replica.contentType());
        assertEquals(Map.of("colour", "blue"), replica.metadata());
        assertEquals(source.checksumSHA256(), replica.checksumSHA256());
        assertNotNull(replica.checksumSHA256());
        assertEquals("replicate me", s3.getObjectAsBytes(b -> b.bucket("repl-put-dst").key("a/doc.txt")).asUtf8String());
        assertEquals("REPLICA", s3.getObject(b -> b.bucket("repl-put-dst").key("a/doc.txt")).response()
                .sdkHttpResponse().firstMatchingHeader("x-amz-replication-status").orElse(null));
        GetObjectTaggingResponse tags = s3.getObjectTagging(b -> b.bucket("repl-put-dst").key("a/doc.txt"));
        assertEquals("team", tags.tagSet().get(0).key());
        assertEquals("blue", tags.tagSet().get(0).value());

        // the replica shares the blob: it outlives the source's version
        s3.deleteObject(b -> b.bucket("repl-put-src").key("a/doc.txt").versionId(v));
        assertEquals("replicate me", s3.getObjectAsBytes(b -> b.bucket("repl-put-dst").key("a/doc.txt")).asUtf8String());
        // a replica is not replicated again, and a write to the destination is no replica
        String own = s3.putObject(b -> b.bucket("repl-put-dst").key("mine.txt"), RequestBody.fromString("x")).versionId();
        assertNull(head("repl-put-dst", "mine.txt", own).replicationStatus());
    }

    @Test
    void copiesAndMultipartUploadsAreReplicated() {
        bucket("repl-mp-src", true);
        bucket("repl-mp-dst", true);
        replicate("repl-mp-src", v2("all", 1, "repl-mp-dst").build());
        String upload = s3.createMultipartUpload(b -> b.bucket("repl-mp-src").key("big.bin")).uploadId();
        byte[] part1 = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(part1, (byte) 'a');
        String e1 = s3.uploadPart(b -> b.bucket("repl-mp-src").key("big.bin").uploadId(upload).partNumber(1),
                RequestBody.fromBytes(part1)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket("repl-mp-src").key("big.bin").uploadId(upload).partNumber(2),
                RequestBody.fromString("tail")).eTag();
        String v = s3.completeMultipartUpload(b -> b.bucket("repl-mp-src").key("big.bin").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build()))).versionId();
        await("repl-mp-src", "big.bin", v, ReplicationStatus.COMPLETED);
        HeadObjectResponse replica = head("repl-mp-dst", "big.bin", v);
        assertEquals(ReplicationStatus.REPLICA, replica.replicationStatus());
        assertEquals(head("repl-mp-src", "big.bin", v).eTag(), replica.eTag());
        assertTrue(replica.eTag().endsWith("-2\""), replica.eTag());
        assertEquals(part1.length + 4L, replica.contentLength());
        assertEquals("tail", new String(s3.getObjectAsBytes(b -> b.bucket("repl-mp-dst").key("big.bin").range("bytes=-4"))
                .asByteArray(), StandardCharsets.UTF_8));

        String c = s3.copyObject(b -> b.sourceBucket("repl-mp-src").sourceKey("big.bin").destinationBucket("repl-mp-src")
                .destinationKey("copy.bin")).versionId();
        await("repl-mp-src", "copy.bin", c, ReplicationStatus.COMPLETED);
        assertEquals(ReplicationStatus.REPLICA, head("repl-mp-dst", "copy.bin", c).replicationStatus());
        assertEquals(part1.length + 4L, head("repl-mp-dst", "copy.bin", c).contentLength());
    }

    @Test
    void filtersPrioritiesAndStorageClassDecideWhereAVersionGoes() {
        bucket("repl-flt-src", true);
        bucket("repl-flt-dst", true);
        replicate("repl-flt-src",
                v2("docs", 1, "repl-flt-dst").filter(f -> f.prefix("docs/")).build(),
                v2("important-docs", 5, "repl-flt-dst").filter(f -> f.and(a -> a.prefix("docs/")
                                .tags(t -> t.key("tier").value("gold"))))
                        .destination(d -> d.bucket("arn:aws:s3:::repl-flt-dst").storageClass(StorageClass.GLACIER_IR)).build(),
                v2("tagged", 3, "repl-flt-dst").filter(f -> f.tag(t -> t.key("copy").value("yes")))
                        .destination(d -> d.bucket("arn:aws:s3:::repl-flt-dst").storageClass(StorageClass.ONEZONE_IA)).build(),
                v2("off", 9, "repl-flt-dst").filter(f -> f.prefix("off/")).status(ReplicationRuleStatus.DISABLED).build());
        String ignored = s3.putObject(b -> b.bucket("repl-flt-src").key("other/x"), RequestBody.fromString("no")).versionId();
        String disabled = s3.putObject(b -> b.bucket("repl-flt-src").key("off/x"), RequestBody.fromString("no")).versionId();
        String untagged = s3.putObject(b -> b.bucket("repl-flt-src").key("misc/untagged").tagging("copy=no"),
                RequestBody.fromString("no")).versionId();
        String plain = s3.putObject(b -> b.bucket("repl-flt-src").key("docs/plain"), RequestBody.fromString("d")).versionId();
        String gold = s3.putObject(b -> b.bucket("repl-flt-src").key("docs/gold").tagging("tier=gold"),
                RequestBody.fromString("g")).versionId();
        String tagged = s3.putObject(b -> b.bucket("repl-flt-src").key("misc/tagged").tagging("copy=yes"),
                RequestBody.fromString("t")).versionId();
        await("repl-flt-src", "docs/plain", plain, ReplicationStatus.COMPLETED);
        await("repl-flt-src", "docs/gold", gold, ReplicationStatus.COMPLETED);
        await("repl-flt-src", "misc/tagged", tagged, ReplicationStatus.COMPLETED);
        assertEquals(StorageClass.STANDARD.toString(), String.valueOf(storageClass("repl-flt-dst", "docs/plain", plain)));
        assertEquals(StorageClass.GLACIER_IR.toString(), String.valueOf(storageClass("repl-flt-dst", "docs/gold", gold)),
                "the higher priority rule decides");
        assertEquals(StorageClass.ONEZONE_IA.toString(), String.valueOf(storageClass("repl-flt-dst", "misc/tagged", tagged)));
        assertNull(head("repl-flt-src", "docs/plain", plain).storageClass(), "the source keeps its class");

        // the replicator works in write order: the later versions done, the earlier ones were never queued
        for (String[] kv : List.of(new String[] {"other/x", ignored}, new String[] {"off/x", disabled},
                new String[] {"misc/untagged", untagged})) {
            assertNull(head("repl-flt-src", kv[0], kv[1]).replicationStatus(), kv[0]);
            error("NoSuchKey", 404, () -> s3.getObject(b -> b.bucket("repl-flt-dst").key(kv[0])));
        }
    }

    static String storageClass(String bucket, String key, String versionId) {
        StorageClass c = s3.getObject(b -> b.bucket(bucket).key(key).versionId(versionId)).response().storageClass();
        return c == null ? "STANDARD" : c.toString();
    }

    @Test
    void deleteMarkersReplicateOnlyWhenTheRuleSaysSo() {
        bucket("repl-dm-src", true);
        bucket("repl-dm-on", true);
        bucket("repl-dm-off", true);
        replicate("repl-dm-src",
                v2("on", 2, "repl-dm-on").deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.ENABLED)).build(),
                v2("off", 1, "repl-dm-off").build());
        String v = s3.putObject(b -> b.bucket("repl-dm-src").key("k"), RequestBody.fromString("1")).versionId();
        await("repl-dm-src", "k", v, ReplicationStatus.COMPLETED);
        assertEquals(ReplicationStatus.REPLICA, head("repl-dm-on", "k", v).replicationStatus());
        assertEquals(ReplicationStatus.REPLICA, head("repl-dm-off", "k", v).replicationStatus());

        String marker = s3.deleteObject(b -> b.bucket("repl-dm-src").key("k")).versionId();
        // a later version written after the marker: once it is replicated, the marker (queued before it) is too
        String after = s3.putObject(b -> b.bucket("repl-dm-src").key("later"), RequestBody.fromString("2")).versionId();
        await("repl-dm-src", "later", after, ReplicationStatus.COMPLETED);
        ListObjectVersionsResponse on = s3.listObjectVersions(b -> b.bucket("repl-dm-on").prefix("k"));
        assertEquals(1, on.deleteMarkers().size());
        assertEquals(marker, on.deleteMarkers().get(0).versionId());
        assertTrue(on.deleteMarkers().get(0).isLatest());
        error("NoSuchKey", 404, () -> s3.getObject(b -> b.bucket("repl-dm-on").key("k")));
        assertEquals(0, s3.listObjectVersions(b -> b.bucket("repl-dm-off").prefix("k")).deleteMarkers().size());
        assertEquals("1", s3.getObjectAsBytes(b -> b.bucket("repl-dm-off").key("k")).asUtf8String());

        // a delete by version id never replicates
        s3.deleteObject(b -> b.bucket("repl-dm-src").key("k").versionId(v));
        String last = s3.putObject(b -> b.bucket("repl-dm-src").key("last"), RequestBody.fromString("3")).versionId();
        await("repl-dm-src", "last", last, ReplicationStatus.COMPLETED);
        assertEquals("1", s3.getObjectAsBytes(b -> b.bucket("repl-dm-off").key("k").versionId(v)).asUtf8String());
        assertEquals("1", s3.getObjectAsBytes(b -> b.bucket("repl-dm-on").key("k").versionId(v)).asUtf8String());
    }

    @Test
    void aDestinationGoneMakesTheVersionFail() {
        bucket("repl-fail-src", true);
        bucket("repl-fail-dst", true);
        replicate("repl-fail-src", v2("all", 1, "repl-fail-dst").build());
        s3.deleteBucket(b -> b.bucket("repl-fail-dst"));
        String v = s3.putObject(b -> b.bucket("repl-fail-src").key("k"), RequestBody.fromString("x")).versionId();
        await("repl-fail-src", "k", v, ReplicationStatus.FAILED);
    }
}
