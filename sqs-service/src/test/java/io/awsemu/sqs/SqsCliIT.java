package io.awsemu.sqs;

import io.awsemu.core.testing.AwsCli;
import io.awsemu.core.testing.ProcessResult;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's AWS CLI (/usr/bin/aws, not a pyenv shim); skipped without it. */
class SqsCliIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("sqs").build();

    @BeforeAll
    static void cliPresent() {
        AwsCli.assumeInstalled();
    }

    static ProcessResult aws(String... args) throws Exception {
        return AwsCli.on(emu.port()).options("--output", "text").run(args);
    }

    @Test
    void queueLifecycle() throws Exception {
        ProcessResult create = aws("sqs", "create-queue", "--queue-name", "cli-queue", "--attributes", "DelaySeconds=0");
        assertEquals(0, create.exit(), create.toString());
        String url = "http://localhost:" + emu.port() + "/000000000000/cli-queue";
        assertEquals(url + "\n", create.stdout(), create.toString());

        ProcessResult send = aws("sqs", "send-message", "--queue-url", url, "--message-body", "from the cli",
                "--message-attributes", "k={DataType=String,StringValue=v}", "--query", "MD5OfMessageBody");
        assertEquals(0, send.exit(), send.toString());
        assertEquals("d3fa6c3eea2ee53e36aa30eba6b0d56c\n".length(), send.stdout().length(), send.toString());

        ProcessResult recv = aws("sqs", "receive-message", "--queue-url", url, "--message-attribute-names", "All",
                "--query", "Messages[0].[Body,MessageAttributes.k.StringValue]");
        assertEquals(0, recv.exit(), recv.toString());
        assertEquals("from the cli\tv\n", recv.stdout(), recv.toString());

        ProcessResult attrs = aws("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names",
                "ApproximateNumberOfMessagesNotVisible", "--query", "Attributes.ApproximateNumberOfMessagesNotVisible");
        assertEquals("1\n", attrs.stdout(), attrs.toString());

        ProcessResult missing = aws("sqs", "get-queue-url", "--queue-name", "no-such-queue");
        assertEquals(254, missing.exit(), missing.toString());
        assertTrue(missing.stderr().contains("NonExistentQueue") || missing.stderr().contains("QueueDoesNotExist"), missing.toString());

        ProcessResult delete = aws("sqs", "delete-queue", "--queue-url", url);
        assertEquals(0, delete.exit(), delete.toString());
    }
}
