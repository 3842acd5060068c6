package io.awsemu.s3;

import io.awsemu.core.testing.AwsCli;
import io.awsemu.core.testing.EmulatorExtension;
import io.awsemu.core.testing.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's AWS CLI: aws s3 presign, and the access s3api commands (policy, public access block, ACLs). */
class S3AccessCliIT {
    static final HttpClient http = HttpClient.newHttpClient();

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("s3").property("auth", "known").build();

    @TempDir
    static Path dir;

    @BeforeAll
    static void cliPresent() {
        AwsCli.assumeInstalled();
    }

    static ProcessResult aws(String... args) throws Exception {
        return AwsCli.on(emu.port()).run(args);
    }

    static ProcessResult ok(String... args) throws Exception {
        ProcessResult r = aws(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    static int anonymousGet(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(emu.endpoint() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void presignPolicyAndPublicAccessBlock() throws Exception {
        Path file = dir.resolve("page.html");
        Files.writeString(file, "<h1>hi</h1>");
        ok("s3", "mb", "s3://cli-access");
        ok("s3", "cp", file.toString(), "s3://cli-access/site/page.html");
        assertEquals(403, anonymousGet("/cli-access/site/page.html"));

        ProcessResult presign = ok("s3", "presign", "s3://cli-access/site/page.html", "--expires-in", "300");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(presign.stdout().trim())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("<h1>hi</h1>", r.body());

        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::cli-access/site/*\"}]}";
        ProcessResult blocked = aws("s3api", "put-bucket-policy", "--bucket", "cli-access", "--policy", policy);
        assertNotEquals(0, blocked.exit());
        assertTrue(blocked.stderr().contains("AccessDenied"), blocked.toString());
        ok("s3api", "put-public-access-block", "--bucket", "cli-access", "--public-access-block-configuration",
                "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false");
        ok("s3api", "put-bucket-policy", "--bucket", "cli-access", "--policy", policy);
        assertTrue(ok("s3api", "get-bucket-policy-status", "--bucket", "cli-access").stdout().contains("\"IsPublic\": true"));
        assertEquals(200, anonymousGet("/cli-access/site/page.html"));
        assertEquals(403, anonymousGet("/cli-access"));

        ProcessResult acl = aws("s3api", "put-object-acl", "--bucket", "cli-access", "--key", "site/page.html", "--acl", "public-read");
        assertNotEquals(0, acl.exit());
        assertTrue(acl.stderr().contains("AccessControlListNotSupported"), acl.toString());
        assertTrue(ok("s3api", "get-bucket-acl", "--bucket", "cli-access").stdout().contains("FULL_CONTROL"));

        ok("s3api", "delete-bucket-policy", "--bucket", "cli-access");
        assertEquals(403, anonymousGet("/cli-access/site/page.html"));
    }
}
