package io.awsemu.sqs;

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

/** Debian's boto 2 (Query API, posts to queue URLs); skipped when it is not installed. */
class SqsBoto2IT {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("sqs").build();

    @Test
    void queueAndMessagesThroughBoto2() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed");
        assumeTrue(ProcessResult.run(List.of(PYTHON.toString(), "-c", "import boto"), Map.of()).exit() == 0,
                "Debian's python3-boto (boto 2) is not installed");
        Path script = Path.of(getClass().getResource("/boto2_sqs.py").toURI());
        ProcessResult r = ProcessResult.run(List.of(PYTHON.toString(), script.toString(), Integer.toString(emu.port())),
                Map.of("BOTO_CONFIG", "/dev/null"));
        assertEquals(0, r.exit(), r.toString());
        Map<String, String> got = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) got.put(line.substring(0, eq), line.substring(eq + 1));
        }
        assertEquals("http://localhost:" + emu.port() + "/000000000000/boto2-queue", got.get("url"), r.toString());
        assertEquals("40", got.get("visibility"), r.toString());
        assertEquals("boto2-queue", got.get("listed"), r.toString());
        assertEquals("1", got.get("count"), r.toString());
        assertEquals("hello from 2012", got.get("body"), r.toString());
        assertEquals("True", got.get("deleted"), r.toString());
        assertEquals("True", got.get("empty"), r.toString());
        assertEquals("400 AWS.SimpleQueueService.NonExistentQueue", got.get("missing"), r.toString());
        assertEquals("True", got.get("lookup"), r.toString());
        assertEquals("True", got.get("deleted_queue"), r.toString());
    }
}
