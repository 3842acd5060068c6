package io.awsemu.s3;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.policy.ConditionKeys;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.AccessEngine;
import io.awsemu.s3.engine.AccessEngine.AclSpec;
import io.awsemu.s3.engine.BucketNames;
import io.awsemu.s3.store.AccessStore.BucketAccess;
import io.awsemu.s3.store.AccessStore.ObjectAccess;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import static io.awsemu.core.policy.ConditionKeys.putIfPresent;

/**
 * The access step between routing and the handler: decides, with {@link AccessEngine}, whether the
 * caller may perform the operation, and lets the handler act for the bucket owner when an ACL or the
 * policy allows another account or an anonymous caller. Writes of objects get their owner and ACL
 * recorded here, so handlers stay unaware of access control.
 *
 * <p>The caller is the signing key's account; a request without credentials is anonymous (under
 * {@code awsemu.auth=off} nothing is enforced, as before).
 */
public final class S3Authorizer {
    /** The IAM action an operation needs, and the ACL permission that also grants it (null: policy only). */
    record Need(String action, String aclPermission, boolean objectAcl) {}

    /**
     * DeleteObjects is authorized key by key, as S3 does: a key the caller may not delete (s3:DeleteObject, or
     * s3:DeleteObjectVersion with a VersionId) is an AccessDenied entry of the result, not a refused request.
     * So is x-amz-bypass-governance-retention: s3:BypassGovernanceRetention is decided for each key's own
     * resource, so that a policy naming a prefix grants or denies it for exactly the keys under that prefix.
     */
    interface DeleteAccess {
        boolean allowed(String key, String versionId);

        /** Whether the caller may bypass a GOVERNANCE retention of {@code key}. */
        boolean mayBypass(String key);
    }

