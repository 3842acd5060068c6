package io.awsemu.s3.engine;

import io.awsemu.core.policy.AccessPolicy;
import io.awsemu.s3.S3AccessErrors;
import io.awsemu.s3.S3Errors;
import io.awsemu.s3.store.AccessStore;
import io.awsemu.s3.store.AccessStore.BucketAccess;
import io.awsemu.s3.store.AccessStore.ObjectAccess;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what to a bucket or object: ACLs, object ownership, bucket policy and the public access
 * block, and the decision that combines them. No HTTP here; callers name the IAM action
 * ({@code s3:GetObject}) and the ACL permission that would also allow it.
 *
 * <p>The decision, as S3 makes it for a caller: an explicit Deny in the policy wins (the owner may
 * still manage the policy itself); the bucket owner's account may do everything else; another caller
 * needs an Allow in the policy (ignored for them when the policy is public and RestrictPublicBuckets is
 * on) or a grant in the ACL (ACLs count for nothing under BucketOwnerEnforced, public grants nothing
 * under IgnorePublicAcls).
 */
public final class AccessEngine {
    public static final String ENFORCED = "BucketOwnerEnforced";
    public static final String PREFERRED = "BucketOwnerPreferred";
    public static final String OBJECT_WRITER = "ObjectWriter";
    private static final Set<String> POLICY_ACTIONS = Set.of("s3:GetBucketPolicy", "s3:PutBucketPolicy",
            "s3:DeleteBucketPolicy");

    /**
     * An ACL as a request asks for it: a canned name, explicit grants, or (PutBucketAcl/PutObjectAcl
     * body) grants with an owner. Null fields mean not sent.
     */
    public record AclSpec(String canned, List<Acl.Grant> grants) {
        public static final AclSpec NONE = new AclSpec(null, null);

        public boolean present() { return canned != null || grants != null; }
    }

    private final AccessStore store;

    public AccessEngine(AccessStore store) {
        this.store = store;
    }

    /** The bucket's settings, or empty when there is no such bucket. */
    public Optional<BucketAccess> bucket(String name) {
        return store.bucket(name);
    }

    private BucketAccess existing(String name) {
        return store.bucket(name).orElseThrow(() -> S3Errors.noSuchBucket(name));
    }

    // ---------------------------------------------------------------- the decision

    /**
     * @param caller        the caller's account, null when anonymous
     * @param key           null for a bucket-level action
     * @param aclPermission the ACL permission that also grants the action (READ, WRITE, READ_ACP,
     *                      WRITE_ACP), or null when only a policy can
     * @param objectAcl     whether that permission is looked up in the object's ACL (else the bucket's)
     */
    public boolean allowed(String caller, BucketAccess b, String key, String action, String aclPermission,
                           boolean objectAcl) {
        return allowed(caller, b, key, action, aclPermission, objectAcl, java.util.Map.of());
    }

    /** @param context the request's policy condition keys, lower case ({@code aws:sourceip}, {@code s3:prefix}, ...) */
    public boolean allowed(String caller, BucketAccess b, String key, String action, String aclPermission,
                           boolean objectAcl, java.util.Map<String, String> context) {
        return allowed(caller, b, key, null, action, aclPermission, objectAcl, context);
    }

    /** @param versionId the object version whose ACL counts (null: the current object's) */
    public boolean allowed(String caller, BucketAccess b, String key, String versionId, String action,
                           String aclPermission, boolean objectAcl, java.util.Map<String, String> context) {
        boolean owner = caller != null && caller.equals(b.ownerAccount());
        PublicAccessBlock pab = b.pab() == null ? PublicAccessBlock.NONE : b.pab();
        BucketPolicy policy = b.policy() == null ? null : policy(b);
        String resource = "arn:aws:s3:::" + b.name() + (key == null ? "" : "/" + key);
        AccessPolicy.Decision d = policy == null ? AccessPolicy.Decision.NONE : policy.evaluate(caller, action, resource, context);
        if (d == AccessPolicy.Decision.DENY) return owner && POLICY_ACTIONS.contains(action);
        // The bucket owner may do anything, except read what another account wrote and owns
        // (ObjectWriter/BucketOwnerPreferred) unless that object's ACL says so.
        if (owner && (!objectAcl || ENFORCED.equals(b.ownership()))) return true;
        Optional<ObjectAccess> object = objectAcl ? store.object(b.name(), key, versionId) : Optional.empty();
        if (owner && (object.isEmpty() || object.get().ownerAccount() == null)) return true;
        if (d == AccessPolicy.Decision.ALLOW && !(pab.restrictPublicBuckets() && policy.isPublic())) return true;
        if (aclPermission == null || ENFORCED.equals(b.ownership())) return false;
        Acl acl;
        if (objectAcl) {
            if (object.isEmpty()) return false;
            acl = objectAcl(b, object.get());
        } else {
            acl = bucketAcl(b);
        }
        return acl.allows(caller, aclPermission, pab.ignorePublicAcls());
    }

