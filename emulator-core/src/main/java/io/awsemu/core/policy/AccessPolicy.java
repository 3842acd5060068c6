package io.awsemu.core.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A resource policy in IAM's access policy language, parsed under one service's {@link Grammar} and evaluated per
 * request: an explicit Deny wins, else an Allow, else no decision. Principal or NotPrincipal (everyone but those
 * named), Action/NotAction and Resource/NotResource with IAM's wildcards, and conditions against the request's
 * context keys (IAM's operators, IfExists, Null; ForAnyValue/ForAllValues over single-valued keys: ForAllValues also
 * holds for a key the request lacks).
 */
public final class AccessPolicy {
    public enum Decision { ALLOW, DENY, NONE }

    /** What one service accepts in its policies, and the error it answers for one it does not. */
    public interface Grammar {
        /** The service's error for a policy it rejects, with IAM's reason ("Missing required field Effect", ...). */
        AwsException malformed(String reason);

        /** Largest policy in bytes (UTF-8). */
        int maxBytes();

        /** Whether {@code action} may appear in Action/NotAction ("s3:GetObject", "*"). */
        boolean validAction(String action);

        /** Whether {@code resource} may appear in Resource/NotResource. */
        boolean validResource(String resource);

        /** Whether a statement must name its resource; one that need not applies to the policy's own resource. */
        boolean resourceRequired();

        /**
         * A principal of a type other than "AWS" ({@code CanonicalUser}, {@code Service}, ...): the id callers are
         * matched by, or null for one that is valid but matches no caller here (a service principal never signs a
         * request). Throws {@link #malformed} for one the service rejects.
         */
        String principal(String type, String value);
    }

    /**
     * @param principals    "*" for everyone, else AWS account ids (12 digits) or the ids {@link Grammar#principal} gave
     * @param notPrincipal  NotPrincipal: the statement applies to everyone except {@code principals}
     */
    public record Statement(boolean allow, List<String> principals, boolean notPrincipal, List<Pattern> actions,
                            boolean notAction, List<Pattern> resources, boolean notResource, List<Condition> conditions) {}

    /**
     * One condition: operator (without IfExists and set prefixes), the context key (lower case) and the values of
     * which one must match (for negated operators: none may). {@code forAllValues}: the ForAllValues set operator,
     * which also holds when the request has no value for the key.
     */
    public record Condition(String operator, boolean ifExists, boolean forAllValues, String key, List<String> values) {}

