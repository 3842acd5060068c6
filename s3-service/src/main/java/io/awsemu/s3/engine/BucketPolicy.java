package io.awsemu.s3.engine;

import io.awsemu.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.awsemu.s3.S3AccessErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A bucket policy, parsed and validated as S3 does on PutBucketPolicy, and evaluated per request:
 * an explicit Deny wins, else an Allow, else no decision. Conditions are evaluated against the
 * request's context keys (IAM's operators, IfExists, Null; ForAnyValue/ForAllValues over S3's single-valued keys:
 * ForAllValues also holds for a key the request lacks). Principal or NotPrincipal (everyone but those named).
 */
public final class BucketPolicy {
    public enum Decision { ALLOW, DENY, NONE }

    /**
     * @param principals    "*" for everyone, else AWS account ids (12 digits) or canonical user ids
     * @param notPrincipal  NotPrincipal: the statement applies to everyone except {@code principals}
     */
    record Statement(boolean allow, List<String> principals, boolean notPrincipal, List<Pattern> actions, boolean notAction,
                     List<Pattern> resources, boolean notResource, List<Condition> conditions) {}

    /**
     * One condition: operator (without IfExists and set prefixes), the context key (lower case) and
     * the values of which one must match (for negated operators: none may). {@code forAllValues}: the
     * ForAllValues set operator, which also holds when the request has no value for the key.
     */
    record Condition(String operator, boolean ifExists, boolean forAllValues, String key, List<String> values) {}