    // Parsed once per bucket and policy text, not on every request.
    private final java.util.concurrent.ConcurrentHashMap<String, BucketPolicy> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    private BucketPolicy policy(BucketAccess b) {
        BucketPolicy p = parsed.get(b.name());
        if (p != null && p.text().equals(b.policy())) return p;
        p = BucketPolicy.parse(b.policy(), b.name());
        if (parsed.size() > 10_000) parsed.clear();
        parsed.put(b.name(), p);
        return p;
    }

    /** Whether an anonymous GET of {@code bucket/key} is allowed (the website endpoint asks this). */
    public boolean anonymousCanRead(String bucket, String key) {
        return store.bucket(bucket).map(b -> allowed(null, b, key, "s3:GetObject", "READ", true)).orElse(false);
    }

    // ---------------------------------------------------------------- bucket ACL

    public Acl bucketAcl(BucketAccess b) {
        if (b.aclGrants() != null) return Acl.decode(b.ownerAccount(), b.aclGrants());
        return Acl.canned(b.cannedAcl() == null ? "private" : b.cannedAcl(), b.ownerAccount(), null);
    }

    public Acl getBucketAcl(String bucket) {
        return bucketAcl(existing(bucket));
    }

    /** PutBucketAcl: a canned ACL, grant headers, or an AccessControlPolicy body's grants. */
    public void putBucketAcl(String bucket, AclSpec spec) {
        BucketAccess b = existing(bucket);
        Acl acl = build(spec, b.ownerAccount(), null, Acl.BUCKET_CANNED);
        checkAclAllowed(b, acl, b.ownerAccount());
        store.setBucketAcl(bucket, spec.canned() != null ? spec.canned() : "private",
                spec.canned() != null ? null : acl.encode());
    }

    /**
     * CreateBucket's checks before the bucket exists: an ACL other than private needs ownership controls
     * that allow ACLs, and a public one is refused while new buckets block public ACLs.
     */
    public void checkCreateAcl(AclSpec spec, String ownership, String account) {
        if (!spec.present()) return;
        if (spec.canned() != null && !BucketEngine.CANNED_ACLS.contains(spec.canned())) return; // CreateBucket says so
        Acl acl = build(spec, account, null, Acl.BUCKET_CANNED);
        String effective = ownership == null ? ENFORCED : ownership;
        if (effective.equals(ENFORCED) && !acl.onlyFullControlFor(account)) {
            throw S3AccessErrors.invalidBucketAclWithObjectOwnership();
        }
        if (acl.isPublic()) throw S3AccessErrors.invalidBucketAclWithBlockPublicAccessError();
    }

    /** After CreateBucket: explicit grants replace the canned ACL it stored. */
    public void bucketCreated(String bucket, AclSpec spec) {
        if (spec.grants() != null) store.setBucketAcl(bucket, "private", new Acl(null, spec.grants()).encode());
    }

    private Acl build(AclSpec spec, String owner, String bucketOwner, Set<String> allowedCanned) {
        if (spec.canned() != null && spec.grants() != null) throw S3AccessErrors.cannedAclAndGrants();
        if (spec.grants() != null) return new Acl(owner, List.copyOf(spec.grants()));
        String canned = spec.canned() == null ? "private" : spec.canned();
        if (!allowedCanned.contains(canned)) throw S3AccessErrors.invalidCannedAcl(canned);
        return Acl.canned(canned, owner, bucketOwner);
    }

    private void checkAclAllowed(BucketAccess b, Acl acl, String fullControlAccount) {
        if (ENFORCED.equals(b.ownership()) && !acl.onlyFullControlFor(fullControlAccount)) {
            throw S3AccessErrors.accessControlListNotSupported();
        }
        if (b.pab() != null && b.pab().blockPublicAcls() && acl.isPublic()) throw S3Errors.accessDenied();
    }

    // ---------------------------------------------------------------- object ACL

    public Acl objectAcl(BucketAccess b, ObjectAccess o) {
        String owner = o.ownerAccount() == null ? b.ownerAccount() : o.ownerAccount();
        if (o.aclGrants() == null) return Acl.canned("private", owner, null);
        return Acl.decode(owner, o.aclGrants());
    }

    /**
     * The ACL of an object version the caller has looked up (NoSuchVersion when it is gone since).
     *
     * @param versionId its id, "null" for the null version
     */
    public Acl getObjectAcl(String bucket, String key, String versionId) {
        BucketAccess b = existing(bucket);
        return objectAcl(b, version(bucket, key, versionId));
    }

    /** PutObjectAcl of an object version the caller has looked up; {@code versionId} as for {@link #getObjectAcl}. */
    public void putObjectAcl(String bucket, String key, String versionId, AclSpec spec) {
        putObjectAcl(bucket, key, versionId, spec, null, null);
    }

