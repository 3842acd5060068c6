package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.engine.Bucket;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.CanonicalUser;
import io.awsemu.s3.engine.LocationConstraints;

import java.io.IOException;

/** Bucket handlers: read the wire, call {@link BucketEngine}, write AWS's answer. */
public final class BucketOperations {
    private final BucketEngine engine;
    private final String domain;

    public BucketOperations(BucketEngine engine, String domain) {
        this.engine = engine;
        this.domain = domain;
    }

    public void bindTo(S3Router router) {
        router.bind("CreateBucket", this::createBucket)
                .bind("HeadBucket", this::headBucket)
                .bind("ListBuckets", this::listBuckets)
                .bind("GetBucketLocation", this::getBucketLocation)
                .bind("DeleteBucket", this::deleteBucket);
    }

    public AwsResponse createBucket(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        String constraint = null;
        byte[] bytes = body.bytes();
        if (!new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            S3Xml.Element root = S3Xml.parse(bytes);
            if (!root.name().equals("CreateBucketConfiguration")) throw S3Errors.malformedXml();
            constraint = root.childText("LocationConstraint");
        }
        var head = ctx.request();
        Bucket b = engine.create(new BucketEngine.CreateRequest(ctx.accountId(), t.bucket(), ctx.region(), constraint,
                head.header("x-amz-acl"), head.header("x-amz-object-ownership"),
                "true".equalsIgnoreCase(head.header("x-amz-bucket-object-lock-enabled"))));
        return S3Responses.empty(ctx, 200).header("Location", location(b, head.header("Host")));
    }

    // us-east-1 answers a path; other regions a virtual-host URL, as AWS does.
    private String location(Bucket b, String host) {
        if (b.region().equals(LocationConstraints.US_EAST_1)) return "/" + b.name();
        String port = "";
        if (host != null && !host.endsWith("]") && host.lastIndexOf(':') > 0) port = host.substring(host.lastIndexOf(':'));
        else if (host != null && host.contains("]:")) port = host.substring(host.indexOf("]:") + 1);
        return "http://" + b.name() + ".s3." + domain + port + "/";
    }

    public AwsResponse headBucket(RequestContext ctx, S3Target t, RequestBody body) {
        Bucket b = engine.get(ctx.accountId(), t.bucket());
        return S3Responses.empty(ctx, 200)
                .header("x-amz-bucket-region", b.region())
                .header("x-amz-access-point-alias", "false");
    }

    public AwsResponse getBucketLocation(RequestContext ctx, S3Target t, RequestBody body) {
        Bucket b = engine.get(ctx.accountId(), t.bucket());
        XmlWriter w = XmlWriter.document();
        if (b.locationConstraint() == null) {
            // us-east-1: AWS sends an empty, self-closed element
            w.raw("<LocationConstraint xmlns=\"" + S3Responses.NAMESPACE + "\"/>");
        } else {
            w.start("LocationConstraint", S3Responses.NAMESPACE).text(b.locationConstraint()).end();
        }
        return S3Responses.xml(ctx, w);
    }

    public AwsResponse deleteBucket(RequestContext ctx, S3Target t, RequestBody body) {
        engine.delete(ctx.accountId(), t.bucket());
        return S3Responses.empty(ctx, 204);
    }

    public AwsResponse listBuckets(RequestContext ctx, S3Target t, RequestBody body) {
        var head = ctx.request();
        Integer max = null;
        String maxParam = head.queryParam("max-buckets");
        if (maxParam != null) {
            try {
                max = Integer.valueOf(maxParam);
            } catch (NumberFormatException e) {
                throw S3Errors.invalidArgument("Provided max-buckets not an integer or within integer range",
                        "max-buckets", maxParam);
            }
        }
        String prefix = head.queryParam("prefix");
        BucketEngine.ListPage page = engine.list(new BucketEngine.ListRequest(ctx.accountId(), max,
                head.queryParam("continuation-token"), prefix, head.queryParam("bucket-region")));
        CanonicalUser owner = CanonicalUser.of(ctx.accountId());
        XmlWriter w = XmlWriter.document();
        w.start("ListAllMyBucketsResult", S3Responses.NAMESPACE)
                .start("Owner").element("ID", owner.id()).element("DisplayName", owner.displayName()).end()
                .start("Buckets");
        for (Bucket b : page.buckets()) {
            w.start("Bucket")
                    .element("Name", b.name())
                    .element("CreationDate", Timestamps.iso8601(b.created()))
                    .element("BucketRegion", b.region())
                    .end();
        }
        w.end();
        w.element("ContinuationToken", page.continuationToken());
        w.element("Prefix", prefix);
        return S3Responses.xml(ctx, w.end());
    }
}
