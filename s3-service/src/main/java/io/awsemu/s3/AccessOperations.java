package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.engine.AccessEngine;
import io.awsemu.s3.engine.AccessEngine.AclSpec;
import io.awsemu.s3.engine.Acl;
import io.awsemu.s3.engine.CanonicalUser;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.PublicAccessBlock;
import io.awsemu.s3.engine.StoredObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Access handlers: bucket and object ACLs, ownership controls, bucket policy and its status, public
 * access block. Enforcement is {@link S3Authorizer}'s; these read and write the settings.
 */
public final class AccessOperations {
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    /** x-amz-grant-* headers and the permission each grants. */
    static final Map<String, String> GRANT_HEADERS = Map.of(
            "x-amz-grant-read", "READ",
            "x-amz-grant-write", "WRITE",
            "x-amz-grant-read-acp", "READ_ACP",
            "x-amz-grant-write-acp", "WRITE_ACP",
            "x-amz-grant-full-control", "FULL_CONTROL");

    private final AccessEngine engine;
    /** Finds the object version an object ACL belongs to, with GetObject's errors. */
    private final ObjectEngine objects;

    public AccessOperations(AccessEngine engine, ObjectEngine objects) {
        this.engine = engine;
        this.objects = objects;
    }

    public void bindTo(S3Router router) {
        router.bind("GetBucketAcl", this::getBucketAcl)
                .bind("PutBucketAcl", this::putBucketAcl)
                .bind("GetObjectAcl", this::getObjectAcl)
                .bind("PutObjectAcl", this::putObjectAcl)
                .bind("GetBucketOwnershipControls", this::getBucketOwnershipControls)
                .bind("PutBucketOwnershipControls", this::putBucketOwnershipControls)
                .bind("DeleteBucketOwnershipControls", this::deleteBucketOwnershipControls)
                .bind("GetBucketPolicy", this::getBucketPolicy)
                .bind("PutBucketPolicy", this::putBucketPolicy)
                .bind("DeleteBucketPolicy", this::deleteBucketPolicy)
                .bind("GetBucketPolicyStatus", this::getBucketPolicyStatus)
                .bind("GetPublicAccessBlock", this::getPublicAccessBlock)
                .bind("PutPublicAccessBlock", this::putPublicAccessBlock)
                .bind("DeletePublicAccessBlock", this::deletePublicAccessBlock);
    }

    // ---------------------------------------------------------------- ACLs

    public AwsResponse getBucketAcl(RequestContext ctx, S3Target t, RequestBody body) {
        return aclXml(ctx, engine.getBucketAcl(t.bucket()));
    }

    public AwsResponse putBucketAcl(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        engine.putBucketAcl(t.bucket(), aclFromRequest(ctx.request(), body.bytes()));
        return S3Responses.empty(ctx, 200);
    }

    /** The ACL of the current object or of version {@code versionId}; x-amz-version-id as GetObject answers it. */
    public AwsResponse getObjectAcl(RequestContext ctx, S3Target t, RequestBody body) {
        String versionId = ctx.request().queryParam("versionId");
        StoredObject o = objects.get(ctx.accountId(), t.bucket(), t.key(), versionId);
        AwsResponse r = aclXml(ctx, engine.getObjectAcl(t.bucket(), t.key(), o.shownVersionId()));
        ObjectOperations.versionHeader(r, o, versionId != null);
        return r;
    }

    public AwsResponse putObjectAcl(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        String versionId = ctx.request().queryParam("versionId");
        AclSpec spec = aclFromRequest(ctx.request(), body.bytes());
        StoredObject o = objects.get(ctx.accountId(), t.bucket(), t.key(), versionId, "PUT");
        engine.putObjectAcl(t.bucket(), t.key(), o.shownVersionId(), spec, o, ObjectEvents.journal(ctx, "ObjectAcl:Put"));
        ObjectEvents.on(ctx, "ObjectAcl:Put", o);
        AwsResponse r = S3Responses.empty(ctx, 200);
        ObjectOperations.versionHeader(r, o, versionId != null);
        return r;
    }

