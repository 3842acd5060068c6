package io.awsemu.s3.engine;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.checksum.ChecksumDigest;
import io.awsemu.core.checksum.Checksums;
import io.awsemu.core.error.AwsBodyException;
import io.awsemu.core.storage.blob.BlobId;
import io.awsemu.core.storage.blob.BlobInfo;
import io.awsemu.core.storage.blob.BlobStore;
import io.awsemu.core.storage.blob.BlobWriter;
import io.awsemu.s3.S3Errors;
import io.awsemu.s3.store.MultipartStore;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Multipart uploads: parts streamed into blobs, completion that publishes a manifest of those blobs
 * (no byte is copied), abort that frees them, and the listings. No HTTP here; errors are S3's.
 */
public final class MultipartEngine {
    public static final int MAX_PARTS = 10_000;
    /** Every part but the last must be at least this big. */
    public static final long MIN_PART = 5L * 1024 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectEngine objects;
    private final MultipartStore store;

    /** The object engine uploads complete into. */
    public ObjectEngine objects() {
        return objects;
    }

    public MultipartEngine(ObjectEngine objects, MultipartStore store) {
        this.objects = objects;
        this.store = store;
    }

    private BlobStore blobs() {
        return objects.blobs();
    }

    // ---------------------------------------------------------------- CreateMultipartUpload

    /**
     * @param checksumAlgorithm x-amz-checksum-algorithm, or null
     * @param checksumType      x-amz-checksum-type (COMPOSITE, FULL_OBJECT), or null for the algorithm's default
     */
    public record CreateRequest(String accountId, String bucket, String key, String storageClass,
                                String checksumAlgorithm, String checksumType, Map<String, String> headers,
                                String ownerAccount, String aclGrants, String tagging, ObjectLock lock) {
        public CreateRequest(String accountId, String bucket, String key, String storageClass,
                             String checksumAlgorithm, String checksumType, Map<String, String> headers,
                             String ownerAccount, String aclGrants, String tagging) {
            this(accountId, bucket, key, storageClass, checksumAlgorithm, checksumType, headers, ownerAccount,
                    aclGrants, tagging, null);
        }
    }

    public Upload create(CreateRequest r) {
        Bucket bucket = objects.bucket(r.accountId(), r.bucket());
        ObjectKeys.check(r.key());
        objects.lockPlan(bucket, r.lock()); // refused now, not at completion
        String storageClass = ObjectEngine.storageClass(r.storageClass());
        ChecksumAlgorithm alg = null;
        if (r.checksumAlgorithm() != null) {
            alg = ChecksumAlgorithm.fromName(r.checksumAlgorithm().trim());
            if (alg == null) {
                throw S3Errors.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of"
                        + " the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
            }
        }
        String type = r.checksumType() == null ? null : r.checksumType().trim().toUpperCase(Locale.ROOT);
        if (type != null) {
            if (!type.equals("COMPOSITE") && !type.equals("FULL_OBJECT")) {
                throw S3Errors.invalidRequest("Value for x-amz-checksum-type header is invalid.");
            }
            if (alg == null) {
                throw S3Errors.invalidRequest("The x-amz-checksum-type header can only be used with the"
                        + " x-amz-checksum-algorithm header.");
            }
            if (type.equals("FULL_OBJECT") && !Checksums.isCrc(alg) || type.equals("COMPOSITE") && alg == ChecksumAlgorithm.CRC64NVME) {
                throw S3Errors.invalidRequest("The " + type + " checksum type cannot be used with the "
                        + alg.name().toLowerCase(Locale.ROOT) + " checksum algorithm.");
            }
        } else if (alg != null) {
            type = alg == ChecksumAlgorithm.CRC64NVME ? "FULL_OBJECT" : "COMPOSITE";
        }
        Upload u = new Upload(newUploadId(), r.bucket(), r.key(), objects.clock().instant(), storageClass,
                alg == null ? null : alg.name(), type, r.headers(), r.ownerAccount(), r.aclGrants(), r.tagging(),
                r.lock());
        if (!store.create(u)) throw S3Errors.noSuchBucket(r.bucket());
        return u;
    }

