package io.awsemu.sqs.engine;

import io.awsemu.sqs.SqsErrors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The settable queue attributes: names, ranges, defaults, and the read-only ones GetQueueAttributes adds. */
public final class QueueAttributes {
    private QueueAttributes() {}

    public static final int MAX_MESSAGE_SIZE = 1_048_576;

    public static final Set<String> SETTABLE = Set.of("DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod",
            "Policy", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "RedrivePolicy", "RedriveAllowPolicy",
            "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "ContentBasedDeduplication",
            "DeduplicationScope", "FifoThroughputLimit", "FifoQueue");

    public static final Set<String> READ_ONLY = Set.of("ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp",
            "LastModifiedTimestamp", "QueueArn");

    /** The order GetQueueAttributes(All) lists attributes in, as AWS does. */
    public static final List<String> ALL_ORDER = List.of("QueueArn", "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp",
            "LastModifiedTimestamp", "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod", "DelaySeconds",
            "Policy", "RedrivePolicy", "RedriveAllowPolicy", "ReceiveMessageWaitTimeSeconds", "KmsMasterKeyId",
            "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication",
            "DeduplicationScope", "FifoThroughputLimit");

    public static Map<String, String> defaults(boolean fifo) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("VisibilityTimeout", "30");
        m.put("MaximumMessageSize", String.valueOf(MAX_MESSAGE_SIZE));
        m.put("MessageRetentionPeriod", "345600");
        m.put("DelaySeconds", "0");
        m.put("ReceiveMessageWaitTimeSeconds", "0");
        m.put("SqsManagedSseEnabled", "true");
        if (fifo) {
            m.put("FifoQueue", "true");
            m.put("ContentBasedDeduplication", "false");
            m.put("DeduplicationScope", "queue");
            m.put("FifoThroughputLimit", "perQueue");
        }
        return m;
    }

    /**
     * Checks one attribute for a queue of the given kind and returns its normalised value.
     * {@code creating} allows FifoQueue (it can only be set at creation).
     */
    public static String validate(String name, String value, boolean fifo, boolean creating) {
        if (!SETTABLE.contains(name)) throw SqsErrors.invalidAttributeName(name);
        if (value == null) throw SqsErrors.invalidAttributeValue(name, null);
        switch (name) {
            case "DelaySeconds": return range(name, value, 0, 900);
            case "MaximumMessageSize": return range(name, value, 1024, MAX_MESSAGE_SIZE);
            case "MessageRetentionPeriod": return range(name, value, 60, 1_209_600);
            case "ReceiveMessageWaitTimeSeconds": return range(name, value, 0, 20);
            case "VisibilityTimeout": return range(name, value, 0, 43_200);
            case "KmsDataKeyReusePeriodSeconds": return range(name, value, 60, 86_400);
            case "SqsManagedSseEnabled": return bool(name, value);
            case "Policy":
                if (!value.isEmpty()) QueuePolicy.parse(value); // an empty value removes the policy
                return value;
            case "FifoQueue":
                if (!creating) throw SqsErrors.invalidAttributeName(name);
                String b = bool(name, value);
                if ("true".equals(b) != fifo) {
                    throw SqsErrors.invalidAttributeValue(name, fifo ? "The name of a FIFO queue can only include "
                            + "alphanumeric characters, hyphens, or underscores, must end with .fifo suffix."
                            : "The name of a FIFO queue must end with the .fifo suffix.");
                }
                return b;
            case "ContentBasedDeduplication":
                fifoOnly(name, fifo);
                return bool(name, value);
            case "DeduplicationScope":
                fifoOnly(name, fifo);
                return oneOf(name, value, "queue", "messageGroup");
            case "FifoThroughputLimit":
                fifoOnly(name, fifo);
                return oneOf(name, value, "perQueue", "perMessageGroupId");
            default: return value;
        }
    }

    private static void fifoOnly(String name, boolean fifo) {
        if (!fifo) throw SqsErrors.invalidAttributeName(name);
    }

    private static String range(String name, String value, long min, long max) {
        try {
            long v = Long.parseLong(value.trim());
            if (v >= min && v <= max) return String.valueOf(v);
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        throw SqsErrors.invalidAttributeValue(name, null);
    }

    private static String bool(String name, String value) {
        if ("true".equalsIgnoreCase(value)) return "true";
        if ("false".equalsIgnoreCase(value)) return "false";
        throw SqsErrors.invalidAttributeValue(name, null);
    }

    private static String oneOf(String name, String value, String... allowed) {
        for (String a : allowed) if (a.equals(value)) return a;
        throw SqsErrors.invalidAttributeValue(name, null);
    }
}
