package io.awsemu.sqs.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.policy.AccessPolicy;
import io.awsemu.sqs.SqsErrors;

import java.util.Locale;

/**
 * A queue's {@code Policy} attribute: IAM's policy language under SQS's rules. Actions are {@code sqs:*} names (any
 * case, as AddPermission writes {@code SQS:SendMessage}); a statement without Resource applies to the queue itself;
 * service principals ({@code sns.amazonaws.com}, ...) are valid but match no caller here, since no service signs a
 * request. A policy SQS cannot parse is InvalidAttributeValue on CreateQueue and SetQueueAttributes.
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
                case "Service", "Federated", "CanonicalUser" -> null;
                default -> throw malformed("Invalid principal in policy");
            };
        }
    };

    /** Parses a Policy attribute value; InvalidAttributeValue when it is not a policy SQS accepts. */
    public static AccessPolicy parse(String text) {
        return AccessPolicy.parse(text, GRAMMAR);
    }
}
