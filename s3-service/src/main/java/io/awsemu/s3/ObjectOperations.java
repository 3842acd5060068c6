package io.awsemu.s3;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.checksum.Checksums;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import io.awsemu.s3.engine.ByteRange;
import io.awsemu.s3.engine.CanonicalUser;
import io.awsemu.s3.engine.MultipartEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.ObjectLock;
import io.awsemu.s3.engine.Preconditions;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersionExtras;
import io.awsemu.s3.engine.VersionIds;
import io.awsemu.s3.store.AccessStore.ObjectAccess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Object handlers: PutObject, GetObject, HeadObject, DeleteObject(s), CopyObject, ListObjects(V2). */
public final class ObjectOperations {
    /** Request headers stored with an object and returned on GET/HEAD, in S3's casing. */
    private static final List<String> STORED = List.of("Content-Type", "Content-Encoding", "Content-Disposition",
            "Content-Language", "Cache-Control", "Expires", "x-amz-website-redirect-location");

    /** response-* query parameters and the header each overrides. */
    private static final Map<String, String> OVERRIDES = Map.of(
            "response-content-type", "Content-Type",
            "response-content-language", "Content-Language",
            "response-expires", "Expires",
            "response-cache-control", "Cache-Control",
            "response-content-disposition", "Content-Disposition",
            "response-content-encoding", "Content-Encoding");

    private static final int MAX_DELETE = 1000;
    /**
     * A GET of up to this many bytes of a single-blob object reads them on the worker that looked the object up (one
     * store get, see RocksDbBlobStore's whole reads) into a byte array; larger ones are a stream body, which the front
     * end opens on this worker too (reading its first piece into a pooled direct buffer) and then writes as the
     * socket drains.
     */
    static final int READ_HERE_MAX = 256 << 10;

    private final ObjectEngine engine;
    /** Tag sets on writes (x-amz-tagging) and reads (x-amz-tagging-count); null when not wired. */
    private final ObjectTaggingOperations tagging;

    /** The encryption headers of writes: the request's or the bucket's default. */
    private final ServerSideEncryption encryption;

    public ObjectOperations(ObjectEngine engine) {
        this(engine, null, new ServerSideEncryption(null));
    }

    public ObjectOperations(ObjectEngine engine, ObjectTaggingOperations tagging, ServerSideEncryption encryption) {
        this.engine = engine;
        this.tagging = tagging;
        this.encryption = encryption;
    }

    /** What a write stores: the request's headers ({@link #storedHeaders}) and the encryption it gets. */
    private Map<String, String> writtenHeaders(RequestContext ctx, String bucket) {
        HttpRequestHead head = ctx.request();
        Map<String, String> out = storedHeaders(head);
        out.putAll(encryption.forWrite(ctx.accountId(), () -> engine.bucket(ctx.accountId(), bucket).region(), bucket,
                head::header));
        return out;
    }

    public void bindTo(S3Router router) {
        router.bind("PutObject", this::putObject)
                .bind("GetObject", this::getObject)
                .bind("HeadObject", this::headObject)
                .bind("DeleteObject", this::deleteObject)
                .bind("DeleteObjects", this::deleteObjects)
                .bind("CopyObject", this::copyObject)
                .bind("ListObjects", this::listObjects)
                .bind("ListObjectsV2", this::listObjectsV2);
    }

    // ---------------------------------------------------------------- PutObject

