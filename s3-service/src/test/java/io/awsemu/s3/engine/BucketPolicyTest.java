package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.awsemu.s3.engine.BucketPolicy.Decision.ALLOW;
import static io.awsemu.s3.engine.BucketPolicy.Decision.DENY;
import static io.awsemu.s3.engine.BucketPolicy.Decision.NONE;
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
    void accountPrincipalsMatchTheirAccountOnly(String caller, BucketPolicy.Decision expected) {
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
    void conditionalStatementsNeverMatch() {
        BucketPolicy p = policy("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::pics/*\","
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}");
        assertEquals(NONE, p.evaluate(null, "s3:GetObject", OBJ));
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
