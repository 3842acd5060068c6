package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;




import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAccelerateStatus;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.Payer;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stored bucket configurations: encryption, logging, request payment, acceleration, notifications. */
class S3BucketConfigIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
        s3.createBucket(b -> b.bucket("conf"));
        s3.createBucket(b -> b.bucket("conf-logs"));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static void assertError(String code, int status, Runnable call) {
        S3Exception e = assertThrows(S3Exception.class, call::run);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode());
    }

    @Test
    void encryptionDefaultsToSseS3AndRoundTrips() {
        ServerSideEncryptionRule dflt = s3.getBucketEncryption(b -> b.bucket("conf")).serverSideEncryptionConfiguration().rules().get(0);
        assertEquals(ServerSideEncryption.AES256, dflt.applyServerSideEncryptionByDefault().sseAlgorithm());
        assertFalse(dflt.bucketKeyEnabled());
        s3.putBucketEncryption(b -> b.bucket("conf").serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID("alias/mine"))
                .bucketKeyEnabled(true))));
        ServerSideEncryptionRule kms = s3.getBucketEncryption(b -> b.bucket("conf")).serverSideEncryptionConfiguration().rules().get(0);
        assertEquals(ServerSideEncryption.AWS_KMS, kms.applyServerSideEncryptionByDefault().sseAlgorithm());
        assertEquals("alias/mine", kms.applyServerSideEncryptionByDefault().kmsMasterKeyID());
        assertTrue(kms.bucketKeyEnabled());
        assertError("InvalidArgument", 400, () -> s3.putBucketEncryption(b -> b.bucket("conf").serverSideEncryptionConfiguration(
                c -> c.rules(r -> r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)
                        .kmsMasterKeyID("alias/mine"))))));
        assertError("MalformedXML", 400, () -> s3.putBucketEncryption(b -> b.bucket("conf").serverSideEncryptionConfiguration(
                c -> c.rules(r -> r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("ROT13"))))));
        s3.deleteBucketEncryption(b -> b.bucket("conf"));
        assertEquals(ServerSideEncryption.AES256, s3.getBucketEncryption(b -> b.bucket("conf"))
                .serverSideEncryptionConfiguration().rules().get(0).applyServerSideEncryptionByDefault().sseAlgorithm());
        assertError("NoSuchBucket", 404, () -> s3.getBucketEncryption(b -> b.bucket("conf-missing")));
    }

    @Test
    void loggingIsStoredAndChecksTheTarget() {
        assertNull(s3.getBucketLogging(b -> b.bucket("conf")).loggingEnabled());
        s3.putBucketLogging(b -> b.bucket("conf").bucketLoggingStatus(s -> s.loggingEnabled(l -> l
                .targetBucket("conf-logs").targetPrefix("access/"))));
        assertEquals("conf-logs", s3.getBucketLogging(b -> b.bucket("conf")).loggingEnabled().targetBucket());
        assertEquals("access/", s3.getBucketLogging(b -> b.bucket("conf")).loggingEnabled().targetPrefix());
        assertError("InvalidTargetBucketForLogging", 400, () -> s3.putBucketLogging(b -> b.bucket("conf")
                .bucketLoggingStatus(s -> s.loggingEnabled(l -> l.targetBucket("conf-nowhere").targetPrefix("x")))));
        s3.putBucketLogging(b -> b.bucket("conf").bucketLoggingStatus(s -> s.loggingEnabled((software.amazon.awssdk.services.s3.model.LoggingEnabled) null)));
        assertNull(s3.getBucketLogging(b -> b.bucket("conf")).loggingEnabled());
    }

    @Test
    void requestPaymentAndAcceleration() {
        assertEquals(Payer.BUCKET_OWNER, s3.getBucketRequestPayment(b -> b.bucket("conf")).payer());
        s3.putBucketRequestPayment(b -> b.bucket("conf").requestPaymentConfiguration(r -> r.payer(Payer.REQUESTER)));
        assertEquals(Payer.REQUESTER, s3.getBucketRequestPayment(b -> b.bucket("conf")).payer());
        assertError("MalformedXML", 400, () -> s3.putBucketRequestPayment(b -> b.bucket("conf")
                .requestPaymentConfiguration(r -> r.payer("Nobody"))));

        assertNull(s3.getBucketAccelerateConfiguration(b -> b.bucket("conf")).status());
        s3.putBucketAccelerateConfiguration(b -> b.bucket("conf").accelerateConfiguration(a -> a.status(BucketAccelerateStatus.ENABLED)));
        assertEquals(BucketAccelerateStatus.ENABLED, s3.getBucketAccelerateConfiguration(b -> b.bucket("conf")).status());
        assertError("MalformedXML", 400, () -> s3.putBucketAccelerateConfiguration(b -> b.bucket("conf")
                .accelerateConfiguration(a -> a.status("Maybe"))));
        s3.createBucket(b -> b.bucket("conf.dotted"));
        assertError("InvalidRequest", 400, () -> s3.putBucketAccelerateConfiguration(b -> b.bucket("conf.dotted")
                .accelerateConfiguration(a -> a.status(BucketAccelerateStatus.ENABLED))));
    }

    @Test
    void notificationsAreValidatedAndStored() {
        GetBucketNotificationConfigurationResponse none = s3.getBucketNotificationConfiguration(b -> b.bucket("conf"));
        assertTrue(none.queueConfigurations().isEmpty() && none.topicConfigurations().isEmpty());
        s3.putBucketNotificationConfiguration(b -> b.bucket("conf").notificationConfiguration(n -> n
                .queueConfigurations(q -> q.id("uploads").queueArn("arn:aws:sqs:us-east-1:000000000000:uploads")
                        .events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED_DELETE)
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name(FilterRuleName.PREFIX).value("in/"))))))
                .skipDestinationValidation(true));
        GetBucketNotificationConfigurationResponse got = s3.getBucketNotificationConfiguration(b -> b.bucket("conf"));
        assertEquals(1, got.queueConfigurations().size());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:uploads", got.queueConfigurations().get(0).queueArn());
        assertEquals(2, got.queueConfigurations().get(0).events().size());
        assertEquals("in/", got.queueConfigurations().get(0).filter().key().filterRules().get(0).value());
        assertError("InvalidArgument", 400, () -> s3.putBucketNotificationConfiguration(b -> b.bucket("conf")
                .notificationConfiguration(n -> n.topicConfigurations(t -> t.topicArn("not-an-arn").events(Event.S3_OBJECT_CREATED)))));
        // without x-amz-skip-destination-validation the queue must exist (and SQS is not running here)
        assertError("InvalidArgument", 400, () -> s3.putBucketNotificationConfiguration(b -> b.bucket("conf")
                .notificationConfiguration(n -> n.queueConfigurations(q -> q.queueArn("arn:aws:sqs:us-east-1:000000000000:nope")
                        .events(Event.S3_OBJECT_CREATED)))));
        assertEquals(1, s3.getBucketNotificationConfiguration(b -> b.bucket("conf")).queueConfigurations().size());
        s3.putBucketNotificationConfiguration(b -> b.bucket("conf").notificationConfiguration(n -> { }));
        assertTrue(s3.getBucketNotificationConfiguration(b -> b.bucket("conf")).queueConfigurations().isEmpty());
    }
}
