package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PartitionDateSource;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server access logging: requests to a logged bucket arrive as log objects in the target bucket, in S3's format. */
class S3AccessLogIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").persistent().build();

    static S3Client s3;

    /** One field: a bracketed time, a quoted string, or a run without spaces. */
    private static final Pattern FIELD = Pattern.compile("\\[[^]]*]|\"(?:[^\"\\\\]|\\\\.)*\"|\\S+");
    private static final Pattern SIMPLE_KEY = Pattern.compile("logs/\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9A-F]{16}");

    @BeforeAll
    static void client() {
        s3 = S3TestClients.pathStyle(emu);
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static int deliver() throws Exception {
        RawHttp.Response r = RawHttp.send(emu.port(), "POST", "localhost:" + emu.port(), "/_aws/s3/access-logs",
                "Content-Length", "0");
        assertEquals(200, r.status(), r.body());
        return Integer.parseInt(r.body().replaceAll("\\D", ""));
    }

    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) out.add(m.group());
        return out;
    }

    static List<List<String>> lines(String bucket, String prefix) {
        List<List<String>> out = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            String text = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asUtf8String();
            for (String l : text.split("\n")) out.add(fields(l));
        }
        return out;
    }

    static List<String> find(List<List<String>> lines, String operation, String key) {
        return lines.stream().filter(f -> f.get(6).equals(operation) && f.get(7).equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(operation + " " + key + " not in " + lines));
    }

    @Test
    void requestsToALoggedBucketArriveInTheTargetInS3sFormat() throws Exception {
        s3.createBucket(b -> b.bucket("logged"));
        s3.createBucket(b -> b.bucket("log-target"));
        s3.putObject(b -> b.bucket("logged").key("before logging"), RequestBody.fromString("x"));
        deliver();
        s3.putBucketLogging(b -> b.bucket("logged").bucketLoggingStatus(s -> s.loggingEnabled(e -> e
                .targetBucket("log-target").targetPrefix("logs/"))));
        s3.putObject(b -> b.bucket("logged").key("dir/a b.txt"), RequestBody.fromString("hello"));
        s3.getObject(b -> b.bucket("logged").key("dir/a b.txt").range("bytes=1-2")).close();
        assertThrows(NoSuchKeyException.class, () -> s3.getObject(b -> b.bucket("logged").key("missing")));
        s3.listObjectsV2(b -> b.bucket("logged"));
        s3.putObject(b -> b.bucket("log-target").key("not logged"), RequestBody.fromString("y"));

        assertEquals(1, deliver());
        List<S3Object> objects = s3.listObjectsV2(b -> b.bucket("log-target").prefix("logs/")).contents();
        assertEquals(1, objects.size());
        assertTrue(SIMPLE_KEY.matcher(objects.get(0).key()).matches(), objects.get(0).key());
        List<List<String>> lines = lines("log-target", "logs/");
        assertEquals(4, lines.size(), lines.toString());
        for (List<String> f : lines) {
            assertEquals(26, f.size(), f.toString());
            assertEquals("logged", f.get(1));
            assertTrue(f.get(2).matches("\\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000]"), f.get(2));
            assertEquals("127.0.0.1", f.get(3));
            assertEquals("arn:aws:iam::000000000000:root", f.get(4));
            assertEquals("SigV4", f.get(19));
            assertEquals("AuthHeader", f.get(21));
        }
        List<String> put = find(lines, "REST.PUT.OBJECT", "dir/a%20b.txt");
        assertEquals("200", put.get(9));
        assertEquals("-", put.get(10));
        assertEquals("5", put.get(12)); // the object's size, not the aws-chunked body's
        assertTrue(put.get(8).startsWith("\"PUT /logged/dir/a%20b.txt"), put.get(8));
        List<String> get = find(lines, "REST.GET.OBJECT", "dir/a%20b.txt");
        assertEquals("206", get.get(9));
        assertEquals("2", get.get(11));
        assertEquals("5", get.get(12));
        List<String> missing = find(lines, "REST.GET.OBJECT", "missing");
        assertEquals("404", missing.get(9));
        assertEquals("NoSuchKey", missing.get(10));
        List<String> list = find(lines, "REST.GET.BUCKET", "-");
        assertEquals("200", list.get(9));

        // nothing new: nothing delivered; logging off: nothing gathered
        assertEquals(0, deliver());
        s3.putBucketLogging(b -> b.bucket("logged").bucketLoggingStatus(s -> s.build()));
        s3.getObject(b -> b.bucket("logged").key("dir/a b.txt")).close();
        assertEquals(0, deliver());
    }

    @Test
    void partitionedPrefixesAndAGoneTarget() throws Exception {
        deliver(); // what other tests left
        s3.createBucket(b -> b.bucket("logged-p"));
        s3.createBucket(b -> b.bucket("log-target-p"));
        s3.putBucketLogging(b -> b.bucket("logged-p").bucketLoggingStatus(s -> s.loggingEnabled(e -> e
                .targetBucket("log-target-p").targetPrefix("p/")
                .targetObjectKeyFormat(k -> k.partitionedPrefix(pp -> pp.partitionDateSource(PartitionDateSource.EVENT_TIME))))));
        s3.putObject(b -> b.bucket("logged-p").key("k"), RequestBody.fromString("v"));
        assertEquals(1, deliver());
        String key = s3.listObjectsV2(b -> b.bucket("log-target-p").prefix("p/")).contents().get(0).key();
        assertTrue(key.matches("p/000000000000/us-east-1/logged-p/\\d{4}/\\d{2}/\\d{2}/\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9A-F]{16}"), key);

        // a target bucket deleted since: the lines are dropped, the source bucket goes on
        s3.putObject(b -> b.bucket("logged-p").key("k2"), RequestBody.fromString("v"));
        for (S3Object o : s3.listObjectsV2(b -> b.bucket("log-target-p")).contents()) {
            s3.deleteObject(b -> b.bucket("log-target-p").key(o.key()));
        }
        s3.deleteBucket(b -> b.bucket("log-target-p"));
        assertEquals(0, deliver());
        s3.getObject(b -> b.bucket("logged-p").key("k2")).close();
    }

    @Test
    void loggingGoesOnAfterARestart() throws Exception {
        s3.createBucket(b -> b.bucket("logged-r"));
        s3.putBucketLogging(b -> b.bucket("logged-r").bucketLoggingStatus(s -> s.loggingEnabled(e -> e
                .targetBucket("logged-r").targetPrefix("own-logs/"))));
        deliver();
        emu.restart();
        s3.headBucket(b -> b.bucket("logged-r"));
        assertEquals(1, deliver());
        List<List<String>> lines = lines("logged-r", "own-logs/");
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("REST.HEAD.BUCKET", lines.get(0).get(6));
        s3.putBucketLogging(b -> b.bucket("logged-r").bucketLoggingStatus(s -> s.build()));
    }

    @Test
    void websiteRequestsAreLoggedAsWebsiteOperations() throws Exception {
        deliver(); // what other tests left
        s3.createBucket(b -> b.bucket("logged-w"));
        s3.createBucket(b -> b.bucket("log-target-w"));
        s3.putBucketWebsite(b -> b.bucket("logged-w").websiteConfiguration(w -> w.indexDocument(i -> i.suffix("index.html"))));
        s3.putBucketLogging(b -> b.bucket("logged-w").bucketLoggingStatus(s -> s.loggingEnabled(e -> e
                .targetBucket("log-target-w").targetPrefix(""))));
        // a private bucket's site refuses the anonymous browser, and that is logged too
        RawHttp.Response r = RawHttp.send(emu.port(), "GET", "logged-w.s3-website.localhost:" + emu.port(), "/docs/page.html");
        assertEquals(403, r.status());
        assertEquals(1, deliver());
        List<List<String>> lines = lines("log-target-w", "");
        assertEquals(1, lines.size(), lines.toString());
        List<String> f = lines.get(0);
        assertEquals("WEBSITE.GET.OBJECT", f.get(6));
        assertEquals("docs/page.html", f.get(7));
        assertEquals("-", f.get(4)); // anonymous
        assertEquals("403", f.get(9));
        assertEquals("AccessDenied", f.get(10));
    }
}
