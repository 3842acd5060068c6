package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Buckets survive a clean restart and a kill -9 of a separately started emulator. */
class S3DurabilityIT {

    static S3Client client(EmulatorProcess p) {
        return S3Client.builder()
                .endpointOverride(p.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static Map<String, Instant> buckets(EmulatorProcess p) {
        try (S3Client s3 = client(p)) {
            return s3.listBuckets().buckets().stream().collect(Collectors.toMap(Bucket::name, Bucket::creationDate));
        }
    }

    @Test
    void bucketsSurviveRestartAndKill9(@TempDir Path dataDir) throws Exception {
        Map<String, String> props = Map.of("auth", "known", "services", "s3");
        Map<String, Instant> before;
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props)) {
            try (S3Client s3 = client(p)) {
                s3.createBucket(b -> b.bucket("durable-one"));
                s3.createBucket(b -> b.bucket("durable-eu").createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
            }
            before = buckets(p);
            p.stop();
        }
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props)) {
            assertEquals(before, buckets(p), "after a clean stop");
            try (S3Client s3 = client(p)) {
                assertEquals("eu-west-1", s3.getBucketLocation(b -> b.bucket("durable-eu")).locationConstraintAsString());
                // acknowledged, then the process dies without a chance to flush anything
                s3.createBucket(b -> b.bucket("durable-two"));
                s3.deleteBucket(b -> b.bucket("durable-one"));
            }
            before = buckets(p);
            p.kill9();
        }
        try (EmulatorProcess p = EmulatorProcess.start(dataDir, props)) {
            assertEquals(before, buckets(p), "after kill -9");
            assertEquals(List.of("durable-eu", "durable-two"), buckets(p).keySet().stream().sorted().toList());
        }
    }
}