    private static String newUploadId() {
        byte[] b = new byte[48];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The upload, checked against the bucket and key it was created for; NoSuchUpload otherwise. */
    public Upload upload(String accountId, String bucket, String key, String uploadId) {
        objects.bucket(accountId, bucket);
        if (uploadId == null || uploadId.isEmpty()) throw S3Errors.noSuchUpload(uploadId);
        Upload u = store.find(bucket, uploadId).orElseThrow(() -> S3Errors.noSuchUpload(uploadId));
        if (!u.key().equals(key)) throw S3Errors.noSuchUpload(uploadId);
        return u;
    }

    /**
     * The algorithm each part's checksum is kept in: the upload's, else S3's default CRC64NVME, which completion
     * combines into the object's full-object checksum without reading a byte.
     */
    static ChecksumAlgorithm partAlgorithm(Upload u) {
        ChecksumAlgorithm alg = ChecksumAlgorithm.fromName(u.checksumAlgorithm());
        return alg != null ? alg : ObjectEngine.DEFAULT_CHECKSUM;
    }

    public static int partNumber(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_PARTS) return n;
        } catch (NumberFormatException | NullPointerException e) {
            // fall through
        }
        throw S3Errors.invalidArgument("Part number must be an integer between 1 and 10000, inclusive",
                "partNumber", value);
    }

    // ---------------------------------------------------------------- UploadPart

    /**
     * @param checksum        the one checksum the request names (header, trailer or SDK algorithm header), or null
     * @param checksumValue   its value from a header; null when it comes as a trailer or not at all
     * @param checksumTrailer true when the value arrives as a trailer after the body
     * @param uploadCheck     a check of the upload's stored headers the request must pass (its SSE-C key), or null
     */
    public record PartRequest(String accountId, String bucket, String key, String uploadId, String partNumber,
                              long contentLength, String contentMd5, ChecksumAlgorithm checksum,
                              String checksumValue, boolean checksumTrailer,
                              java.util.function.Consumer<Map<String, String>> uploadCheck) {
        public PartRequest(String accountId, String bucket, String key, String uploadId, String partNumber,
                           long contentLength, String contentMd5, ChecksumAlgorithm checksum,
                           String checksumValue, boolean checksumTrailer) {
            this(accountId, bucket, key, uploadId, partNumber, contentLength, contentMd5, checksum, checksumValue,
                    checksumTrailer, null);
        }
    }

    /**
     * @param checksumValue base64 of the request's checksum algorithm over the part, or null
     * @param uploadHeaders the upload's stored headers (its encryption, which every part answers)
     */
    public record PartResult(UploadPart part, ChecksumAlgorithm checksum, String checksumValue,
                             Map<String, String> uploadHeaders) {}

    public PartResult uploadPart(PartRequest r, InputStream body, Supplier<Map<String, String>> trailers)
            throws IOException {
        int number = partNumber(r.partNumber());
        Upload u = upload(r.accountId(), r.bucket(), r.key(), r.uploadId());
        if (r.uploadCheck() != null) r.uploadCheck().accept(u.headers());
        ChecksumAlgorithm uploadAlg = ChecksumAlgorithm.fromName(u.checksumAlgorithm());
        checkPartChecksum(uploadAlg, r.checksum());
        if (r.contentLength() > ObjectEngine.MAX_PUT) throw S3Errors.entityTooLarge(r.contentLength(), ObjectEngine.MAX_PUT);
        byte[] md5 = r.contentMd5() == null ? null : ObjectEngine.contentMd5(r.contentMd5());
        byte[] expected = r.checksumValue() == null ? null : ObjectEngine.checksumValue(r.checksum(), r.checksumValue());

        Set<ChecksumAlgorithm> algs = EnumSet.of(partAlgorithm(u));
        if (r.checksum() != null) algs.add(r.checksum());
        BlobInfo info;
        try (BlobWriter w = blobs().create(algs)) {
            try {
                body.transferTo(w);
            } catch (AwsBodyException e) {
                throw e.error();
            }
            if (r.checksumTrailer()) {
                String v = trailers.get().get(r.checksum().header());
                if (v == null) throw S3Errors.invalidRequest("The " + r.checksum().header() + " trailer was not received.");
                expected = ObjectEngine.checksumValue(r.checksum(), v);
            }
            info = w.commit();
        }
        try {
            if (md5 != null && !Arrays.equals(md5, info.md5())) {
                throw S3Errors.badDigest(r.contentMd5().trim(), Checksums.base64(info.md5()));
            }
            if (expected != null && !Arrays.equals(expected, info.checksums().get(r.checksum()))) {
                throw S3Errors.checksumMismatch(r.checksum().name());
            }
            // a part of an upload without an algorithm answers with its default CRC64NVME, as S3 does
            return publishPart(u, number, info, r.checksum() != null ? r.checksum() : partAlgorithm(u));
        } catch (RuntimeException e) {
            blobs().delete(info.id());
            throw e;
        }
    }

    private static void checkPartChecksum(ChecksumAlgorithm uploadAlg, ChecksumAlgorithm requested) {
        if (uploadAlg != null && requested != null && uploadAlg != requested) {
            throw S3Errors.invalidRequest("Checksum Type mismatch occurred, expected checksum Type: "
                    + uploadAlg.name().toLowerCase(Locale.ROOT) + ", actual checksum Type: "
                    + requested.name().toLowerCase(Locale.ROOT));
        }
    }

    /** @param shown the algorithm whose checksum the response carries, or null for none */
    private PartResult publishPart(Upload u, int number, BlobInfo info, ChecksumAlgorithm shown) {
        ChecksumAlgorithm kept = partAlgorithm(u);
        UploadPart part = new UploadPart(number, info.id().toString(), info.size(), HexFormat.of().formatHex(info.md5()),
                objects.now(), Checksums.base64(info.checksums().get(kept)));
        String replaced = store.putPart(u.uploadId(), part).orElseThrow(() -> S3Errors.noSuchUpload(u.uploadId()));
        if (!replaced.isEmpty()) objects.release(replaced);
        return new PartResult(part, shown, shown == null ? null : Checksums.base64(info.checksums().get(shown)), u.headers());
    }

    // ---------------------------------------------------------------- UploadPartCopy

    /**
     * @param range       x-amz-copy-source-range, or null for the whole source
     * @param uploadCheck as {@link PartRequest#uploadCheck}
     */
    public record PartCopyRequest(String accountId, String bucket, String key, String uploadId, String partNumber,
                                  String sourceBucket, String sourceKey, String sourceVersionId, String range,
                                  ObjectEngine.CopyConditions conditions,
                                  java.util.function.Consumer<Map<String, String>> uploadCheck) {}

    public PartResult uploadPartCopy(PartCopyRequest r) throws IOException {
        int number = partNumber(r.partNumber());
        Upload u = upload(r.accountId(), r.bucket(), r.key(), r.uploadId());
        if (r.uploadCheck() != null) r.uploadCheck().accept(u.headers());
        StoredObject src = objects.copySource(r.accountId(), r.sourceBucket(), r.sourceKey(), r.sourceVersionId());
        ObjectEngine.checkCopyConditions(r.conditions(), src);
        long first = 0;
        long length = src.size();
        if (r.range() != null) {
            long[] fl = copyRange(r.range(), src.size());
            first = fl[0];
            length = fl[1] - fl[0] + 1;
        }
        if (length > ObjectEngine.MAX_PUT) throw S3Errors.copySourceTooLarge(ObjectEngine.MAX_PUT);
        BlobInfo info;
        try (BlobWriter w = blobs().create(EnumSet.of(partAlgorithm(u)))) {
            if (length > 0) {
                try (InputStream in = objects.read(src, first, length)) {
                    in.transferTo(w);
                }
            }
            info = w.commit();
        }
        try {
            // CopyPartResult names the upload's algorithm only (S3 documents no default CRC64NVME there)
            return publishPart(u, number, info, ChecksumAlgorithm.fromName(u.checksumAlgorithm()));
        } catch (RuntimeException e) {
            blobs().delete(info.id());
            throw e;
        }
    }

    /** {first, last} of {@code bytes=first-last}, both required and within the source. */
    static long[] copyRange(String header, long size) {
        String h = header.trim();
        try {
            if (h.startsWith("bytes=")) {
                String spec = h.substring(6);
                int dash = spec.indexOf('-');
                if (dash > 0 && dash < spec.length() - 1) {
                    long first = Long.parseLong(spec.substring(0, dash).trim());
                    long last = Long.parseLong(spec.substring(dash + 1).trim());
                    if (first >= 0 && last >= first) {
                        if (last >= size) {
                            throw S3Errors.invalidArgument("Range specified is not valid for source object of size: " + size,
                                    "x-amz-copy-source-range", header);
                        }
                        return new long[] {first, last};
                    }
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw S3Errors.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where"
                + " first and last are the zero-based offsets of the first and last bytes to copy",
                "x-amz-copy-source-range", header);
    }

    // ---------------------------------------------------------------- CompleteMultipartUpload

    /**
     * A part as the CompleteMultipartUpload body names it.
     *
     * @param etag          as sent (quotes optional)
     * @param checksumValue the part's Checksum&lt;ALG&gt; element, or null
     * @param checksum      which algorithm that element named, or null
     */
    public record CompletedPart(int partNumber, String etag, ChecksumAlgorithm checksum, String checksumValue) {}

    /**
     * @param fullObjectChecksum the request's x-amz-checksum-&lt;alg&gt; header over the whole object, or null
     * @param ifMatch            and {@code ifNoneMatch}: the request's If-Match / If-None-Match, null when not sent
     * @param journal            the completion's event, journaled with it; null for none
     */
    public record CompleteRequest(String accountId, String bucket, String key, String uploadId,
                                  List<CompletedPart> parts, ChecksumAlgorithm fullObjectAlgorithm,
                                  String fullObjectChecksum, String ifMatch, String ifNoneMatch, Journal journal) {
        public CompleteRequest(String accountId, String bucket, String key, String uploadId, List<CompletedPart> parts,
                               ChecksumAlgorithm fullObjectAlgorithm, String fullObjectChecksum) {
            this(accountId, bucket, key, uploadId, parts, fullObjectAlgorithm, fullObjectChecksum, null, null, null);
        }
    }

    public StoredObject complete(CompleteRequest r) {
        Upload u = upload(r.accountId(), r.bucket(), r.key(), r.uploadId());
        Preconditions.checkWriteHeaders(r.ifNoneMatch());
        ObjectEngine.LockPlan lock = objects.pendingLockPlan(objects.bucket(r.accountId(), r.bucket()), u.lock());
        if (r.parts().isEmpty()) throw S3Errors.malformedXml();
        ChecksumAlgorithm alg = ChecksumAlgorithm.fromName(u.checksumAlgorithm());
        if (r.fullObjectAlgorithm() != null && alg != null && r.fullObjectAlgorithm() != alg) {
            checkPartChecksum(alg, r.fullObjectAlgorithm());
        }
        // without an algorithm the object gets S3's default: the parts' CRC64NVMEs combined (FULL_OBJECT)
        ChecksumAlgorithm objectAlg = partAlgorithm(u);
        String type = alg == null ? "FULL_OBJECT" : u.checksumType();
        boolean composite = type.equals("COMPOSITE");
        int previous = 0;
        for (CompletedPart p : r.parts()) {
            if (p.partNumber() <= previous) throw S3Errors.invalidPartOrder();
            previous = p.partNumber();
        }
        for (int attempt = 0; ; attempt++) {
            Map<Integer, UploadPart> stored = store.partsByNumber(u.uploadId());
            List<ManifestPart> manifest = new ArrayList<>();
            ChecksumDigest etag = Checksums.md5();
            ChecksumDigest compositeDigest = composite ? Checksums.newDigest(alg) : null;
            byte[] fullCrc = null;
            // false when a part has no checksum (one stored before parts of default uploads kept their CRC64NVME)
            boolean summed = true;
            long offset = 0;
            for (int i = 0; i < r.parts().size(); i++) {
                CompletedPart want = r.parts().get(i);
                UploadPart have = stored.get(want.partNumber());
                if (have == null || want.etag() == null || !unquote(want.etag()).equals(have.etag())) {
                    throw S3Errors.invalidPart(want.partNumber(), want.etag());
                }
                if (alg != null) {
                    if (want.checksum() != null && want.checksum() != alg) checkPartChecksum(alg, want.checksum());
                    if (want.checksumValue() == null && u.checksumType().equals("COMPOSITE")) {
                        throw S3Errors.invalidRequest("The upload was created using a " + alg.name().toLowerCase(Locale.ROOT)
                                + " checksum. The complete request must include the checksum for each part. It was"
                                + " missing for part " + want.partNumber() + " in the request.");
                    }
                    if (want.checksumValue() != null && !want.checksumValue().trim().equals(have.checksumValue())) {
                        throw S3Errors.invalidPart(want.partNumber(), want.etag());
                    }
                }
                byte[] md5 = HexFormat.of().parseHex(have.etag());
                etag.update(md5, 0, md5.length);
                if (have.checksumValue() == null) {
                    summed = false;
                } else {
                    byte[] digest = Checksums.fromBase64(have.checksumValue());
                    if (composite) {
                        compositeDigest.update(digest, 0, digest.length);
                    } else {
                        fullCrc = fullCrc == null ? digest : Checksums.combine(objectAlg, fullCrc, digest, have.size());
                    }
                }
                // a default upload's part CRC64NVMEs stay out of the manifest: S3 shows no part checksums for it
                manifest.add(new ManifestPart(have.partNumber(), have.blobId(), offset, have.size(), have.etag(),
                        alg == null ? null : have.checksumValue()));
                offset += have.size();
            }
            int n = manifest.size();
            // every named part is checked first (InvalidPart), then the sizes
            for (int i = 0; i < n - 1; i++) {
                if (manifest.get(i).size() < MIN_PART) throw S3Errors.entityTooSmall(manifest.get(i).size(), MIN_PART);
            }
            String checksumValue = !summed ? null
                    : composite ? Checksums.base64(compositeDigest.digest()) + "-" + n : Checksums.base64(fullCrc);
            // the request's full-object checksum is checked against the upload's algorithm, or against the default
            boolean checked = alg != null || r.fullObjectAlgorithm() == objectAlg && checksumValue != null;
            if (r.fullObjectChecksum() != null && checked && !r.fullObjectChecksum().trim().equals(checksumValue)) {
                throw S3Errors.checksumMismatch(objectAlg.name());
            }
            Instant created = objects.now();
            StoredObject o = new StoredObject(u.bucket(), u.key(), BlobId.random().toString(), offset,
                    HexFormat.of().formatHex(etag.digest()) + "-" + n, created, u.storageClass(),
                    checksumValue == null ? null : objectAlg.name(), checksumValue, u.headers(), n,
                    checksumValue == null ? null : type)
                    .withVersionId(VersionIds.next()).withLock(lock.at(created));
            // a failed precondition leaves the upload as it was: it can be completed again
            MultipartStore.CompleteOutcome out = store.complete(u.uploadId(), o, manifest,
                    current -> Preconditions.checkWrite(r.key(), r.ifMatch(), r.ifNoneMatch(), current), r.journal());
            switch (out.status()) {
                case DONE -> {
                    out.releasable().forEach(objects::release);
                    return o.withVersionId(out.versionId());
                }
                case NO_SUCH_UPLOAD -> throw S3Errors.noSuchUpload(u.uploadId());
                case NO_SUCH_BUCKET -> throw S3Errors.noSuchBucket(u.bucket());
                case PARTS_CHANGED -> {
                    // a part was uploaded again between our read and the publish: check against the new one
                    if (attempt > 100) throw new IllegalStateException("parts keep changing: " + u.uploadId());
                }
            }
        }
    }

    private static String unquote(String etag) {
        String e = etag.trim();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) e = e.substring(1, e.length() - 1);
        return e;
    }

    // ---------------------------------------------------------------- AbortMultipartUpload

    public void abort(String accountId, String bucket, String key, String uploadId) {
        Upload u = upload(accountId, bucket, key, uploadId);
        List<String> blobs = store.abort(bucket, u.uploadId()).orElseThrow(() -> S3Errors.noSuchUpload(uploadId));
        blobs.forEach(objects::release);
    }

    /**
     * Aborts every upload of {@code bucket} under {@code prefix} initiated before {@code cutoff}
     * (lifecycle's AbortIncompleteMultipartUpload) and frees their parts.
     *
     * @return how many uploads were aborted
     */
    public int abortUploadsInitiatedBefore(String bucket, String prefix, Instant cutoff) {
        int n = 0;
        byte[] prefixBytes = ObjectKeys.bytes(prefix == null ? "" : prefix);
        MultipartStore.Position cursor = MultipartStore.Position.at(prefixBytes);
        List<Upload> rows;
        do {
            rows = store.scan(bucket, prefixBytes, cursor, 1000);
            for (Upload u : rows) {
                cursor = MultipartStore.Position.after(u);
                if (!u.initiated().isBefore(cutoff)) continue;
                var blobs = store.abort(bucket, u.uploadId());
                if (blobs.isPresent()) {
                    blobs.get().forEach(objects::release);
                    n++;
                }
            }
        } while (rows.size() == 1000);
        return n;
    }

    // ---------------------------------------------------------------- ListParts / ListMultipartUploads

    public record PartsPage(Upload upload, List<UploadPart> parts, boolean truncated, int nextMarker) {}

    public PartsPage listParts(String accountId, String bucket, String key, String uploadId, int maxParts, int marker) {
        Upload u = upload(accountId, bucket, key, uploadId);
        List<UploadPart> parts = store.parts(u.uploadId(), marker, maxParts + 1);
        boolean truncated = parts.size() > maxParts;
        if (truncated) parts = parts.subList(0, maxParts);
        int next = parts.isEmpty() ? 0 : parts.get(parts.size() - 1).partNumber();
        return new PartsPage(u, parts, truncated, next);
    }

    public record UploadsRequest(String accountId, String bucket, String prefix, String delimiter, String keyMarker,
                                 String uploadIdMarker, int maxUploads) {}

    /** @param nextKeyMarker, nextUploadIdMarker where the next page starts (the last item returned) */
    public record UploadsPage(List<Upload> uploads, List<String> commonPrefixes, boolean truncated,
                              String nextKeyMarker, String nextUploadIdMarker) {}

    /**
     * One page, read from the store in batches of at most the page size (plus one, to tell whether it is truncated):
     * a bucket with many uploads is never read whole. A common prefix is one seek past every key it rolls up.
     */
    public UploadsPage listUploads(UploadsRequest r) {
        objects.bucket(r.accountId(), r.bucket());
        String prefix = r.prefix() == null ? "" : r.prefix();
        String delimiter = r.delimiter() == null || r.delimiter().isEmpty() ? null : r.delimiter();
        byte[] prefixBytes = ObjectKeys.bytes(prefix);
        List<Upload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String nextKey = null;
        String nextId = null;
        boolean truncated = false;
        MultipartStore.Position cursor = start(r, prefix, delimiter);
        int batch = Math.max(1, Math.min(r.maxUploads() + 1, 1000));
        scan:
        while (cursor != null) {
            List<Upload> rows = store.scan(r.bucket(), prefixBytes, cursor, batch);
            for (Upload u : rows) {
                cursor = MultipartStore.Position.after(u);
                if (uploads.size() + prefixes.size() == r.maxUploads()) {
                    truncated = true;
                    break scan;
                }
                String cp = delimiter == null ? null : ObjectEngine.commonPrefix(u.key(), prefix, delimiter);
                if (cp == null) {
                    uploads.add(u);
                    nextKey = u.key();
                    nextId = u.uploadId();
                    continue;
                }
                prefixes.add(cp);
                nextKey = cp;
                nextId = null;
                cursor = past(cp);
                continue scan;
            }
            if (rows.size() < batch) break;
        }
        return new UploadsPage(uploads, prefixes, truncated, nextKey, nextId);
    }

    /**
     * Where a page starts: after the key marker (a common prefix marker skips all it rolls up), or, with an
     * upload-id-marker naming one of the marker key's uploads, after that upload (naming none, after the key).
     */
    private MultipartStore.Position start(UploadsRequest r, String prefix, String delimiter) {
        String keyMarker = r.keyMarker() == null || r.keyMarker().isEmpty() ? null : r.keyMarker();
        if (keyMarker == null) return MultipartStore.Position.at(new byte[0]);
        if (delimiter != null && keyMarker.equals(ObjectEngine.commonPrefix(keyMarker, prefix, delimiter))) {
            return past(keyMarker);
        }
        String idMarker = r.uploadIdMarker() == null || r.uploadIdMarker().isEmpty() ? null : r.uploadIdMarker();
        if (idMarker != null) {
            var marker = store.find(r.bucket(), idMarker).filter(u -> u.key().equals(keyMarker));
            if (marker.isPresent()) return MultipartStore.Position.after(marker.get());
        }
        return MultipartStore.Position.at(ObjectKeys.after(ObjectKeys.bytes(keyMarker)));
    }

    /** The first position past every key starting with {@code prefix}; null when there is none. */
    private static MultipartStore.Position past(String prefix) {
        byte[] next = ObjectKeys.successor(ObjectKeys.bytes(prefix));
        return next == null ? null : MultipartStore.Position.at(next);
    }
}
