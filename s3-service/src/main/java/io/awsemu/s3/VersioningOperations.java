package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.CanonicalUser;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersioningEngine;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** Versioning handlers: GetBucketVersioning, PutBucketVersioning, ListObjectVersions. */
public final class VersioningOperations {
    private final VersioningEngine engine;
    /** For the replication configuration, which keeps versioning from being suspended; null: not checked. */
    private final BucketConfigs configs;

    public VersioningOperations(VersioningEngine engine) {
        this(engine, null);
    }

    public VersioningOperations(VersioningEngine engine, BucketConfigs configs) {
        this.engine = engine;
        this.configs = configs;
    }

    public void bindTo(S3Router router) {
        router.bind("GetBucketVersioning", this::getBucketVersioning)
                .bind("PutBucketVersioning", this::putBucketVersioning)
                .bind("ListObjectVersions", this::listObjectVersions);
    }

    public AwsResponse getBucketVersioning(RequestContext ctx, S3Target t, RequestBody body) {
        String status = engine.versioning(ctx.accountId(), t.bucket());
        XmlWriter w = XmlWriter.document().start("VersioningConfiguration", S3Responses.NAMESPACE);
        if (status != null) w.element("Status", status).element("MfaDelete", "Disabled");
        return S3Responses.xml(ctx, w.end());
    }

    public AwsResponse putBucketVersioning(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        byte[] bytes = body.bytes();
        ObjectOperations.verifySmallBody(ctx.request(), bytes);
        if (bytes.length == 0) throw S3Errors.malformedXml();
        S3Xml.Element root = S3Xml.parse(bytes);
        if (!root.name().equals("VersioningConfiguration")) throw S3Errors.malformedXml();
        String status = root.childText("Status");
        String mfa = root.childText("MfaDelete");
        if (mfa != null && !mfa.equals("Enabled") && !mfa.equals("Disabled")) throw S3Errors.malformedXml();
        if (status == null) throw S3Errors.illegalVersioningConfigurationException();
        if (!status.equals("Enabled") && !status.equals("Suspended")) throw S3Errors.malformedXml();
        if ("Enabled".equals(mfa) && ctx.request().header("x-amz-mfa") == null) {
            throw new io.awsemu.core.error.AwsException("AccessDenied", 403, "Mfa Authentication must be used for this request");
        }
        if (status.equals("Suspended") && configs != null
                && configs.get(ctx.accountId(), t.bucket(), ReplicationOperations.REPLICATION).isPresent()) {
            throw S3ConfigErrors.replicationBlocksVersioningChange();
        }
        engine.setVersioning(ctx.accountId(), t.bucket(), status);
        return S3Responses.empty(ctx, 200);
    }

    public AwsResponse listObjectVersions(RequestContext ctx, S3Target t, RequestBody body) {
        HttpRequestHead head = ctx.request();
        String e = head.queryParam("encoding-type");
        if (e != null && !e.equals("url")) {
            throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", e);
        }
        boolean url = e != null;
        int max = maxKeys(head);
        String prefix = head.queryParam("prefix");
        String delimiter = head.queryParam("delimiter");
        String keyMarker = head.queryParam("key-marker");
        String idMarker = head.queryParam("version-id-marker");
        boolean restoreStatus = ObjectOperations.restoreStatusWanted(head);
        VersioningEngine.VersionsPage page = engine.list(new VersioningEngine.VersionsRequest(ctx.accountId(),
                t.bucket(), prefix, delimiter, keyMarker, idMarker, max));
        Function<StoredObject, Optional<Instant>> restored = restoreStatus
                ? engine.restoredUntil(t.bucket(), page.versions().stream().map(VersioningEngine.Entry::version).toList())
                : null;
        CanonicalUser user = CanonicalUser.of(ctx.accountId());
        XmlWriter w = XmlWriter.document().start("ListVersionsResult", S3Responses.NAMESPACE)
                .element("Name", t.bucket())
                .element("Prefix", ObjectOperations.enc(prefix == null ? "" : prefix, url))
                .element("KeyMarker", ObjectOperations.enc(keyMarker == null ? "" : keyMarker, url))
                .element("VersionIdMarker", idMarker == null ? "" : idMarker);
        if (page.truncated()) {
            w.element("NextKeyMarker", ObjectOperations.enc(page.nextKeyMarker(), url));
            if (page.nextVersionIdMarker() != null) w.element("NextVersionIdMarker", page.nextVersionIdMarker());
        }
        w.element("MaxKeys", max);
        if (delimiter != null) w.element("Delimiter", ObjectOperations.enc(delimiter, url));
        if (url) w.element("EncodingType", "url");
        w.element("IsTruncated", page.truncated());
        for (VersioningEngine.Entry entry : page.versions()) {
            StoredObject v = entry.version();
            if (v.deleteMarker()) {
                w.start("DeleteMarker")
                        .element("Key", ObjectOperations.enc(v.key(), url))
                        .element("VersionId", v.shownVersionId())
                        .element("IsLatest", entry.latest())
                        .element("LastModified", Timestamps.iso8601(v.lastModified()));
                owner(w, user);
                w.end();
                continue;
            }
            w.start("Version")
                    .element("Key", ObjectOperations.enc(v.key(), url))
                    .element("VersionId", v.shownVersionId())
                    .element("IsLatest", entry.latest())
                    .element("LastModified", Timestamps.iso8601(v.lastModified()))
                    .element("ETag", v.quotedEtag());
            if (v.checksumAlgorithm() != null) {
                w.element("ChecksumAlgorithm", v.checksumAlgorithm()).element("ChecksumType", v.checksumType());
            }
            w.element("Size", v.size()).element("StorageClass", v.storageClass());
            owner(w, user);
            if (restored != null) ObjectOperations.restoreStatus(w, restored.apply(v));
            w.end();
        }
        for (String p : page.commonPrefixes()) {
            w.start("CommonPrefixes").element("Prefix", ObjectOperations.enc(p, url)).end();
        }
        return S3Responses.xml(ctx, w.end());
    }

    private static void owner(XmlWriter w, CanonicalUser user) {
        w.start("Owner").element("ID", user.id()).element("DisplayName", user.displayName()).end();
    }

    private static int maxKeys(HttpRequestHead head) {
        String v = head.queryParam("max-keys");
        if (v == null) return 1000;
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0) return Math.min(n, 1000);
        } catch (NumberFormatException e) {
            // fall through
        }
        throw S3Errors.invalidArgument("Provided max-keys not an integer or within integer range", "max-keys", v);
    }
}