    /**
     * As {@link #putObjectAcl(String, String, String, AclSpec)}, journaling the change's event (ObjectAcl:Put) about
     * {@code shown}, the version as the answer shows it, with it; both null for none.
     */
    public void putObjectAcl(String bucket, String key, String versionId, AclSpec spec, StoredObject shown,
                             Journal journal) {
        BucketAccess b = existing(bucket);
        ObjectAccess o = version(bucket, key, versionId);
        String owner = o.ownerAccount() == null ? b.ownerAccount() : o.ownerAccount();
        Acl acl = build(spec, owner, b.ownerAccount(), Acl.OBJECT_CANNED);
        checkAclAllowed(b, acl, b.ownerAccount());
        if (!store.setObjectAcl(bucket, key, versionId, o.ownerAccount(), acl.encode(), shown, journal)) {
            throw S3Errors.noSuchVersion(key, versionId);
        }
    }

    private ObjectAccess version(String bucket, String key, String versionId) {
        return store.object(bucket, key, versionId).orElseThrow(() -> S3Errors.noSuchVersion(key, versionId));
    }

    /**
     * Before an object is written (PutObject, CopyObject, PostObject, CreateMultipartUpload): the ACL
     * the request asks for, checked against ownership controls and the public access block.
     *
     * @param writer the writing account, null when anonymous
     * @return the owner and ACL the new version is published with
     */
    public ObjectAccess checkObjectWrite(String bucket, String writer, AclSpec spec) {
        BucketAccess b = existing(bucket);
        String ownership = b.ownership() == null ? OBJECT_WRITER : b.ownership();
        String owner = switch (ownership) {
            case ENFORCED -> b.ownerAccount();
            case PREFERRED -> "bucket-owner-full-control".equals(spec.canned()) || writer == null
                    ? b.ownerAccount() : writer;
            default -> writer == null ? b.ownerAccount() : writer;
        };
        Acl acl = build(spec, owner, b.ownerAccount(), Acl.OBJECT_CANNED);
        checkAclAllowed(b, acl, b.ownerAccount());
        return new ObjectAccess(owner.equals(b.ownerAccount()) ? null : owner, spec.present() ? acl.encode() : null);
    }

    /**
     * A write asking for a retention (x-amz-object-lock-mode / -retain-until-date) needs s3:PutObjectRetention,
     * one asking for a legal hold s3:PutObjectLegalHold, besides s3:PutObject: AccessDenied otherwise.
     */
    public void checkObjectLockWrite(String caller, BucketAccess b, String key, boolean retention, boolean legalHold,
                                     java.util.Map<String, String> context) {
        if (retention && !allowed(caller, b, key, "s3:PutObjectRetention", null, false, context)
                || legalHold && !allowed(caller, b, key, "s3:PutObjectLegalHold", null, false, context)) {
            throw S3Errors.accessDenied();
        }
    }

    // ---------------------------------------------------------------- ownership controls

    /** Null when the bucket has no ownership controls. */
    public String getOwnership(String bucket) {
        String o = existing(bucket).ownership();
        if (o == null) throw S3AccessErrors.ownershipControlsNotFoundError(bucket);
        return o;
    }

    public void putOwnership(String bucket, String ownership) {
        BucketAccess b = existing(bucket);
        if (!BucketEngine.OBJECT_OWNERSHIPS.contains(ownership)) throw S3Errors.malformedXml();
        if (ownership.equals(ENFORCED) && !bucketAcl(b).onlyFullControlFor(b.ownerAccount())) {
            throw S3AccessErrors.invalidBucketAclWithObjectOwnership();
        }
        store.setOwnership(bucket, ownership);
    }

    public void deleteOwnership(String bucket) {
        existing(bucket);
        store.setOwnership(bucket, null);
    }

    // ---------------------------------------------------------------- policy

    public String getPolicy(String bucket) {
        String p = existing(bucket).policy();
        if (p == null) throw S3AccessErrors.noSuchBucketPolicy(bucket);
        return p;
    }

    public void putPolicy(String bucket, String text) {
        BucketAccess b = existing(bucket);
        BucketPolicy p = BucketPolicy.parse(text, bucket);
        if (b.pab() != null && b.pab().blockPublicPolicy() && p.isPublic()) throw S3Errors.accessDenied();
        store.setPolicy(bucket, text);
    }

    public void deletePolicy(String bucket) {
        existing(bucket);
        store.setPolicy(bucket, null);
    }

    /** GetBucketPolicyStatus: whether the policy makes the bucket public. */
    public boolean policyIsPublic(String bucket) {
        return BucketPolicy.parse(getPolicy(bucket), bucket).isPublic();
    }

    // ---------------------------------------------------------------- public access block

    public PublicAccessBlock getPublicAccessBlock(String bucket) {
        PublicAccessBlock p = existing(bucket).pab();
        if (p == null) throw S3AccessErrors.noSuchPublicAccessBlockConfiguration(bucket);
        return p;
    }

    public void putPublicAccessBlock(String bucket, PublicAccessBlock pab) {
        existing(bucket);
        store.setPublicAccessBlock(bucket, pab);
    }

    public void deletePublicAccessBlock(String bucket) {
        existing(bucket);
        store.setPublicAccessBlock(bucket, null);
    }
}