    private static final Map<String, Need> NEEDS = Map.ofEntries(
            Map.entry("HeadBucket", new Need("s3:ListBucket", "READ", false)),
            Map.entry("ListObjects", new Need("s3:ListBucket", "READ", false)),
            Map.entry("ListObjectsV2", new Need("s3:ListBucket", "READ", false)),
            Map.entry("ListObjectVersions", new Need("s3:ListBucketVersions", "READ", false)),
            Map.entry("ListMultipartUploads", new Need("s3:ListBucketMultipartUploads", "READ", false)),
            Map.entry("GetObject", new Need("s3:GetObject", "READ", true)),
            Map.entry("HeadObject", new Need("s3:GetObject", "READ", true)),
            Map.entry("GetObjectAttributes", new Need("s3:GetObjectAttributes", "READ", true)),
            Map.entry("SelectObjectContent", new Need("s3:GetObject", "READ", true)),
            Map.entry("PutObject", new Need("s3:PutObject", "WRITE", false)),
            Map.entry("CopyObject", new Need("s3:PutObject", "WRITE", false)),
            Map.entry("PostObject", new Need("s3:PutObject", "WRITE", false)),
            Map.entry("CreateMultipartUpload", new Need("s3:PutObject", "WRITE", false)),
            Map.entry("UploadPart", new Need("s3:PutObject", "WRITE", false)),
            Map.entry("UploadPartCopy", new Need("s3:PutObject", "WRITE", false)),
            Map.entry("CompleteMultipartUpload", new Need("s3:PutObject", "WRITE", false)),
            Map.entry("AbortMultipartUpload", new Need("s3:AbortMultipartUpload", "WRITE", false)),
            Map.entry("ListParts", new Need("s3:ListMultipartUploadParts", "READ", false)),
            Map.entry("DeleteObject", new Need("s3:DeleteObject", "WRITE", false)),
            Map.entry("DeleteObjects", new Need("s3:DeleteObject", "WRITE", false)),
            Map.entry("GetBucketAcl", new Need("s3:GetBucketAcl", "READ_ACP", false)),
            Map.entry("PutBucketAcl", new Need("s3:PutBucketAcl", "WRITE_ACP", false)),
            Map.entry("GetObjectAcl", new Need("s3:GetObjectAcl", "READ_ACP", true)),
            Map.entry("PutObjectAcl", new Need("s3:PutObjectAcl", "WRITE_ACP", true)),
            Map.entry("GetPublicAccessBlock", new Need("s3:GetBucketPublicAccessBlock", null, false)),
            Map.entry("PutPublicAccessBlock", new Need("s3:PutBucketPublicAccessBlock", null, false)),
            Map.entry("DeletePublicAccessBlock", new Need("s3:PutBucketPublicAccessBlock", null, false)),
            Map.entry("DeleteBucketOwnershipControls", new Need("s3:PutBucketOwnershipControls", null, false)),
            Map.entry("GetBucketCors", new Need("s3:GetBucketCORS", null, false)),
            Map.entry("PutBucketCors", new Need("s3:PutBucketCORS", null, false)),
            Map.entry("DeleteBucketCors", new Need("s3:PutBucketCORS", null, false)),
            Map.entry("GetBucketLifecycleConfiguration", new Need("s3:GetLifecycleConfiguration", null, false)),
            Map.entry("PutBucketLifecycleConfiguration", new Need("s3:PutLifecycleConfiguration", null, false)),
            Map.entry("DeleteBucketLifecycle", new Need("s3:PutLifecycleConfiguration", null, false)),
            Map.entry("DeleteBucketTagging", new Need("s3:PutBucketTagging", null, false)),
            Map.entry("DeleteBucketEncryption", new Need("s3:PutEncryptionConfiguration", null, false)),
            Map.entry("GetBucketAnalyticsConfiguration", new Need("s3:GetAnalyticsConfiguration", null, false)),
            Map.entry("ListBucketAnalyticsConfigurations", new Need("s3:GetAnalyticsConfiguration", null, false)),
            Map.entry("PutBucketAnalyticsConfiguration", new Need("s3:PutAnalyticsConfiguration", null, false)),
            Map.entry("DeleteBucketAnalyticsConfiguration", new Need("s3:PutAnalyticsConfiguration", null, false)),
            Map.entry("GetBucketInventoryConfiguration", new Need("s3:GetInventoryConfiguration", null, false)),
            Map.entry("ListBucketInventoryConfigurations", new Need("s3:GetInventoryConfiguration", null, false)),
            Map.entry("PutBucketInventoryConfiguration", new Need("s3:PutInventoryConfiguration", null, false)),
            Map.entry("DeleteBucketInventoryConfiguration", new Need("s3:PutInventoryConfiguration", null, false)),
            Map.entry("GetBucketMetricsConfiguration", new Need("s3:GetMetricsConfiguration", null, false)),
            Map.entry("ListBucketMetricsConfigurations", new Need("s3:GetMetricsConfiguration", null, false)),
            Map.entry("PutBucketMetricsConfiguration", new Need("s3:PutMetricsConfiguration", null, false)),
            Map.entry("DeleteBucketMetricsConfiguration", new Need("s3:PutMetricsConfiguration", null, false)),
            Map.entry("GetBucketIntelligentTieringConfiguration", new Need("s3:GetIntelligentTieringConfiguration", null, false)),
            Map.entry("ListBucketIntelligentTieringConfigurations", new Need("s3:GetIntelligentTieringConfiguration", null, false)),
            Map.entry("PutBucketIntelligentTieringConfiguration", new Need("s3:PutIntelligentTieringConfiguration", null, false)),
            Map.entry("DeleteBucketIntelligentTieringConfiguration", new Need("s3:PutIntelligentTieringConfiguration", null, false)),
            Map.entry("GetBucketEncryption", new Need("s3:GetEncryptionConfiguration", null, false)),
            Map.entry("GetObjectLockConfiguration", new Need("s3:GetBucketObjectLockConfiguration", null, false)),
            Map.entry("PutObjectLockConfiguration", new Need("s3:PutBucketObjectLockConfiguration", null, false)),
            Map.entry("PutBucketEncryption", new Need("s3:PutEncryptionConfiguration", null, false)),
            Map.entry("GetBucketReplication", new Need("s3:GetReplicationConfiguration", null, false)),
            Map.entry("PutBucketReplication", new Need("s3:PutReplicationConfiguration", null, false)),
            Map.entry("DeleteBucketReplication", new Need("s3:PutReplicationConfiguration", null, false)));

