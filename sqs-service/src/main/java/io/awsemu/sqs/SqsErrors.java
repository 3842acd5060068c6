package io.awsemu.sqs;

import io.awsemu.core.error.AwsException;

/**
 * SQS's errors under their JSON-protocol codes (the model's error shapes). {@link SqsQuirks#errorCode}
 * maps them to the Query codes older clients expect (QueueDoesNotExist ->
 * AWS.SimpleQueueService.NonExistentQueue), which the JSON codec also sends in x-amzn-query-error.
 */
public final class SqsErrors {
    private SqsErrors() {}

    public static AwsException queueDoesNotExist() {
        return new AwsException("QueueDoesNotExist", 400, "The specified queue does not exist.");
    }

    public static AwsException queueNameExists(String attribute) {
        return new AwsException("QueueNameExists", 400,
                "A queue already exists with the same name and a different value for attribute " + attribute);
    }

    public static AwsException queueDeletedRecently() {
        return new AwsException("QueueDeletedRecently", 400,
                "You must wait 60 seconds after deleting a queue before you can create another with the same name.");
    }

    public static AwsException purgeQueueInProgress(String queueUrl) {
        return new AwsException("PurgeQueueInProgress", 403,
                "Only one PurgeQueue operation on " + queueUrl + " is allowed every 60 seconds.");
    }

    public static AwsException receiptHandleIsInvalid(String handle) {
        return new AwsException("ReceiptHandleIsInvalid", 404,
                "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
    }

    public static AwsException messageNotInflight() {
        return new AwsException("MessageNotInflight", 400, "Message does not exist or is not available for visibility timeout change.");
    }

    public static AwsException invalidAttributeName(String name) {
        return new AwsException("InvalidAttributeName", 400, "Unknown Attribute " + name + ".");
    }

    public static AwsException invalidAttributeValue(String name, String why) {
        return new AwsException("InvalidAttributeValue", 400,
                "Invalid value for the parameter " + name + "." + (why == null ? "" : " Reason: " + why));
    }

    public static AwsException invalidParameterValue(String message) {
        return new AwsException("InvalidParameterValue", 400, message);
    }

    public static AwsException invalidParameterValue(String parameter, Object value, String reason) {
        return new AwsException("InvalidParameterValue", 400,
                "Value " + value + " for parameter " + parameter + " is invalid. Reason: " + reason);
    }

    public static AwsException missingParameter(String name) {
        return new AwsException("MissingParameter", 400, "The request must contain the parameter " + name + ".");
    }

    public static AwsException invalidMessageContents() {
        return new AwsException("InvalidMessageContents", 400, "Invalid characters found in the message body.");
    }

    public static AwsException messageTooLong(int max) {
        return invalidParameterValue("One or more parameters are invalid. Reason: Message must be shorter than " + max + " bytes.");
    }

    public static AwsException emptyBatchRequest() {
        return new AwsException("EmptyBatchRequest", 400, "There should be at least one entry in the request.");
    }

    public static AwsException tooManyEntriesInBatchRequest(int n) {
        return new AwsException("TooManyEntriesInBatchRequest", 400,
                "Maximum number of entries per request are 10. You have sent " + n + ".");
    }

    public static AwsException batchEntryIdsNotDistinct(String id) {
        return new AwsException("BatchEntryIdsNotDistinct", 400, "Id " + id + " repeated.");
    }

    public static AwsException invalidBatchEntryId(String id) {
        return new AwsException("InvalidBatchEntryId", 400,
                "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");
    }

    public static AwsException batchRequestTooLong(int total, int max) {
        return new AwsException("BatchRequestTooLong", 400,
                "Batch requests cannot be longer than " + max + " bytes. You have sent " + total + " bytes.");
    }

    public static AwsException overLimit(String message) {
        return new AwsException("OverLimit", 403, message);
    }

    public static AwsException unsupportedOperation(String message) {
        return new AwsException("UnsupportedOperation", 400, message);
    }

    /** A caller the queue's policy does not admit (Query code AccessDenied, the JSON one AccessDeniedException). */
    public static AwsException accessDenied(String queueUrl) {
        return new AwsException("AccessDeniedException", 403, "Access to the resource " + queueUrl + " is denied.");
    }

    public static AwsException resourceNotFound(String message) {
        return new AwsException("ResourceNotFoundException", 404, message);
    }
}
