package io.awsemu.s3.engine;

import io.awsemu.s3.S3AccessErrors;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An access control list: its owner's account and its grants. Canned ACLs expand to grants here, as
 * S3 does when it stores them; grants are what GetBucketAcl/GetObjectAcl show and what is evaluated.
 */
public record Acl(String ownerAccount, List<Grant> grants) {

    public static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    public static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    public static final String LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";
    /** The canonical user aws-exec-read grants READ to (EC2's bundle reader). */
    public static final String EC2_CANONICAL_ID = "6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c";

    public static final Set<String> PERMISSIONS = Set.of("FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP");
    public static final Set<String> GROUPS = Set.of(ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY);
    public static final Set<String> BUCKET_CANNED = Set.of("private", "public-read", "public-read-write",
            "authenticated-read", "log-delivery-write");
    public static final Set<String> OBJECT_CANNED = Set.of("private", "public-read", "public-read-write",
            "authenticated-read", "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control");

    public enum GranteeType { CanonicalUser, Group }

    /** @param grantee a canonical user id or a group URI */
    public record Grant(GranteeType type, String grantee, String permission) {}

    /**
     * @param bucketOwner the bucket's account (bucket-owner-read/-full-control on objects), or null for a bucket
     */
    public static Acl canned(String name, String ownerAccount, String bucketOwner) {
        List<Grant> g = new ArrayList<>();
        g.add(user(ownerAccount, "FULL_CONTROL"));
        switch (name) {
            case "private" -> { }
            case "public-read" -> g.add(group(ALL_USERS, "READ"));
            case "public-read-write" -> {
                g.add(group(ALL_USERS, "READ"));
                g.add(group(ALL_USERS, "WRITE"));
            }
            case "authenticated-read" -> g.add(group(AUTHENTICATED_USERS, "READ"));
            case "aws-exec-read" -> g.add(new Grant(GranteeType.CanonicalUser, EC2_CANONICAL_ID, "READ"));
            case "log-delivery-write" -> {
                g.add(group(LOG_DELIVERY, "WRITE"));
                g.add(group(LOG_DELIVERY, "READ_ACP"));
            }
            case "bucket-owner-read" -> {
                if (bucketOwner != null && !bucketOwner.equals(ownerAccount)) g.add(user(bucketOwner, "READ"));
            }
            case "bucket-owner-full-control" -> {
                if (bucketOwner != null && !bucketOwner.equals(ownerAccount)) g.add(user(bucketOwner, "FULL_CONTROL"));
            }
            default -> throw new IllegalArgumentException(name);
        }
        return new Acl(ownerAccount, List.copyOf(g));
    }

    public static Grant user(String account, String permission) {
        return new Grant(GranteeType.CanonicalUser, CanonicalUser.of(account).id(), permission);
    }

    public static Grant group(String uri, String permission) {
        return new Grant(GranteeType.Group, uri, permission);
    }

    /**
     * The grants of the {@code x-amz-grant-*} headers: each a comma-separated list of
     * {@code id="..."}, {@code uri="..."} or {@code emailAddress="..."}.
     *
     * @param headers permission (READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL) to the header's value
     */
    public static List<Grant> fromGrantHeaders(java.util.Map<String, String> headers) {
        List<Grant> out = new ArrayList<>();
        headers.forEach((permission, value) -> {
            for (String part : value.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) continue;
                int eq = p.indexOf('=');
                if (eq < 0) throw S3AccessErrors.invalidArgumentGrant(p);
                String type = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                out.add(switch (type) {
                    case "id" -> new Grant(GranteeType.CanonicalUser, checkId(v), permission);
                    case "uri" -> new Grant(GranteeType.Group, checkGroup(v), permission);
                    case "emailaddress" -> throw S3AccessErrors.unresolvableGrantByEmailAddress(v);
                    default -> throw S3AccessErrors.invalidArgumentGrant(p);
                });
            }
        });
        return out;
    }

    public static String checkId(String id) {
        if (id == null || !id.matches("[0-9a-f]{64}")) throw S3AccessErrors.invalidCanonicalId(id);
        return id;
    }

    public static String checkGroup(String uri) {
        if (!GROUPS.contains(uri)) throw S3AccessErrors.invalidGroupUri(uri);
        return uri;
    }

    /** True when a grant reaches everyone or every AWS account (AllUsers, AuthenticatedUsers). */
    public boolean isPublic() {
        for (Grant g : grants) if (isPublic(g)) return true;
        return false;
    }

    static boolean isPublic(Grant g) {
        return g.type == GranteeType.Group && (g.grantee.equals(ALL_USERS) || g.grantee.equals(AUTHENTICATED_USERS));
    }

    /** True when the only grants are FULL_CONTROL to {@code account}: what BucketOwnerEnforced accepts. */
    public boolean onlyFullControlFor(String account) {
        String id = CanonicalUser.of(account).id();
        for (Grant g : grants) {
            if (g.type != GranteeType.CanonicalUser || !g.grantee.equals(id) || !g.permission.equals("FULL_CONTROL")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this ACL gives {@code permission} to the caller.
     *
     * @param callerAccount null for an anonymous caller
     * @param ignorePublic  IgnorePublicAcls: grants to AllUsers/AuthenticatedUsers count for nothing
     */
    public boolean allows(String callerAccount, String permission, boolean ignorePublic) {
        String id = callerAccount == null ? null : CanonicalUser.of(callerAccount).id();
        for (Grant g : grants) {
            if (!g.permission.equals(permission) && !g.permission.equals("FULL_CONTROL")) continue;
            if (g.type == GranteeType.CanonicalUser) {
                if (g.grantee.equals(id)) return true;
            } else if (!ignorePublic) {
                if (g.grantee.equals(ALL_USERS)) return true;
                if (g.grantee.equals(AUTHENTICATED_USERS) && callerAccount != null) return true;
            }
        }
        return false;
    }

    /** The stored form: one grant per line, {@code <type> <grantee> <permission>}. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (Grant g : new LinkedHashSet<>(grants)) {
            sb.append(g.type).append(' ').append(g.grantee).append(' ').append(g.permission).append('\n');
        }
        return sb.toString();
    }

    public static Acl decode(String ownerAccount, String stored) {
        List<Grant> g = new ArrayList<>();
        for (String line : stored.split("\n")) {
            if (line.isBlank()) continue;
            String[] p = line.split(" ");
            g.add(new Grant(GranteeType.valueOf(p[0]), p[1], p[2]));
        }
        return new Acl(ownerAccount, List.copyOf(g));
    }
}
