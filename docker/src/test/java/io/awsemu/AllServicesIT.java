package io.awsemu;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution with every service on the class path: all register, and a service that has no
 * operations yet answers its protocol's not-implemented error through the real SDK.
 */
class AllServicesIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().build();

    static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthListsEveryService() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + "/_awsemu/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        for (String id : new String[] {"s3", "sqs", "ec2", "sdb", "rds", "cloudfront"}) {
            assertTrue(r.body().contains("\"" + id + "\" :"), id + " missing in " + r.body());
        }
        assertTrue(r.body().contains("\"auth\" : \"known\""), r.body());
    }

    @Test
    void ec2AnswersNotImplementedThroughTheSdk() {
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDS).httpClient(UrlConnectionHttpClient.create()).build()) {
            AwsServiceException e = assertThrows(AwsServiceException.class, ec2::describeInstances);
            assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
            assertEquals(501, e.statusCode());
            assertTrue(e.requestId() != null && !e.requestId().isEmpty());
        }
    }

    @Test
    void rdsAnswersNotImplementedThroughTheSdk() {
        try (RdsClient rds = RdsClient.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDS).httpClient(UrlConnectionHttpClient.create()).build()) {
            AwsServiceException e = assertThrows(AwsServiceException.class, rds::describeDBInstances);
            assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
            assertEquals(501, e.statusCode());
        }
    }

    @Test
    void cloudFrontAnswersNotImplementedThroughTheSdk() {
        try (CloudFrontClient cf = CloudFrontClient.builder().endpointOverride(emu.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(CREDS).httpClient(UrlConnectionHttpClient.create()).build()) {
            AwsServiceException e = assertThrows(AwsServiceException.class, () -> cf.listDistributions(b -> {}));
            assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
            assertEquals(501, e.statusCode());
        }
    }

    @Test
    void unknownActionIsInvalidActionInTheServicesEnvelope() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create(emu.endpoint() + "/?Action=FlyToTheMoon&Version=2016-11-15")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("<Response><Errors><Error><Code>InvalidAction</Code>"), r.body());
    }

    @Test
    void unknownJsonTargetIsUnknownOperationException() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + "/"))
                .header("X-Amz-Target", "AmazonSQS.FlyToTheMoon").header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("UnknownOperationException"), r.body());
    }
}
