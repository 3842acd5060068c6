package io.awsemu.s3;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.engine.CanonicalUser;
import io.awsemu.s3.engine.MultipartEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.Tags;
import io.awsemu.s3.engine.Upload;
import io.awsemu.s3.engine.UploadPart;
import io.awsemu.s3.store.AccessStore.ObjectAccess;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Multipart handlers: CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
 * AbortMultipartUpload, ListParts, ListMultipartUploads.
 */
public final class MultipartOperations {
    private final MultipartEngine engine;
    /** Tag sets of completed uploads (x-amz-tagging at creation); null when not wired. */
    private final ObjectTaggingOperations tagging;
    /** The encryption headers an upload is created with: the request's or the bucket's default. */
    private final ServerSideEncryption encryption;

    public MultipartOperations(MultipartEngine engine, ObjectTaggingOperations tagging, ServerSideEncryption encryption) {
        this.encryption = encryption;
        this.engine = engine;
        this.tagging = tagging;
    }

    public void bindTo(S3Router router) {
        router.bind("CreateMultipartUpload", this::createMultipartUpload)
                .bind("UploadPart", this::uploadPart)
                .bind("UploadPartCopy", this::uploadPartCopy)
                .bind("CompleteMultipartUpload", this::completeMultipartUpload)
                .bind("AbortMultipartUpload", this::abortMultipartUpload)
                .bind("ListParts", this::listParts)
                .bind("ListMultipartUploads", this::listMultipartUploads);
    }

    public AwsResponse createMultipartUpload(RequestContext ctx, S3Target t, RequestBody body) {
        HttpRequestHead head = ctx.request();
        // the owner and ACL the authorizer decided (none when nothing authorizes, as in routing tests)
        ObjectAccess access = ctx.attached(ObjectAccess.class);
        Map<String, String> tags = tagging == null ? null : ObjectTaggingOperations.requestTags(head);
        Map<String, String> headers = ObjectOperations.storedHeaders(head);
        headers.putAll(encryption.forWrite(ctx.accountId(),
                () -> engine.objects().bucket(ctx.accountId(), t.bucket()).region(), t.bucket(), head::header));
        Upload u = engine.create(new MultipartEngine.CreateRequest(ctx.accountId(), t.bucket(), t.key(),
                head.header("x-amz-storage-class"), head.header("x-amz-checksum-algorithm"),
                head.header("x-amz-checksum-type"), headers,
                access == null ? null : access.ownerAccount(), access == null ? null : access.aclGrants(),
                tags == null || tags.isEmpty() ? null : Tags.encode(tags), ObjectLockOperations.requestLock(head)));
        XmlWriter w = XmlWriter.document().start("InitiateMultipartUploadResult", S3Responses.NAMESPACE)
                .element("Bucket", t.bucket())
                .element("Key", t.key())
                .element("UploadId", u.uploadId());
        AwsResponse r = ServerSideEncryption.answer(S3Responses.xml(ctx, w.end()), u.headers());
        if (u.checksumAlgorithm() != null) {
            r.header("x-amz-checksum-algorithm", u.checksumAlgorithm()).header("x-amz-checksum-type", u.checksumType());
        }
        return r;
    }

    public AwsResponse uploadPart(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        HttpRequestHead head = ctx.request();
        ObjectOperations.RequestChecksum c = ObjectOperations.RequestChecksum.of(head::header, true,
                "x-amz-sdk-checksum-algorithm");
        MultipartEngine.PartResult p = engine.uploadPart(new MultipartEngine.PartRequest(ctx.accountId(), t.bucket(),
                t.key(), head.queryParam("uploadId"), head.queryParam("partNumber"), body.contentLength(),
                head.header("Content-MD5"), c.algorithm(), c.value(), c.trailer(),
                h -> ServerSideEncryption.checkPart(h, head::header)), body.stream(), body::trailers);
        AwsResponse r = ServerSideEncryption.answer(S3Responses.empty(ctx, 200).header("ETag", p.part().quotedEtag()),
                p.uploadHeaders());
        if (p.checksum() != null) r.header(p.checksum().header(), p.checksumValue());
        return r;
    }

    public AwsResponse uploadPartCopy(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        HttpRequestHead head = ctx.request();
        String[] source = ObjectOperations.copySource(head.header("x-amz-copy-source"));
        MultipartEngine.PartResult p = engine.uploadPartCopy(new MultipartEngine.PartCopyRequest(ctx.accountId(),
                t.bucket(), t.key(), head.queryParam("uploadId"), head.queryParam("partNumber"), source[0], source[1],
                source[2], head.header("x-amz-copy-source-range"),
                new ObjectEngine.CopyConditions(head.header("x-amz-copy-source-if-match"),
                        head.header("x-amz-copy-source-if-none-match"),
                        head.header("x-amz-copy-source-if-modified-since"),
                        head.header("x-amz-copy-source-if-unmodified-since"),
                        src -> ServerSideEncryption.checkRead(src.headers(), head::header,
                                ServerSideEncryption.COPY_SOURCE_CUSTOMER)),
                h -> ServerSideEncryption.checkPart(h, head::header)));
        XmlWriter w = XmlWriter.document().start("CopyPartResult", S3Responses.NAMESPACE)
                .element("ETag", p.part().quotedEtag())
                .element("LastModified", Timestamps.iso8601(p.part().lastModified()));
        if (p.checksum() != null) w.element("Checksum" + p.checksum().name(), p.checksumValue());
        AwsResponse r = ServerSideEncryption.answer(S3Responses.xml(ctx, w.end()), p.uploadHeaders());
        if (source[2] != null) r.header("x-amz-copy-source-version-id", source[2]);
        return r;
    }

