package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.ObjectTagging;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.Tags;

import java.io.IOException;
import java.util.Map;

/** Get/Put/DeleteObjectTagging, and the tagging headers of PutObject, CopyObject, GetObject and HeadObject. */
public final class ObjectTaggingOperations {
    private final ObjectTagging tagging;

    public ObjectTaggingOperations(ObjectTagging tagging) {
        this.tagging = tagging;
    }

    public void bindTo(S3Router router) {
        router.bind("GetObjectTagging", this::getObjectTagging)
                .bind("PutObjectTagging", this::putObjectTagging)
                .bind("DeleteObjectTagging", this::deleteObjectTagging);
    }

    public AwsResponse getObjectTagging(RequestContext ctx, S3Target t, RequestBody body) {
        StoredObject o = tagging.object(ctx.accountId(), t.bucket(), t.key(), ctx.request().queryParam("versionId"));
        return S3Responses.xml(ctx, BucketConfigXml.tagging(tagging.tags(o))).header("x-amz-version-id", o.shownVersionId());
    }

    public AwsResponse putObjectTagging(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        byte[] bytes = body.bytes();
        ObjectOperations.verifySmallBody(ctx.request(), bytes);
        Map<String, String> tags = tagsFromXml(bytes);
        StoredObject o = tagging.object(ctx.accountId(), t.bucket(), t.key(), ctx.request().queryParam("versionId"));
        tagging.set(o, tags, ObjectEvents.journal(ctx, "ObjectTagging:Put"));
        ObjectEvents.on(ctx, "ObjectTagging:Put", o);
        return S3Responses.empty(ctx, 200).header("x-amz-version-id", o.shownVersionId());
    }

    public AwsResponse deleteObjectTagging(RequestContext ctx, S3Target t, RequestBody body) {
        StoredObject o = tagging.object(ctx.accountId(), t.bucket(), t.key(), ctx.request().queryParam("versionId"));
        tagging.delete(o, ObjectEvents.journal(ctx, "ObjectTagging:Delete"));
        ObjectEvents.on(ctx, "ObjectTagging:Delete", o);
        return S3Responses.empty(ctx, 204).header("x-amz-version-id", o.shownVersionId());
    }

    // ---------------------------------------------------------------- on object writes and reads

    /** A Tagging document (PutObjectTagging's body, PostObject's tagging field): MalformedXML, InvalidTag. */
    static Map<String, String> tagsFromXml(byte[] xml) {
        return Tags.validate(BucketConfigXml.tagSet(BucketConfigXml.root(xml, "Tagging")), true);
    }

    /** x-amz-tagging of a PutObject (validated before any byte is stored), or null when absent. */
    static Map<String, String> requestTags(HttpRequestHead head) {
        String h = head.header("x-amz-tagging");
        return h == null ? null : Tags.fromHeader(h);
    }

    /** x-amz-tagging-directive: true for REPLACE, false for COPY (the default); InvalidArgument otherwise. */
    static boolean replaceOnCopy(HttpRequestHead head) {
        String d = head.header("x-amz-tagging-directive");
        if (d == null || d.equals("COPY")) return false;
        if (d.equals("REPLACE")) return true;
        throw S3Errors.invalidArgument("Unknown tagging directive.", "x-amz-tagging-directive", d);
    }

    /** The tags of a copy source (its current version when {@code versionId} is null). */
    Map<String, String> sourceTags(String accountId, String bucket, String key, String versionId) {
        return tagging.tags(tagging.copySource(accountId, bucket, key, versionId));
    }

    /** x-amz-tagging-count on GET/HEAD when the object has tags. */
    void addCount(AwsResponse r, StoredObject o) {
        int n = tagging.tags(o).size();
        if (n > 0) r.header("x-amz-tagging-count", Integer.toString(n));
    }
}
