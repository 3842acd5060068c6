package io.awsemu.sqs;

import io.awsemu.core.testing.Boto2;
import io.awsemu.core.testing.EmulatorExtension;
import io.awsemu.core.testing.ProcessResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Debian's boto3 1.26 (botocore 1.29 speaks SQS's Query protocol, posted to the endpoint); skipped without it. */
class SqsBoto3IT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().services("sqs").build();

    @Test
    void queuesAndMessagesThroughBoto3() throws Exception {
        ProcessResult r = Boto2.boto3(getClass(), "/boto3_sqs.py", emu.port());
        Map<String, String> got = r.keyValues();
        assertEquals("http://localhost:" + emu.port() + "/000000000000/boto3-queue", got.get("url"), r.toString());
        assertEquals("True", got.get("same_again"), r.toString());
        assertEquals("400 QueueAlreadyExists", got.get("different_again"), r.toString());
        assertEquals("400 InvalidAttributeValue", got.get("bad_attribute"), r.toString());
        assertEquals("400 AWS.SimpleQueueService.NonExistentQueue", got.get("missing"), r.toString());
        assertEquals("5d41402abc4b2a76b9719d911017c592", got.get("md5_body"), r.toString());
        assertEquals("hello a,b,n 0001", got.get("received"), r.toString());
        assertEquals("1", got.get("receive_count"), r.toString());
        assertEquals("True", got.get("md5_attributes_match"), r.toString());
        assertEquals("2", got.get("receive_count_again"), r.toString());
        assertEquals("404 ReceiptHandleIsInvalid", got.get("bad_handle"), r.toString());
        assertEquals("10 0", got.get("batch"), r.toString());
        assertEquals("400 AWS.SimpleQueueService.TooManyEntriesInBatchRequest", got.get("batch_too_many"), r.toString());
        assertEquals("400 AWS.SimpleQueueService.BatchEntryIdsNotDistinct", got.get("batch_same_ids"), r.toString());
        assertEquals("10 arn:aws:sqs:us-east-1:000000000000:boto3-queue 5", got.get("attributes"), r.toString());
        assertEquals("403 AWS.SimpleQueueService.PurgeQueueInProgress", got.get("purge_again"), r.toString());
        assertEquals("True", got.get("fifo_deduplicated"), r.toString());
        assertEquals("400 MissingParameter", got.get("fifo_no_group"), r.toString());
        assertEquals("{'team': 'a'}", got.get("tags"), r.toString());
        assertEquals("boto3-queue,boto3-queue.fifo", got.get("listed"), r.toString());
        assertEquals("boto3-queue", got.get("dlq_sources"), r.toString());
        assertEquals("400 InvalidParameterValue", got.get("permission_again"), r.toString());
        assertEquals("400 AWS.SimpleQueueService.NonExistentQueue", got.get("deleted"), r.toString());
        assertEquals("yes", got.get("done"), r.toString());
    }
}