    /** What an operation needs instead when the request names a version (?versionId=), as IAM has it. */
    private static final Map<String, Need> VERSION_NEEDS = Map.of(
            "GetObject", new Need("s3:GetObjectVersion", "READ", true),
            "HeadObject", new Need("s3:GetObjectVersion", "READ", true),
            "GetObjectAttributes", new Need("s3:GetObjectVersionAttributes", "READ", true),
            "DeleteObject", new Need("s3:DeleteObjectVersion", "WRITE", false),
            "GetObjectAcl", new Need("s3:GetObjectVersionAcl", "READ_ACP", true),
            "PutObjectAcl", new Need("s3:PutObjectVersionAcl", "WRITE_ACP", true),
            "GetObjectTagging", new Need("s3:GetObjectVersionTagging", null, true),
            "PutObjectTagging", new Need("s3:PutObjectVersionTagging", null, true),
            "DeleteObjectTagging", new Need("s3:DeleteObjectVersionTagging", null, true));

    /**
     * The writes of a new version: their x-amz-object-lock-* headers need s3:PutObjectRetention /
     * s3:PutObjectLegalHold, and their x-amz-acl / x-amz-grant-* decide its owner and ACL.
     */
    private static final java.util.Set<String> WRITING = java.util.Set.of("PutObject", "CopyObject",
            "CreateMultipartUpload");

    /** The operations x-amz-bypass-governance-retention applies to (DeleteObjects too, key by key: {@link DeleteAccess}). */
    private static final java.util.Set<String> BYPASSING = java.util.Set.of("DeleteObject", "PutObjectRetention");

    private final AccessEngine engine;
    private final boolean enforce;

    /** @param enforce false under {@code awsemu.auth=off}: every request acts as its account, as before */
    public S3Authorizer(AccessEngine engine, boolean enforce) {
        this.engine = engine;
        this.enforce = enforce;
    }

    public AccessEngine engine() { return engine; }

