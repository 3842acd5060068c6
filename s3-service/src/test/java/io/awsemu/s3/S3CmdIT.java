package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import io.awsemu.core.testing.ProcessResult;
import io.awsemu.core.testing.S3Cmd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's s3cmd against the real server, signing with SigV4 (its default) and with SigV2
 * ({@code --signature-v2} in its config): mb, put with a metadata header, ls, la, info, get, del,
 * rb, a key with spaces and non-ASCII letters, and the exit codes and messages of the errors.
 * Skipped without s3cmd; CI installs it.
 */
class S3CmdIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    @TempDir
    static Path dir;

    static S3Client sdk;

    @BeforeAll
    static void setUp() {
        S3Cmd.assumeInstalled();
        sdk = S3Client.builder().endpointOverride(emu.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void close() {
        if (sdk != null) sdk.close();
    }

    static S3Cmd s3cmd(boolean v2) {
        return v2 ? S3Cmd.on(emu.port()).signatureV2() : S3Cmd.on(emu.port());
    }

    @ParameterizedTest(name = "signature v2: {0}")
    @ValueSource(booleans = {false, true})
    void bucketAndObjectLifecycle(boolean v2) throws Exception {
        S3Cmd s3cmd = s3cmd(v2);
        String bucket = v2 ? "s3cmd-v2" : "s3cmd-v4";
        String key = "docs/a file \u00fc\u00e9 \u65e5\u672c.txt";
        String url = "s3://" + bucket + "/" + key;
        Path local = dir.resolve(bucket + "-up.txt");
        Files.writeString(local, "hello from s3cmd " + bucket + "\n");

        assertEquals("Bucket 's3://" + bucket + "/' created\n", s3cmd.ok("mb", "s3://" + bucket).stdout());
        ProcessResult put = s3cmd.ok("put", local.toString(), url, "--add-header=x-amz-meta-colour:blue",
                "--mime-type=text/plain");
        assertTrue(put.stdout().startsWith("upload: '" + local + "' -> '" + url + "'"), put.toString());

        // what the server stored, seen by another client
        HeadObjectResponse head = sdk.headObject(b -> b.bucket(bucket).key(key));
        assertEquals(Files.size(local), head.contentLength());
        assertEquals("blue", head.metadata().get("colour"));
        assertEquals("text/plain", head.contentType());

        ProcessResult ls = s3cmd.ok("ls", "s3://" + bucket);
        assertEquals("                          DIR  s3://" + bucket + "/docs/\n", ls.stdout(), ls.toString());
        ProcessResult lsr = s3cmd.ok("ls", "-r", "s3://" + bucket);
        assertTrue(lsr.stdout().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +" + Files.size(local) + "  \\Q" + url + "\\E\n"), lsr.toString());
        ProcessResult la = s3cmd.ok("la");
        assertTrue(la.stdout().contains("DIR  s3://" + bucket + "/docs/\n"), la.toString());

        ProcessResult info = s3cmd.ok("info", url);
        assertTrue(info.stdout().contains("   x-amz-meta-colour: blue\n"), info.toString());
        assertTrue(info.stdout().contains("   File size: " + Files.size(local) + "\n"), info.toString());

        Path back = dir.resolve(bucket + "-down.txt");
        s3cmd.ok("get", url, back.toString());
        assertEquals(Files.readString(local), Files.readString(back));

        // a non-empty bucket stays
        ProcessResult notEmpty = s3cmd.run("rb", "s3://" + bucket);
        assertEquals(13, notEmpty.exit(), notEmpty.toString()); // EX_CONFLICT
        assertTrue(notEmpty.stderr().contains("ERROR: S3 error: 409 (BucketNotEmpty)"), notEmpty.toString());

        assertEquals("delete: '" + url + "'\n", s3cmd.ok("del", url).stdout());
        assertTrue(sdk.listObjectsV2(b -> b.bucket(bucket)).contents().isEmpty());
        assertEquals("Bucket 's3://" + bucket + "/' removed\n", s3cmd.ok("rb", "s3://" + bucket).stdout());
        assertThrows(NoSuchBucketException.class, () -> sdk.headBucket(b -> b.bucket(bucket)));
    }

    @ParameterizedTest(name = "signature v2: {0}")
    @ValueSource(booleans = {false, true})
    void missingBucketFailsWithNotFound(boolean v2) throws Exception {
        S3Cmd s3cmd = s3cmd(v2);
        ProcessResult ls = s3cmd.run("ls", "s3://s3cmd-no-such-bucket");
        assertEquals(12, ls.exit(), ls.toString()); // s3cmd's EX_NOTFOUND
        assertTrue(ls.stderr().contains("ERROR: S3 error: 404 (NoSuchBucket): The specified bucket does not exist"), ls.toString());
        ProcessResult rb = s3cmd.run("rb", "s3://s3cmd-no-such-bucket");
        assertEquals(12, rb.exit(), rb.toString());
        Path f = dir.resolve("x.txt");
        Files.writeString(f, "x");
        ProcessResult put = s3cmd.run("put", f.toString(), "s3://s3cmd-no-such-bucket/x.txt");
        assertEquals(12, put.exit(), put.toString());
        assertTrue(put.stderr().contains("NoSuchBucket"), put.toString());
        assertFalse(put.stdout().contains("upload:") && put.exit() == 0, put.toString());
    }

    @ParameterizedTest(name = "signature v2: {0}")
    @ValueSource(booleans = {false, true})
    void wrongSecretIsRejected(boolean v2) throws Exception {
        S3Cmd s3cmd = s3cmd(v2);
        s3cmd.ok("mb", "s3://s3cmd-auth-" + v2);
        ProcessResult r = s3cmd.secret("not-the-secret").run("ls", "s3://s3cmd-auth-" + v2);
        assertEquals(77, r.exit(), r.toString()); // s3cmd's EX_ACCESSDENIED
        assertTrue(r.stderr().contains("ERROR: S3 error: 403 (SignatureDoesNotMatch)"), r.toString());
        s3cmd.ok("rb", "s3://s3cmd-auth-" + v2);
    }
}
