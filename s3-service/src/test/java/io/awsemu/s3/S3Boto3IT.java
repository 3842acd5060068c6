package io.awsemu.s3;

import io.awsemu.core.testing.Boto2;
import io.awsemu.core.testing.EmulatorExtension;
import io.awsemu.core.testing.ProcessResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's boto3 1.26 (SigV4 and SigV2, path style, s3transfer multipart up and down); skipped without it. */
class S3Boto3IT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    @Test
    void objectsThroughBoto3() throws Exception {
        ProcessResult r = Boto2.boto3(getClass(), "/boto3_s3.py", emu.port());
        Map<String, String> got = r.keyValues();
        String hello = "\"5d41402abc4b2a76b9719d911017c592\"";
        assertEquals("400 InvalidBucketName", got.get("create_bad_name"), r.toString());
        assertEquals("404 NoSuchBucket", got.get("list_no_bucket"), r.toString());
        assertEquals("hello text/plain red " + hello, got.get("get"), r.toString());
        assertEquals("ell", got.get("range"), r.toString());
        assertEquals("404 404", got.get("head_missing"), r.toString()); // a HEAD error has no body: botocore shows the status
        assertEquals("404 NoSuchKey", got.get("get_missing"), r.toString());
        assertEquals("412 PreconditionFailed", got.get("if_match"), r.toString());
        assertEquals("dir/a b+c.txt", got.get("list"), r.toString());
        assertEquals("dir/a%20b%2Bc.txt", got.get("list_v1_url"), r.toString());
        assertEquals("True", got.get("multipart_same"), r.toString());
        assertTrue(got.get("multipart_etag").matches("\"[0-9a-f]{32}-4\""), r.toString());
        assertEquals("hello", got.get("presigned"), r.toString());
        assertEquals("hello", got.get("sigv2"), r.toString());
        assertEquals("403 SignatureDoesNotMatch", got.get("bad_secret"), r.toString());
        assertEquals("2", got.get("versions"), r.toString());
        assertEquals("one", got.get("get_v1"), r.toString());
        assertEquals("v:True,big:True", got.get("delete_markers"), r.toString());
        assertEquals(hello, got.get("copy_etag"), r.toString());
        assertEquals("[{'Key': 't', 'Value': '1'}]", got.get("tags"), r.toString());
        assertEquals("FULL_CONTROL", got.get("acl"), r.toString());
        assertEquals("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", got.get("checksum"), r.toString());
        assertEquals("3", got.get("attributes"), r.toString());
        assertEquals("404 NoSuchCORSConfiguration", got.get("no_cors"), r.toString());
        assertEquals("404 NoSuchBucketPolicy", got.get("no_policy"), r.toString());
        assertEquals("404 NoSuchLifecycleConfiguration", got.get("no_lifecycle"), r.toString());
        assertEquals("409 BucketNotEmpty", got.get("not_empty"), r.toString());
        assertEquals("None", got.get("location"), r.toString());
        assertEquals("yes", got.get("done"), r.toString());
    }
}
