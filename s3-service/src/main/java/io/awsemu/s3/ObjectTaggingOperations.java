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
        ObjectOperations.checkVersionId(ctx.request().queryParam("versionId"));
        Map<String, String> tags = tagging.get(ctx.accountId(), t.bucket(), t.key());
        return S3Responses.xml(ctx, BucketConfigXml.tagging(tags)).header("x-amz-version-id", "null");
    }

    public AwsResponse putObjectTagging(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        ObjectOperations.checkVersionId(ctx.request().queryParam("versionId"));
        byte[] bytes = body.bytes();
        ObjectOperations.verifySmallBody(ctx.request(), bytes);
        Map<String, String> tags = Tags.validate(BucketConfigXml.tagSet(BucketConfigXml.root(bytes, "Tagging")), true);
        tagging.put(ctx.accountId(), t.bucket(), t.key(), tags);
        return S3Responses.empty(ctx, 200).header("x-amz-version-id", "null");
    }

    public AwsResponse deleteObjectTagging(RequestContext ctx, S3Target t, RequestBody body) {
        ObjectOperations.checkVersionId(ctx.request().queryParam("versionId"));
        tagging.delete(ctx.accountId(), t.bucket(), t.key());
        return S3Responses.empty(ctx, 204).header("x-amz-version-id", "null");
    }

    // ---------------------------------------------------------------- on object writes and reads

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

    /** After PutObject: the request's tags (if any) on the object just written. */
    void afterPut(String bucket, String key, Map<String, String> tags) {
        if (tags != null && !tags.isEmpty()) tagging.set(bucket, key, tags);
    }

    /** After CopyObject: the source's tags (COPY) or the request's (REPLACE). */
    void afterCopy(String sourceBucket, String sourceKey, Map<String, String> sourceTags, String bucket, String key,
                   boolean replace, Map<String, String> requestTags) {
        Map<String, String> tags = replace ? requestTags : sourceTags;
        if (tags != null && !tags.isEmpty()) tagging.set(bucket, key, tags);
    }

    Map<String, String> tags(String bucket, String key) {
        return tagging.tags(bucket, key);
    }

    /** x-amz-tagging-count on GET/HEAD when the object has tags. */
    void addCount(AwsResponse r, StoredObject o) {
        int n = tagging.tags(o.bucket(), o.key()).size();
        if (n > 0) r.header("x-amz-tagging-count", Integer.toString(n));
    }
}
