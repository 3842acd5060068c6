package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS configuration through SDK v2 and its enforcement seen by a browser: preflight OPTIONS and actual requests. */
class S3CorsIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
        s3.createBucket(b -> b.bucket("cors"));
        s3.putObject(b -> b.bucket("cors").key("page.html"), RequestBody.fromString("<p>hi</p>"));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static final CORSRule APP = CORSRule.builder().id("app").allowedOrigins("https://app.example.com", "https://*.example.org")
            .allowedMethods("GET", "PUT").allowedHeaders("x-amz-*", "content-type").exposeHeaders("ETag", "x-amz-request-id")
            .maxAgeSeconds(600).build();
    static final CORSRule ANY = CORSRule.builder().allowedOrigins("*").allowedMethods("HEAD").build();

    static void assertError(String code, int status, Runnable call) {
        S3Exception e = assertThrows(S3Exception.class, call::run);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode());
    }

    String localhost() {
        return "localhost:" + emu.port();
    }

    @Test
    void configurationRoundTripsAndDeletes() {
        s3.createBucket(b -> b.bucket("cors-config"));
        assertError("NoSuchCORSConfiguration", 404, () -> s3.getBucketCors(b -> b.bucket("cors-config")));
        s3.putBucketCors(b -> b.bucket("cors-config").corsConfiguration(c -> c.corsRules(APP, ANY)));
        List<CORSRule> rules = s3.getBucketCors(b -> b.bucket("cors-config")).corsRules();
        assertEquals(List.of(APP, ANY), rules);
        s3.deleteBucketCors(b -> b.bucket("cors-config"));
        assertError("NoSuchCORSConfiguration", 404, () -> s3.getBucketCors(b -> b.bucket("cors-config")));
    }

    @Test
    void invalidConfigurationsAreRefused() {
        assertError("InvalidRequest", 400, () -> s3.putBucketCors(b -> b.bucket("cors").corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedOrigins("*").allowedMethods("PATCH").build()))));
        assertError("MalformedXML", 400, () -> s3.putBucketCors(b -> b.bucket("cors").corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedMethods("GET").build()))));
        assertError("MalformedXML", 400, () -> s3.putBucketCors(b -> b.bucket("cors").corsConfiguration(c -> c.corsRules(List.of()))));
        List<CORSRule> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) many.add(ANY);
        assertError("MalformedXML", 400, () -> s3.putBucketCors(b -> b.bucket("cors").corsConfiguration(c -> c.corsRules(many))));
        s3.putBucketCors(b -> b.bucket("cors").corsConfiguration(c -> c.corsRules(many.subList(0, 100))));
        s3.deleteBucketCors(b -> b.bucket("cors"));
    }

    @Test
    void preflightAnswersFromTheRules() throws Exception {
        s3.createBucket(b -> b.bucket("cors-pre"));
        s3.putObject(b -> b.bucket("cors-pre").key("a/b.txt"), RequestBody.fromString("x"));
        RawHttp.Response none = RawHttp.send(emu.port(), "OPTIONS", localhost(), "/cors-pre/a/b.txt",
                "Origin", "https://app.example.com", "Access-Control-Request-Method", "GET");
        assertEquals(403, none.status());
        assertTrue(none.body().contains("CORSResponse: CORS is not enabled for this bucket."), none.body());

        s3.putBucketCors(b -> b.bucket("cors-pre").corsConfiguration(c -> c.corsRules(APP, ANY)));
        RawHttp.Response ok = RawHttp.send(emu.port(), "OPTIONS", localhost(), "/cors-pre/a/b.txt",
                "Origin", "https://app.example.com", "Access-Control-Request-Method", "PUT",
                "Access-Control-Request-Headers", "Content-Type, X-Amz-Meta-Owner");
        assertEquals(200, ok.status(), ok.body());
        assertEquals("https://app.example.com", ok.header("Access-Control-Allow-Origin"));
        assertEquals("GET, PUT", ok.header("Access-Control-Allow-Methods"));
        assertEquals("content-type, x-amz-meta-owner", ok.header("Access-Control-Allow-Headers"));
        assertEquals("600", ok.header("Access-Control-Max-Age"));
        assertEquals("ETag, x-amz-request-id", ok.header("Access-Control-Expose-Headers"));
        assertEquals("true", ok.header("Access-Control-Allow-Credentials"));
        assertTrue(ok.header("Vary").contains("Origin"), ok.header("Vary"));

        RawHttp.Response wildcard = RawHttp.send(emu.port(), "OPTIONS", localhost(), "/cors-pre/a/b.txt",
                "Origin", "https://shop.example.org", "Access-Control-Request-Method", "GET");
        assertEquals(200, wildcard.status());
        assertEquals("https://shop.example.org", wildcard.header("Access-Control-Allow-Origin"));

        RawHttp.Response star = RawHttp.send(emu.port(), "OPTIONS", localhost(), "/cors-pre",
                "Origin", "https://anyone.test", "Access-Control-Request-Method", "HEAD");
        assertEquals(200, star.status());
        assertEquals("*", star.header("Access-Control-Allow-Origin"));
        assertNull(star.header("Access-Control-Allow-Credentials"));

        for (String[] bad : new String[][] {
                {"https://evil.test", "GET", "content-type"},
                {"https://app.example.com", "DELETE", "content-type"},
                {"https://app.example.com", "GET", "authorization"}}) {
            RawHttp.Response denied = RawHttp.send(emu.port(), "OPTIONS", localhost(), "/cors-pre/a/b.txt",
                    "Origin", bad[0], "Access-Control-Request-Method", bad[1], "Access-Control-Request-Headers", bad[2]);
            assertEquals(403, denied.status(), String.join(" ", bad));
            assertTrue(denied.body().contains("<Code>AccessForbidden</Code>"), denied.body());
            assertTrue(denied.body().contains("CORSResponse: This CORS request is not allowed."), denied.body());
            assertNull(denied.header("Access-Control-Allow-Origin"));
        }
        RawHttp.Response noOrigin = RawHttp.send(emu.port(), "OPTIONS", localhost(), "/cors-pre/a/b.txt",
                "Access-Control-Request-Method", "GET");
        assertEquals(400, noOrigin.status());
        assertTrue(noOrigin.body().contains("Insufficient information. Origin request header needed."), noOrigin.body());
        RawHttp.Response badMethod = RawHttp.send(emu.port(), "OPTIONS", localhost(), "/cors-pre/a/b.txt",
                "Origin", "https://app.example.com", "Access-Control-Request-Method", "PATCH");
        assertEquals(400, badMethod.status());
    }

    @Test
    void actualResponsesCarryTheHeadersWhenTheOriginMatches() throws Exception {
        S3Client withOrigin = S3Client.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(emu.endpoint()).forcePathStyle(true)
                .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.create()).build();
        s3.putBucketCors(b -> b.bucket("cors").corsConfiguration(c -> c.corsRules(APP)));
        // anonymous GET of a private object: the error carries CORS headers too, so the browser can read it
        RawHttp.Response get = RawHttp.send(emu.port(), "GET", localhost(), "/cors/page.html",
                "Origin", "https://app.example.com");
        assertEquals(403, get.status(), "new buckets are private");
        assertEquals("https://app.example.com", get.header("Access-Control-Allow-Origin"), get.toString());
        assertTrue(get.header("Vary").contains("Access-Control-Request-Method"));
        // the owner's signed GET from the same page: a success carries the exposed headers as well
        // (Apache client: HttpURLConnection drops a restricted Origin header after the SDK signed it)
        var signed = withOrigin.getObjectAsBytes(b -> b.bucket("cors").key("page.html")
                .overrideConfiguration(o -> o.putHeader("Origin", "https://app.example.com"))).response().sdkHttpResponse();
        assertEquals(List.of("https://app.example.com"), signed.headers().get("Access-Control-Allow-Origin"));
        assertEquals("ETag, x-amz-request-id", signed.firstMatchingHeader("Access-Control-Expose-Headers").orElse(null));

        RawHttp.Response other = RawHttp.send(emu.port(), "GET", localhost(), "/cors/page.html", "Origin", "https://evil.test");
        assertNull(other.header("Access-Control-Allow-Origin"));
        RawHttp.Response noOrigin = RawHttp.send(emu.port(), "GET", localhost(), "/cors/page.html");
        assertNull(noOrigin.header("Access-Control-Allow-Origin"));
        RawHttp.Response missing = RawHttp.send(emu.port(), "GET", localhost(), "/cors/missing",
                "Origin", "https://app.example.com");
        assertEquals(403, missing.status(), "anonymous callers may not learn which keys are absent");
        assertEquals("https://app.example.com", missing.header("Access-Control-Allow-Origin"));
        s3.deleteBucketCors(b -> b.bucket("cors"));
        RawHttp.Response after = RawHttp.send(emu.port(), "GET", localhost(), "/cors/page.html", "Origin", "https://app.example.com");
        assertNull(after.header("Access-Control-Allow-Origin"));
    }
}
