package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PostPolicyTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static PostPolicy policy(String json) {
        return PostPolicy.parse(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
    }

    static AwsException fails(PostPolicy p, Map<String, String> fields) {
        return assertThrows(AwsException.class, () -> p.check(NOW, fields, "pics"));
    }

    @Test
    void conditionsAndExtraFields() {
        PostPolicy p = policy("{\"expiration\":\"2026-06-01T13:00:00Z\",\"conditions\":[{\"bucket\":\"pics\"},"
                + "[\"starts-with\",\"$key\",\"user/\"],{\"acl\":\"public-read\"},[\"eq\",\"$Content-Type\",\"image/png\"],"
                + "[\"content-length-range\",10,2000],[\"starts-with\",\"$x-amz-meta-tag\",\"\"]]}");
        assertEquals(10, p.minLength());
        assertEquals(2000, p.maxLength());
        p.check(NOW, Map.of("key", "user/a.png", "acl", "public-read", "content-type", "image/png",
                "x-amz-meta-tag", "anything", "policy", "x", "x-ignore-me", "y"), "pics");
        assertEquals("Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"$key\", \"user/\"]",
                fails(p, Map.of("key", "other/a.png", "acl", "public-read", "content-type", "image/png", "x-amz-meta-tag", "")).getMessage());
        assertEquals("Invalid according to Policy: Policy Condition failed: [\"eq\", \"$acl\", \"public-read\"]",
                fails(p, Map.of("key", "user/a", "acl", "private", "content-type", "image/png", "x-amz-meta-tag", "")).getMessage());
        AwsException extra = fails(p, Map.of("key", "user/a", "acl", "public-read", "content-type", "image/png",
                "x-amz-meta-tag", "", "cache-control", "no-cache"));
        assertEquals("AccessDenied", extra.code());
        assertEquals("Invalid according to Policy: Extra input fields: cache-control", extra.getMessage());
        AwsException wrongBucket = assertThrows(AwsException.class, () -> p.check(NOW, Map.of("key", "user/a",
                "acl", "public-read", "content-type", "image/png", "x-amz-meta-tag", ""), "other"));
        assertEquals("Invalid according to Policy: Policy Condition failed: [\"eq\", \"$bucket\", \"pics\"]", wrongBucket.getMessage());
    }

    @Test
    void expiryAndMalformedDocuments() {
        PostPolicy p = policy("{\"expiration\":\"2026-06-01T11:59:59Z\",\"conditions\":[]}");
        AwsException e = fails(p, Map.of());
        assertEquals(403, e.httpStatus());
        assertEquals("Invalid according to Policy: Policy expired.", e.getMessage());
        assertEquals("Invalid Policy: Invalid JSON.", assertThrows(AwsException.class, () -> PostPolicy.parse("!!!")).getMessage());
        assertEquals("Invalid Policy: Policy missing expiration.",
                assertThrows(AwsException.class, () -> policy("{\"conditions\":[]}")).getMessage());
        assertEquals("Invalid Policy: Policy missing conditions.",
                assertThrows(AwsException.class, () -> policy("{\"expiration\":\"2026-06-01T13:00:00Z\"}")).getMessage());
        assertEquals("InvalidPolicyDocument", assertThrows(AwsException.class,
                () -> policy("{\"expiration\":\"2026-06-01T13:00:00Z\",\"conditions\":[[\"gt\",\"$key\",\"a\"]]}")).code());
    }
}
