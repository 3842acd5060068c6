package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bucket operations through SDK v2, path style and virtual-host style, against a running server. */
class S3BucketIT {
    static final String OTHER_ACCOUNT = "111111111111";

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder()
            .property("auth", "known")
            .property("credentials", "test:test:000000000000,other:othersecret:" + OTHER_ACCOUNT)
            .build();

    static final List<S3Client> clients = new java.util.ArrayList<>();

    static S3Client client(String style, Region region, String key, String secret) {
        S3Client c;
        if (style.equals("path")) {
            c = S3Client.builder()
                    .endpointOverride(emu.endpoint())
                    .region(region)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                    .forcePathStyle(true)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        } else {
            // <bucket>.s3.localhost does not resolve on every machine: the client's resolver sends
            // every name to loopback, while the Host header keeps the virtual-host name.
            SdkHttpClient http = ApacheHttpClient.builder()
                    .dnsResolver(host -> new InetAddress[] {InetAddress.getLoopbackAddress()})
                    .build();
            c = S3Client.builder()
                    .endpointOverride(URI.create("http://s3.localhost:" + emu.port()))
                    .region(region)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                    .httpClient(http)
                    .build();
        }
        clients.add(c);
        return c;
    }

    static S3Client client(String style) {
        return client(style, Region.US_EAST_1, "test", "test");
    }

    @AfterAll
    static void closeClients() {
        clients.forEach(S3Client::close);
    }

