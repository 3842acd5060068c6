package io.awsemu.s3;

import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.s3.S3Target.Shape;
import io.awsemu.s3.S3Target.Style;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class S3TargetTest {

    static S3Target parse(String hostHeader, String uri) {
        return S3Target.parse(new HttpRequestHead("GET", uri, Headers.of("Host", hostHeader), null, null), "localhost");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // host header                           | bucket      | region
            "my-bucket.s3.localhost                  | my-bucket   | NULL",
            "my-bucket.s3.localhost:4566             | my-bucket   | NULL",
            "My-Bucket.S3.LOCALHOST:4566             | my-bucket   | NULL",
            "my.dotted.bucket.s3.localhost:4566      | my.dotted.bucket | NULL",
            "my-bucket.s3.eu-west-1.localhost:4566   | my-bucket   | eu-west-1",
            "my-bucket.s3.amazonaws.com              | my-bucket   | NULL",
            "my-bucket.s3.us-west-2.amazonaws.com    | my-bucket   | us-west-2",
            "my-bucket.s3-us-west-2.amazonaws.com    | my-bucket   | us-west-2",
            "my-bucket.s3-external-1.amazonaws.com   | my-bucket   | NULL",
            "my-bucket.s3.dualstack.ap-south-1.amazonaws.com | my-bucket | ap-south-1",
            "my-bucket.s3.us-gov-west-1.amazonaws.com | my-bucket  | us-gov-west-1",
            "a.s3.b.s3.localhost                     | a.s3.b      | NULL",
    })
    void virtualHostStyle(String host, String bucket, String region) {
        S3Target t = parse(host, "/some/key");
        assertEquals(new S3Target(bucket, "some/key", Style.VIRTUAL_HOST, region), t);
        assertEquals(Shape.BUCKET, parse(host, "/").shape());
        assertEquals(Shape.BUCKET, parse(host, "/?acl").shape());
        assertEquals(bucket, parse(host, "/").bucket());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"localhost", "localhost:4566", "127.0.0.1", "127.0.0.1:4566", "[::1]", "[::1]:4566",
            "s3.localhost:4566", "s3.eu-west-1.localhost", "s3.amazonaws.com", "s3.us-west-2.amazonaws.com",
            "s3-us-west-2.amazonaws.com", "example.com", "host.docker.internal:4566", "10.1.2.3:80"})
    void pathStyle(String host) {
        assertEquals(new S3Target(null, null, Style.PATH, null), parse(host, "/"));
        assertEquals(new S3Target("bkt", null, Style.PATH, null), parse(host, "/bkt"));
        assertEquals(new S3Target("bkt", null, Style.PATH, null), parse(host, "/bkt/"));
        assertEquals(new S3Target("bkt", "a/b.txt", Style.PATH, null), parse(host, "/bkt/a/b.txt?versionId=1"));
    }

    @Test
    void missingHostIsPathStyle() {
        S3Target t = S3Target.parse(new HttpRequestHead("GET", "/b/k", new Headers(), null, null), "localhost");
        assertEquals(new S3Target("b", "k", Style.PATH, null), t);
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', value = {
            "/b/hello%20world.txt       | hello world.txt",
            "/b/a+b                     | a+b",
            "/b/a%2Bb                   | a+b",
            "/b/dir%2Ffile              | dir/file",
            "/b/%25                     | %",
            "/b/%2525                   | %25",
            "/b/caf%C3%A9/%E2%82%AC      | café/€",
            "/b/%F0%9F%98%80            | \uD83D\uDE00",
            "/b//leading                | /leading",
            "/b/a//b                    | a//b",
            "/b/../x                    | ../x",
            "/b/a/./b/..                | a/./b/..",
            "/b/dir/                    | dir/",
            "/b//                       | /",
            "/b/%3Fq%23f                | ?q#f",
    })
    void keysAreDecodedExactlyOnce(String path, String key) {
        assertEquals(key, parse("localhost:4566", path).key());
        // virtual host: the same key under the bucket's host
        assertEquals(key, parse("b.s3.localhost:4566", path.substring(2)).key());
    }

    @ParameterizedTest
    @CsvSource({"/b/%", "/b/a%2", "/b/%G1", "/b/%FF", "/b/%C3", "/b/%C3%28", "/%FFbucket/k"})
    void malformedEscapesAndNonUtf8AreInvalidUri(String path) {
        io.awsemu.core.error.AwsException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.awsemu.core.error.AwsException.class, () -> parse("localhost", path));
        assertEquals("InvalidURI", e.code());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void configuredDomain() {
        HttpRequestHead h = new HttpRequestHead("GET", "/k", Headers.of("Host", "bkt.s3.emu.test:80"), null, null);
        assertEquals(new S3Target("bkt", "k", Style.VIRTUAL_HOST, null), S3Target.parse(h, "emu.test"));
        // with another domain configured, *.s3.localhost is just a host name: path style
        assertEquals(Style.PATH, S3Target.parse(
                new HttpRequestHead("GET", "/k", Headers.of("Host", "bkt.s3.localhost"), null, null), "emu.test").style());
    }
}
