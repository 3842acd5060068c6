package io.awsemu.s3.engine;

import io.awsemu.core.policy.AccessPolicy;
import io.awsemu.core.error.AwsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.awsemu.core.policy.AccessPolicy.Decision.ALLOW;
import static io.awsemu.core.policy.AccessPolicy.Decision.DENY;
import static io.awsemu.core.policy.AccessPolicy.Decision.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketPolicyTest {
    static final String OBJ = "arn:aws:s3:::pics/a/b.png";
    static final String BUCKET = "arn:aws:s3:::pics";

    static BucketPolicy policy(String statements) {
        return BucketPolicy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}", "pics");
    }

    @Test
    void publicReadAllowsGetObjectForEveryoneButNothingElse() {
        BucketPolicy p = policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::pics/*\"}");
        assertEquals(ALLOW, p.evaluate(null, "s3:GetObject", OBJ));
        assertEquals(ALLOW, p.evaluate("111122223333", "s3:getobject", OBJ), "actions compare case-insensitively");
        assertEquals(NONE, p.evaluate(null, "s3:PutObject", OBJ));
        assertEquals(NONE, p.evaluate(null, "s3:ListBucket", BUCKET), "pics/* does not cover the bucket itself");
        assertTrue(p.isPublic());
    }

    @Test
    void notPrincipalDeniesEveryoneButTheNamedAccount() {
        BucketPolicy p = policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::pics/*\"},"
                + "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::pics/a/*\"}");
        assertEquals(ALLOW, p.evaluate("111122223333", "s3:GetObject", OBJ));
        assertEquals(DENY, p.evaluate("444455556666", "s3:GetObject", OBJ));
        assertEquals(DENY, p.evaluate(null, "s3:GetObject", OBJ), "anonymous callers are not the named account");
        assertEquals(ALLOW, p.evaluate(null, "s3:GetObject", "arn:aws:s3:::pics/other.png"));
        BucketPolicy allowAllBut = policy("{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"111122223333\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::pics/*\"}");
        assertTrue(allowAllBut.isPublic());
        assertEquals(NONE, allowAllBut.evaluate("111122223333", "s3:GetObject", OBJ));
        assertThrows(AwsException.class, () -> policy("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"NotPrincipal\":"
                + "{\"AWS\":\"111122223333\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::pics/*\"}"));
    }

    @Test
    void forAllValuesHoldsForAMissingKeyForAnyValueDoesNot() {
        BucketPolicy all = policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::pics/*\",\"Condition\":{\"ForAllValues:StringEquals\":"
                + "{\"aws:Referer\":[\"a\",\"b\"]}}}");
        assertEquals(ALLOW, all.evaluate(null, "s3:GetObject", OBJ, java.util.Map.of()));
        assertEquals(ALLOW, all.evaluate(null, "s3:GetObject", OBJ, java.util.Map.of("aws:referer", "b")));
        assertEquals(NONE, all.evaluate(null, "s3:GetObject", OBJ, java.util.Map.of("aws:referer", "c")));
        BucketPolicy any = policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::pics/*\",\"Condition\":{\"ForAnyValue:StringEquals\":"
                + "{\"aws:Referer\":[\"a\",\"b\"]}}}");
        assertEquals(NONE, any.evaluate(null, "s3:GetObject", OBJ, java.util.Map.of()));
        assertEquals(ALLOW, any.evaluate(null, "s3:GetObject", OBJ, java.util.Map.of("aws:referer", "a")));
    }

    @Test
    void explicitDenyWinsOverAllow() {
        BucketPolicy p = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:*\","
                + "\"Resource\":[\"arn:aws:s3:::pics\",\"arn:aws:s3:::pics/*\"]},"
                + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"s3:Delete*\"],\"Resource\":\"arn:aws:s3:::pics/a/*\"}");
        assertEquals(ALLOW, p.evaluate(null, "s3:ListBucket", BUCKET));
        assertEquals(DENY, p.evaluate("111122223333", "s3:DeleteObject", OBJ));
        assertEquals(ALLOW, p.evaluate("111122223333", "s3:DeleteObject", "arn:aws:s3:::pics/z"));
    }

    @ParameterizedTest
    @CsvSource({"111122223333, ALLOW", "444455556666, NONE"})
    void accountPrincipalsMatchTheirAccountOnly(String caller, AccessPolicy.Decision expected) {
        BucketPolicy p = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:root\"]},"
                + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::pics/*\"}");
        assertEquals(expected, p.evaluate(caller, "s3:PutObject", OBJ));
        assertEquals(NONE, p.evaluate(null, "s3:PutObject", OBJ));
        assertFalse(p.isPublic());
        assertTrue(p.allowsOutside("999999999999"));
    }

    @Test
    void questionMarkAndNotActionWildcards() {
        BucketPolicy p = policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotAction\":\"s3:Put*\","
                + "\"Resource\":\"arn:aws:s3:::pics/a/?.png\"}");
        assertEquals(NONE, p.evaluate(null, "s3:GetObject", "arn:aws:s3:::pics/a/bb.png"), "? is one character");
        assertEquals(ALLOW, p.evaluate(null, "s3:GetObject", "arn:aws:s3:::pics/a/c.png"));
        assertEquals(NONE, p.evaluate(null, "s3:PutObject", "arn:aws:s3:::pics/a/c.png"));
    }

    @Test
    void conditionsAreEvaluatedAgainstTheRequest() {
        BucketPolicy p = policy("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::pics/*\","
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}},"
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::pics\","
                + "\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"public/*\",\"shared/*\"]},\"IpAddress\":{\"aws:SourceIp\":\"10.1.0.0/16\"}}}");
        assertEquals(DENY, p.evaluate(null, "s3:GetObject", OBJ, java.util.Map.of("aws:securetransport", "false")));
        assertEquals(NONE, p.evaluate(null, "s3:GetObject", OBJ, java.util.Map.of("aws:securetransport", "true")));
        assertEquals(ALLOW, p.evaluate(null, "s3:ListBucket", BUCKET, java.util.Map.of("s3:prefix", "shared/x", "aws:sourceip", "10.1.2.3")));
        assertEquals(NONE, p.evaluate(null, "s3:ListBucket", BUCKET, java.util.Map.of("s3:prefix", "secret/x", "aws:sourceip", "10.1.2.3")));
        assertEquals(NONE, p.evaluate(null, "s3:ListBucket", BUCKET, java.util.Map.of("s3:prefix", "shared/x", "aws:sourceip", "10.2.0.1")));
        assertEquals(NONE, p.evaluate(null, "s3:ListBucket", BUCKET, java.util.Map.of("aws:sourceip", "10.1.2.3")), "no prefix sent");
        assertFalse(p.isPublic(), "narrowed to a source IP range");
    }

    @Test
    void negatedOperatorsIfExistsAndNull() {
        BucketPolicy p = policy("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::pics/*\","
                + "\"Condition\":{\"StringNotEquals\":{\"s3:x-amz-acl\":\"bucket-owner-full-control\"}}},"
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::pics/*\","
                + "\"Condition\":{\"NumericLessThanIfExists\":{\"s3:max-keys\":\"10\"},\"Null\":{\"aws:Referer\":\"false\"}}}");
        assertEquals(DENY, p.evaluate("111122223333", "s3:PutObject", OBJ, java.util.Map.of()), "missing key: a negated operator holds");
        assertEquals(DENY, p.evaluate("111122223333", "s3:PutObject", OBJ, java.util.Map.of("s3:x-amz-acl", "private")));
        assertEquals(NONE, p.evaluate("111122223333", "s3:PutObject", OBJ, java.util.Map.of("s3:x-amz-acl", "bucket-owner-full-control")));
        assertEquals(ALLOW, p.evaluate(null, "s3:GetObject", OBJ, java.util.Map.of("aws:referer", "https://example.com/")));
        assertEquals(NONE, p.evaluate(null, "s3:GetObject", OBJ, java.util.Map.of()), "Null false: the referer must be there");
        assertEquals(NONE, p.evaluate(null, "s3:GetObject", OBJ, java.util.Map.of("aws:referer", "x", "s3:max-keys", "50")));
        assertTrue(p.isPublic());
        AwsException e = assertThrows(AwsException.class, () -> policy("{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::pics/*\",\"Condition\":{\"StringSortOf\":{\"a\":\"b\"}}}"));
        assertEquals("Invalid Condition type : StringSortOf", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json | Policies must be valid JSON and the first byte must be '{'",
            "{\"Version\":\"2012-10-17\"} | Missing required field Statement",
            "{\"Version\":\"2001-01-01\",\"Statement\":[]} | The policy must contain a valid version string",
            "{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::pics/*\"}]} | Invalid effect: Maybe",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::pics/*\"}]} | Missing required field Principal",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"arn:aws:s3:::pics/*\"}]} | Missing required field Action",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\"}]} | Missing required field Resource",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ec2:RunInstances\",\"Resource\":\"arn:aws:s3:::pics/*\"}]} | Policy has invalid action",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::other/*\"}]} | Policy has invalid resource",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"bob\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::pics/*\"}]} | Invalid principal in policy",
    })
    void malformedPoliciesAnswerAwsMessages(String text, String message) {
        AwsException e = assertThrows(AwsException.class, () -> BucketPolicy.parse(text, "pics"));
        assertEquals("MalformedPolicy", e.code());
        assertEquals(400, e.httpStatus());
        assertEquals(message, e.getMessage());
    }
}
