package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The SDK v2 client most S3 ITs use: the default key pair, us-east-1, path style. */
final class S3TestClients {
    private S3TestClients() {}

    static S3Client pathStyle(EmulatorExtension emu) {
        return builder(emu).build();
    }

    /** As {@link #pathStyle}, but sending checksums only where S3 requires them (as SDKs before 2025 did). */
    static S3Client withoutDefaultChecksums(EmulatorExtension emu) {
        return builder(emu).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).build();
    }

    private static S3ClientBuilder builder(EmulatorExtension emu) {
        return S3Client.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(emu.endpoint()).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create());
    }

    /** SDK v2's async client (over Netty), path style: the only v2 client with SelectObjectContent. */
    static S3AsyncClient async(EmulatorExtension emu) {
        return S3AsyncClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(emu.endpoint()).forcePathStyle(true).httpClient(NettyNioAsyncHttpClient.create()).build();
    }

    /** Runs {@code call}, which must fail with S3's error {@code code} and HTTP {@code status}; the error. */
    static S3Exception assertS3Error(String code, int status, Runnable call) {
        S3Exception e = assertThrows(S3Exception.class, call::run);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode());
        return e;
    }
}