    static S3Exception error(int status, String code, Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertEquals(status, e.statusCode(), e.toString());
        if (code != null) assertEquals(code, e.awsErrorDetails().errorCode(), e.toString());
        assertNotNull(e.requestId(), "x-amz-request-id");
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "vhost"})
    void lifecycle(String style) {
        S3Client s3 = client(style);
        String name = "life-" + style;
        Instant before = Instant.now().minusSeconds(5);

        assertEquals("/" + name, s3.createBucket(b -> b.bucket(name)).location());
        HeadBucketResponse head = s3.headBucket(b -> b.bucket(name));
        assertEquals("us-east-1", head.bucketRegion());

        ListBucketsResponse list = s3.listBuckets();
        Bucket listed = list.buckets().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
        assertTrue(listed.creationDate().isAfter(before), listed.toString());
        assertNotNull(list.owner().id());
        assertEquals(64, list.owner().id().length());

        String loc = s3.getBucketLocation(b -> b.bucket(name)).locationConstraintAsString();
        assertTrue(loc == null || loc.isEmpty(), "us-east-1 has an empty LocationConstraint, got " + loc);

        // AWS's legacy us-east-1 behaviour: the owner re-creating the bucket gets 200
        s3.createBucket(b -> b.bucket(name));

        s3.deleteBucket(b -> b.bucket(name));
        assertThrows(NoSuchBucketException.class, () -> s3.headBucket(b -> b.bucket(name)));
        assertFalse(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "vhost"})
    void otherRegions(String style) {
        S3Client global = client(style);
        String name = "eu-" + style;
        global.createBucket(b -> b.bucket(name).createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
        assertEquals(BucketLocationConstraint.EU_WEST_1, global.getBucketLocation(b -> b.bucket(name)).locationConstraint());
        assertEquals("eu-west-1", global.headBucket(b -> b.bucket(name)).bucketRegion());
        S3Exception e = error(409, "BucketAlreadyOwnedByYou", () -> global.createBucket(b -> b.bucket(name)
                .createBucketConfiguration(c -> c.locationConstraint("eu-west-1"))));
        assertTrue(e instanceof BucketAlreadyOwnedByYouException, e.getClass().getName());

        // a regional client adds its own LocationConstraint (the SDK's CreateBucketInterceptor)
        S3Client oregon = client(style, Region.US_WEST_2, "test", "test");
        String west = "west-" + style;
        oregon.createBucket(b -> b.bucket(west));
        assertEquals("us-west-2", oregon.getBucketLocation(b -> b.bucket(west)).locationConstraintAsString());
        error(400, "IllegalLocationConstraintException", () -> oregon.createBucket(b -> b.bucket("mismatch-" + style)
                .createBucketConfiguration(c -> c.locationConstraint("eu-west-1"))));
        error(400, "InvalidLocationConstraint", () -> global.createBucket(b -> b.bucket("bad-loc-" + style)
                .createBucketConfiguration(c -> c.locationConstraint("us-east-1"))));

        ListBucketsResponse inWest = global.listBuckets(b -> b.bucketRegion("us-west-2"));
        assertTrue(inWest.buckets().stream().allMatch(b -> b.bucketRegion().equals("us-west-2")), inWest.toString());
        assertTrue(inWest.buckets().stream().anyMatch(b -> b.name().equals(west)));

        global.deleteBucket(b -> b.bucket(name));
        oregon.deleteBucket(b -> b.bucket(west));
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "vhost"})
    void errors(String style) {
        S3Client s3 = client(style);
        assertEquals(404, assertThrows(NoSuchBucketException.class, () -> s3.headBucket(b -> b.bucket("no-such-" + style))).statusCode());
        S3Exception e = error(404, "NoSuchBucket", () -> s3.deleteBucket(b -> b.bucket("no-such-" + style)));
        assertTrue(e instanceof NoSuchBucketException);
        error(404, "NoSuchBucket", () -> s3.getBucketLocation(b -> b.bucket("no-such-" + style)));
        // SDK v2 refuses most bad names itself (case, length, '_', IP form); these pass its check
        // and only the server's rules (reserved prefixes and suffixes) refuse them
        for (String bad : List.of("xn--punycode-" + style, "sthree-" + style, style + "-s3alias", style + "--ol-s3")) {
            error(400, "InvalidBucketName", () -> s3.createBucket(b -> b.bucket(bad)));
        }
    }

    @Test
    void namesAreGlobalAcrossAccounts() {
        S3Client mine = client("path");
        S3Client theirs = client("path", Region.US_EAST_1, "other", "othersecret");
        theirs.createBucket(b -> b.bucket("their-bucket"));
        S3Exception e = error(409, "BucketAlreadyExists", () -> mine.createBucket(b -> b.bucket("their-bucket")));
        assertTrue(e instanceof BucketAlreadyExistsException);
        assertEquals(403, assertThrows(S3Exception.class, () -> mine.headBucket(b -> b.bucket("their-bucket"))).statusCode());
        error(403, "AccessDenied", () -> mine.deleteBucket(b -> b.bucket("their-bucket")));
        assertFalse(mine.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("their-bucket")));
        assertTrue(theirs.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("their-bucket")));
        theirs.deleteBucket(b -> b.bucket("their-bucket"));
    }

    @Test
    void listBucketsPages() {
        S3Client s3 = client("path");
        for (String n : List.of("page-a", "page-b", "page-c")) s3.createBucket(b -> b.bucket(n));
        ListBucketsResponse p1 = s3.listBuckets(b -> b.prefix("page-").maxBuckets(2));
        assertEquals(List.of("page-a", "page-b"), p1.buckets().stream().map(Bucket::name).toList());
        assertEquals("page-", p1.prefix());
        assertNotNull(p1.continuationToken());
        ListBucketsResponse p2 = s3.listBuckets(b -> b.prefix("page-").maxBuckets(2).continuationToken(p1.continuationToken()));
        assertEquals(List.of("page-c"), p2.buckets().stream().map(Bucket::name).toList());
        assertNull(p2.continuationToken());
        List<String> all = s3.listBucketsPaginator(b -> b.prefix("page-").maxBuckets(1)).buckets().stream().map(Bucket::name).toList();
        assertEquals(List.of("page-a", "page-b", "page-c"), all);
        for (String n : List.of("page-a", "page-b", "page-c")) s3.deleteBucket(b -> b.bucket(n));
    }

    @Test
    void unboundSubresourceNeverFallsThrough() {
        S3Client s3 = client("path");
        s3.createBucket(b -> b.bucket("keep-me"));
        error(501, "NotImplemented", () -> s3.deleteBucketMetadataTableConfiguration(b -> b.bucket("keep-me")));
        // bound sub-resources delete only themselves
        error(404, "NoSuchConfiguration", () -> s3.deleteBucketMetricsConfiguration(b -> b.bucket("keep-me").id("m")));
        s3.deleteBucketReplication(b -> b.bucket("keep-me"));
        s3.deleteBucketTagging(b -> b.bucket("keep-me"));
        s3.deleteBucketCors(b -> b.bucket("keep-me"));
        s3.deleteBucketPolicy(b -> b.bucket("keep-me"));
        assertEquals("us-east-1", s3.headBucket(b -> b.bucket("keep-me")).bucketRegion(), "still there");
        s3.deleteBucket(b -> b.bucket("keep-me"));
    }

    @Test
    void rawWire() throws Exception {
        // unsigned requests: anonymous under auth=known, enough to see statuses and bodies
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI base = URI.create("http://127.0.0.1:" + emu.port());
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(base.resolve("/missing-bucket"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, head.statusCode());
        assertEquals("", head.body());
        assertTrue(head.headers().firstValue("x-amz-request-id").isPresent());

        HttpResponse<String> patch = http.send(HttpRequest.newBuilder(base.resolve("/some-bucket"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, patch.statusCode(), patch.body());
        assertTrue(patch.body().contains("<Code>MethodNotAllowed</Code>"), patch.body());
        assertTrue(patch.body().contains("<Method>PATCH</Method><ResourceType>BUCKET</ResourceType>"), patch.body());

        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(base.resolve("/missing-bucket"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, delete.statusCode());
        assertTrue(delete.body().contains("<Code>NoSuchBucket</Code>"), delete.body());
        assertTrue(delete.body().contains("<BucketName>missing-bucket</BucketName>"), delete.body());
        assertEquals("application/xml", delete.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<String> invalid = http.send(HttpRequest.newBuilder(base.resolve("/Bad_Name"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("<Code>InvalidBucketName</Code><Message>The specified bucket is not valid.</Message>"
                + "<BucketName>Bad_Name</BucketName>"), invalid.body());
    }
}
