package io.awsemu.s3.engine;

import io.awsemu.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.s3.S3AccessErrors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A browser POST upload's policy document: its expiration and conditions, checked against the form
 * fields as S3 checks them (every field but the signature's own must be named by a condition).
 */
public final class PostPolicy {
    /** Fields no condition needs to name. */
    private static final Set<String> EXEMPT = Set.of("awsaccesskeyid", "signature", "file", "policy", "x-amz-signature");

    /** @param op eq or starts-with; field lower-case without '$' */
    record Condition(String op, String field, String value, String display) {}

    private final Instant expiration;
    private final List<Condition> conditions;
    private final long minLength;
    private final long maxLength;

    private PostPolicy(Instant expiration, List<Condition> conditions, long minLength, long maxLength) {
        this.expiration = expiration;
        this.conditions = conditions;
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    public long minLength() { return minLength; }
    /** Long.MAX_VALUE when the policy sets no content-length-range. */
    public long maxLength() { return maxLength; }

    public static PostPolicy parse(String base64) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw invalidPolicyDocument("Invalid Policy: Invalid JSON.");
        }
        if (root == null || !root.isObject()) throw invalidPolicyDocument("Invalid Policy: Invalid JSON.");
        JsonNode exp = root.get("expiration");
        if (exp == null) throw invalidPolicyDocument("Invalid Policy: Policy missing expiration.");
        Instant expiration;
        try {
            expiration = Instant.parse(exp.asText());
        } catch (DateTimeParseException e) {
            throw invalidPolicyDocument("Invalid Policy: Invalid 'expiration' value: '" + exp.asText() + "'");
        }
        JsonNode conds = root.get("conditions");
        if (conds == null) throw invalidPolicyDocument("Invalid Policy: Policy missing conditions.");
        if (!conds.isArray()) throw invalidPolicyDocument("Invalid Policy: Invalid 'conditions' value: must be a List.");
        List<Condition> out = new ArrayList<>();
        long min = 0;
        long max = Long.MAX_VALUE;
        for (JsonNode c : conds) {
            if (c.isObject()) {
                if (c.size() != 1) throw invalidPolicyDocument("Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.");
                var f = c.fields().next();
                String field = f.getKey().startsWith("$") ? f.getKey().substring(1) : f.getKey();
                out.add(new Condition("eq", field.toLowerCase(Locale.ROOT), f.getValue().asText(),
                        "[\"eq\", \"$" + field + "\", \"" + f.getValue().asText() + "\"]"));
            } else if (c.isArray() && c.size() == 3) {
                String op = c.get(0).asText().toLowerCase(Locale.ROOT);
                if (op.equals("content-length-range")) {
                    min = c.get(1).asLong();
                    max = c.get(2).asLong();
                    continue;
                }
                String f = c.get(1).asText();
                if (!f.startsWith("$")) throw invalidPolicyDocument("Invalid Policy: Invalid Condition: field must start with '$'.");
                if (!op.equals("eq") && !op.equals("starts-with")) {
                    throw invalidPolicyDocument("Invalid Policy: Invalid Condition: unknown operation '" + c.get(0).asText() + "'.");
                }
                out.add(new Condition(op, f.substring(1).toLowerCase(Locale.ROOT), c.get(2).asText(),
                        "[\"" + c.get(0).asText() + "\", \"" + f + "\", \"" + c.get(2).asText() + "\"]"));
            } else {
                throw invalidPolicyDocument("Invalid Policy: Invalid Condition.");
            }
        }
        return new PostPolicy(expiration, List.copyOf(out), min, max);
    }

    /**
     * @param fields the form fields, lower-case names, with {@code key} after ${filename} substitution
     * @param bucket the bucket posted to ({@code bucket} conditions)
     */
    public void check(Instant now, Map<String, String> fields, String bucket) {
        if (!now.isBefore(expiration)) throw S3AccessErrors.accessDenied("Invalid according to Policy: Policy expired.");
        Set<String> covered = new HashSet<>();
        for (Condition c : conditions) {
            covered.add(c.field);
            String actual = c.field.equals("bucket") ? bucket : fields.get(c.field);
            boolean ok = actual != null && (c.op.equals("eq") ? actual.equals(c.value) : actual.startsWith(c.value));
            if (!ok) throw S3AccessErrors.accessDenied("Invalid according to Policy: Policy Condition failed: " + c.display);
        }
        for (String f : fields.keySet()) {
            if (EXEMPT.contains(f) || f.startsWith("x-ignore-") || covered.contains(f)) continue;
            throw S3AccessErrors.accessDenied("Invalid according to Policy: Extra input fields: " + f);
        }
    }

    static AwsException invalidPolicyDocument(String message) {
        return new AwsException("InvalidPolicyDocument", 400, message);
    }
}
