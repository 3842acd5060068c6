package io.awsemu.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.error.CommonErrors;
import io.awsemu.core.model.Member;
import io.awsemu.core.model.Shape;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * Checks a parsed input tree for the model's {@code required} members, naming the missing one as the
 * client spelled it on the wire (Query {@code Attribute.1.Name}, EC2 {@code InstanceId}, JSON member name).
 */
public final class RequiredMembers {
    private RequiredMembers() {}

    /** {@code wireName(member, memberName)} gives the wire key of one structure member. */
    public static void check(Shape shape, JsonNode tree, BiFunction<Member, String, String> wireName) {
        if (!missing(shape, tree)) return; // the usual case, without building a wire name per member
        AwsException e = find(shape, tree, "", wireName);
        if (e != null) throw e;
    }

    /** Whether {@link #find} finds a missing member: the same walk, naming nothing. */
    private static boolean missing(Shape shape, JsonNode tree) {
        if (shape == null || tree == null) return false;
        switch (shape.type()) {
            case STRUCTURE -> {
                if (!tree.isObject()) return false;
                for (Map.Entry<String, Member> e : shape.members().entrySet()) {
                    JsonNode v = tree.get(e.getKey());
                    if (v == null || v.isNull()) {
                        if (shape.required().contains(e.getKey()) && !e.getValue().idempotencyToken()) return true;
                        continue;
                    }
                    if (missing(e.getValue().shape(), v)) return true;
                }
            }
            case LIST -> {
                if (!tree.isArray()) return false;
                for (JsonNode x : tree) if (missing(shape.listMember().shape(), x)) return true;
            }
            case MAP -> {
                if (!tree.isObject()) return false;
                for (JsonNode x : tree) if (missing(shape.mapValue().shape(), x)) return true;
            }
            default -> { }
        }
        return false;
    }

    private static AwsException find(Shape shape, JsonNode tree, String prefix, BiFunction<Member, String, String> wireName) {
        if (shape == null || tree == null) return null;
        switch (shape.type()) {
            case STRUCTURE -> {
                if (!tree.isObject()) return null;
                for (Map.Entry<String, Member> e : shape.members().entrySet()) {
                    String key = prefix + wireName.apply(e.getValue(), e.getKey());
                    JsonNode v = tree.get(e.getKey());
                    if (v == null || v.isNull()) {
                        if (shape.required().contains(e.getKey()) && !e.getValue().idempotencyToken())
                            return CommonErrors.missingParameter(key);
                        continue;
                    }
                    AwsException inner = find(e.getValue().shape(), v, key + ".", wireName);
                    if (inner != null) return inner;
                }
            }
            case LIST -> {
                if (!tree.isArray()) return null;
                int i = 1;
                for (JsonNode x : tree) {
                    AwsException inner = find(shape.listMember().shape(), x, prefix + i++ + ".", wireName);
                    if (inner != null) return inner;
                }
            }
            case MAP -> {
                if (!tree.isObject()) return null;
                for (JsonNode x : tree) {
                    AwsException inner = find(shape.mapValue().shape(), x, prefix, wireName);
                    if (inner != null) return inner;
                }
            }
            default -> { }
        }
        return null;
    }
}
