package io.awsemu.core.protocol;

import io.awsemu.core.error.AwsException;

/**
 * A service's deviations from its protocol's generic rules, in one object the service registers
 * (never {@code if (service == ...)} in core). Every method has the generic answer as default.
 */
public interface ProtocolQuirks {
    ProtocolQuirks NONE = new ProtocolQuirks() {};

    /**
     * The error code written for {@code e} under {@code protocol}. SQS maps its JSON codes to the
     * Query ones (QueueDoesNotExist -> AWS.SimpleQueueService.NonExistentQueue).
     */
    default String errorCode(Protocol protocol, AwsException e) { return e.code(); }

    /** The XML namespace of a Query answer for the request's {@code Version} (legacy API versions). */
    default String xmlNamespace(String modelNamespace, String requestVersion) { return modelNamespace; }

    /**
     * Extra elements after {@code RequestId} inside a Query answer's {@code ResponseMetadata}
     * (SimpleDB's {@code BoxUsage}), in order.
     */
    default java.util.Map<String, String> responseMetadata(String operation, io.awsemu.core.service.RequestContext ctx) {
        return java.util.Map.of();
    }

    /**
     * True for Query services whose errors use the EC2-style envelope
     * {@code <Response><Errors><Error>..</Error></Errors><RequestID>..</RequestID></Response>} (SimpleDB).
     */
    default boolean ec2StyleErrors() { return false; }

    /**
     * Fills in or rewrites input members before required-member validation, e.g. SQS's {@code QueueUrl}
     * taken from the request path when a Query client posts to the queue URL without the parameter.
     * Returns the (possibly same) tree.
     */
    default com.fasterxml.jackson.databind.node.ObjectNode adjustInput(
            String operation, io.awsemu.core.http.HttpRequestHead head,
            com.fasterxml.jackson.databind.node.ObjectNode input) {
        return input;
    }

    /**
     * False where the service validates the input itself because the model's {@code required} is
     * wrong for requests: SimpleDB's shared {@code Attribute} shape requires {@code Value}, yet
     * DeleteAttributes takes a name alone to delete every value.
     */
    default boolean checkRequiredMembers(String operation) { return true; }

    /**
     * Output members written as an XML attribute of a sibling element rather than as an element:
     * member name to {@code "Sibling@attribute"}. SimpleDB sends {@code AlternateValueEncoding} as
     * {@code <Value encoding="base64">}, which is where SDK v1 and boto 2 read it.
     */
    default java.util.Map<String, String> siblingAttributeMembers() { return java.util.Map.of(); }

    /**
     * Rewrites Query parameters before they are parsed, for spellings older clients send that the
     * model does not know: boto 2 sends SimpleDB's {@code Expected.1.Name} where the model has
     * {@code Expected.Name}. Returns the (possibly same) map.
     */
    default java.util.Map<String, java.util.List<String>> adjustParams(
            String operation, java.util.Map<String, java.util.List<String>> params) {
        return params;
    }
}
