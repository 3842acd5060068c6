package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The SDK v2 client most S3 ITs use: the default key pair, us-east-1, path style. */
final class S3TestClients {
    private S3TestClients() {}

    static S3Client pathStyle(EmulatorExtension emu) {
        return S3Client.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(emu.endpoint()).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
