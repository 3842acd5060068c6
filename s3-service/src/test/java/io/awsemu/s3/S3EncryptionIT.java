package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.util.function.Consumer;

import static io.awsemu.s3.S3TestClients.assertS3Error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-side encryption settings through SDK v2: SSE-S3 by default, SSE-KMS and DSSE-KMS from the write's headers
 * or the bucket's default encryption, answered by every write and read of the object; copies take the request's or
 * the destination's, never the source's; and AWS's errors for what it refuses.
 */
class S3EncryptionIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
        s3.createBucket(b -> b.bucket("sse"));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static PutObjectResponse put(String bucket, String key, Consumer<PutObjectRequest.Builder> sse) {
        return s3.putObject(b -> {
            b.bucket(bucket).key(key);
            sse.accept(b);
        }, RequestBody.fromString("secret " + key));
    }

    static HeadObjectResponse head(String bucket, String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key));
    }

    /** HEAD errors have no body: only the status tells. */
    static void assertHeadRefused(int status, Runnable call) {
        S3Exception e = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class, call::run);
        assertEquals(status, e.statusCode());
    }

    static String keyArn(String region, String keyId) {
        return "arn:aws:kms:" + region + ":\\d{12}:key/" + keyId;
    }

    @Test
    void objectsAreSseS3ByDefault() {
        PutObjectResponse put = put("sse", "plain", b -> { });
        assertEquals(ServerSideEncryption.AES256, put.serverSideEncryption());
        assertNull(put.ssekmsKeyId());
        HeadObjectResponse h = head("sse", "plain");
        assertEquals(ServerSideEncryption.AES256, h.serverSideEncryption());
        assertNull(h.ssekmsKeyId());
        assertNull(h.bucketKeyEnabled());
        // asked for by name, the same
        assertEquals(ServerSideEncryption.AES256, put("sse", "named", b -> b.serverSideEncryption(ServerSideEncryption.AES256))
                .serverSideEncryption());
        assertEquals(ServerSideEncryption.AES256, head("sse", "named").serverSideEncryption());
    }

    @Test
    void kmsWithAKeyIdIsAnsweredWithItsArnOnEveryReadAndWrite() {
        PutObjectResponse put = put("sse", "kms", b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(KEY_ID).bucketKeyEnabled(true));
        assertEquals(ServerSideEncryption.AWS_KMS, put.serverSideEncryption());
        assertTrue(put.ssekmsKeyId().matches(keyArn("us-east-1", KEY_ID)), put.ssekmsKeyId());
        assertEquals(Boolean.TRUE, put.bucketKeyEnabled());
        HeadObjectResponse h = head("sse", "kms");
        assertEquals(ServerSideEncryption.AWS_KMS, h.serverSideEncryption());
        assertEquals(put.ssekmsKeyId(), h.ssekmsKeyId());
        assertEquals(Boolean.TRUE, h.bucketKeyEnabled());
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket("sse").key("kms"))) {
            assertEquals(put.ssekmsKeyId(), in.response().ssekmsKeyId());
            assertEquals("secret kms", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // a full ARN is kept as it is; an alias becomes the alias ARN
        String arn = "arn:aws:kms:eu-west-1:111122223333:key/" + KEY_ID;
        assertEquals(arn, put("sse", "kms-arn", b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(arn))
                .ssekmsKeyId());
        assertTrue(put("sse", "kms-alias", b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("alias/mine"))
                .ssekmsKeyId().matches("arn:aws:kms:us-east-1:\\d{12}:alias/mine"));
        // dual-layer too
        PutObjectResponse dsse = put("sse", "dsse", b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS_DSSE).ssekmsKeyId(KEY_ID));
        assertEquals(ServerSideEncryption.AWS_KMS_DSSE, dsse.serverSideEncryption());
        assertNull(dsse.bucketKeyEnabled());
        assertEquals(ServerSideEncryption.AWS_KMS_DSSE, head("sse", "dsse").serverSideEncryption());
    }

    @Test
    void kmsWithoutAKeyUsesTheAccountsAwsManagedKey() {
        String first = put("sse", "managed-1", b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS)).ssekmsKeyId();
        String second = put("sse", "managed-2", b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS)).ssekmsKeyId();
        assertTrue(first.matches(keyArn("us-east-1", "[0-9a-f-]{36}")), first);
        assertEquals(first, second);
        assertEquals(first, head("sse", "managed-1").ssekmsKeyId());
    }

    @Test
    void theKeyArnNamesTheBucketsRegion() {
        s3.createBucket(b -> b.bucket("sse-eu").createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
        String arn = put("sse-eu", "k", b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(KEY_ID)).ssekmsKeyId();
        assertTrue(arn.matches(keyArn("eu-west-1", KEY_ID)), arn);
    }

    @Test
    void whatS3RefusesIsInvalidArgument() {
        put("sse", "refuse-src", b -> { });
        S3Exception bad = assertS3Error("InvalidArgument", 400, () -> put("sse", "bad", b -> b.serverSideEncryption("aws:rot13")));
        assertTrue(bad.awsErrorDetails().errorMessage().contains("encryption method specified is not supported"),
                bad.awsErrorDetails().errorMessage());
        assertS3Error("InvalidArgument", 400, () -> put("sse", "bad", b -> b.ssekmsKeyId(KEY_ID)));
        assertS3Error("InvalidArgument", 400, () -> put("sse", "bad", b -> b.serverSideEncryption(ServerSideEncryption.AES256)
                .ssekmsKeyId(KEY_ID)));
        assertS3Error("InvalidArgument", 400, () -> put("sse", "bad", b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .overrideConfiguration(o -> o.putHeader("x-amz-server-side-encryption-bucket-key-enabled", "maybe"))));
        assertS3Error("InvalidArgument", 400, () -> s3.createMultipartUpload(b -> b.bucket("sse").key("bad")
                .serverSideEncryption("none")));
        assertS3Error("InvalidArgument", 400, () -> s3.copyObject(b -> b.sourceBucket("sse").sourceKey("refuse-src")
                .destinationBucket("sse").destinationKey("bad").serverSideEncryption("none")));
        // nothing was written
        assertS3Error("NoSuchKey", 404, () -> head("sse", "bad"));
    }

    @Test
    void theBucketDefaultAppliesToWritesThatNameNone() {
        s3.createBucket(b -> b.bucket("sse-default"));
        s3.putBucketEncryption(b -> b.bucket("sse-default").serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(KEY_ID))
                .bucketKeyEnabled(true))));
        PutObjectResponse put = put("sse-default", "k", b -> { });
        assertEquals(ServerSideEncryption.AWS_KMS, put.serverSideEncryption());
        assertTrue(put.ssekmsKeyId().matches(keyArn("us-east-1", KEY_ID)), put.ssekmsKeyId());
        assertEquals(Boolean.TRUE, put.bucketKeyEnabled());
        assertEquals(ServerSideEncryption.AWS_KMS, head("sse-default", "k").serverSideEncryption());
        // the request's own wins
        assertEquals(ServerSideEncryption.AES256, put("sse-default", "s3", b -> b.serverSideEncryption(ServerSideEncryption.AES256))
                .serverSideEncryption());
        assertEquals(ServerSideEncryption.AES256, head("sse-default", "s3").serverSideEncryption());
        // back to SSE-S3 once the default is deleted; what was written keeps its own
        s3.deleteBucketEncryption(b -> b.bucket("sse-default"));
        assertEquals(ServerSideEncryption.AES256, put("sse-default", "after", b -> { }).serverSideEncryption());
        assertEquals(ServerSideEncryption.AWS_KMS, head("sse-default", "k").serverSideEncryption());
        // and a bucket deleted and made again under the same name starts without one
        s3.putBucketEncryption(b -> b.bucket("sse-default").serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)))));
        assertEquals(ServerSideEncryption.AWS_KMS, put("sse-default", "again", b -> { }).serverSideEncryption());
        for (String k : new String[] {"k", "s3", "after", "again"}) s3.deleteObject(b -> b.bucket("sse-default").key(k));
        s3.deleteBucket(b -> b.bucket("sse-default"));
        s3.createBucket(b -> b.bucket("sse-default"));
        assertEquals(ServerSideEncryption.AES256, put("sse-default", "new", b -> { }).serverSideEncryption());
    }

    @Test
    void aCopyTakesTheRequestsOrTheDestinationsEncryptionNotTheSources() {
        put("sse", "kms-src", b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(KEY_ID));
        put("sse", "plain-src", b -> { });
        var plain = s3.copyObject(b -> b.sourceBucket("sse").sourceKey("kms-src").destinationBucket("sse").destinationKey("copied"));
        assertEquals(ServerSideEncryption.AES256, plain.serverSideEncryption());
        assertEquals(ServerSideEncryption.AES256, head("sse", "copied").serverSideEncryption());
        assertNull(head("sse", "copied").ssekmsKeyId());
        var kms = s3.copyObject(b -> b.sourceBucket("sse").sourceKey("plain-src").destinationBucket("sse").destinationKey("to-kms")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(KEY_ID));
        assertEquals(ServerSideEncryption.AWS_KMS, kms.serverSideEncryption());
        assertEquals(kms.ssekmsKeyId(), head("sse", "to-kms").ssekmsKeyId());
        // with REPLACE too
        var replaced = s3.copyObject(b -> b.sourceBucket("sse").sourceKey("kms-src").destinationBucket("sse").destinationKey("r")
                .metadataDirective(MetadataDirective.REPLACE).contentType("text/plain"));
        assertEquals(ServerSideEncryption.AES256, replaced.serverSideEncryption());
        // copying an object onto itself to change its encryption is a change
        var inPlace = s3.copyObject(b -> b.sourceBucket("sse").sourceKey("plain-src").destinationBucket("sse")
                .destinationKey("plain-src").serverSideEncryption(ServerSideEncryption.AWS_KMS));
        assertEquals(ServerSideEncryption.AWS_KMS, inPlace.serverSideEncryption());
        assertEquals(ServerSideEncryption.AWS_KMS, head("sse", "plain-src").serverSideEncryption());
        assertS3Error("InvalidRequest", 400, () -> s3.copyObject(b -> b.sourceBucket("sse").sourceKey("copied")
                .destinationBucket("sse").destinationKey("copied")));
    }

    /** A 256-bit SSE-C key and its MD5, both base64, as the headers carry them. */
    record CustomerKey(String key, String md5) {
        static CustomerKey of(int seed) {
            byte[] raw = new byte[32];
            new java.util.Random(seed).nextBytes(raw);
            try {
                return new CustomerKey(java.util.Base64.getEncoder().encodeToString(raw), java.util.Base64.getEncoder()
                        .encodeToString(java.security.MessageDigest.getInstance("MD5").digest(raw)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void anSseCObjectIsReadOnlyWithItsKey() throws Exception {
        CustomerKey key = CustomerKey.of(1);
        CustomerKey other = CustomerKey.of(2);
        PutObjectResponse put = put("sse", "customer", b -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(key.key())
                .sseCustomerKeyMD5(key.md5()));
        assertEquals("AES256", put.sseCustomerAlgorithm());
        assertEquals(key.md5(), put.sseCustomerKeyMD5());
        assertNull(put.serverSideEncryption());
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket("sse").key("customer")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(key.key()).sseCustomerKeyMD5(key.md5()))) {
            assertEquals(key.md5(), in.response().sseCustomerKeyMD5());
            assertNull(in.response().serverSideEncryption());
            assertEquals("secret customer", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        HeadObjectResponse h = s3.headObject(b -> b.bucket("sse").key("customer").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(key.key()).sseCustomerKeyMD5(key.md5()));
        assertEquals("AES256", h.sseCustomerAlgorithm());
        // without the key, with another key, with a key the object was not written with
        S3Exception missing = assertS3Error("InvalidRequest", 400, () -> s3.getObject(b -> b.bucket("sse").key("customer"),
                software.amazon.awssdk.core.sync.ResponseTransformer.toBytes()));
        assertTrue(missing.awsErrorDetails().errorMessage().startsWith("The object was stored using a form of Server Side Encryption"),
                missing.awsErrorDetails().errorMessage());
        assertS3Error("AccessDenied", 403, () -> s3.getObject(b -> b.bucket("sse").key("customer").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(other.key()).sseCustomerKeyMD5(other.md5()), software.amazon.awssdk.core.sync.ResponseTransformer.toBytes()));
        assertHeadRefused(400, () -> s3.headObject(b -> b.bucket("sse").key("customer")));
        put("sse", "not-customer", b -> { });
        assertHeadRefused(400, () -> s3.headObject(b -> b.bucket("sse").key("not-customer")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(key.key()).sseCustomerKeyMD5(key.md5())));
        // a copy reads its source with the source's key, and is written with its own (or none)
        assertS3Error("InvalidRequest", 400, () -> s3.copyObject(b -> b.sourceBucket("sse").sourceKey("customer")
                .destinationBucket("sse").destinationKey("customer-copy")));
        var copied = s3.copyObject(b -> b.sourceBucket("sse").sourceKey("customer").destinationBucket("sse")
                .destinationKey("customer-copy").copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(key.key())
                .copySourceSSECustomerKeyMD5(key.md5()).sseCustomerAlgorithm("AES256").sseCustomerKey(other.key())
                .sseCustomerKeyMD5(other.md5()));
        assertEquals(other.md5(), copied.sseCustomerKeyMD5());
        assertEquals(other.md5(), s3.headObject(b -> b.bucket("sse").key("customer-copy").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(other.key()).sseCustomerKeyMD5(other.md5())).sseCustomerKeyMD5());
        var decrypted = s3.copyObject(b -> b.sourceBucket("sse").sourceKey("customer").destinationBucket("sse")
                .destinationKey("customer-plain").copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(key.key())
                .copySourceSSECustomerKeyMD5(key.md5()));
        assertEquals(ServerSideEncryption.AES256, decrypted.serverSideEncryption());
        assertEquals(ServerSideEncryption.AES256, head("sse", "customer-plain").serverSideEncryption());
    }

    @Test
    void badSseCKeysAreRefusedAsS3Does() {
        CustomerKey key = CustomerKey.of(3);
        assertS3Error("InvalidArgument", 400, () -> put("sse", "bad-c", b -> b.sseCustomerAlgorithm("AES256")
                .sseCustomerKey(key.key()).sseCustomerKeyMD5(CustomerKey.of(4).md5())));
        assertS3Error("InvalidArgument", 400, () -> put("sse", "bad-c", b -> b.sseCustomerAlgorithm("AES256")
                .sseCustomerKey(java.util.Base64.getEncoder().encodeToString(new byte[16])).sseCustomerKeyMD5(key.md5())));
        assertS3Error("InvalidEncryptionAlgorithmError", 400, () -> put("sse", "bad-c", b -> b.sseCustomerAlgorithm("AES128")
                .sseCustomerKey(key.key()).sseCustomerKeyMD5(key.md5())));
        assertS3Error("InvalidArgument", 400, () -> put("sse", "bad-c", b -> b.sseCustomerAlgorithm("AES256")
                .sseCustomerKey(key.key()).sseCustomerKeyMD5(key.md5()).serverSideEncryption(ServerSideEncryption.AES256)));
        assertS3Error("InvalidArgument", 400, () -> put("sse", "bad-c", b -> b.sseCustomerAlgorithm("AES256")));
        assertS3Error("InvalidArgument", 400, () -> put("sse", "bad-c", b -> b.sseCustomerKey(key.key()).sseCustomerKeyMD5(key.md5())));
        assertS3Error("NoSuchKey", 404, () -> head("sse", "bad-c"));
    }

    @Test
    void theKeyOfAnSseCUploadGoesWithEveryPart() {
        CustomerKey key = CustomerKey.of(5);
        CreateMultipartUploadResponse created = s3.createMultipartUpload(b -> b.bucket("sse").key("mp-c")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(key.key()).sseCustomerKeyMD5(key.md5()));
        assertEquals(key.md5(), created.sseCustomerKeyMD5());
        assertS3Error("InvalidRequest", 400, () -> s3.uploadPart(b -> b.bucket("sse").key("mp-c").uploadId(created.uploadId())
                .partNumber(1), RequestBody.fromString("no key")));
        CustomerKey other = CustomerKey.of(6);
        assertS3Error("InvalidRequest", 400, () -> s3.uploadPart(b -> b.bucket("sse").key("mp-c").uploadId(created.uploadId())
                .partNumber(1).sseCustomerAlgorithm("AES256").sseCustomerKey(other.key()).sseCustomerKeyMD5(other.md5()),
                RequestBody.fromString("other key")));
        put("sse", "part-src", b -> { });
        assertS3Error("InvalidRequest", 400, () -> s3.uploadPartCopy(b -> b.sourceBucket("sse").sourceKey("part-src")
                .destinationBucket("sse").destinationKey("mp-c").uploadId(created.uploadId()).partNumber(2)));
        UploadPartResponse part = s3.uploadPart(b -> b.bucket("sse").key("mp-c").uploadId(created.uploadId()).partNumber(1)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(key.key()).sseCustomerKeyMD5(key.md5()), RequestBody.fromString("keyed"));
        assertEquals(key.md5(), part.sseCustomerKeyMD5());
        var done = s3.completeMultipartUpload(b -> b.bucket("sse").key("mp-c").uploadId(created.uploadId())
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part.eTag()).build())));
        assertNull(done.serverSideEncryption()); // CompleteMultipartUpload names no SSE-C
        assertHeadRefused(400, () -> head("sse", "mp-c"));
        assertEquals(5, s3.headObject(b -> b.bucket("sse").key("mp-c").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(key.key()).sseCustomerKeyMD5(key.md5())).contentLength());
    }

    @Test
    void aMultipartUploadIsEncryptedAsItsCreationSays() {
        CreateMultipartUploadResponse created = s3.createMultipartUpload(b -> b.bucket("sse").key("mp")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(KEY_ID));
        assertEquals(ServerSideEncryption.AWS_KMS, created.serverSideEncryption());
        assertTrue(created.ssekmsKeyId().matches(keyArn("us-east-1", KEY_ID)), created.ssekmsKeyId());
        UploadPartResponse part = s3.uploadPart(b -> b.bucket("sse").key("mp").uploadId(created.uploadId()).partNumber(1),
                RequestBody.fromString("the only part"));
        assertEquals(ServerSideEncryption.AWS_KMS, part.serverSideEncryption());
        assertEquals(created.ssekmsKeyId(), part.ssekmsKeyId());
        var done = s3.completeMultipartUpload(b -> b.bucket("sse").key("mp").uploadId(created.uploadId())
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part.eTag()).build())));
        assertEquals(ServerSideEncryption.AWS_KMS, done.serverSideEncryption());
        assertEquals(created.ssekmsKeyId(), done.ssekmsKeyId());
        assertEquals(created.ssekmsKeyId(), head("sse", "mp").ssekmsKeyId());

        // without a setting: SSE-S3 throughout
        CreateMultipartUploadResponse plain = s3.createMultipartUpload(b -> b.bucket("sse").key("mp-plain"));
        assertEquals(ServerSideEncryption.AES256, plain.serverSideEncryption());
        assertNull(plain.ssekmsKeyId());
        s3.abortMultipartUpload(b -> b.bucket("sse").key("mp-plain").uploadId(plain.uploadId()));
    }
}