    private static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals",
            "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
            "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool",
            "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null");
    private static final Pattern ACCOUNT_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):.+");
    private static final List<Pattern> ANY = List.of(Pattern.compile(".*", Pattern.DOTALL));

    private final String text;
    private final List<Statement> statements;

    private AccessPolicy(String text, List<Statement> statements) {
        this.text = text;
        this.statements = statements;
    }

    public String text() { return text; }

    public List<Statement> statements() { return statements; }

    /** Parses {@code text}; the grammar's error, with IAM's reason, when it is not a valid policy. */
    public static AccessPolicy parse(String text, Grammar grammar) {
        if (text.getBytes(StandardCharsets.UTF_8).length > grammar.maxBytes()) {
            throw grammar.malformed("Policies must be less than " + grammar.maxBytes() / 1024 + " KB");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw grammar.malformed("Policies must be valid JSON and the first byte must be '{'");
        }
        JsonNode version = root.get("Version");
        if (version != null && !(version.isTextual()
                && (version.asText().equals("2012-10-17") || version.asText().equals("2008-10-17")))) {
            throw grammar.malformed("The policy must contain a valid version string");
        }
        JsonNode st = root.get("Statement");
        if (st == null) throw grammar.malformed("Missing required field Statement");
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : st.isArray() ? elements(st) : List.of(st)) {
            if (!s.isObject()) throw grammar.malformed("Statement is not valid");
            out.add(statement(s, grammar));
        }
        if (out.isEmpty()) throw grammar.malformed("Could not parse the policy: Statement is empty!");
        return new AccessPolicy(text, List.copyOf(out));
    }

    private static Statement statement(JsonNode s, Grammar g) {
        JsonNode effect = s.get("Effect");
        if (effect == null) throw g.malformed("Missing required field Effect");
        boolean allow = switch (effect.asText()) {
            case "Allow" -> true;
            case "Deny" -> false;
            default -> throw g.malformed("Invalid effect: " + effect.asText());
        };
        boolean notPrincipal = !s.has("Principal") && s.has("NotPrincipal");
        JsonNode principal = notPrincipal ? s.get("NotPrincipal") : s.get("Principal");
        if (principal == null) throw g.malformed("Missing required field Principal");
        if (s.has("Principal") && s.has("NotPrincipal")) throw g.malformed("Statement is not valid");
        List<String> principals = principals(principal, g);
        JsonNode action = s.has("Action") ? s.get("Action") : s.get("NotAction");
        if (action == null) throw g.malformed("Missing required field Action");
        List<Pattern> actions = new ArrayList<>();
        for (String a : strings(action, "Policy has invalid action", g)) {
            if (!g.validAction(a)) throw g.malformed("Policy has invalid action");
            actions.add(glob(a, true));
        }
        JsonNode resource = s.has("Resource") ? s.get("Resource") : s.get("NotResource");
        List<Pattern> resources = new ArrayList<>();
        if (resource == null) {
            if (g.resourceRequired()) throw g.malformed("Missing required field Resource");
            resources = ANY;
        } else {
            for (String r : strings(resource, "Policy has invalid resource", g)) {
                if (!g.validResource(r)) throw g.malformed("Policy has invalid resource");
                resources.add(glob(r, false));
            }
        }
        return new Statement(allow, principals, notPrincipal, actions, !s.has("Action"), resources, s.has("NotResource")
                && !s.has("Resource"), conditions(s.get("Condition"), g));
    }

    private static List<Condition> conditions(JsonNode cond, Grammar g) {
        if (cond == null) return List.of();
        if (!cond.isObject()) throw g.malformed("Invalid Condition");
        List<Condition> out = new ArrayList<>();
        var ops = cond.fields();
        while (ops.hasNext()) {
            var op = ops.next();
            String name = op.getKey();
            String base = name.replaceFirst("^For(AnyValue|AllValues):", "");
            boolean ifExists = base.endsWith("IfExists") && !base.equals("Null");
            if (ifExists) base = base.substring(0, base.length() - "IfExists".length());
            if (!OPERATORS.contains(base)) throw g.malformed("Invalid Condition type : " + name);
            if (!op.getValue().isObject()) throw g.malformed("Invalid Condition");
            var keys = op.getValue().fields();
            while (keys.hasNext()) {
                var k = keys.next();
                List<String> values = new ArrayList<>();
                if (k.getValue().isArray()) k.getValue().forEach(v -> values.add(v.asText()));
                else values.add(k.getValue().asText());
                out.add(new Condition(base, ifExists, name.startsWith("ForAllValues:"), k.getKey().toLowerCase(Locale.ROOT),
                        List.copyOf(values)));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> principals(JsonNode p, Grammar g) {
        if (p.isTextual()) {
            if (!p.asText().equals("*")) throw g.malformed("Invalid principal in policy");
            return List.of("*");
        }
        if (!p.isObject() || p.size() == 0) throw g.malformed("Invalid principal in policy");
        List<String> out = new ArrayList<>();
        var fields = p.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            for (String v : strings(f.getValue(), "Invalid principal in policy", g)) {
                if (f.getKey().equals("AWS")) {
                    if (v.equals("*")) out.add("*");
                    else if (v.matches("\\d{12}")) out.add(v);
                    else {
                        // an IAM user or role stands for its account: callers here are accounts
                        var m = ACCOUNT_ARN.matcher(v);
                        if (!m.matches()) throw g.malformed("Invalid principal in policy");
                        out.add(m.group(1));
                    }
                } else {
                    String id = g.principal(f.getKey(), v);
                    if (id != null) out.add(id);
                }
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode n, String error, Grammar g) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) out.add(n.asText());
        else if (n.isArray() && n.size() > 0) {
            for (JsonNode e : n) {
                if (!e.isTextual()) throw g.malformed(error);
                out.add(e.asText());
            }
        } else throw g.malformed(error);
        return out;
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> l = new ArrayList<>();
        array.forEach(l::add);
        return l;
    }

    /** IAM wildcards: '*' any run, '?' one character. Actions compare case-insensitively. */
    public static Pattern glob(String s, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
    }

    /**
     * @param caller   the ids the caller goes by (its account, and any alias such as S3's canonical user id); empty
     *                 for an anonymous caller, whom only "*" names
     * @param action   e.g. {@code s3:GetObject}
     * @param resource e.g. {@code arn:aws:s3:::bucket/key}
     * @param context  condition keys (lower case: aws:sourceip, s3:prefix, ...) and their values for this request
     */
    public Decision evaluate(Collection<String> caller, String action, String resource, Map<String, String> context) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (!applies(s, caller, action, resource)) continue;
            if (!conditionsHold(s.conditions, context)) continue;
            if (!s.allow) return Decision.DENY;
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.NONE;
    }

    private static boolean applies(Statement s, Collection<String> caller, String action, String resource) {
        boolean principal = false;
        for (String p : s.principals) {
            if (p.equals("*") || caller.contains(p)) principal = true;
        }
        if (principal == s.notPrincipal) return false;
        if (anyMatch(s.actions, action) == s.notAction) return false;
        return anyMatch(s.resources, resource) != s.notResource;
    }

    private static boolean anyMatch(List<Pattern> patterns, String value) {
        for (Pattern p : patterns) if (p.matcher(value).matches()) return true;
        return false;
    }

    static boolean conditionsHold(List<Condition> conditions, Map<String, String> context) {
        for (Condition c : conditions) if (!holds(c, context.get(c.key))) return false;
        return true;
    }

    private static boolean holds(Condition c, String actual) {
        if (c.operator.equals("Null")) return (actual == null) == c.values.get(0).equalsIgnoreCase("true");
        boolean negated = c.operator.contains("Not");
        if (actual == null) return c.ifExists || negated || c.forAllValues;
        boolean any = false;
        for (String v : c.values) if (matches(c.operator, actual, v)) any = true;
        return negated ? !any : any;
    }

    private static boolean matches(String op, String actual, String v) {
        try {
            return switch (op) {
                case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals" -> actual.equals(v);
                case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> actual.equalsIgnoreCase(v);
                case "StringLike", "StringNotLike", "ArnLike", "ArnNotLike" -> glob(v, false).matcher(actual).matches();
                case "Bool" -> actual.equalsIgnoreCase(v);
                case "IpAddress", "NotIpAddress" -> Cidr.contains(v, actual);
                case "NumericEquals", "NumericNotEquals" -> Double.parseDouble(actual) == Double.parseDouble(v);
                case "NumericLessThan" -> Double.parseDouble(actual) < Double.parseDouble(v);
                case "NumericLessThanEquals" -> Double.parseDouble(actual) <= Double.parseDouble(v);
                case "NumericGreaterThan" -> Double.parseDouble(actual) > Double.parseDouble(v);
                case "NumericGreaterThanEquals" -> Double.parseDouble(actual) >= Double.parseDouble(v);
                case "DateEquals", "DateNotEquals" -> instant(actual).equals(instant(v));
                case "DateLessThan" -> instant(actual).isBefore(instant(v));
                case "DateLessThanEquals" -> !instant(actual).isAfter(instant(v));
                case "DateGreaterThan" -> instant(actual).isAfter(instant(v));
                case "DateGreaterThanEquals" -> !instant(actual).isBefore(instant(v));
                default -> false;
            };
        } catch (RuntimeException e) {
            return false; // a value of the wrong type never matches
        }
    }

    private static java.time.Instant instant(String s) {
        if (s.matches("\\d+")) return java.time.Instant.ofEpochSecond(Long.parseLong(s));
        return java.time.OffsetDateTime.parse(s.length() == 10 ? s + "T00:00:00Z" : s).toInstant();
    }
}
