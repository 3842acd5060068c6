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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's boto 2 (SigV2 with Content-MD5, path style) putting, getting and listing objects; skipped without it. */
class S3ObjectBoto2IT {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    @Test
    void objectsThroughBoto2() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed");
        assumeTrue(ProcessResult.run(List.of(PYTHON.toString(), "-c", "import boto"), Map.of()).exit() == 0,
                "Debian's python3-boto (boto 2) is not installed");
        Path script = Path.of(getClass().getResource("/boto2_objects.py").toURI());
        ProcessResult r = ProcessResult.run(List.of(PYTHON.toString(), script.toString(), Integer.toString(emu.port())),
                Map.of("BOTO_CONFIG", "/dev/null"));
        assertEquals(0, r.exit(), r.toString());
        Map<String, String> got = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) got.put(line.substring(0, eq), line.substring(eq + 1));
        }
        assertEquals("\"" + got.get("md5") + "\"", got.get("etag"), r.toString());
        assertEquals("15000", got.get("size"), r.toString());
        assertEquals("red", got.get("colour"), r.toString());
        assertEquals("text/plain", got.get("content_type"), r.toString());
        assertEquals("True", got.get("body_ok"), r.toString());
        assertEquals("dir/a key+plus,top", got.get("list"), r.toString());
        assertEquals("dir/,top", got.get("list_delim"), r.toString());
        assertEquals("404 NoSuchKey", got.get("missing"), r.toString());
        assertEquals("yes", got.get("done"), r.toString());
    }
}
