package io.awsemu.s3;

import io.awsemu.core.testing.AwsCli;
import io.awsemu.core.testing.ProcessResult;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's AWS CLI: s3 cp up (single PUT) and down (single and ranged GETs), s3 ls, s3api head-object. */
class S3ObjectCliIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    @TempDir
    static Path dir;

    @BeforeAll
    static void cliPresent() {
        AwsCli.assumeInstalled();
    }

    /** @param threshold the CLI's multipart threshold: above the file size for one PUT, below it for ranged GETs */
    static ProcessResult aws(String threshold, String... args) throws Exception {
        return AwsCli.on(emu.port()).multipartThreshold(dir, threshold).run(args);
    }

    static String md5(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        try (var in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void copyUpAndDownListHead() throws Exception {
        Path file = dir.resolve("fifty.bin");
        Random r = new Random(50);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 50; i++) {
                r.nextBytes(buf);
                out.write(buf);
            }
        }
        String want = md5(file);
        assertEquals(0, aws("200MB", "s3", "mb", "s3://cli-objects").exit());
        ProcessResult up = aws("200MB", "s3", "cp", file.toString(), "s3://cli-objects/dir/fifty file.bin");
        assertEquals(0, up.exit(), up.toString());

        ProcessResult ls = aws("200MB", "s3", "ls", "s3://cli-objects/dir/");
        assertEquals(0, ls.exit(), ls.toString());
        assertTrue(ls.stdout().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d   52428800 fifty file.bin\n"), ls.toString());
        ProcessResult top = aws("200MB", "s3", "ls", "s3://cli-objects");
        assertEquals("                           PRE dir/\n", top.stdout(), top.toString());

        ProcessResult head = aws("200MB", "s3api", "head-object", "--bucket", "cli-objects", "--key", "dir/fifty file.bin");
        assertEquals(0, head.exit(), head.toString());
        assertTrue(head.stdout().contains("\"ContentLength\": 52428800"), head.toString());
        assertTrue(head.stdout().contains("\"ETag\": \"\\\"" + want + "\\\"\""), head.toString());

        Path single = dir.resolve("single.bin");
        ProcessResult down = aws("200MB", "s3", "cp", "s3://cli-objects/dir/fifty file.bin", single.toString());
        assertEquals(0, down.exit(), down.toString());
        assertEquals(want, md5(single));
        Path ranged = dir.resolve("ranged.bin");
        ProcessResult down2 = aws("8MB", "s3", "cp", "s3://cli-objects/dir/fifty file.bin", ranged.toString());
        assertEquals(0, down2.exit(), down2.toString());
        assertEquals(want, md5(ranged));

        ProcessResult missing = aws("200MB", "s3api", "head-object", "--bucket", "cli-objects", "--key", "nope");
        assertEquals(254, missing.exit(), missing.toString());
        assertTrue(missing.stderr().contains("An error occurred (404) when calling the HeadObject operation: Not Found"), missing.toString());
        ProcessResult rb = aws("200MB", "s3", "rb", "s3://cli-objects", "--force");
        assertEquals(0, rb.exit(), rb.toString());
    }
}
