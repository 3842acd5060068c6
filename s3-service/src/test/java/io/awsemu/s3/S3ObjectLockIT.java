package io.awsemu.s3;

import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.core.server.EmulatorServer;
import io.awsemu.core.testing.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * S3 Object Lock through SDK v2: bucket configuration, retention and legal hold per version, the lock headers
 * of writes and reads, and what they refuse. The server runs on a clock the test moves (by minutes: SigV4 allows
 * 15 of skew), and on a data directory so that it can restart.
 */
class S3ObjectLockIT {
    /** The server's clock: real time plus an offset the tests move forward. */
    static final class MovableClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(offset); }
    }

    /** Replaces the next request's body (a document the SDK's model would not write), before its checksum. */
    static final class BodyOverride implements ExecutionInterceptor {
        volatile String next;

        @Override
        public software.amazon.awssdk.http.SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                                                            ExecutionAttributes attributes) {
            String body = next;
            if (body == null) return context.httpRequest();
            return context.httpRequest().toBuilder()
                    .putHeader("Content-Length", Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length))
                    .build();
        }

        @Override
        public Optional<software.amazon.awssdk.core.sync.RequestBody> modifyHttpContent(Context.ModifyHttpRequest context,
                                                                                         ExecutionAttributes attributes) {
            String body = next;
            return body == null ? context.requestBody() : Optional.of(RequestBody.fromString(body));
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            next = null;
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            next = null;
        }
    }

    static final String OTHER_ACCOUNT = "111111111111";
    static final MovableClock clock = new MovableClock();
    static final BodyOverride override = new BodyOverride();
    static Path dataDir;
    static EmulatorServer server;
    static S3Client s3;
    /** Sends only the checksums an operation requires: a PutObject then carries none. */
    static S3Client bare;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("awsemu-lock-");
        server = EmulatorServer.start(EmulatorConfig.of(properties(0)), clock);
        s3 = client(b -> { });
        bare = client(b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED));
    }

    static Map<String, String> properties(int port) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("port", Integer.toString(port));
        p.put("bindAddress", "127.0.0.1");
        p.put("dataDir", dataDir.toString());
        p.put("auth", "known");
        p.put("credentials", "test:test:000000000000,other:othersecret:" + OTHER_ACCOUNT);
        return p;
    }

    static S3Client client(Consumer<software.amazon.awssdk.services.s3.S3ClientBuilder> extra) {
        var b = S3Client.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(server.endpoint()).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(override));
        extra.accept(b);
        return b.build();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        bare.close();
        server.close();
        TestFiles.deleteRecursively(dataDir);
    }

    static S3Exception assertError(String code, int status, Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode(), e.getMessage());
        return e;
    }

    static void lockedBucket(String name) {
        s3.createBucket(b -> b.bucket(name).objectLockEnabledForBucket(true));
    }

    static String put(String bucket, String key, Consumer<PutObjectRequest.Builder> lock) {
        return s3.putObject(b -> {
            b.bucket(bucket).key(key);
            lock.accept(b);
        }, RequestBody.fromString(key)).versionId();
    }

    /** A version under GOVERNANCE retention until {@code until} and a legal hold; its id. */
    static String putGovernedAndHeld(String bucket, String key, Instant until) {
        return put(bucket, key, b -> b.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(until)
                .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
    }

    /** A client of the other account (policies name it). */
    static S3Client other() {
        return client(b -> b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("other", "othersecret"))));
    }

    static Instant inDays(int days) {
        return Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.MILLIS);
    }

    static HeadObjectResponse head(String bucket, String key, String versionId) {
        return s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId));
    }

    // ---------------------------------------------------------------- bucket configuration

    @Test
    void configurationNeedsVersioningAndCannotBeTurnedOff() {
        s3.createBucket(b -> b.bucket("ol-existing"));
        assertError("ObjectLockConfigurationNotFoundError", 404,
                () -> s3.getObjectLockConfiguration(b -> b.bucket("ol-existing")));
        S3Exception e = assertError("InvalidBucketState", 409, () -> s3.putObjectLockConfiguration(b -> b.bucket("ol-existing")
                .objectLockConfiguration(c -> c.objectLockEnabled("Enabled"))));
        assertEquals("Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
                e.awsErrorDetails().errorMessage());
        s3.putBucketVersioning(b -> b.bucket("ol-existing").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putObjectLockConfiguration(b -> b.bucket("ol-existing").objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(3)))));
        GetObjectLockConfigurationResponse got = s3.getObjectLockConfiguration(b -> b.bucket("ol-existing"));
        assertEquals("Enabled", got.objectLockConfiguration().objectLockEnabledAsString());
        assertEquals(ObjectLockRetentionMode.GOVERNANCE, got.objectLockConfiguration().rule().defaultRetention().mode());
        assertEquals(3, got.objectLockConfiguration().rule().defaultRetention().days());
        assertNull(got.objectLockConfiguration().rule().defaultRetention().years());
        assertError("InvalidBucketState", 409, () -> s3.putBucketVersioning(b -> b.bucket("ol-existing")
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED))));
        // a document without a rule drops the default retention; there is no way to say Disabled
        s3.putObjectLockConfiguration(b -> b.bucket("ol-existing").objectLockConfiguration(c -> c.objectLockEnabled("Enabled")));
        assertNull(s3.getObjectLockConfiguration(b -> b.bucket("ol-existing")).objectLockConfiguration().rule());
        assertError("MalformedXML", 400, () -> s3.putObjectLockConfiguration(b -> b.bucket("ol-existing")
                .objectLockConfiguration(c -> c.objectLockEnabled("Disabled"))));
        assertError("NoSuchBucket", 404, () -> s3.getObjectLockConfiguration(b -> b.bucket("ol-nobody")));
    }

    @Test
    void aBucketCreatedWithObjectLockIsEnabledWithoutARule() {
        lockedBucket("ol-created");
        var c = s3.getObjectLockConfiguration(b -> b.bucket("ol-created")).objectLockConfiguration();
        assertEquals("Enabled", c.objectLockEnabledAsString());
        assertNull(c.rule());
        assertEquals(BucketVersioningStatus.ENABLED, s3.getBucketVersioning(b -> b.bucket("ol-created")).status());
    }

    @Test
    void malformedConfigurationsAreRefused() {
        lockedBucket("ol-malformed");
        assertError("MalformedXML", 400, () -> s3.putObjectLockConfiguration(b -> b.bucket("ol-malformed")
                .objectLockConfiguration(c -> c.rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1))))));
        assertError("MalformedXML", 400, () -> s3.putObjectLockConfiguration(b -> b.bucket("ol-malformed")
                .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                        .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1).years(1))))));
        assertError("MalformedXML", 400, () -> s3.putObjectLockConfiguration(b -> b.bucket("ol-malformed")
                .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                        .rule(r -> r.defaultRetention(d -> d.days(1))))));
        assertError("MalformedXML", 400, () -> s3.putObjectLockConfiguration(b -> b.bucket("ol-malformed")
                .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                        .rule(r -> r.defaultRetention(d -> d.mode("FOREVER").days(1))))));
        assertError("InvalidArgument", 400, () -> s3.putObjectLockConfiguration(b -> b.bucket("ol-malformed")
                .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                        .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(0))))));
        assertError("InvalidArgument", 400, () -> s3.putObjectLockConfiguration(b -> b.bucket("ol-malformed")
                .objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                        .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).years(-1))))));
        override.next = "<ObjectLockConfiguration><ObjectLockEnabled>Enabled";
        assertError("MalformedXML", 400, () -> s3.putObjectLockConfiguration(b -> b.bucket("ol-malformed")
                .objectLockConfiguration(c -> c.objectLockEnabled("Enabled"))));
        assertNull(s3.getObjectLockConfiguration(b -> b.bucket("ol-malformed")).objectLockConfiguration().rule(),
                "nothing refused was stored");

        put("ol-malformed", "k", b -> { });
        assertError("MalformedXML", 400, () -> s3.putObjectRetention(b -> b.bucket("ol-malformed").key("k")
                .retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE))));
        assertError("MalformedXML", 400, () -> s3.putObjectRetention(b -> b.bucket("ol-malformed").key("k")
                .retention(r -> r.mode("FOREVER").retainUntilDate(inDays(1)))));
        assertError("MalformedXML", 400, () -> s3.putObjectLegalHold(b -> b.bucket("ol-malformed").key("k")
                .legalHold(h -> h.status("MAYBE"))));
        override.next = "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>tomorrow</RetainUntilDate></Retention>";
        assertError("MalformedXML", 400, () -> s3.putObjectRetention(b -> b.bucket("ol-malformed").key("k")
                .retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(inDays(1)))));
        S3Exception past = assertError("InvalidArgument", 400, () -> s3.putObjectRetention(b -> b.bucket("ol-malformed")
                .key("k").retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(inDays(-1)))));
        assertEquals("The retain until date must be in the future!", past.awsErrorDetails().errorMessage());
    }

    // ---------------------------------------------------------------- writes with lock headers

    @Test
    void lockHeadersOnWritesAreChecked() {
        s3.createBucket(b -> b.bucket("ol-plain"));
        S3Exception missing = assertError("InvalidRequest", 400, () -> put("ol-plain", "k",
                b -> b.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON)));
        assertEquals("Bucket is missing Object Lock Configuration", missing.awsErrorDetails().errorMessage());
        assertError("InvalidRequest", 400, () -> s3.createMultipartUpload(b -> b.bucket("ol-plain").key("mp")
                .objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(inDays(1))));

        lockedBucket("ol-headers");
        assertError("InvalidArgument", 400, () -> put("ol-headers", "k", b -> b.objectLockMode(ObjectLockMode.GOVERNANCE)));
        assertError("InvalidArgument", 400, () -> put("ol-headers", "k", b -> b.objectLockRetainUntilDate(inDays(1))));
        assertError("InvalidArgument", 400, () -> put("ol-headers", "k",
                b -> b.objectLockMode("FOREVER").objectLockRetainUntilDate(inDays(1))));
        assertError("InvalidArgument", 400, () -> put("ol-headers", "k",
                b -> b.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(inDays(-1))));
        assertError("InvalidArgument", 400, () -> put("ol-headers", "k", b -> b.objectLockLegalHoldStatus("MAYBE")));
        S3Exception digest = assertError("InvalidRequest", 400, () -> bare.putObject(b -> b.bucket("ol-headers").key("k")
                .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON), RequestBody.fromString("x")));
        assertEquals("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock"
                + " parameters", digest.awsErrorDetails().errorMessage());
        // with Content-MD5 the same write is fine, and so is one without lock parameters
        bare.putObject(b -> b.bucket("ol-headers").key("k").contentMD5("ndTkYSaMgDT1yFZOFVxnpg==")
                .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.OFF), RequestBody.fromString("x"));
        bare.putObject(b -> b.bucket("ol-headers").key("plain"), RequestBody.fromString("x"));
        assertError("NoSuchKey", 404, () -> head("ol-headers", "k-none", null));
    }

    @Test
    void retentionAndLegalHoldShowOnReadsAndTheirOwnOperations() {
        lockedBucket("ol-read");
        Instant until = inDays(2);
        String v = putGovernedAndHeld("ol-read", "k", until);
        HeadObjectResponse h = head("ol-read", "k", null);
        assertEquals(ObjectLockMode.GOVERNANCE, h.objectLockMode());
        assertEquals(until, h.objectLockRetainUntilDate());
        assertEquals(ObjectLockLegalHoldStatus.ON, h.objectLockLegalHoldStatus());
        var got = s3.getObject(b -> b.bucket("ol-read").key("k").versionId(v)).response();
        assertEquals(ObjectLockMode.GOVERNANCE, got.objectLockMode());
        assertEquals(until, got.objectLockRetainUntilDate());
        var retention = s3.getObjectRetention(b -> b.bucket("ol-read").key("k")).retention();
        assertEquals(ObjectLockRetentionMode.GOVERNANCE, retention.mode());
        assertEquals(until, retention.retainUntilDate());
        assertEquals(ObjectLockLegalHoldStatus.ON,
                s3.getObjectLegalHold(b -> b.bucket("ol-read").key("k").versionId(v)).legalHold().status());

        String bareVersion = put("ol-read", "bare", b -> { });
        HeadObjectResponse none = head("ol-read", "bare", null);
        assertNull(none.objectLockMode());
        assertNull(none.objectLockLegalHoldStatus());
        S3Exception e = assertError("NoSuchObjectLockConfiguration", 404,
                () -> s3.getObjectRetention(b -> b.bucket("ol-read").key("bare")));
        assertEquals("The specified object does not have a ObjectLock configuration", e.awsErrorDetails().errorMessage());
        assertError("NoSuchObjectLockConfiguration", 404, () -> s3.getObjectLegalHold(b -> b.bucket("ol-read").key("bare")));
        s3.putObjectLegalHold(b -> b.bucket("ol-read").key("bare").legalHold(l -> l.status(ObjectLockLegalHoldStatus.OFF)));
        assertEquals(ObjectLockLegalHoldStatus.OFF,
                s3.getObjectLegalHold(b -> b.bucket("ol-read").key("bare")).legalHold().status());
        assertError("NoSuchKey", 404, () -> s3.getObjectRetention(b -> b.bucket("ol-read").key("nothing")));
        assertError("NoSuchVersion", 404, () -> s3.getObjectRetention(b -> b.bucket("ol-read").key("k")
                .versionId(bareVersion)));

        s3.createBucket(b -> b.bucket("ol-read-plain"));
        put("ol-read-plain", "k", b -> { });
        assertError("InvalidRequest", 400, () -> s3.getObjectRetention(b -> b.bucket("ol-read-plain").key("k")));
        assertError("InvalidRequest", 400, () -> s3.getObjectLegalHold(b -> b.bucket("ol-read-plain").key("k")));
        assertError("InvalidRequest", 400, () -> s3.putObjectLegalHold(b -> b.bucket("ol-read-plain").key("k")
                .legalHold(l -> l.status(ObjectLockLegalHoldStatus.ON))));
        assertError("InvalidRequest", 400, () -> s3.putObjectRetention(b -> b.bucket("ol-read-plain").key("k")
                .retention(r -> r.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(inDays(1)))));
    }

    // ---------------------------------------------------------------- enforcement

    @Test
    void governanceRefusesDeletesUnlessBypassed() {
        lockedBucket("ol-gov");
        String v = put("ol-gov", "k", b -> b.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(inDays(1)));
        S3Exception e = assertError("AccessDenied", 403, () -> s3.deleteObject(b -> b.bucket("ol-gov").key("k").versionId(v)));
        assertEquals("Access Denied because object protected by object lock.", e.awsErrorDetails().errorMessage());
        // a delete marker touches no version
        assertTrue(s3.deleteObject(b -> b.bucket("ol-gov").key("k")).deleteMarker());
        assertEquals(ObjectLockMode.GOVERNANCE, head("ol-gov", "k", v).objectLockMode());
        s3.deleteObject(b -> b.bucket("ol-gov").key("k").versionId(v).bypassGovernanceRetention(true));
        assertError("NoSuchVersion", 404, () -> s3.getObjectRetention(b -> b.bucket("ol-gov").key("k").versionId(v)));
    }

    @Test
    void complianceAndLegalHoldCannotBeBypassed() {
        lockedBucket("ol-comp");
        String c = put("ol-comp", "c", b -> b.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(inDays(1)));
        String h = put("ol-comp", "h", b -> b.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
        assertError("AccessDenied", 403, () -> s3.deleteObject(b -> b.bucket("ol-comp").key("c").versionId(c)
                .bypassGovernanceRetention(true)));
        assertError("AccessDenied", 403, () -> s3.deleteObject(b -> b.bucket("ol-comp").key("h").versionId(h)
                .bypassGovernanceRetention(true)));

        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket("ol-comp").bypassGovernanceRetention(true).delete(d -> d.objects(
                ObjectIdentifier.builder().key("c").versionId(c).build(),
                ObjectIdentifier.builder().key("h").versionId(h).build(),
                ObjectIdentifier.builder().key("h").build())));
        assertEquals(2, r.errors().size());
        r.errors().forEach(err -> assertEquals("AccessDenied", err.code()));
        assertEquals(1, r.deleted().size());
        assertTrue(r.deleted().get(0).deleteMarker());

        s3.putObjectLegalHold(b -> b.bucket("ol-comp").key("h").versionId(h).legalHold(l -> l.status(ObjectLockLegalHoldStatus.OFF)));
        s3.deleteObject(b -> b.bucket("ol-comp").key("h").versionId(h));

        // COMPLIANCE: kept or extended only
        assertError("AccessDenied", 403, () -> s3.putObjectRetention(b -> b.bucket("ol-comp").key("c").versionId(c)
                .bypassGovernanceRetention(true).retention(x -> x.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(Instant.now().plus(Duration.ofHours(1))))));
        assertError("AccessDenied", 403, () -> s3.putObjectRetention(b -> b.bucket("ol-comp").key("c").versionId(c)
                .bypassGovernanceRetention(true).retention(x -> x.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(inDays(3)))));
        assertError("AccessDenied", 403, () -> s3.putObjectRetention(b -> b.bucket("ol-comp").key("c").versionId(c)
                .bypassGovernanceRetention(true).retention(x -> { })));
        s3.putObjectRetention(b -> b.bucket("ol-comp").key("c").versionId(c)
                .retention(x -> x.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(inDays(3))));
        assertEquals(inDays(3).truncatedTo(ChronoUnit.HOURS), head("ol-comp", "c", c).objectLockRetainUntilDate().truncatedTo(ChronoUnit.HOURS));
    }

    @Test
    void governanceRetentionIsShortenedOrRemovedOnlyWithTheBypass() {
        lockedBucket("ol-change");
        String v = put("ol-change", "k", b -> b.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(inDays(5)));
        assertError("AccessDenied", 403, () -> s3.putObjectRetention(b -> b.bucket("ol-change").key("k")
                .retention(x -> x.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(inDays(1)))));
        assertError("AccessDenied", 403, () -> s3.putObjectRetention(b -> b.bucket("ol-change").key("k").retention(x -> { })));
        Instant shorter = inDays(1);
        s3.putObjectRetention(b -> b.bucket("ol-change").key("k").bypassGovernanceRetention(true)
                .retention(x -> x.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(shorter)));
        assertEquals(shorter, s3.getObjectRetention(b -> b.bucket("ol-change").key("k").versionId(v)).retention().retainUntilDate());
        s3.putObjectRetention(b -> b.bucket("ol-change").key("k").bypassGovernanceRetention(true).retention(x -> { }));
        assertError("NoSuchObjectLockConfiguration", 404, () -> s3.getObjectRetention(b -> b.bucket("ol-change").key("k")));
        s3.deleteObject(b -> b.bucket("ol-change").key("k").versionId(v));
    }

    /** A policy allowing the other account s3:PutObject, s3:GetObject and {@code more} on the bucket's objects. */
    static String allowOther(String bucket, String... more) {
        StringBuilder actions = new StringBuilder("\"s3:PutObject\",\"s3:GetObject\"");
        for (String a : more) actions.append(",\"").append(a).append('"');
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + OTHER_ACCOUNT + "\"},\"Action\":[" + actions + "],\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}";
    }

    @Test
    void lockHeadersOnWritesNeedTheirPermissions() {
        lockedBucket("ol-who");
        s3.putBucketPolicy(b -> b.bucket("ol-who").policy(allowOther("ol-who")));
        try (S3Client other = other()) {
            other.putObject(b -> b.bucket("ol-who").key("plain"), RequestBody.fromString("x"));
            assertError("AccessDenied", 403, () -> other.putObject(b -> b.bucket("ol-who").key("k")
                    .objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(inDays(1)), RequestBody.fromString("x")));
            assertError("AccessDenied", 403, () -> other.putObject(b -> b.bucket("ol-who").key("k")
                    .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.OFF), RequestBody.fromString("x")));
            assertError("AccessDenied", 403, () -> other.createMultipartUpload(b -> b.bucket("ol-who").key("mp")
                    .objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(inDays(1))));
            assertError("AccessDenied", 403, () -> other.copyObject(b -> b.sourceBucket("ol-who").sourceKey("plain")
                    .destinationBucket("ol-who").destinationKey("copy").objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON)));
            assertError("NoSuchKey", 404, () -> head("ol-who", "k", null));

            s3.putBucketPolicy(b -> b.bucket("ol-who").policy(allowOther("ol-who", "s3:PutObjectRetention")));
            other.putObject(b -> b.bucket("ol-who").key("k").objectLockMode(ObjectLockMode.GOVERNANCE)
                    .objectLockRetainUntilDate(inDays(1)), RequestBody.fromString("x"));
            other.createMultipartUpload(b -> b.bucket("ol-who").key("mp")
                    .objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(inDays(1)));
            assertError("AccessDenied", 403, () -> other.putObject(b -> b.bucket("ol-who").key("k")
                    .objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(inDays(1))
                    .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON), RequestBody.fromString("x")));
            s3.putBucketPolicy(b -> b.bucket("ol-who").policy(allowOther("ol-who", "s3:PutObjectLegalHold")));
            other.copyObject(b -> b.sourceBucket("ol-who").sourceKey("plain").destinationBucket("ol-who")
                    .destinationKey("copy").objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
            assertEquals(ObjectLockLegalHoldStatus.ON, head("ol-who", "copy", null).objectLockLegalHoldStatus());
        }
        // the bucket owner is refused too when the policy denies it the action
        s3.putBucketPolicy(b -> b.bucket("ol-who").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObjectLegalHold\",\"Resource\":\"arn:aws:s3:::ol-who/*\"}]}"));
        assertError("AccessDenied", 403, () -> put("ol-who", "k", b -> b.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON)));
        put("ol-who", "k", b -> b.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(inDays(1)));
        s3.deleteBucketPolicy(b -> b.bucket("ol-who"));
    }

    @Test
    void readsShowLockHeadersOnlyWithTheirPermissions() {
        lockedBucket("ol-see");
        Instant until = inDays(1);
        String v = putGovernedAndHeld("ol-see", "k", until);
        s3.putBucketPolicy(b -> b.bucket("ol-see").policy(allowOther("ol-see")));
        try (S3Client other = other()) {
            HeadObjectResponse h = other.headObject(b -> b.bucket("ol-see").key("k"));
            assertNull(h.objectLockMode());
            assertNull(h.objectLockRetainUntilDate());
            assertNull(h.objectLockLegalHoldStatus());
            var got = other.getObject(b -> b.bucket("ol-see").key("k")).response();
            assertNull(got.objectLockMode());
            assertNull(got.objectLockLegalHoldStatus());
            assertEquals(v, got.versionId());

            s3.putBucketPolicy(b -> b.bucket("ol-see").policy(allowOther("ol-see", "s3:GetObjectRetention")));
            h = other.headObject(b -> b.bucket("ol-see").key("k"));
            assertEquals(ObjectLockMode.GOVERNANCE, h.objectLockMode());
            assertEquals(until, h.objectLockRetainUntilDate());
            assertNull(h.objectLockLegalHoldStatus());

            // a named version is read with s3:GetObjectVersion
            s3.putBucketPolicy(b -> b.bucket("ol-see").policy(allowOther("ol-see", "s3:GetObjectLegalHold", "s3:GetObjectVersion")));
            got = other.getObject(b -> b.bucket("ol-see").key("k").versionId(v)).response();
            assertNull(got.objectLockMode());
            assertNull(got.objectLockRetainUntilDate());
            assertEquals(ObjectLockLegalHoldStatus.ON, got.objectLockLegalHoldStatus());
        }
        // the bucket owner sees both without any policy statement
        HeadObjectResponse owner = head("ol-see", "k", null);
        assertEquals(ObjectLockMode.GOVERNANCE, owner.objectLockMode());
        assertEquals(ObjectLockLegalHoldStatus.ON, owner.objectLockLegalHoldStatus());
        s3.deleteBucketPolicy(b -> b.bucket("ol-see"));
        s3.putObjectLegalHold(b -> b.bucket("ol-see").key("k").legalHold(l -> l.status(ObjectLockLegalHoldStatus.OFF)));
    }

    @Test
    void bypassNeedsThePermission() {
        lockedBucket("ol-perm");
        String v = put("ol-perm", "k", b -> b.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(inDays(1)));
        s3.putBucketPolicy(b -> b.bucket("ol-perm").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\"s3:BypassGovernanceRetention\",\"Resource\":\"arn:aws:s3:::ol-perm/*\"}]}"));
        assertError("AccessDenied", 403, () -> s3.deleteObject(b -> b.bucket("ol-perm").key("k").versionId(v)
                .bypassGovernanceRetention(true)));
        s3.deleteBucketPolicy(b -> b.bucket("ol-perm"));
        s3.deleteObject(b -> b.bucket("ol-perm").key("k").versionId(v).bypassGovernanceRetention(true));
    }

    @Test
    void deleteObjectsDecidesTheBypassPermissionKeyByKey() {
        lockedBucket("ol-perm-keys");
        String kept = put("ol-perm-keys", "keep/a", b -> b.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(inDays(1)));
        String free = put("ol-perm-keys", "free/b", b -> b.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(inDays(1)));
        s3.putBucketPolicy(b -> b.bucket("ol-perm-keys").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\"s3:BypassGovernanceRetention\",\"Resource\":\"arn:aws:s3:::ol-perm-keys/keep/*\"}]}"));
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket("ol-perm-keys").bypassGovernanceRetention(true).delete(d -> d.objects(
                ObjectIdentifier.builder().key("keep/a").versionId(kept).build(),
                ObjectIdentifier.builder().key("free/b").versionId(free).build())));
        assertEquals(1, r.errors().size());
        assertEquals("keep/a", r.errors().get(0).key());
        assertEquals("AccessDenied", r.errors().get(0).code());
        assertEquals(1, r.deleted().size());
        assertEquals("free/b", r.deleted().get(0).key());
        assertEquals(kept, head("ol-perm-keys", "keep/a", kept).versionId());
        assertError("NoSuchKey", 404, () -> head("ol-perm-keys", "free/b", null));
        s3.deleteBucketPolicy(b -> b.bucket("ol-perm-keys"));
        s3.deleteObject(b -> b.bucket("ol-perm-keys").key("keep/a").versionId(kept).bypassGovernanceRetention(true));
    }

    @Test
    void deletingIsAllowedOnceTheRetainUntilDatePasses() {
        lockedBucket("ol-time");
        Instant until = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        String v = put("ol-time", "k", b -> b.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(until));
        assertError("AccessDenied", 403, () -> s3.deleteObject(b -> b.bucket("ol-time").key("k").versionId(v)));
        clock.offset = clock.offset.plus(Duration.ofMinutes(2));
        // the retention is still there to read, it just binds nothing any more
        assertEquals(until, s3.getObjectRetention(b -> b.bucket("ol-time").key("k")).retention().retainUntilDate());
        s3.deleteObject(b -> b.bucket("ol-time").key("k").versionId(v));
        assertError("NoSuchKey", 404, () -> head("ol-time", "k", null));
    }

    // ---------------------------------------------------------------- default retention, copies, multipart

    @Test
    void defaultRetentionAppliesToNewVersions() {
        lockedBucket("ol-default");
        s3.putObjectLockConfiguration(b -> b.bucket("ol-default").objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(1)))));
        String v = put("ol-default", "k", b -> { });
        HeadObjectResponse h = head("ol-default", "k", v);
        assertEquals(ObjectLockMode.COMPLIANCE, h.objectLockMode());
        assertEquals(h.lastModified().plus(Duration.ofDays(1)), h.objectLockRetainUntilDate());
        assertError("AccessDenied", 403, () -> s3.deleteObject(b -> b.bucket("ol-default").key("k").versionId(v)
                .bypassGovernanceRetention(true)));
        // a write that names a retention keeps its own
        String g = put("ol-default", "g", b -> b.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(inDays(9)));
        assertEquals(ObjectLockMode.GOVERNANCE, head("ol-default", "g", g).objectLockMode());
        // a default retention needs a digest of the body, as explicit parameters do
        assertError("InvalidRequest", 400, () -> bare.putObject(b -> b.bucket("ol-default").key("bare"), RequestBody.fromString("x")));
        // the bucket cannot go while it holds versions (locked or not)
        assertError("BucketNotEmpty", 409, () -> s3.deleteBucket(b -> b.bucket("ol-default")));
    }

    @Test
    void copiesGetTheRequestsLockNotTheSources() {
        lockedBucket("ol-copy");
        put("ol-copy", "src", b -> b.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
        String plain = s3.copyObject(b -> b.sourceBucket("ol-copy").sourceKey("src").destinationBucket("ol-copy")
                .destinationKey("plain")).versionId();
        assertNull(head("ol-copy", "plain", plain).objectLockLegalHoldStatus());
        Instant until = inDays(1);
        String locked = s3.copyObject(b -> b.sourceBucket("ol-copy").sourceKey("src").destinationBucket("ol-copy")
                .destinationKey("locked").objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(until)).versionId();
        assertEquals(until, head("ol-copy", "locked", locked).objectLockRetainUntilDate());
        s3.createBucket(b -> b.bucket("ol-copy-plain"));
        assertError("InvalidRequest", 400, () -> s3.copyObject(b -> b.sourceBucket("ol-copy").sourceKey("src")
                .destinationBucket("ol-copy-plain").destinationKey("k").objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON)));
    }

    @Test
    void multipartUploadsGetTheirLockAtCompletion() {
        lockedBucket("ol-mp");
        Instant until = inDays(2);
        String id = s3.createMultipartUpload(b -> b.bucket("ol-mp").key("big").objectLockMode(ObjectLockMode.COMPLIANCE)
                .objectLockRetainUntilDate(until).objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON)).uploadId();
        String etag = s3.uploadPart(b -> b.bucket("ol-mp").key("big").uploadId(id).partNumber(1),
                RequestBody.fromString("part one")).eTag();
        String v = s3.completeMultipartUpload(b -> b.bucket("ol-mp").key("big").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build()))).versionId();
        HeadObjectResponse h = head("ol-mp", "big", v);
        assertEquals(ObjectLockMode.COMPLIANCE, h.objectLockMode());
        assertEquals(until, h.objectLockRetainUntilDate());
        assertEquals(ObjectLockLegalHoldStatus.ON, h.objectLockLegalHoldStatus());
        assertError("AccessDenied", 403, () -> s3.deleteObject(b -> b.bucket("ol-mp").key("big").versionId(v)));

        s3.putObjectLockConfiguration(b -> b.bucket("ol-mp").objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).years(1)))));
        String id2 = s3.createMultipartUpload(b -> b.bucket("ol-mp").key("dflt")).uploadId();
        String etag2 = s3.uploadPart(b -> b.bucket("ol-mp").key("dflt").uploadId(id2).partNumber(1),
                RequestBody.fromString("part")).eTag();
        String v2 = s3.completeMultipartUpload(b -> b.bucket("ol-mp").key("dflt").uploadId(id2)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag2).build()))).versionId();
        HeadObjectResponse d = head("ol-mp", "dflt", v2);
        assertEquals(ObjectLockMode.GOVERNANCE, d.objectLockMode());
        assertEquals(d.lastModified().atOffset(ZoneOffset.UTC).plusYears(1).toInstant(), d.objectLockRetainUntilDate());
    }

    // ---------------------------------------------------------------- restart

    @Test
    void locksSurviveARestart() {
        lockedBucket("ol-restart");
        s3.putObjectLockConfiguration(b -> b.bucket("ol-restart").objectLockConfiguration(c -> c.objectLockEnabled("Enabled")
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(7)))));
        String v = put("ol-restart", "k", b -> b.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
        String id = s3.createMultipartUpload(b -> b.bucket("ol-restart").key("mp").objectLockMode(ObjectLockMode.COMPLIANCE)
                .objectLockRetainUntilDate(inDays(1))).uploadId();
        int port = server.port();
        server.close();
        server = EmulatorServer.start(EmulatorConfig.of(properties(port)), clock);

        HeadObjectResponse h = head("ol-restart", "k", v);
        assertEquals(ObjectLockLegalHoldStatus.ON, h.objectLockLegalHoldStatus());
        assertEquals(ObjectLockMode.GOVERNANCE, h.objectLockMode());
        assertEquals(7, s3.getObjectLockConfiguration(b -> b.bucket("ol-restart")).objectLockConfiguration().rule()
                .defaultRetention().days());
        assertError("AccessDenied", 403, () -> s3.deleteObject(b -> b.bucket("ol-restart").key("k").versionId(v)
                .bypassGovernanceRetention(true)));
        String etag = s3.uploadPart(b -> b.bucket("ol-restart").key("mp").uploadId(id).partNumber(1),
                RequestBody.fromString("p")).eTag();
        String mv = s3.completeMultipartUpload(b -> b.bucket("ol-restart").key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build()))).versionId();
        assertEquals(ObjectLockMode.COMPLIANCE, head("ol-restart", "mp", mv).objectLockMode());
        assertNull(head("ol-restart", "mp", mv).objectLockLegalHoldStatus());
    }
}
