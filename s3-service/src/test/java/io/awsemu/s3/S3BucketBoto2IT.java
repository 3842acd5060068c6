package io.awsemu.s3;

import io.awsemu.core.testing.Boto2;
import io.awsemu.core.testing.ProcessResult;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's boto 2 (SigV2, path style) against bucket operations; skipped when it is not installed. */
class S3BucketBoto2IT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    @Test
    void bucketsThroughBoto2() throws Exception {
        ProcessResult r = Boto2.run(getClass(), "/boto2_buckets.py", emu.port(), "boto");
        Map<String, String> got = r.keyValues();
        assertEquals("boto2-bucket", got.get("create"), r.toString());
        assertTrue(("," + got.get("list") + ",").contains(",boto2-bucket,"), r.toString());
        assertTrue(got.get("creation_date").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), r.toString());
        assertEquals("boto2-bucket", got.get("head"), r.toString());
        assertEquals("''", got.get("location"), r.toString());
        assertEquals("boto2-bucket", got.get("recreate"), r.toString());
        assertEquals("EU", got.get("location_eu"), r.toString());
        assertEquals("409 BucketAlreadyOwnedByYou", got.get("recreate_eu"), r.toString());
        assertEquals("404 NoSuchBucket", got.get("head_missing"), r.toString());
        assertEquals("404 NoSuchBucket", got.get("delete_missing"), r.toString());
        assertEquals("404 NoSuchBucket", got.get("location_missing"), r.toString());
        assertEquals("400 InvalidBucketName", got.get("invalid_name"), r.toString());
        assertEquals("400 InvalidBucketName", got.get("invalid_ip_name"), r.toString());
        assertEquals("400 InvalidLocationConstraint", got.get("invalid_location"), r.toString());
        assertTrue(!("," + got.get("after_delete") + ",").contains(",boto2-bucket,"), r.toString());
        assertEquals("404 NoSuchBucket", got.get("head_deleted"), r.toString());
    }
}
