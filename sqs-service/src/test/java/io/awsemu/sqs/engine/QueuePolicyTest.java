package io.awsemu.sqs.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.policy.AccessPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.awsemu.core.policy.AccessPolicy.Decision.ALLOW;
import static io.awsemu.core.policy.AccessPolicy.Decision.DENY;
import static io.awsemu.core.policy.AccessPolicy.Decision.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueuePolicyTest {
    private static final String ARN = "arn:aws:sqs:us-east-1:000000000000:q";

    private static AccessPolicy.Decision decide(String policy, String caller, String action) {
        return QueuePolicy.parse(policy).evaluate(caller == null ? List.of() : List.of(caller), action, ARN, Map.of());
    }

    @Test
    void aStatementWithoutResourceAppliesToTheQueue() {
        String p = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"111122223333\"]},\"Action\":\"SQS:SendMessage\"}}";
        assertEquals(ALLOW, decide(p, "111122223333", "sqs:SendMessage"));
        assertEquals(NONE, decide(p, "111122223333", "sqs:ReceiveMessage"));
        assertEquals(NONE, decide(p, "444455556666", "sqs:SendMessage"));
    }

    @Test
    void servicePrincipalsAreValidButMatchNoCaller() {
        String p = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:*\","
                + "\"Resource\":\"" + ARN + "\"},{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sqs:Purge*\",\"Resource\":\"*\"}]}";
        assertEquals(NONE, decide(p, "111122223333", "sqs:SendMessage"));
        assertEquals(DENY, decide(p, null, "sqs:PurgeQueue"));
    }

    @Test
    void whatSqsRefusesIsInvalidAttributeValue() {
        for (String bad : List.of("{", "{\"Statement\":[]}", "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"me\",\"Action\":\"sqs:*\"}]}",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Nobody\":\"x\"},\"Action\":\"sqs:*\"}]}",
                "{\"Version\":\"2020-01-01\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:*\"}]}")) {
            AwsException e = assertThrows(AwsException.class, () -> QueuePolicy.parse(bad), bad);
            assertEquals("InvalidAttributeValue", e.code(), bad);
        }
    }
}
