package io.awsemu.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.protocol.ProtocolQuirks;

import java.util.Map;

/**
 * SQS's protocol deltas: Query error codes differ from the JSON ones, each legacy API version answers
 * in its own namespace, and Query clients post to the queue URL instead of sending QueueUrl.
 */
public final class SqsQuirks implements ProtocolQuirks {

    /** JSON code -> Query code (the awsQueryError codes of the model's error shapes). */
    static final Map<String, String> QUERY_CODES = Map.ofEntries(
            Map.entry("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"),
            Map.entry("QueueNameExists", "QueueAlreadyExists"),
            Map.entry("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently"),
            Map.entry("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress"),
            Map.entry("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight"),
            Map.entry("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"),
            Map.entry("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong"),
            Map.entry("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest"),
            Map.entry("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId"),
            Map.entry("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"),
            Map.entry("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation"),
            Map.entry("InvalidIdFormat", "InvalidIdFormat"),
            Map.entry("AccessDeniedException", "AccessDenied"),
            Map.entry("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid"));

    public static String queryCode(String jsonCode) {
        return QUERY_CODES.getOrDefault(jsonCode, jsonCode);
    }

    @Override
    public String errorCode(Protocol protocol, AwsException e) {
        return protocol == Protocol.QUERY ? queryCode(e.code()) : e.code();
    }

    @Override
    public String xmlNamespace(String modelNamespace, String requestVersion) {
        if (requestVersion == null || requestVersion.isEmpty()) return modelNamespace;
        return "http://queue.amazonaws.com/doc/" + requestVersion + "/";
    }

    @Override
    public ObjectNode adjustInput(String operation, HttpRequestHead head, ObjectNode input) {
        if (!input.has("QueueUrl") && QueueUrls.isQueuePath(head.rawPath())) {
            // a Query client used the queue URL as its endpoint; the path names the queue
            String host = head.header("Host");
            input.put("QueueUrl", "http://" + (host == null ? "localhost" : host) + stripSlash(head.rawPath()));
        }
        if (operation.endsWith("Batch") && !input.has("Entries")) {
            // Query clients send no parameter for an empty batch; AWS answers EmptyBatchRequest, not MissingParameter
            input.putArray("Entries");
        }
        return input;
    }

    private static String stripSlash(String p) {
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