    public AwsResponse putObject(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        HttpRequestHead head = ctx.request();
        RequestChecksum checksum = RequestChecksum.of(head::header, true, "x-amz-sdk-checksum-algorithm",
                "x-amz-checksum-algorithm");
        ChecksumAlgorithm alg = checksum.algorithm();
        Map<String, String> tags = tagging == null ? null : ObjectTaggingOperations.requestTags(head);
        ObjectLock lock = ObjectLockOperations.requestLock(head);
        // a version Object Lock will protect must arrive intact: AWS asks for a digest of it
        if (head.header("Content-MD5") == null && alg == null
                && engine.lockPlan(ctx.accountId(), t.bucket(), lock).applies()) {
            throw S3Errors.invalidRequest("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object"
                    + " requests with Object Lock parameters");
        }
        // the owner and ACL come from the authorizer (none when nothing authorizes, as in routing tests)
        StoredObject o = engine.put(new ObjectEngine.PutRequest(ctx.accountId(), t.bucket(), t.key(),
                body.contentLength(), head.header("Content-MD5"), alg, checksum.value(), checksum.trailer(),
                head.header("x-amz-storage-class"), writtenHeaders(ctx, t.bucket()), head.header("If-Match"),
                head.header("If-None-Match"), lock, VersionExtras.of(ctx.attached(ObjectAccess.class), tags)
                        .journaled(ObjectEvents.journal(ctx, "ObjectCreated:Put"))),
                body.stream(), body::trailers);
        ObjectEvents.created(ctx, "Put", o);
        AwsResponse r = ServerSideEncryption.answer(S3Responses.empty(ctx, 200).header("ETag", o.quotedEtag()), o.headers());
        versionHeader(r, o, false);
        if (o.checksumAlgorithm() != null) {
            r.header("x-amz-checksum-" + o.checksumAlgorithm().toLowerCase(Locale.ROOT), o.checksumValue())
                    .header("x-amz-checksum-type", "FULL_OBJECT");
        }
        return r;
    }

