package io.awsemu.s3;

import io.awsemu.core.testing.AwsCli;
import io.awsemu.core.testing.EmulatorExtension;
import io.awsemu.core.testing.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's AWS CLI: `aws s3 cp` above the multipart threshold goes up in parts and comes back whole. */
class S3MultipartCliIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    @TempDir
    static Path dir;

    @BeforeAll
    static void cliPresent() {
        AwsCli.assumeInstalled();
    }

    static ProcessResult aws(String threshold, String... args) throws Exception {
        return AwsCli.on(emu.port()).multipartThreshold(dir, threshold).run(args);
    }

    @Test
    void multipartCopyUpAndDown() throws Exception {
        Path file = dir.resolve("fifty.bin");
        Random r = new Random(51);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 50; i++) {
                r.nextBytes(buf);
                out.write(buf);
            }
        }
        String want = S3ObjectCliIT.md5(file);
        assertEquals(0, aws("8MB", "s3", "mb", "s3://cli-multipart").exit());
        ProcessResult up = aws("8MB", "s3", "cp", file.toString(), "s3://cli-multipart/parts.bin");
        assertEquals(0, up.exit(), up.toString());

        ProcessResult head = aws("8MB", "s3api", "head-object", "--bucket", "cli-multipart", "--key", "parts.bin");
        assertEquals(0, head.exit(), head.toString());
        assertTrue(head.stdout().contains("\"ContentLength\": 52428800"), head.toString());
        assertTrue(head.stdout().matches("(?s).*\"ETag\": \"\\\\\"[0-9a-f]{32}-7\\\\\"\".*"), head.toString());
        ProcessResult part = aws("8MB", "s3api", "head-object", "--bucket", "cli-multipart", "--key", "parts.bin",
                "--part-number", "7");
        assertTrue(part.stdout().contains("\"ContentLength\": 2097152") && part.stdout().contains("\"PartsCount\": 7"),
                part.toString());

        Path single = dir.resolve("single.bin");
        assertEquals(0, aws("200MB", "s3", "cp", "s3://cli-multipart/parts.bin", single.toString()).exit());
        assertEquals(want, S3ObjectCliIT.md5(single));
        Path ranged = dir.resolve("ranged.bin");
        assertEquals(0, aws("8MB", "s3", "cp", "s3://cli-multipart/parts.bin", ranged.toString()).exit());
        assertEquals(want, S3ObjectCliIT.md5(ranged));

        ProcessResult uploads = aws("8MB", "s3api", "list-multipart-uploads", "--bucket", "cli-multipart");
        assertEquals(0, uploads.exit(), uploads.toString());
        assertTrue(!uploads.stdout().contains("UploadId"), uploads.toString());
        assertEquals(0, aws("8MB", "s3", "rb", "s3://cli-multipart", "--force").exit());
    }
}
