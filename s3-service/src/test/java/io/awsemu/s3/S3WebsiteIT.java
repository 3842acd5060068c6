package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import software.amazon.awssdk.core.sync.RequestBody;


import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketWebsiteResponse;
import software.amazon.awssdk.services.s3.model.Protocol;
import software.amazon.awssdk.services.s3.model.RoutingRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Website configuration through SDK v2, and the website endpoint as a browser sees it (anonymous, Host-addressed). */
class S3WebsiteIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
        s3.createBucket(b -> b.bucket("site"));
        makePublic("site");
        put("site", "index.html", "<h1>home</h1>", "text/html");
        put("site", "docs/index.html", "<h1>docs</h1>", "text/html");
        put("site", "error.html", "<h1>oops</h1>", "text/html");
        put("site", "style.css", "body{}", "text/css");
        s3.putObject(b -> b.bucket("site").key("old.html").websiteRedirectLocation("/new.html"), RequestBody.fromString(""));
        s3.putBucketWebsite(b -> b.bucket("site").websiteConfiguration(w -> w
                .indexDocument(i -> i.suffix("index.html"))
                .errorDocument(e -> e.key("error.html"))
                .routingRules(
                        RoutingRule.builder().condition(c -> c.keyPrefixEquals("blog/"))
                                .redirect(r -> r.replaceKeyPrefixWith("news/").httpRedirectCode("302")).build(),
                        RoutingRule.builder().condition(c -> c.keyPrefixEquals("gone/").httpErrorCodeReturnedEquals("404"))
                                .redirect(r -> r.hostName("archive.example.com").protocol(Protocol.HTTPS)
                                        .replaceKeyWith("missing.html")).build())));
    }

    /**
     * A website bucket made public the way AWS's guide does it: no public access block, a policy letting
     * everyone read the objects (and list the bucket, so a missing key is 404 rather than 403).
     */
    static void makePublic(String bucket) {
        s3.deletePublicAccessBlock(b -> b.bucket(bucket));
        s3.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":\"*\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],"
                + "\"Resource\":[\"arn:aws:s3:::" + bucket + "\",\"arn:aws:s3:::" + bucket + "/*\"]}]}"));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static void put(String bucket, String key, String body, String type) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(type), RequestBody.fromString(body));
    }

    static void assertError(String code, int status, Runnable call) {
        S3Exception e = assertThrows(S3Exception.class, call::run);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode());
    }

    RawHttp.Response get(String host, String path) throws Exception {
        return RawHttp.send(emu.port(), "GET", host + ":" + emu.port(), path);
    }

    @Test
    void configurationRoundTripsValidatesAndDeletes() {
        s3.createBucket(b -> b.bucket("site-config"));
        assertError("NoSuchWebsiteConfiguration", 404, () -> s3.getBucketWebsite(b -> b.bucket("site-config")));
        GetBucketWebsiteResponse site = s3.getBucketWebsite(b -> b.bucket("site"));
        assertEquals("index.html", site.indexDocument().suffix());
        assertEquals("error.html", site.errorDocument().key());
        assertEquals(2, site.routingRules().size());
        assertEquals("news/", site.routingRules().get(0).redirect().replaceKeyPrefixWith());
        assertEquals(Protocol.HTTPS, site.routingRules().get(1).redirect().protocol());

        assertError("InvalidArgument", 400, () -> s3.putBucketWebsite(b -> b.bucket("site-config")
                .websiteConfiguration(w -> w.errorDocument(e -> e.key("e.html")))));
        assertError("InvalidArgument", 400, () -> s3.putBucketWebsite(b -> b.bucket("site-config")
                .websiteConfiguration(w -> w.indexDocument(i -> i.suffix("a/index.html")))));
        assertError("InvalidArgument", 400, () -> s3.putBucketWebsite(b -> b.bucket("site-config")
                .websiteConfiguration(w -> w.indexDocument(i -> i.suffix("index.html"))
                        .redirectAllRequestsTo(r -> r.hostName("example.com")))));
        assertError("InvalidRequest", 400, () -> s3.putBucketWebsite(b -> b.bucket("site-config")
                .websiteConfiguration(w -> w.indexDocument(i -> i.suffix("index.html")).routingRules(RoutingRule.builder()
                        .redirect(r -> r.replaceKeyWith("a").replaceKeyPrefixWith("b")).build()))));
        assertError("InvalidRequest", 400, () -> s3.putBucketWebsite(b -> b.bucket("site-config")
                .websiteConfiguration(w -> w.indexDocument(i -> i.suffix("index.html")).routingRules(RoutingRule.builder()
                        .redirect(r -> r.httpRedirectCode("200")).build()))));

        s3.putBucketWebsite(b -> b.bucket("site-config").websiteConfiguration(w -> w.indexDocument(i -> i.suffix("i.html"))));
        assertEquals("i.html", s3.getBucketWebsite(b -> b.bucket("site-config")).indexDocument().suffix());
        s3.deleteBucketWebsite(b -> b.bucket("site-config"));
        assertError("NoSuchWebsiteConfiguration", 404, () -> s3.getBucketWebsite(b -> b.bucket("site-config")));
    }

    @Test
    void aPrivateBucketsWebsiteAnswers403() throws Exception {
        s3.createBucket(b -> b.bucket("site-private"));
        put("site-private", "index.html", "<h1>secret</h1>", "text/html");
        s3.putBucketWebsite(b -> b.bucket("site-private").websiteConfiguration(w -> w.indexDocument(i -> i.suffix("index.html"))));
        RawHttp.Response r = get("site-private.s3-website.localhost", "/");
        assertEquals(403, r.status());
        assertTrue(!r.body().contains("secret"), r.body());
    }

    @Test
    void servesIndexDocumentsOnEveryWebsiteHostForm() throws Exception {
        for (String host : new String[] {"site.s3-website.localhost", "site.s3-website-us-east-1.localhost",
                "site.s3-website.us-east-1.localhost", "site.s3-website-us-east-1.amazonaws.com"}) {
            RawHttp.Response home = get(host, "/");
            assertEquals(200, home.status(), host);
            assertEquals("<h1>home</h1>", home.body(), host);
            assertEquals("text/html", home.header("Content-Type"));
        }
        String host = "site.s3-website.localhost";
        assertEquals("<h1>docs</h1>", get(host, "/docs/").body());
        RawHttp.Response folder = get(host, "/docs");
        assertEquals(302, folder.status());
        assertEquals("/docs/", folder.header("Location"));
        assertEquals("body{}", get(host, "/style.css").body());
        RawHttp.Response head = RawHttp.send(emu.port(), "HEAD", host, "/style.css");
        assertEquals(200, head.status());
        assertEquals("6", head.header("Content-Length"));
        assertEquals(405, RawHttp.send(emu.port(), "PUT", host, "/x", "Content-Length", "0").status());

        // ranges and conditional requests, as on the REST endpoint
        RawHttp.Response part = RawHttp.send(emu.port(), "GET", host, "/style.css", "Range", "bytes=1-3");
        assertEquals(206, part.status());
        assertEquals("ody", part.body());
        assertEquals("bytes 1-3/6", part.header("Content-Range"));
        RawHttp.Response full = get(host, "/style.css");
        assertEquals("bytes", full.header("Accept-Ranges"));
        assertEquals(304, RawHttp.send(emu.port(), "GET", host, "/style.css", "If-None-Match", full.header("ETag")).status());
        assertEquals(412, RawHttp.send(emu.port(), "GET", host, "/style.css", "If-Match", "\"nope\"").status());
        RawHttp.Response beyond = RawHttp.send(emu.port(), "GET", host, "/style.css", "Range", "bytes=10-20");
        assertEquals(416, beyond.status());
        assertTrue(beyond.body().contains("Code: InvalidRange"), beyond.body());
    }

    @Test
    void missingKeysGetTheErrorDocumentWithTheirStatus() throws Exception {
        RawHttp.Response missing = get("site.s3-website.localhost", "/nope.html");
        assertEquals(404, missing.status());
        assertEquals("<h1>oops</h1>", missing.body());

        s3.createBucket(b -> b.bucket("bare-site"));
        makePublic("bare-site");
        s3.putBucketWebsite(b -> b.bucket("bare-site").websiteConfiguration(w -> w.indexDocument(i -> i.suffix("index.html"))));
        RawHttp.Response page = get("bare-site.s3-website.localhost", "/nope.html");
        assertEquals(404, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.body().contains("<h1>404 Not Found</h1>") && page.body().contains("Code: NoSuchKey"), page.body());
        assertEquals("NoSuchKey", page.header("x-amz-error-code"));

        s3.createBucket(b -> b.bucket("not-a-site"));
        RawHttp.Response noConfig = get("not-a-site.s3-website.localhost", "/");
        assertEquals(404, noConfig.status());
        assertTrue(noConfig.body().contains("Code: NoSuchWebsiteConfiguration"), noConfig.body());
        RawHttp.Response noBucket = get("no-such-bucket-xyz.s3-website.localhost", "/");
        assertEquals(404, noBucket.status());
        assertTrue(noBucket.body().contains("Code: NoSuchBucket"), noBucket.body());
    }

    @Test
    void redirects() throws Exception {
        String host = "site.s3-website.localhost";
        RawHttp.Response blog = get(host, "/blog/2024/post.html");
        assertEquals(302, blog.status());
        assertEquals("http://" + host + ":" + emu.port() + "/news/2024/post.html", blog.header("Location"));
        RawHttp.Response gone = get(host, "/gone/page.html");
        assertEquals(301, gone.status());
        assertEquals("https://archive.example.com/missing.html", gone.header("Location"));
        RawHttp.Response old = get(host, "/old.html");
        assertEquals(301, old.status());
        assertEquals("/new.html", old.header("Location"));

        s3.createBucket(b -> b.bucket("moved-site"));
        s3.putBucketWebsite(b -> b.bucket("moved-site").websiteConfiguration(w -> w
                .redirectAllRequestsTo(r -> r.hostName("www.example.com").protocol(Protocol.HTTPS))));
        RawHttp.Response all = get("moved-site.s3-website-us-east-1.localhost", "/a/b.html");
        assertEquals(301, all.status());
        assertEquals("https://www.example.com/a/b.html", all.header("Location"));
        assertEquals(Protocol.HTTPS, s3.getBucketWebsite(b -> b.bucket("moved-site")).redirectAllRequestsTo().protocol());
    }

    @Test
    void theRestEndpointStillAnswersXml() throws Exception {
        RawHttp.Response rest = RawHttp.send(emu.port(), "GET", "localhost:" + emu.port(), "/site/missing-key");
        assertEquals(404, rest.status());
        assertTrue(rest.body().contains("<Code>NoSuchKey</Code>"), rest.body());
        assertNull(rest.header("x-amz-error-code"));
    }
}