    /**
     * The one checksum a streamed upload names, or all null when none.
     *
     * @param value   its value from a header (form field), null when it comes as a trailer or not at all
     * @param trailer the value arrives as a trailer after the body
     */
    record RequestChecksum(ChecksumAlgorithm algorithm, String value, boolean trailer) {
        /**
         * An x-amz-checksum-* value, else (when {@code trailers}) the x-amz-trailer, else the algorithm the first of
         * {@code algorithmFields} present names; InvalidRequest for several values or an unknown algorithm.
         *
         * @param field a request header (or PostObject form field) by name
         */
        static RequestChecksum of(Function<String, String> field, boolean trailers, String... algorithmFields) {
            ChecksumAlgorithm alg = null;
            String value = null;
            for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
                String v = field.apply(a.header());
                if (v == null) continue;
                if (alg != null) {
                    throw S3Errors.invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
                }
                alg = a;
                value = v;
            }
            if (alg != null) return new RequestChecksum(alg, value, false);
            String trailerName = trailers ? field.apply("x-amz-trailer") : null;
            if (trailerName != null) {
                String name = trailerName.trim().toLowerCase(Locale.ROOT);
                for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) if (a.header().equals(name)) alg = a;
                if (alg == null) throw S3Errors.invalidRequest("The value specified in the x-amz-trailer header is not supported");
                return new RequestChecksum(alg, null, true);
            }
            for (String f : algorithmFields) {
                String named = field.apply(f);
                if (named == null) continue;
                alg = ChecksumAlgorithm.fromName(named.trim());
                if (alg == null) {
                    throw S3Errors.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any"
                            + " of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
                }
                break;
            }
            return new RequestChecksum(alg, null, false);
        }
    }

    static Map<String, String> storedHeaders(HttpRequestHead head) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : STORED) {
            String v = head.header(name);
            if (name.equals("Content-Encoding") && v != null) v = withoutAwsChunked(v);
            if (v != null) out.put(name, v);
        }
        out.putIfAbsent("Content-Type", "binary/octet-stream");
        for (String lower : head.headers().lowerNames()) {
            if (lower.startsWith("x-amz-meta-")) out.put(lower, head.header(lower));
        }
        return out;
    }

    // aws-chunked is the transfer framing, not the object's encoding: S3 drops it from what it stores.
    private static String withoutAwsChunked(String v) {
        List<String> kept = new ArrayList<>();
        for (String p : v.split(",")) if (!p.trim().isEmpty() && !p.trim().equalsIgnoreCase("aws-chunked")) kept.add(p.trim());
        return kept.isEmpty() ? null : String.join(",", kept);
    }

    // ---------------------------------------------------------------- GetObject / HeadObject

    public AwsResponse getObject(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        return read(ctx, t, false);
    }

    public AwsResponse headObject(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        return read(ctx, t, true);
    }

    private AwsResponse read(RequestContext ctx, S3Target t, boolean headOnly) throws IOException {
        // a write replacing a multipart object between its lookup and its parts' makes the GET look again
        return ObjectEngine.lookingAgainIfReplaced(() -> readOnce(ctx, t, headOnly));
    }

    private AwsResponse readOnce(RequestContext ctx, S3Target t, boolean headOnly) throws IOException {
        HttpRequestHead head = ctx.request();
        StoredObject o = engine.get(ctx.accountId(), t.bucket(), t.key(), head.queryParam("versionId"));
        ServerSideEncryption.checkRead(o.headers(), head::header, ServerSideEncryption.CUSTOMER);
        Optional<Instant> restored = headOnly ? engine.restoredUntil(o) : engine.checkReadable(o);
        Preconditions.Outcome pre = Preconditions.evaluate(head.header("If-Match"), head.header("If-None-Match"),
                head.header("If-Modified-Since"), head.header("If-Unmodified-Since"), o.etag(), o.lastModified());
        if (pre == Preconditions.Outcome.NOT_MODIFIED) {
            return S3Responses.empty(ctx, 304)
                    .header("ETag", o.quotedEtag())
                    .header("Last-Modified", Timestamps.rfc1123(o.lastModified()));
        }
        String partNumber = head.queryParam("partNumber");
        ByteRange range;
        if (partNumber != null) {
            int part = MultipartEngine.partNumber(partNumber);
            if (head.header("Range") != null) {
                throw S3Errors.invalidRequest("Cannot specify both Range header and partNumber query parameter");
            }
            range = engine.partRange(o, part);
        } else {
            range = ByteRange.resolve(head.header("Range"), o.size());
        }
        long length = range == null ? o.size() : range.length();
        long offset = range == null ? 0 : range.first();

        AwsResponse r = S3Responses.empty(ctx, range == null ? 200 : 206);
        r.headers().remove("Content-Length");
        r.header("Last-Modified", Timestamps.rfc1123(o.lastModified()))
                .header("ETag", o.quotedEtag())
                .header("Accept-Ranges", "bytes");
        versionHeader(r, o, head.queryParam("versionId") != null);
        o.headers().forEach(r::header);
        ServerSideEncryption.answer(r, o.headers());
        if (!o.storageClass().equals("STANDARD")) r.header("x-amz-storage-class", o.storageClass());
        restored.ifPresent(until -> r.header("x-amz-restore",
                "ongoing-request=\"false\", expiry-date=\"" + Timestamps.rfc1123(until) + "\""));
        if (range == null && partNumber == null && o.checksumAlgorithm() != null
                && "ENABLED".equalsIgnoreCase(head.header("x-amz-checksum-mode"))) {
            r.header("x-amz-checksum-" + o.checksumAlgorithm().toLowerCase(Locale.ROOT), o.checksumValue())
                    .header("x-amz-checksum-type", o.checksumType());
        }
        if (partNumber != null && o.multipart()) r.header("x-amz-mp-parts-count", Integer.toString(o.partsCount()));
        if (range != null) r.header("Content-Range", range.contentRange(o.size()));
        if (tagging != null) tagging.addCount(r, o);
        ObjectLockOperations.addHeaders(r, o);
        OVERRIDES.forEach((param, header) -> r.header(header, head.queryParam(param)));
        r.header("Content-Length", Long.toString(length));
        if (headOnly || length == 0) return r;
        if (length <= READ_HERE_MAX && !o.multipart()) {
            // read here, on the worker: the event loop then only writes bytes
            byte[] bytes;
            try (InputStream in = engine.read(o, offset, length)) {
                bytes = in.readNBytes((int) length);
            }
            if (bytes.length != length) throw new IOException("object " + t.key() + " ended at byte " + bytes.length + " of " + length);
            return new AwsResponse(r.status(), r.headers(), new ResponseBody.Bytes(bytes));
        }
        ResponseBody.Stream stream = new ResponseBody.Stream(length, engine.source(o, offset, length)::open);
        return new AwsResponse(r.status(), r.headers(), stream);
    }

    /** x-amz-version-id for a versioned object; a null version shows "null" only when asked for by id. */
    static void versionHeader(AwsResponse r, StoredObject o, boolean asked) {
        if (o.versionId() != null || asked) r.header("x-amz-version-id", o.shownVersionId());
    }

    // ---------------------------------------------------------------- DeleteObject(s)

    public AwsResponse deleteObject(RequestContext ctx, S3Target t, RequestBody body) {
        ObjectEngine.DeleteResult d = engine.delete(ctx.accountId(), t.bucket(), t.key(),
                ctx.request().queryParam("versionId"), ObjectLockOperations.bypass(ctx),
                ObjectEvents.journal(ctx, "ObjectRemoved"));
        ObjectEvents.removed(ctx, t.bucket(), t.key(), ctx.request().queryParam("versionId"), d);
        AwsResponse r = S3Responses.empty(ctx, 204);
        if (d.versionId() != null) r.header("x-amz-version-id", d.versionId());
        if (d.deleteMarker()) r.header("x-amz-delete-marker", "true");
        return r;
    }

    public AwsResponse deleteObjects(RequestContext ctx, S3Target t, RequestBody body) throws IOException {
        byte[] bytes = body.bytes();
        verifySmallBody(ctx.request(), bytes);
        S3Xml.Element root = S3Xml.parse(bytes);
        if (!root.name().equals("Delete")) throw S3Errors.malformedXml();
        boolean quiet = "true".equalsIgnoreCase(root.childText("Quiet"));
        List<String[]> keys = new ArrayList<>();
        for (S3Xml.Element e : root.children()) {
            if (!e.name().equals("Object")) continue;
            String key = e.childText("Key");
            if (key == null) throw S3Errors.malformedXml();
            keys.add(new String[] {key, e.childText("VersionId")});
        }
        if (keys.isEmpty() || keys.size() > MAX_DELETE) throw S3Errors.malformedXml();
        engine.bucket(ctx.accountId(), t.bucket());
        boolean bypassAsked = ObjectLockOperations.bypass(ctx);
        S3Authorizer.DeleteAccess access = ctx.attached(S3Authorizer.DeleteAccess.class);
        XmlWriter w = XmlWriter.document().start("DeleteResult", S3Responses.NAMESPACE);
        // one store for all the keys, before the answer (each key alone stored the metadata: most of its cost)
        try (ObjectEngine.Deletes deletes = engine.deletes()) {
            deleteEach(ctx, t, keys, quiet, bypassAsked, access, deletes, w);
        }
        return S3Responses.xml(ctx, w.end());
    }

    private static void deleteEach(RequestContext ctx, S3Target t, List<String[]> keys, boolean quiet, boolean bypassAsked,
                                   S3Authorizer.DeleteAccess access, ObjectEngine.Deletes deletes, XmlWriter w) {
        for (String[] kv : keys) {
            String key = kv[0];
            String versionId = kv[1];
            try {
                if (access != null && !access.allowed(key, versionId)) throw S3Errors.accessDenied();
                boolean bypass = bypassAsked && (access == null || access.mayBypass(key));
                ObjectEngine.DeleteResult d = deletes.delete(ctx.accountId(), t.bucket(), key, versionId, bypass,
                        ObjectEvents.journal(ctx, "ObjectRemoved"));
                ObjectEvents.removed(ctx, t.bucket(), key, versionId, d);
                if (quiet) continue;
                w.start("Deleted").element("Key", key);
                if (versionId != null) w.element("VersionId", versionId);
                if (d.deleteMarker()) {
                    w.element("DeleteMarker", true).element("DeleteMarkerVersionId", d.versionId());
                }
                w.end();
            } catch (AwsException e) {
                w.start("Error").element("Key", key);
                if (versionId != null) w.element("VersionId", versionId);
                w.element("Code", e.code()).element("Message", e.getMessage()).end();
            }
        }
    }

    /** The Content-MD5 header of an aggregated body, when sent: InvalidDigest when malformed, BadDigest when wrong. */
    static void verifyContentMd5(HttpRequestHead head, byte[] bytes) {
        String md5 = head.header("Content-MD5");
        if (md5 == null) return;
        byte[] want;
        try {
            want = Checksums.fromBase64(md5);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidDigest(md5);
        }
        if (want.length != 16) throw S3Errors.invalidDigest(md5);
        byte[] got = Checksums.md5(bytes);
        if (!java.util.Arrays.equals(want, got)) throw S3Errors.badDigest(md5.trim(), Checksums.base64(got));
    }

    /** Content-MD5 and x-amz-checksum-* headers of an aggregated body (DeleteObjects requires one). */
    static void verifySmallBody(HttpRequestHead head, byte[] bytes) {
        verifyContentMd5(head, bytes);
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String v = head.header(a.header());
            if (v == null) continue;
            if (!Checksums.base64(Checksums.compute(a, bytes)).equals(v.trim())) throw S3Errors.checksumMismatch(a.name());
        }
    }

    // ---------------------------------------------------------------- CopyObject

    public AwsResponse copyObject(RequestContext ctx, S3Target t, RequestBody body) {
        HttpRequestHead head = ctx.request();
        String[] source = copySource(head.header("x-amz-copy-source"));
        String directive = head.header("x-amz-metadata-directive");
        if (directive != null && !directive.equals("COPY") && !directive.equals("REPLACE")) {
            throw S3Errors.invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
        }
        boolean replaceTags = tagging != null && ObjectTaggingOperations.replaceOnCopy(head);
        Map<String, String> requestTags = replaceTags ? ObjectTaggingOperations.requestTags(head) : null;
        Map<String, String> sourceTags = tagging == null || replaceTags ? null : tagging.sourceTags(ctx.accountId(), source[0], source[1], source[2]);
        StoredObject o = engine.copy(new ObjectEngine.CopyRequest(ctx.accountId(), source[0], source[1], t.bucket(),
                t.key(), "REPLACE".equals(directive), head.header("x-amz-storage-class"), writtenHeaders(ctx, t.bucket()),
                new ObjectEngine.CopyConditions(head.header("x-amz-copy-source-if-match"),
                        head.header("x-amz-copy-source-if-none-match"),
                        head.header("x-amz-copy-source-if-modified-since"),
                        head.header("x-amz-copy-source-if-unmodified-since"),
                        src -> ServerSideEncryption.checkRead(src.headers(), head::header,
                                ServerSideEncryption.COPY_SOURCE_CUSTOMER)), source[2],
                ObjectLockOperations.requestLock(head),
                VersionExtras.of(ctx.attached(ObjectAccess.class), replaceTags ? requestTags : sourceTags)
                        .journaled(ObjectEvents.journal(ctx, "ObjectCreated:Copy")),
                head.header("If-Match"), head.header("If-None-Match")));
        ObjectEvents.created(ctx, "Copy", o);
        XmlWriter w = XmlWriter.document().start("CopyObjectResult", S3Responses.NAMESPACE)
                .element("ETag", o.quotedEtag())
                .element("LastModified", Timestamps.iso8601(o.lastModified()));
        if (o.checksumAlgorithm() != null) {
            w.element("ChecksumType", o.checksumType()).element("Checksum" + o.checksumAlgorithm(), o.checksumValue());
        }
        AwsResponse r = ServerSideEncryption.answer(S3Responses.xml(ctx, w.end()), o.headers());
        if (source[2] != null) r.header("x-amz-copy-source-version-id", source[2]);
        versionHeader(r, o, false);
        return r;
    }

    /**
     * {bucket, key, versionId-or-null} of {@code /bucket/key?versionId=v} (leading slash optional, key
     * URL-encoded); a malformed version id is InvalidArgument.
     */
    static String[] copySource(String header) {
        if (header == null) throw S3Errors.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                "x-amz-copy-source", null);
        String v = header.trim();
        String versionId = null;
        int q = v.indexOf('?');
        if (q >= 0) {
            String query = v.substring(q + 1);
            v = v.substring(0, q);
            for (Map.Entry<String, List<String>> e : HttpRequestHead.decodeQuery(query, false).entrySet()) {
                if (e.getKey().equals("versionId")) versionId = VersionIds.check(e.getValue().get(0));
            }
        }
        if (v.startsWith("/")) v = v.substring(1);
        int slash = v.indexOf('/');
        if (slash <= 0 || slash == v.length() - 1) {
            throw S3Errors.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                    "x-amz-copy-source", header);
        }
        return new String[] {S3Target.decode(v.substring(0, slash)), S3Target.decode(v.substring(slash + 1)), versionId};
    }

    // ---------------------------------------------------------------- ListObjects / ListObjectsV2

    public AwsResponse listObjectsV2(RequestContext ctx, S3Target t, RequestBody body) {
        HttpRequestHead head = ctx.request();
        boolean url = encodingType(head);
        int max = maxKeys(head);
        String prefix = head.queryParam("prefix");
        String delimiter = head.queryParam("delimiter");
        String token = head.queryParam("continuation-token");
        String startAfter = head.queryParam("start-after");
        String after = token != null ? decodeToken(token) : startAfter;
        boolean restore = restoreStatusWanted(head);
        ObjectEngine.ListPage page = engine.list(new ObjectEngine.ListRequest(ctx.accountId(), t.bucket(),
                prefix, delimiter, max, after));
        boolean owner = "true".equalsIgnoreCase(head.queryParam("fetch-owner"));
        XmlWriter w = XmlWriter.document().start("ListBucketResult", S3Responses.NAMESPACE)
                .element("Name", t.bucket())
                .element("Prefix", enc(prefix == null ? "" : prefix, url));
        if (delimiter != null) w.element("Delimiter", enc(delimiter, url));
        w.element("MaxKeys", max);
        if (url) w.element("EncodingType", "url");
        w.element("KeyCount", page.contents().size() + page.commonPrefixes().size());
        if (token != null) w.element("ContinuationToken", token);
        if (page.truncated()) w.element("NextContinuationToken", encodeToken(page.lastItem()));
        if (startAfter != null) w.element("StartAfter", enc(startAfter, url));
        w.element("IsTruncated", page.truncated());
        contents(w, page, owner, url, ctx.accountId(), restored(restore, t, page.contents()));
        return S3Responses.xml(ctx, w.end());
    }

    public AwsResponse listObjects(RequestContext ctx, S3Target t, RequestBody body) {
        HttpRequestHead head = ctx.request();
        boolean url = encodingType(head);
        int max = maxKeys(head);
        String prefix = head.queryParam("prefix");
        String delimiter = head.queryParam("delimiter");
        String marker = head.queryParam("marker");
        boolean restore = restoreStatusWanted(head);
        ObjectEngine.ListPage page = engine.list(new ObjectEngine.ListRequest(ctx.accountId(), t.bucket(),
                prefix, delimiter, max, marker));
        XmlWriter w = XmlWriter.document().start("ListBucketResult", S3Responses.NAMESPACE)
                .element("Name", t.bucket())
                .element("Prefix", enc(prefix == null ? "" : prefix, url))
                .element("Marker", enc(marker == null ? "" : marker, url));
        // AWS sends NextMarker only with a delimiter; without one the client resumes from the last key
        if (page.truncated() && delimiter != null) w.element("NextMarker", enc(page.lastItem(), url));
        w.element("MaxKeys", max);
        if (delimiter != null) w.element("Delimiter", enc(delimiter, url));
        if (url) w.element("EncodingType", "url");
        w.element("IsTruncated", page.truncated());
        contents(w, page, true, url, ctx.accountId(), restored(restore, t, page.contents()));
        return S3Responses.xml(ctx, w.end());
    }

    /** Each listed version's restored copy when RestoreStatus is wanted, looked up for the whole page at once; else null. */
    private Function<StoredObject, Optional<Instant>> restored(boolean wanted, S3Target t, List<StoredObject> page) {
        return wanted ? engine.restoredUntil(t.bucket(), page) : null;
    }

    /** Whether x-amz-optional-object-attributes asks for RestoreStatus (its only value; InvalidArgument for another). */
    static boolean restoreStatusWanted(HttpRequestHead head) {
        String h = head.header("x-amz-optional-object-attributes");
        if (h == null) return false;
        for (String name : h.split(",", -1)) {
            if (!name.trim().equals("RestoreStatus")) throw S3Errors.invalidAttributeName();
        }
        return true;
    }

    /**
     * RestoreStatus of a listed version that has a restored copy (restores complete at once here: never in progress);
     * nothing for any other version, as S3.
     */
    static void restoreStatus(XmlWriter w, Optional<Instant> until) {
        until.ifPresent(u -> w.start("RestoreStatus").element("IsRestoreInProgress", false)
                .element("RestoreExpiryDate", Timestamps.iso8601(u)).end());
    }

    private static void contents(XmlWriter w, ObjectEngine.ListPage page, boolean owner, boolean url, String accountId,
                                 Function<StoredObject, Optional<Instant>> restored) {
        CanonicalUser user = CanonicalUser.of(accountId);
        for (StoredObject o : page.contents()) {
            w.start("Contents")
                    .element("Key", enc(o.key(), url))
                    .element("LastModified", Timestamps.iso8601(o.lastModified()))
                    .element("ETag", o.quotedEtag());
            if (o.checksumAlgorithm() != null) {
                w.element("ChecksumAlgorithm", o.checksumAlgorithm()).element("ChecksumType", o.checksumType());
            }
            w.element("Size", o.size());
            if (owner) w.start("Owner").element("ID", user.id()).element("DisplayName", user.displayName()).end();
            w.element("StorageClass", o.storageClass());
            if (restored != null) restoreStatus(w, restored.apply(o));
            w.end();
        }
        for (String p : page.commonPrefixes()) w.start("CommonPrefixes").element("Prefix", enc(p, url)).end();
    }

    private static boolean encodingType(HttpRequestHead head) {
        String e = head.queryParam("encoding-type");
        if (e == null) return false;
        if (!e.equals("url")) throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", e);
        return true;
    }

    private static int maxKeys(HttpRequestHead head) {
        String v = head.queryParam("max-keys");
        if (v == null) return 1000;
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw S3Errors.invalidArgument("Provided max-keys not an integer or within integer range", "max-keys", v);
        }
        if (n < 0) throw S3Errors.invalidArgument("Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys", v);
        return Math.min(n, 1000);
    }

    /**
     * encoding-type=url: every byte but unreserved characters and '/' percent-encoded, so that a '+'
     * in a key survives clients that decode '+' as a space (botocore's unquote_plus, SDK v2).
     */
    static String enc(String s, boolean url) {
        if (!url || s == null) return s;
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    // Opaque to clients, as AWS's: the last key or common prefix returned.
    static String encodeToken(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }
}
