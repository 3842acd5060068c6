package io.awsemu.junit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user writes: one emulator for the class, SDK v2 clients from the extension. */
class SampleS3AndSqsTest {

    @RegisterExtension
    static AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3", "sqs").build();

    static S3Client s3;
    static SqsClient sqs;

    @BeforeAll
    static void clients() {
        s3 = emu.s3Client();
        sqs = emu.sqsClient();
    }

    @AfterAll
    static void closeClients() {
        s3.close();
        sqs.close();
    }

    @Test
    void serverRunsOnAFreeLoopbackPort() {
        assertTrue(emu.port() > 0);
        assertEquals("http://127.0.0.1:" + emu.port(), emu.endpoint().toString());
        assertEquals("us-east-1", emu.region().id());
        assertEquals("test", emu.credentials().resolveCredentials().accessKeyId());
        assertEquals(List.of("s3", "sqs"), emu.server().serviceIds().stream().sorted().toList());
        assertEquals(null, emu.dataDir(), "in memory by default");
    }

    @Test
    void createListHeadDeleteBucket() {
        s3.createBucket(b -> b.bucket("sample-bucket"));
        List<String> names = s3.listBuckets().buckets().stream().map(Bucket::name).toList();
        assertTrue(names.contains("sample-bucket"), names.toString());
        assertEquals(200, s3.headBucket(b -> b.bucket("sample-bucket")).sdkHttpResponse().statusCode());

        s3.deleteBucket(b -> b.bucket("sample-bucket"));
        assertFalse(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("sample-bucket")));
    }

    @Test
    void headOfAMissingBucketIsNoSuchBucket404() {
        NoSuchBucketException e = assertThrows(NoSuchBucketException.class,
                () -> s3.headBucket(b -> b.bucket("no-such-bucket-here")));
        assertEquals(404, e.statusCode());
    }

    @Test
    void aWrongSecretIsRejected() {
        // the server verifies the extension's key pair, so a client with the wrong secret is refused
        try (S3Client bad = emu.s3ClientBuilder()
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "wrong"))
                .build()) {
            S3Exception e = assertThrows(S3Exception.class, bad::listBuckets);
            assertEquals(403, e.statusCode());
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void sqsCreateSendReceiveDelete() {
        String url = sqs.createQueue(b -> b.queueName("sample-queue")).queueUrl();
        assertTrue(url.endsWith("/sample-queue"), url);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello"));
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(5)).messages();
        assertEquals(1, got.size());
        assertEquals("hello", got.get(0).body());
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
        assertEquals(0, sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)).messages().size());
        sqs.deleteQueue(b -> b.queueUrl(url));
    }
}
