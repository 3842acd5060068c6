package io.awsemu.s3;

import io.awsemu.core.testing.ProcessResult;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's boto 2 (SigV2, path style) against bucket operations; skipped when it is not installed. */
class S3BucketBoto2IT {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    @Test
    void bucketsThroughBoto2() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed");
        assumeTrue(ProcessResult.run(List.of(PYTHON.toString(), "-c", "import boto"), Map.of()).exit() == 0,
                "Debian's python3-boto (boto 2) is not installed");
        Path script = Path.of(getClass().getResource("/boto2_buckets.py").toURI());
        ProcessResult r = ProcessResult.run(List.of(PYTHON.toString(), script.toString(), Integer.toString(emu.port())),
                Map.of("BOTO_CONFIG", "/dev/null"));
        assertEquals(0, r.exit(), r.toString());

        Map<String, String> got = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) got.put(line.substring(0, eq), line.substring(eq + 1));
        }
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
