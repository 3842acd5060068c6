package io.awsemu.s3;

import io.awsemu.core.testing.AwsCli;
import io.awsemu.core.testing.ProcessResult;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's AWS CLI (/usr/bin/aws, not a pyenv shim) against bucket operations; skipped without it. */
class S3BucketCliIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    @BeforeAll
    static void cliPresent() {
        AwsCli.assumeInstalled();
    }

    static ProcessResult aws(String... args) throws Exception {
        return AwsCli.on(emu.port()).run(args);
    }

    @Test
    void bucketLifecycle() throws Exception {
        ProcessResult mb = aws("s3", "mb", "s3://cli-bucket");
        assertEquals(0, mb.exit(), mb.toString());
        assertEquals("make_bucket: cli-bucket\n", mb.stdout(), mb.toString());

        ProcessResult ls = aws("s3", "ls");
        assertEquals(0, ls.exit(), ls.toString());
        assertTrue(ls.stdout().lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d cli-bucket")), ls.toString());

        ProcessResult head = aws("s3api", "head-bucket", "--bucket", "cli-bucket");
        assertEquals(0, head.exit(), head.toString());

        ProcessResult loc = aws("s3api", "get-bucket-location", "--bucket", "cli-bucket");
        assertEquals(0, loc.exit(), loc.toString());
        assertTrue(loc.stdout().contains("\"LocationConstraint\": null"), loc.toString());

        // us-east-1 re-create by the owner: 200, as AWS
        ProcessResult again = aws("s3api", "create-bucket", "--bucket", "cli-bucket");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.stdout().contains("\"Location\": \"/cli-bucket\""), again.toString());

        ProcessResult rb = aws("s3api", "delete-bucket", "--bucket", "cli-bucket");
        assertEquals(0, rb.exit(), rb.toString());
        assertTrue(aws("s3", "ls").stdout().lines().noneMatch(l -> l.endsWith(" cli-bucket")));
    }

    @Test
    void otherRegion() throws Exception {
        ProcessResult mb = aws("s3", "mb", "s3://cli-eu-bucket", "--region", "eu-west-1");
        assertEquals(0, mb.exit(), mb.toString());
        ProcessResult loc = aws("s3api", "get-bucket-location", "--bucket", "cli-eu-bucket");
        assertTrue(loc.stdout().contains("\"LocationConstraint\": \"eu-west-1\""), loc.toString());
        ProcessResult again = aws("s3api", "create-bucket", "--bucket", "cli-eu-bucket", "--region", "eu-west-1",
                "--create-bucket-configuration", "LocationConstraint=eu-west-1");
        assertEquals(254, again.exit(), again.toString());
        assertTrue(again.stderr().contains("An error occurred (BucketAlreadyOwnedByYou) when calling the CreateBucket operation: "
                + "Your previous request to create the named bucket succeeded and you already own it."), again.toString());
        assertEquals(0, aws("s3", "rb", "s3://cli-eu-bucket", "--region", "eu-west-1").exit());
    }

    @Test
    void errors() throws Exception {
        ProcessResult head = aws("s3api", "head-bucket", "--bucket", "cli-missing");
        assertEquals(254, head.exit(), head.toString());
        assertTrue(head.stderr().contains("An error occurred (404) when calling the HeadBucket operation: Not Found"), head.toString());

        ProcessResult del = aws("s3api", "delete-bucket", "--bucket", "cli-missing");
        assertEquals(254, del.exit(), del.toString());
        assertTrue(del.stderr().contains("An error occurred (NoSuchBucket) when calling the DeleteBucket operation: "
                + "The specified bucket does not exist"), del.toString());

        ProcessResult loc = aws("s3api", "get-bucket-location", "--bucket", "cli-missing");
        assertEquals(254, loc.exit(), loc.toString());
        assertTrue(loc.stderr().contains("(NoSuchBucket)"), loc.toString());

        ProcessResult bad = aws("s3", "mb", "s3://Bad_Name");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.stderr().contains("make_bucket failed: s3://Bad_Name An error occurred (InvalidBucketName) "
                + "when calling the CreateBucket operation: The specified bucket is not valid."), bad.toString());

        ProcessResult rb = aws("s3", "rb", "s3://cli-missing");
        assertEquals(1, rb.exit(), rb.toString());
        assertTrue(rb.stderr().contains("NoSuchBucket"), rb.toString());
    }
}
