package io.awsemu.sqs;

import io.awsemu.core.testing.Boto2;
import io.awsemu.core.testing.ProcessResult;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Debian's boto 2 (Query API, posts to queue URLs); skipped when it is not installed. */
class SqsBoto2IT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("sqs").build();

    @Test
    void queueAndMessagesThroughBoto2() throws Exception {
        ProcessResult r = Boto2.run(getClass(), "/boto2_sqs.py", emu.port(), "boto");
        Map<String, String> got = r.keyValues();
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