    /** Runs {@code handler} if the caller may, as the account it acts for. */
    public AwsResponse handle(RequestContext ctx, String operation, S3Target t, RequestBody body, S3Handler handler)
            throws IOException {
        String caller = enforce && ctx.anonymous() ? null : ctx.accountId();
        HttpRequestHead head = ctx.request();
        switch (operation) {
            case "ListBuckets" -> {
                if (caller == null) throw S3Errors.accessDenied();
                return handler.handle(ctx, t, body);
            }
            case "CreateBucket" -> {
                if (caller == null) {
                    if (BucketNames.isValid(t.bucket())) throw S3Errors.accessDenied();
                    return handler.handle(ctx, t, body); // answers InvalidBucketName
                }
                AclSpec spec = AccessOperations.aclFromHeaders(head);
                engine.checkCreateAcl(spec, head.header("x-amz-object-ownership"), caller);
                AwsResponse r = handler.handle(ctx, t, body);
                engine.bucketCreated(t.bucket(), spec);
                return r;
            }
            case "PostObject" -> {
                // the form carries its own credentials: PostObjectOperations authorizes with them
                return handler.handle(ctx, t, body);
            }
            default -> { }
        }
        Optional<BucketAccess> found = engine.bucket(t.bucket());
        if (found.isEmpty()) return handler.handle(ctx, t, body); // the handler's NoSuchBucket
        BucketAccess b = found.get();
        // ExpectedBucketOwner: the caller's guard against writing into someone else's bucket
        String expected = head.header("x-amz-expected-bucket-owner");
        if (expected != null && !expected.equals(b.ownerAccount())) throw S3Errors.accessDenied();
        String versionId = head.queryParam("versionId");
        Need need = need(operation, versionId != null);
        String key = operation.equals("DeleteObjects") ? "*" : t.key();
        // the condition keys matter only to a policy: this bucket's, or a copy source bucket's
        boolean copy = operation.equals("CopyObject") || operation.equals("UploadPartCopy");
        Map<String, String> context = b.policy() != null || copy ? conditionKeys(ctx, caller) : Map.of();
        boolean perKey = operation.equals("DeleteObjects");
        if (!perKey && !engine.allowed(caller, b, key, versionId, need.action(), need.aclPermission(), need.objectAcl(), context)) {
            AwsException denied = S3Errors.accessDenied();
            if (operation.equals("HeadBucket")) denied.header("x-amz-bucket-region", b.region());
            throw denied;
        }
        if (copy) {
            checkCopySource(caller, head.header("x-amz-copy-source"), context);
        }
        if (BYPASSING.contains(operation) && "true".equalsIgnoreCase(head.header(ObjectLockOperations.BYPASS))
                && !engine.allowed(caller, b, key, "s3:BypassGovernanceRetention", null, false, context)) {
            // without the permission the header counts for nothing: a GOVERNANCE lock then refuses as usual
            ctx.attach(ObjectLockOperations.BypassNotAllowed.class, new ObjectLockOperations.BypassNotAllowed());
        }
        if (WRITING.contains(operation)) {
            engine.checkObjectLockWrite(caller, b, key, ObjectLockOperations.asksRetention(head::header),
                    ObjectLockOperations.asksLegalHold(head::header), context);
        }
        boolean owner = b.ownerAccount().equals(caller);
        RequestContext acting = owner ? ctx : actingAs(ctx, b.ownerAccount());
        if (perKey) {
            acting.attach(DeleteAccess.class, new DeleteAccess() {
                @Override
                public boolean allowed(String k, String v) {
                    Need n = need("DeleteObject", v != null);
                    return engine.allowed(caller, b, k, v, n.action(), n.aclPermission(), n.objectAcl(), context);
                }

                @Override
                public boolean mayBypass(String k) {
                    return engine.allowed(caller, b, k, "s3:BypassGovernanceRetention", null, false, context);
                }
            });
        }
        if (WRITING.contains(operation)) {
            // the owner and ACL of the new version, published with it (an upload keeps them for its object)
            acting.attach(ObjectAccess.class,
                    engine.checkObjectWrite(t.bucket(), caller, AccessOperations.aclFromHeaders(head)));
            // PutObject and CopyObject answer as they are: a missing copy source is no key of this bucket to hide
            if (!operation.equals("CreateMultipartUpload")) return handler.handle(acting, t, body);
        }
        AwsResponse r;
        try {
            r = handler.handle(acting, t, body);
        } catch (AwsException e) {
            // without s3:ListBucket a caller may not learn that a key is absent: S3 answers 403
            if (!owner && e.code().equals("NoSuchKey")
                    && !engine.allowed(caller, b, null, "s3:ListBucket", "READ", false, context)) {
                throw S3Errors.accessDenied();
            }
            throw e;
        }
        if (operation.equals("GetObject") || operation.equals("HeadObject")) {
            hideLockHeaders(r, caller, b, key, versionId, context);
        }
        return r;
    }

    /**
     * GET/HEAD show a version's retention only to a caller allowed s3:GetObjectRetention, its legal hold only to
     * one allowed s3:GetObjectLegalHold (asked only when the version has them).
     */
    private void hideLockHeaders(AwsResponse r, String caller, BucketAccess b, String key, String versionId,
                                 Map<String, String> context) {
        if (r.headers().contains(ObjectLockOperations.MODE) && !allowed(caller, b, key, versionId, "GetObjectRetention", context)) {
            r.headers().remove(ObjectLockOperations.MODE).remove(ObjectLockOperations.RETAIN_UNTIL);
        }
        if (r.headers().contains(ObjectLockOperations.LEGAL_HOLD) && !allowed(caller, b, key, versionId, "GetObjectLegalHold", context)) {
            r.headers().remove(ObjectLockOperations.LEGAL_HOLD);
        }
    }

    private boolean allowed(String caller, BucketAccess b, String key, String versionId, String operation,
                            Map<String, String> context) {
        Need n = need(operation, versionId != null);
        return engine.allowed(caller, b, key, versionId, n.action(), n.aclPermission(), n.objectAcl(), context);
    }

