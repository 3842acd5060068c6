package io.awsemu.sqs.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.policy.AccessPolicy;
import io.awsemu.sqs.SqsErrors;

import java.util.Locale;

/**
 * A queue's {@code Policy} attribute: IAM's policy language under SQS's rules. Actions are {@code sqs:*} names (any
 * case, as AddPermission writes {@code SQS:SendMessage}); a statement without Resource applies to the queue itself;
 * service principals ({@code s3.amazonaws.com}, ...) match no request's caller (no service signs one) but the
 * services that send into queues here ({@link #servicePrincipal}). A policy SQS cannot parse is
 * InvalidAttributeValue on CreateQueue and SetQueueAttributes.
 */
public final class QueuePolicy {
    private QueuePolicy() {}

    private static final AccessPolicy.Grammar GRAMMAR = new AccessPolicy.Grammar() {
        @Override public AwsException malformed(String reason) {
            return SqsErrors.invalidAttributeValue("Policy", reason);
        }

        @Override public int maxBytes() { return 256 * 1024; }

        @Override public boolean validAction(String a) {
            return a.equals("*") || a.toLowerCase(Locale.ROOT).startsWith("sqs:");
        }

        @Override public boolean validResource(String r) {
            return r.equals("*") || r.startsWith("arn:");
        }

        @Override public boolean resourceRequired() { return false; }

        @Override public String principal(String type, String value) {
            return switch (type) {
                case "Service" -> servicePrincipal(value);
                case "Federated", "CanonicalUser" -> null;
                default -> throw malformed("Invalid principal in policy");
            };
        }
    };

    /**
     * The id a service principal ({@code s3.amazonaws.com}) goes by in a parsed policy: what a service that sends
     * into a queue ({@code QueueDeliveries}) is matched as. No request's caller is ever named so.
     */
    public static String servicePrincipal(String name) {
        return "service:" + name.toLowerCase(Locale.ROOT);
    }

    /** Parses a Policy attribute value; InvalidAttributeValue when it is not a policy SQS accepts. */
    public static AccessPolicy parse(String text) {
        return AccessPolicy.parse(text, GRAMMAR);
    }
}
