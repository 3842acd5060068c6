package io.awsemu.s3;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.HttpMethod;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.GeneratePresignedUrlRequest;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presigned URLs from the SDKs' own presigners (SigV4 from SDK v2, SigV2 from SDK v1), used by a plain HTTP client. */
class S3PresignIT {
    static final String BUCKET = "presign-bucket";

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder()
            .services("s3")
            .property("auth", "known")
            .property("credentials", "test:test:000000000000,other:othersecret:111111111111")
            .build();

    static final HttpClient http = HttpClient.newHttpClient();
    static S3Client s3;
    static S3Presigner presigner;
    static S3Presigner otherPresigner;
    static AmazonS3 v1;

    static S3Presigner presigner(String key, String secret) {
        return S3Presigner.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @BeforeAll
    static void setUp() {
        s3 = S3Client.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
        presigner = presigner("test", "test");
        otherPresigner = presigner("other", "othersecret");
        v1 = AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(emu.endpoint().toString(), "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withClientConfiguration(new ClientConfiguration().withSignerOverride("S3SignerType"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("test", "test")))
                .build();
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key("hello.txt"), RequestBody.fromString("hello presigned"));
    }

    @AfterAll
    static void tearDown() {
        s3.close();
        presigner.close();
        otherPresigner.close();
        v1.shutdown();
    }

    static HttpResponse<String> send(String method, URI uri, String body) throws Exception {
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(uri).method(method, p).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sigV4GetAndPut() throws Exception {
        URL get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(r -> r.bucket(BUCKET).key("hello.txt"))).url();
        assertTrue(get.getQuery().contains("X-Amz-Signature="), get.toString());
        HttpResponse<String> r = send("GET", get.toURI(), null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("hello presigned", r.body());

        URL put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(p -> p.bucket(BUCKET).key("up/v4.txt"))).url();
        r = send("PUT", put.toURI(), "uploaded with v4");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("uploaded with v4", s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("up/v4.txt")).asUtf8String());
    }

    @Test
    void sigV4TamperedUrlIsRejected() throws Exception {
        String url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(r -> r.bucket(BUCKET).key("hello.txt"))).url().toString();
        HttpResponse<String> r = send("GET", URI.create(url.replace("/hello.txt", "/up/v4.txt")), null);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
        r = send("GET", URI.create(url.replace("X-Amz-Expires=300", "X-Amz-Expires=301")), null);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
        // a presigned GET is not a presigned PUT
        r = send("PUT", URI.create(url), "overwrite");
        assertEquals(403, r.statusCode(), r.body());
    }

    @Test
    void sigV4ExpiredUrlIsRejected() throws Exception {
        Instant signedAt = Instant.now().minus(Duration.ofHours(2));
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create(emu.endpoint() + "/" + BUCKET + "/hello.txt")).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(s -> s
                .identity(AwsBasicCredentials.create("test", "test"))
                .request(request)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(60))
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))).request();
        HttpResponse<String> r = send("GET", signed.getUri(), null);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>AccessDenied</Code><Message>Request has expired</Message>"), r.body());
    }

    @Test
    void sigV2GetPutAndExpiry() throws Exception {
        URL get = v1.generatePresignedUrl(BUCKET, "hello.txt", Date.from(Instant.now().plusSeconds(300)), HttpMethod.GET);
        assertTrue(get.getQuery().contains("AWSAccessKeyId=test"), get.toString());
        HttpResponse<String> r = send("GET", get.toURI(), null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("hello presigned", r.body());

        URL put = v1.generatePresignedUrl(new GeneratePresignedUrlRequest(BUCKET, "up/v2.txt", HttpMethod.PUT)
                .withExpiration(Date.from(Instant.now().plusSeconds(300))));
        r = send("PUT", put.toURI(), "uploaded with v2");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("uploaded with v2", s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("up/v2.txt")).asUtf8String());

        URL expired = v1.generatePresignedUrl(BUCKET, "hello.txt", Date.from(Instant.now().minusSeconds(60)), HttpMethod.GET);
        r = send("GET", expired.toURI(), null);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Message>Request has expired</Message>"), r.body());

        String tampered = get.toString().replaceAll("Signature=[^&]+", "Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D");
        r = send("GET", URI.create(tampered), null);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
    }

    @Test
    void presignedUrlsCarryTheSignersPermissions() throws Exception {
        // another account's valid presigned URL is still that account's request: the bucket is private
        URL get = otherPresigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(r -> r.bucket(BUCKET).key("hello.txt"))).url();
        HttpResponse<String> r = send("GET", get.toURI(), null);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>AccessDenied</Code>"), r.body());
    }
}