    /** A request naming a version needs the Version action where S3 has one (s3:GetObjectVersionAcl, ...). */
    static Need need(String operation, boolean version) {
        Need n = version ? VERSION_NEEDS.get(operation) : null;
        return n != null ? n : need(operation);
    }

    static Need need(String operation) {
        Need n = NEEDS.get(operation);
        if (n != null) return n;
        boolean objectLevel = operation.startsWith("GetObject") || operation.startsWith("PutObject")
                || operation.startsWith("DeleteObject") || operation.equals("RestoreObject");
        return new Need("s3:" + operation, null, objectLevel);
    }

    private void checkCopySource(String caller, String source, Map<String, String> context) {
        if (source == null) return;
        String s = source.startsWith("/") ? source.substring(1) : source;
        int q = s.indexOf('?');
        String versionId = null;
        if (q >= 0) {
            String query = s.substring(q + 1);
            if (query.startsWith("versionId=")) versionId = query.substring("versionId=".length());
            s = s.substring(0, q);
        }
        int slash = s.indexOf('/');
        if (slash <= 0) return; // CopyObject answers the malformed source
        String bucket;
        String key;
        try {
            bucket = S3Target.decode(s.substring(0, slash));
            key = S3Target.decode(s.substring(slash + 1));
            if (versionId != null) versionId = S3Target.decode(versionId);
        } catch (AwsException e) {
            return;
        }
        Optional<BucketAccess> src = engine.bucket(bucket);
        String expected = context.get("s3:x-amz-source-expected-bucket-owner");
        if (src.isPresent() && expected != null && !expected.equals(src.get().ownerAccount())) throw S3Errors.accessDenied();
        // a version of the source is read with s3:GetObjectVersion, under that version's ACL
        if (src.isPresent() && !engine.allowed(caller, src.get(), key, versionId,
                versionId == null ? "s3:GetObject" : "s3:GetObjectVersion", "READ", true, context)) {
            throw S3Errors.accessDenied();
        }
    }

    /** The policy condition keys this request supplies, lower case, as IAM names them. */
    static Map<String, String> conditionKeys(RequestContext ctx, String caller) {
        HttpRequestHead head = ctx.request();
        Map<String, String> k = ConditionKeys.global(ctx, caller);
        putIfPresent(k, "s3:prefix", head.queryParam("prefix"));
        putIfPresent(k, "s3:delimiter", head.queryParam("delimiter"));
        putIfPresent(k, "s3:max-keys", head.queryParam("max-keys"));
        putIfPresent(k, "s3:versionid", head.queryParam("versionId"));
        putIfPresent(k, "s3:x-amz-acl", head.header("x-amz-acl"));
        putIfPresent(k, "s3:x-amz-copy-source", head.header("x-amz-copy-source"));
        putIfPresent(k, "s3:x-amz-storage-class", head.header("x-amz-storage-class"));
        putIfPresent(k, "s3:x-amz-server-side-encryption", head.header("x-amz-server-side-encryption"));
        putIfPresent(k, "s3:x-amz-content-sha256", head.header("x-amz-content-sha256"));
        // not an IAM key: carried here so the copy-source check sees it
        putIfPresent(k, "s3:x-amz-source-expected-bucket-owner", head.header("x-amz-source-expected-bucket-owner"));
        String authz = head.header("Authorization");
        if (authz != null) {
            k.put("s3:authtype", "REST-HEADER");
            k.put("s3:signatureversion", authz.startsWith("AWS4-") ? "AWS4-HMAC-SHA256" : "AWS");
        } else if (head.hasQueryParam("X-Amz-Signature") || head.hasQueryParam("Signature")) {
            k.put("s3:authtype", "REST-QUERY-STRING");
            k.put("s3:signatureversion", head.hasQueryParam("X-Amz-Signature") ? "AWS4-HMAC-SHA256" : "AWS");
        }
        return k;
    }

    static RequestContext actingAs(RequestContext ctx, String account) {
        return ctx.actingAs(account);
    }
}
