package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.policy.AccessPolicy;
import io.awsemu.core.policy.AccessPolicy.Decision;
import io.awsemu.s3.S3AccessErrors;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A bucket policy: IAM's policy language ({@link AccessPolicy}) under S3's rules, parsed and validated as S3 does on
 * PutBucketPolicy (MalformedPolicy with AWS's messages; actions s3:*, resources of this bucket, CanonicalUser
 * principals), and evaluated per request.
 */
public final class BucketPolicy {
    /** Keys whose condition ties an Allow to a known party, so that S3 no longer calls the policy public. */
    private static final Set<String> NARROWING_KEYS = Set.of("aws:sourceip", "aws:sourcearn", "aws:sourcevpc",
            "aws:sourcevpce", "aws:sourceaccount", "aws:sourceowner", "aws:principalorgid", "aws:principalaccount",
            "aws:userid", "aws:principalarn", "s3:dataaccesspointaccount", "s3:dataaccesspointarn");

    private final AccessPolicy policy;

    private BucketPolicy(AccessPolicy policy) {
        this.policy = policy;
    }

    public String text() { return policy.text(); }

    /** Parses {@code text} for {@code bucket}; MalformedPolicy with AWS's message when it is not a valid policy. */
    public static BucketPolicy parse(String text, String bucket) {
        return new BucketPolicy(AccessPolicy.parse(text, new S3Grammar(bucket)));
    }

    private record S3Grammar(String bucket) implements AccessPolicy.Grammar {
        @Override public AwsException malformed(String reason) { return S3AccessErrors.malformedPolicy(reason); }

        @Override public int maxBytes() { return 20 * 1024; }

        @Override public boolean validAction(String a) {
            return a.equals("*") || a.toLowerCase(Locale.ROOT).startsWith("s3:");
        }

        // a resource must address this bucket or its objects: arn:aws:s3:::bucket or arn:aws:s3:::bucket/...
        @Override public boolean validResource(String arn) {
            String prefix = "arn:aws:s3:::";
            if (!arn.startsWith(prefix)) return false;
            String rest = arn.substring(prefix.length());
            int slash = rest.indexOf('/');
            String b = slash < 0 ? rest : rest.substring(0, slash);
            return AccessPolicy.glob(b, false).matcher(bucket).matches();
        }

        @Override public boolean resourceRequired() { return true; }

        @Override public String principal(String type, String value) {
            return switch (type) {
                case "CanonicalUser" -> Acl.checkId(value);
                // service principals never sign requests here: valid, but they match no caller
                case "Service", "Federated" -> null;
                default -> throw malformed("Invalid principal in policy");
            };
        }
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
        List<String> caller = callerAccount == null ? List.of()
                : List.of(callerAccount, CanonicalUser.of(callerAccount).id());
        return policy.evaluate(caller, action, resource, context);
    }

    /** Public as S3 judges it: an Allow to everyone ("*") not narrowed by a condition on a fixed party. */
    public boolean isPublic() {
        for (AccessPolicy.Statement s : policy.statements()) {
            if (!s.allow() || !(s.notPrincipal() || s.principals().contains("*"))) continue;
            boolean narrowed = false;
            for (AccessPolicy.Condition c : s.conditions()) {
                if (NARROWING_KEYS.contains(c.key()) && !c.operator().contains("Not") && !c.ifExists()) narrowed = true;
            }
            if (!narrowed) return true;
        }
        return false;
    }

    /** True when an Allow reaches anyone outside {@code ownerAccount}. */
    public boolean allowsOutside(String ownerAccount) {
        String canonical = CanonicalUser.of(ownerAccount).id();
        for (AccessPolicy.Statement s : policy.statements()) {
            if (!s.allow()) continue;
            if (s.notPrincipal()) return true;
            for (String p : s.principals()) if (!p.equals(ownerAccount) && !p.equals(canonical)) return true;
        }
        return false;
    }
}