    public AwsResponse completeMultipartUpload(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        HttpRequestHead head = ctx.request();
        String uploadId = head.queryParam("uploadId");
        // the upload is checked before the body, as S3 does: a bad id is NoSuchUpload whatever was sent
        Upload upload = engine.upload(ctx.accountId(), t.bucket(), t.key(), uploadId);
        byte[] bytes = body.bytes();
        // only Content-MD5 covers the body: an x-amz-checksum-* header here is the whole object's (FULL_OBJECT)
        ObjectOperations.verifyContentMd5(head, bytes);
        List<MultipartEngine.CompletedPart> parts = parts(bytes);
        ChecksumAlgorithm fullAlg = null;
        String fullValue = null;
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String v = head.header(a.header());
            if (v != null) {
                fullAlg = a;
                fullValue = v;
            }
        }
        StoredObject o = engine.complete(new MultipartEngine.CompleteRequest(ctx.accountId(), t.bucket(), t.key(),
                uploadId, parts, fullAlg, fullValue, head.header("If-Match"), head.header("If-None-Match"),
                ObjectEvents.journal(ctx, "ObjectCreated:CompleteMultipartUpload")));
        ObjectEvents.created(ctx, "CompleteMultipartUpload", o);
        XmlWriter w = XmlWriter.document().start("CompleteMultipartUploadResult", S3Responses.NAMESPACE)
                .element("Location", location(head, t))
                .element("Bucket", t.bucket())
                .element("Key", t.key())
                .element("ETag", o.quotedEtag());
        if (o.checksumAlgorithm() != null) {
            w.element("Checksum" + o.checksumAlgorithm(), o.checksumValue()).element("ChecksumType", o.checksumType());
        }
        AwsResponse r = S3Responses.xml(ctx, w.end());
        // S3 answers an upload's SSE-KMS or SSE-S3 here, never its SSE-C key
        if (!o.headers().containsKey(ServerSideEncryption.CUSTOMER_KEY_MD5)) ServerSideEncryption.answer(r, o.headers());
        ObjectOperations.versionHeader(r, o, false);
        return r;
    }

    private static List<MultipartEngine.CompletedPart> parts(byte[] bytes) {
        if (bytes.length == 0) throw S3Errors.malformedXml();
        S3Xml.Element root = S3Xml.parse(bytes);
        if (!root.name().equals("CompleteMultipartUpload")) throw S3Errors.malformedXml();
        List<MultipartEngine.CompletedPart> parts = new ArrayList<>();
        for (S3Xml.Element e : root.children()) {
            if (!e.name().equals("Part")) continue;
            String number = e.childText("PartNumber");
            if (number == null) throw S3Errors.malformedXml();
            int n;
            try {
                n = Integer.parseInt(number.trim());
            } catch (NumberFormatException ex) {
                throw S3Errors.malformedXml();
            }
            ChecksumAlgorithm alg = null;
            String value = null;
            for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
                String v = e.childText("Checksum" + a.name());
                if (v != null && !v.isEmpty()) {
                    alg = a;
                    value = v;
                }
            }
            parts.add(new MultipartEngine.CompletedPart(n, e.childText("ETag"), alg, value));
        }
        if (parts.isEmpty()) throw S3Errors.malformedXml();
        return parts;
    }

    private static String location(HttpRequestHead head, S3Target t) {
        String host = head.header("Host");
        String path = ObjectOperations.enc(t.key(), true);
        if (t.style() == S3Target.Style.VIRTUAL_HOST) return "http://" + host + "/" + path;
        return "http://" + host + "/" + t.bucket() + "/" + path;
    }

    public AwsResponse abortMultipartUpload(RequestContext ctx, S3Target t, RequestBody body) {
        engine.abort(ctx.accountId(), t.bucket(), t.key(), ctx.request().queryParam("uploadId"));
        return S3Responses.empty(ctx, 204);
    }

    public AwsResponse listParts(RequestContext ctx, S3Target t, RequestBody body) {
        HttpRequestHead head = ctx.request();
        int max = intParam(head, "max-parts", 1000, 1000);
        int marker = intParam(head, "part-number-marker", 0, Integer.MAX_VALUE);
        MultipartEngine.PartsPage page = engine.listParts(ctx.accountId(), t.bucket(), t.key(),
                head.queryParam("uploadId"), max, marker);
        Upload u = page.upload();
        CanonicalUser user = CanonicalUser.of(ctx.accountId());
        XmlWriter w = XmlWriter.document().start("ListPartsResult", S3Responses.NAMESPACE)
                .element("Bucket", t.bucket())
                .element("Key", t.key())
                .element("UploadId", u.uploadId());
        owner(w, "Initiator", user);
        owner(w, "Owner", user);
        w.element("StorageClass", u.storageClass())
                .element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", page.nextMarker())
                .element("MaxParts", max)
                .element("IsTruncated", page.truncated());
        for (UploadPart p : page.parts()) {
            w.start("Part")
                    .element("PartNumber", p.partNumber())
                    .element("LastModified", Timestamps.iso8601(p.lastModified()))
                    .element("ETag", p.quotedEtag())
                    .element("Size", p.size());
            // a part of an upload without an algorithm keeps its default CRC64NVME to itself, as S3 does
            if (p.checksumValue() != null && u.checksumAlgorithm() != null) {
                w.element("Checksum" + u.checksumAlgorithm(), p.checksumValue());
            }
            w.end();
        }
        if (u.checksumAlgorithm() != null) {
            w.element("ChecksumAlgorithm", u.checksumAlgorithm()).element("ChecksumType", u.checksumType());
        }
        return S3Responses.xml(ctx, w.end());
    }

    public AwsResponse listMultipartUploads(RequestContext ctx, S3Target t, RequestBody body) {
        HttpRequestHead head = ctx.request();
        String e = head.queryParam("encoding-type");
        if (e != null && !e.equals("url")) {
            throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", e);
        }
        boolean url = e != null;
        int max = intParam(head, "max-uploads", 1000, 1000);
        String prefix = head.queryParam("prefix");
        String delimiter = head.queryParam("delimiter");
        String keyMarker = head.queryParam("key-marker");
        String idMarker = head.queryParam("upload-id-marker");
        MultipartEngine.UploadsPage page = engine.listUploads(new MultipartEngine.UploadsRequest(ctx.accountId(),
                t.bucket(), prefix, delimiter, keyMarker, idMarker, max));
        CanonicalUser user = CanonicalUser.of(ctx.accountId());
        XmlWriter w = XmlWriter.document().start("ListMultipartUploadsResult", S3Responses.NAMESPACE)
                .element("Bucket", t.bucket())
                .element("KeyMarker", ObjectOperations.enc(keyMarker == null ? "" : keyMarker, url))
                .element("UploadIdMarker", idMarker == null ? "" : idMarker);
        if (page.truncated()) {
            w.element("NextKeyMarker", ObjectOperations.enc(page.nextKeyMarker(), url));
            w.element("NextUploadIdMarker", page.nextUploadIdMarker() == null ? "" : page.nextUploadIdMarker());
        }
        if (delimiter != null) w.element("Delimiter", ObjectOperations.enc(delimiter, url));
        w.element("Prefix", ObjectOperations.enc(prefix == null ? "" : prefix, url))
                .element("MaxUploads", max)
                .element("IsTruncated", page.truncated());
        if (url) w.element("EncodingType", "url");
        for (Upload u : page.uploads()) {
            w.start("Upload")
                    .element("Key", ObjectOperations.enc(u.key(), url))
                    .element("UploadId", u.uploadId());
            owner(w, "Initiator", user);
            owner(w, "Owner", user);
            w.element("StorageClass", u.storageClass())
                    .element("Initiated", Timestamps.iso8601(u.initiated()));
            if (u.checksumAlgorithm() != null) {
                w.element("ChecksumAlgorithm", u.checksumAlgorithm()).element("ChecksumType", u.checksumType());
            }
            w.end();
        }
        for (String p : page.commonPrefixes()) {
            w.start("CommonPrefixes").element("Prefix", ObjectOperations.enc(p, url)).end();
        }
        return S3Responses.xml(ctx, w.end());
    }

    private static void owner(XmlWriter w, String element, CanonicalUser user) {
        w.start(element).element("ID", user.id()).element("DisplayName", user.displayName()).end();
    }

    /** A non-negative integer query parameter, capped at {@code cap}; InvalidArgument otherwise. */
    private static int intParam(HttpRequestHead head, String name, int dflt, int cap) {
        return boundedInt(name, head.queryParam(name), dflt, cap);
    }

    /**
     * A non-negative integer parameter (query or header) {@code v}, capped at {@code cap}; {@code dflt} when absent,
     * InvalidArgument (naming it) when it is not one.
     */
    static int boundedInt(String name, String v, int dflt, int cap) {
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0) return Math.min(n, cap);
        } catch (NumberFormatException e) {
            // fall through
        }
        throw S3Errors.invalidArgument("Provided " + name + " not an integer or within integer range", name, v);
    }
}