    /** The ACL a request's headers ask for (x-amz-acl, x-amz-grant-*); {@link AclSpec#NONE} when none. */
    static AclSpec aclFromHeaders(HttpRequestHead head) {
        Map<String, String> grants = new LinkedHashMap<>();
        GRANT_HEADERS.forEach((h, perm) -> {
            String v = head.header(h);
            if (v != null) grants.put(perm, v);
        });
        return new AclSpec(head.header("x-amz-acl"), grants.isEmpty() ? null : Acl.fromGrantHeaders(grants));
    }

    // PutBucketAcl/PutObjectAcl: headers, or an AccessControlPolicy body (not both)
    private static AclSpec aclFromRequest(HttpRequestHead head, byte[] body) {
        AclSpec headers = aclFromHeaders(head);
        boolean hasBody = !new String(body, StandardCharsets.UTF_8).isBlank();
        if (!hasBody) {
            if (!headers.present()) throw S3Errors.invalidRequest("Missing required header for this request: x-amz-acl");
            return headers;
        }
        if (headers.present()) {
            throw new io.awsemu.core.error.AwsException("UnexpectedContent", 400, "This request does not support content");
        }
        S3Xml.Element root;
        try {
            root = S3Xml.parse(body);
        } catch (io.awsemu.core.error.AwsException e) {
            throw S3AccessErrors.malformedAclError();
        }
        if (!root.name().equals("AccessControlPolicy")) throw S3AccessErrors.malformedAclError();
        S3Xml.Element owner = root.child("Owner");
        if (owner == null || owner.childText("ID") == null) throw S3AccessErrors.malformedAclError();
        S3Xml.Element list = root.child("AccessControlList");
        List<Acl.Grant> grants = new ArrayList<>();
        if (list != null) {
            for (S3Xml.Element g : list.children()) {
                if (!g.name().equals("Grant")) throw S3AccessErrors.malformedAclError();
                S3Xml.Element grantee = g.child("Grantee");
                String perm = g.childText("Permission");
                if (grantee == null || perm == null) throw S3AccessErrors.malformedAclError();
                if (!Acl.PERMISSIONS.contains(perm)) throw S3AccessErrors.malformedAclError();
                if (grantee.childText("ID") != null) {
                    grants.add(new Acl.Grant(Acl.GranteeType.CanonicalUser, Acl.checkId(grantee.childText("ID")), perm));
                } else if (grantee.childText("URI") != null) {
                    grants.add(new Acl.Grant(Acl.GranteeType.Group, Acl.checkGroup(grantee.childText("URI")), perm));
                } else if (grantee.childText("EmailAddress") != null) {
                    throw S3AccessErrors.unresolvableGrantByEmailAddress(grantee.childText("EmailAddress"));
                } else {
                    throw S3AccessErrors.malformedAclError();
                }
            }
        }
        return new AclSpec(null, grants);
    }

    static AwsResponse aclXml(RequestContext ctx, Acl acl) {
        CanonicalUser owner = CanonicalUser.of(acl.ownerAccount());
        XmlWriter w = XmlWriter.document();
        w.start("AccessControlPolicy", S3Responses.NAMESPACE)
                .start("Owner").element("ID", owner.id()).element("DisplayName", owner.displayName()).end()
                .start("AccessControlList");
        for (Acl.Grant g : acl.grants()) {
            w.start("Grant").start("Grantee").attribute("xmlns:xsi", XSI).attribute("xsi:type", g.type().name());
            if (g.type() == Acl.GranteeType.CanonicalUser) {
                w.element("ID", g.grantee());
                if (g.grantee().equals(owner.id())) w.element("DisplayName", owner.displayName());
            } else {
                w.element("URI", g.grantee());
            }
            w.end().element("Permission", g.permission()).end();
        }
        return S3Responses.xml(ctx, w.end().end());
    }

    // ---------------------------------------------------------------- ownership controls

