package io.awsemu.s3;

import io.awsemu.core.testing.Boto2;
import io.awsemu.core.testing.ProcessResult;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Debian's boto 2 (SigV2 with Content-MD5, path style) putting, getting and listing objects; skipped without it. */
class S3ObjectBoto2IT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    @Test
    void objectsThroughBoto2() throws Exception {
        ProcessResult r = Boto2.run(getClass(), "/boto2_objects.py", emu.port(), "boto");
        Map<String, String> got = r.keyValues();
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