    private static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals",
            "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
            "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool",
            "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null");
    /** Keys whose condition ties an Allow to a known party, so that S3 no longer calls the policy public. */
    private static final Set<String> NARROWING_KEYS = Set.of("aws:sourceip", "aws:sourcearn", "aws:sourcevpc",
            "aws:sourcevpce", "aws:sourceaccount", "aws:sourceowner", "aws:principalorgid", "aws:principalaccount",
            "aws:userid", "aws:principalarn", "s3:dataaccesspointaccount", "s3:dataaccesspointarn");

    private static final int MAX_BYTES = 20 * 1024;
    private static final Pattern ACCOUNT_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):.+");

    private final String text;
    private final List<Statement> statements;

    private BucketPolicy(String text, List<Statement> statements) {
        this.text = text;
        this.statements = statements;
    }

    public String text() { return text; }

    /** Parses {@code text} for {@code bucket}; MalformedPolicy with AWS's message when it is not a valid policy. */
    public static BucketPolicy parse(String text, String bucket) {
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw S3AccessErrors.malformedPolicy("Policies must be less than 20 KB");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw S3AccessErrors.malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
        }
        JsonNode version = root.get("Version");
        if (version != null && !(version.isTextual()
                && (version.asText().equals("2012-10-17") || version.asText().equals("2008-10-17")))) {
            throw S3AccessErrors.malformedPolicy("The policy must contain a valid version string");
        }
        JsonNode st = root.get("Statement");
        if (st == null) throw S3AccessErrors.malformedPolicy("Missing required field Statement");
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : st.isArray() ? iter(st) : List.of(st)) {
            if (!s.isObject()) throw S3AccessErrors.malformedPolicy("Statement is not valid");
            out.add(statement(s, bucket));
        }
        if (out.isEmpty()) throw S3AccessErrors.malformedPolicy("Could not parse the policy: Statement is empty!");
        return new BucketPolicy(text, List.copyOf(out));
    }

    private static Statement statement(JsonNode s, String bucket) {
        JsonNode effect = s.get("Effect");
        if (effect == null) throw S3AccessErrors.malformedPolicy("Missing required field Effect");
        boolean allow = switch (effect.asText()) {
            case "Allow" -> true;
            case "Deny" -> false;
            default -> throw S3AccessErrors.malformedPolicy("Invalid effect: " + effect.asText());
        };
        boolean notPrincipal = !s.has("Principal") && s.has("NotPrincipal");
        JsonNode principal = notPrincipal ? s.get("NotPrincipal") : s.get("Principal");
        if (principal == null) throw S3AccessErrors.malformedPolicy("Missing required field Principal");
        if (s.has("Principal") && s.has("NotPrincipal")) throw S3AccessErrors.malformedPolicy("Statement is not valid");
        List<String> principals = principals(principal);
        JsonNode action = s.has("Action") ? s.get("Action") : s.get("NotAction");
        if (action == null) throw S3AccessErrors.malformedPolicy("Missing required field Action");
        List<Pattern> actions = new ArrayList<>();
        for (String a : strings(action, "Policy has invalid action")) {
            String lower = a.toLowerCase(Locale.ROOT);
            if (!a.equals("*") && !lower.startsWith("s3:")) throw S3AccessErrors.malformedPolicy("Policy has invalid action");
            actions.add(glob(a, true));
        }
        JsonNode resource = s.has("Resource") ? s.get("Resource") : s.get("NotResource");
        if (resource == null) throw S3AccessErrors.malformedPolicy("Missing required field Resource");
        List<Pattern> resources = new ArrayList<>();
        for (String r : strings(resource, "Policy has invalid resource")) {
            if (!belongsTo(r, bucket)) throw S3AccessErrors.malformedPolicy("Policy has invalid resource");
            resources.add(glob(r, false));
        }
        return new Statement(allow, principals, notPrincipal, actions, !s.has("Action"), resources, !s.has("Resource"),
                conditions(s.get("Condition")));
    }

    private static List<Condition> conditions(JsonNode cond) {
        if (cond == null) return List.of();
        if (!cond.isObject()) throw S3AccessErrors.malformedPolicy("Invalid Condition");
        List<Condition> out = new ArrayList<>();
        var ops = cond.fields();
        while (ops.hasNext()) {
            var op = ops.next();
            String name = op.getKey();
            String base = name.replaceFirst("^For(AnyValue|AllValues):", "");
            boolean ifExists = base.endsWith("IfExists") && !base.equals("Null");
            if (ifExists) base = base.substring(0, base.length() - "IfExists".length());
            if (!OPERATORS.contains(base)) throw S3AccessErrors.malformedPolicy("Invalid Condition type : " + name);
            if (!op.getValue().isObject()) throw S3AccessErrors.malformedPolicy("Invalid Condition");
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

    // A resource must address this bucket or its objects: arn:aws:s3:::bucket or arn:aws:s3:::bucket/...
    private static boolean belongsTo(String arn, String bucket) {
        String prefix = "arn:aws:s3:::";
        if (!arn.startsWith(prefix)) return false;
        String rest = arn.substring(prefix.length());
        int slash = rest.indexOf('/');
        String b = slash < 0 ? rest : rest.substring(0, slash);
        return glob(b, false).matcher(bucket).matches();
    }

    private static List<String> principals(JsonNode p) {
        if (p.isTextual()) {
            if (!p.asText().equals("*")) throw S3AccessErrors.malformedPolicy("Invalid principal in policy");
            return List.of("*");
        }
        if (!p.isObject() || p.size() == 0) throw S3AccessErrors.malformedPolicy("Invalid principal in policy");
        List<String> out = new ArrayList<>();
        var fields = p.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            for (String v : strings(f.getValue(), "Invalid principal in policy")) {
                switch (f.getKey()) {
                    case "AWS" -> {
                        if (v.equals("*")) out.add("*");
                        else if (v.matches("\\d{12}")) out.add(v);
                        else {
                            var m = ACCOUNT_ARN.matcher(v);
                            if (!m.matches()) throw S3AccessErrors.malformedPolicy("Invalid principal in policy");
                            out.add(m.group(1));
                        }
                    }
                    case "CanonicalUser" -> out.add(Acl.checkId(v));
                    // service principals never sign requests here: valid, but they match no caller
                    case "Service", "Federated" -> { }
                    default -> throw S3AccessErrors.malformedPolicy("Invalid principal in policy");
                }
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode n, String error) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) out.add(n.asText());
        else if (n.isArray() && n.size() > 0) {
            for (JsonNode e : n) {
                if (!e.isTextual()) throw S3AccessErrors.malformedPolicy(error);
                out.add(e.asText());
            }
        } else throw S3AccessErrors.malformedPolicy(error);
        return out;
    }

    private static Iterable<JsonNode> iter(JsonNode array) {
        List<JsonNode> l = new ArrayList<>();
        array.forEach(l::add);
        return l;
    }

    /** IAM wildcards: '*' any run, '?' one character. Actions compare case-insensitively. */
    static Pattern glob(String s, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
    }

    /**
     * @param callerAccount null for an anonymous caller
     * @param action        e.g. {@code s3:GetObject}
     * @param resource      e.g. {@code arn:aws:s3:::bucket/key}
     */
    public Decision evaluate(String callerAccount, String action, String resource) {
        return evaluate(callerAccount, action, resource, Map.of());
    }

    /** @param context condition keys (lower case: aws:sourceip, s3:prefix, ...) and their values for this request */
    public Decision evaluate(String callerAccount, String action, String resource, Map<String, String> context) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (!applies(s, callerAccount, action, resource)) continue;
            if (!conditionsHold(s.conditions, context)) continue;
            if (!s.allow) return Decision.DENY;
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.NONE;
    }

    private static boolean applies(Statement s, String caller, String action, String resource) {
        boolean principal = false;
        String canonical = caller == null ? null : CanonicalUser.of(caller).id();
        for (String p : s.principals) {
            if (p.equals("*") || p.equals(caller) || p.equals(canonical)) principal = true;
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

    /** Public as S3 judges it: an Allow to everyone ("*") not narrowed by a condition on a fixed party. */
    public boolean isPublic() {
        for (Statement s : statements) {
            if (!s.allow || !(s.notPrincipal || s.principals.contains("*"))) continue;
            boolean narrowed = false;
            for (Condition c : s.conditions) {
                if (NARROWING_KEYS.contains(c.key) && !c.operator.contains("Not") && !c.ifExists) narrowed = true;
            }
            if (!narrowed) return true;
        }
        return false;
    }

    /** True when an Allow reaches anyone outside {@code ownerAccount}. */
    public boolean allowsOutside(String ownerAccount) {
        String canonical = CanonicalUser.of(ownerAccount).id();
        for (Statement s : statements) {
            if (!s.allow) continue;
            if (s.notPrincipal) return true;
            for (String p : s.principals) if (!p.equals(ownerAccount) && !p.equals(canonical)) return true;
        }
        return false;
    }
}
