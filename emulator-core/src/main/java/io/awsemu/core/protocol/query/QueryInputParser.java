package io.awsemu.core.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.CommonErrors;
import io.awsemu.core.model.Member;
import io.awsemu.core.model.Shape;
import io.awsemu.core.protocol.Timestamps;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Dotted Query parameters ({@code Attribute.1.Name}, {@code X.member.N}, {@code X.entry.N.key}) into a
 * canonical tree, by the inverse of botocore's Query and EC2 serializers.
 */
final class QueryInputParser {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final boolean ec2;
    private final Map<String, List<String>> params;

    QueryInputParser(boolean ec2, Map<String, List<String>> params) {
        this.ec2 = ec2;
        this.params = params;
    }

    /** The wire name of a structure member: Query uses locationName; EC2 queryName, else locationName capitalised. */
    static String keyName(boolean ec2, Member m, String memberName) {
        if (!ec2) return m.wireName(memberName);
        if (m.queryName() != null) return m.queryName();
        if (m.locationName() != null) {
            String n = m.locationName();
            return n.isEmpty() ? n : Character.toUpperCase(n.charAt(0)) + n.substring(1);
        }
        return memberName;
    }

    ObjectNode parseStructure(Shape shape, String prefix) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, Member> e : shape.members().entrySet()) {
            String key = keyName(ec2, e.getValue(), e.getKey());
            JsonNode v = parseValue(e.getValue(), prefix.isEmpty() ? key : prefix + "." + key);
            if (v == null && !ec2 && !key.equals(e.getKey())) {
                // lenient: SDK v1 names some members by member name, not locationName (SQS "Tags.1.Key", not "Tag.1.Key")
                v = parseValue(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey());
            }
            if (v != null) out.set(e.getKey(), v);
        }
        return out;
    }

    private JsonNode parseValue(Member ref, String key) {
        Shape s = ref.shape();
        switch (s.type()) {
            case STRUCTURE: {
                if (!hasPrefix(key + ".")) return null;
                return parseStructure(s, key);
            }
            case LIST: {
                Member item = s.listMember();
                if (ec2) return parseList(item, key);
                if (!ref.flattened() || item.locationName() == null) {
                    // botocore sends "X=" for an empty list
                    List<String> empty = params.get(key);
                    if (empty != null && empty.size() == 1 && empty.get(0).isEmpty() && !hasPrefix(key + ".")) return F.arrayNode();
                }
                String flatPrefix = item.locationName() != null ? replaceLast(key, item.locationName()) : key;
                String wrappedPrefix = key + "." + item.wireName("member");
                String first = ref.flattened() ? flatPrefix : wrappedPrefix;
                String second = ref.flattened() ? wrappedPrefix : flatPrefix;
                ArrayNode a = parseList(item, first);
                if (a == null) a = parseList(item, second); // lenient: old clients mix the two forms
                if (a == null && ref.flattened() && isScalar(item.shape())) {
                    // lenient: boto 2 sends one un-numbered item ("AttributeName=All" for AttributeName.1)
                    List<String> single = params.get(flatPrefix);
                    if (single != null && single.size() == 1 && !single.get(0).isEmpty()) {
                        a = F.arrayNode();
                        a.add(scalar(item.shape(), single.get(0), flatPrefix));
                    }
                }
                return a;
            }
            case MAP: {
                String full = ref.flattened() ? key : key + ".entry";
                ObjectNode m = parseMap(s, full);
                if (m == null) m = parseMap(s, ref.flattened() ? key + ".entry" : key);
                return m;
            }
            default: {
                List<String> v = params.get(key);
                if (v == null || v.isEmpty()) return null;
                return scalar(s, v.get(0), key);
            }
        }
    }

    private ArrayNode parseList(Member item, String listPrefix) {
        TreeSet<Integer> idx = indices(listPrefix);
        if (idx.isEmpty()) return null;
        ArrayNode a = F.arrayNode();
        for (int i : idx) {
            JsonNode v = parseValue(item, listPrefix + "." + i);
            if (v != null) a.add(v);
        }
        return a;
    }

    private ObjectNode parseMap(Shape s, String full) {
        TreeSet<Integer> idx = indices(full);
        if (idx.isEmpty()) return null;
        String kName = s.mapKey().wireName("key"), vName = s.mapValue().wireName("value");
        ObjectNode m = F.objectNode();
        for (int i : idx) {
            List<String> k = params.get(full + "." + i + "." + kName);
            if (k == null || k.isEmpty()) continue;
            JsonNode v = parseValue(s.mapValue(), full + "." + i + "." + vName);
            if (v != null) m.set(k.get(0), v);
        }
        return m;
    }

    /** The N of every {@code prefix.N} or {@code prefix.N.rest} parameter, sorted numerically. */
    private TreeSet<Integer> indices(String prefix) {
        TreeSet<Integer> out = new TreeSet<>();
        String p = prefix + ".";
        for (String k : params.keySet()) {
            if (!k.startsWith(p)) continue;
            int end = k.indexOf('.', p.length());
            String n = end < 0 ? k.substring(p.length()) : k.substring(p.length(), end);
            if (n.isEmpty() || n.length() > 9) continue;
            boolean digits = true;
            for (int i = 0; i < n.length(); i++) if (!Character.isDigit(n.charAt(i))) { digits = false; break; }
            if (digits) out.add(Integer.parseInt(n));
        }
        return out;
    }

    private boolean hasPrefix(String p) {
        for (String k : params.keySet()) if (k.startsWith(p)) return true;
        return false;
    }

    private static String replaceLast(String key, String name) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? name : key.substring(0, dot + 1) + name;
    }

    static JsonNode scalar(Shape s, String raw, String key) {
        try {
            return switch (s.type()) {
                case BOOLEAN -> {
                    String b = raw.trim().toLowerCase(Locale.ROOT);
                    if (b.equals("true")) yield F.booleanNode(true);
                    if (b.equals("false")) yield F.booleanNode(false);
                    throw new IllegalArgumentException();
                }
                case INTEGER -> F.numberNode(Integer.parseInt(raw.trim()));
                case LONG -> F.numberNode(Long.parseLong(raw.trim()));
                case DOUBLE, FLOAT -> F.numberNode(Double.parseDouble(raw.trim()));
                case BIGDECIMAL -> F.numberNode(new BigDecimal(raw.trim()));
                case TIMESTAMP -> F.textNode(Timestamps.parse(raw).toString());
                case BLOB -> { Base64.getMimeDecoder().decode(raw); yield F.textNode(raw); }
                default -> F.textNode(raw);
            };
        } catch (IllegalArgumentException e) {
            throw CommonErrors.invalidParameterValue("Value (" + raw + ") for parameter " + key + " is invalid. Expected: '"
                    + expected(s) + "'.");
        }
    }

    private static String expected(Shape s) {
        return switch (s.type()) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "integer";
            case LONG -> "long";
            case TIMESTAMP -> "timestamp";
            case BLOB -> "base64";
            default -> "number";
        };
    }


    private static boolean isScalar(Shape s) {
        return s.type() != Shape.Type.STRUCTURE && s.type() != Shape.Type.LIST && s.type() != Shape.Type.MAP;
    }
}