    public AwsResponse getBucketOwnershipControls(RequestContext ctx, S3Target t, RequestBody body) {
        String o = engine.getOwnership(t.bucket());
        XmlWriter w = XmlWriter.document();
        w.start("OwnershipControls", S3Responses.NAMESPACE).start("Rule").element("ObjectOwnership", o).end().end();
        return S3Responses.xml(ctx, w);
    }

    public AwsResponse putBucketOwnershipControls(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        S3Xml.Element root = S3Xml.parse(body.bytes());
        if (!root.name().equals("OwnershipControls")) throw S3Errors.malformedXml();
        List<S3Xml.Element> rules = root.children().stream().filter(e -> e.name().equals("Rule")).toList();
        if (rules.size() != 1 || rules.get(0).childText("ObjectOwnership") == null) throw S3Errors.malformedXml();
        engine.putOwnership(t.bucket(), rules.get(0).childText("ObjectOwnership"));
        return S3Responses.empty(ctx, 200);
    }

    public AwsResponse deleteBucketOwnershipControls(RequestContext ctx, S3Target t, RequestBody body) {
        engine.deleteOwnership(t.bucket());
        return S3Responses.empty(ctx, 204);
    }

    // ---------------------------------------------------------------- policy

    public AwsResponse getBucketPolicy(RequestContext ctx, S3Target t, RequestBody body) {
        AwsResponse r = S3Responses.empty(ctx, 200);
        byte[] text = engine.getPolicy(t.bucket()).getBytes(StandardCharsets.UTF_8);
        AwsResponse out = new AwsResponse(200, r.headers(), new io.awsemu.core.http.ResponseBody.Bytes(text));
        out.headers().set("Content-Type", "application/json");
        out.headers().set("Content-Length", Integer.toString(text.length));
        return out;
    }

    public AwsResponse putBucketPolicy(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        engine.putPolicy(t.bucket(), new String(body.bytes(), StandardCharsets.UTF_8));
        return S3Responses.empty(ctx, 204);
    }

    public AwsResponse deleteBucketPolicy(RequestContext ctx, S3Target t, RequestBody body) {
        engine.deletePolicy(t.bucket());
        return S3Responses.empty(ctx, 204);
    }

    public AwsResponse getBucketPolicyStatus(RequestContext ctx, S3Target t, RequestBody body) {
        boolean pub = engine.policyIsPublic(t.bucket());
        XmlWriter w = XmlWriter.document();
        w.start("PolicyStatus", S3Responses.NAMESPACE).element("IsPublic", pub).end();
        return S3Responses.xml(ctx, w);
    }

    // ---------------------------------------------------------------- public access block

    public AwsResponse getPublicAccessBlock(RequestContext ctx, S3Target t, RequestBody body) {
        PublicAccessBlock p = engine.getPublicAccessBlock(t.bucket());
        XmlWriter w = XmlWriter.document();
        w.start("PublicAccessBlockConfiguration", S3Responses.NAMESPACE)
                .element("BlockPublicAcls", p.blockPublicAcls())
                .element("IgnorePublicAcls", p.ignorePublicAcls())
                .element("BlockPublicPolicy", p.blockPublicPolicy())
                .element("RestrictPublicBuckets", p.restrictPublicBuckets())
                .end();
        return S3Responses.xml(ctx, w);
    }

    public AwsResponse putPublicAccessBlock(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        S3Xml.Element root = S3Xml.parse(body.bytes());
        if (!root.name().equals("PublicAccessBlockConfiguration")) throw S3Errors.malformedXml();
        engine.putPublicAccessBlock(t.bucket(), new PublicAccessBlock(flag(root, "BlockPublicAcls"),
                flag(root, "IgnorePublicAcls"), flag(root, "BlockPublicPolicy"), flag(root, "RestrictPublicBuckets")));
        return S3Responses.empty(ctx, 200);
    }

    private static boolean flag(S3Xml.Element root, String name) {
        String v = root.childText(name);
        return v != null && S3Xml.bool(v);
    }

    public AwsResponse deletePublicAccessBlock(RequestContext ctx, S3Target t, RequestBody body) {
        engine.deletePublicAccessBlock(t.bucket());
        return S3Responses.empty(ctx, 204);
    }
}
