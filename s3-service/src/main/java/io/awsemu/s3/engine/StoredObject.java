package io.awsemu.s3.engine;

import java.time.Instant;
import java.util.Map;

/**
 * One current object as stored: where its bytes are and what S3 answers about it.
 *
 * @param blobId            the blob holding the bytes (hex); CopyObject shares it between keys
 * @param etag              MD5 hex, without quotes
 * @param lastModified      second precision, as HTTP dates carry it
 * @param headers           the response headers stored with it, in the order given (Content-Type,
 *                          Content-Encoding, Content-Disposition, Content-Language, Cache-Control,
 *                          Expires, x-amz-meta-* with lower-case names)
 * @param checksumAlgorithm null when the upload carried no additional checksum
 * @param checksumValue     base64, null with {@code checksumAlgorithm} ({@code <digest>-N} when COMPOSITE)
 * @param partsCount        0 for a single-part object; N for a completed multipart upload, whose
 *                          {@code blobId} then names a manifest of part blobs rather than a blob
 * @param checksumType      FULL_OBJECT or COMPOSITE, null with {@code checksumAlgorithm}
 * @param versionId         null for the "null" version (unversioned or suspended bucket)
 * @param deleteMarker      a delete marker: no bytes, only key, version id and time mean anything
 * @param lock              the version's Object Lock retention and legal hold ({@link ObjectLock#NONE} for none)
 */
public record StoredObject(String bucket, String key, String blobId, long size, String etag, Instant lastModified,
                           String storageClass, String checksumAlgorithm, String checksumValue,
                           Map<String, String> headers, int partsCount, String checksumType, String versionId,
                           boolean deleteMarker, ObjectLock lock) {

    public StoredObject {
        if (lock == null) lock = ObjectLock.NONE;
    }

    /**
     * The server-side encryption headers among {@link #headers}: a copy takes them from its request (or the
     * destination bucket's default), never from its source.
     */
    public static final java.util.Set<String> ENCRYPTION_HEADERS = java.util.Set.of("x-amz-server-side-encryption",
            "x-amz-server-side-encryption-aws-kms-key-id", "x-amz-server-side-encryption-bucket-key-enabled",
            "x-amz-server-side-encryption-customer-algorithm", "x-amz-server-side-encryption-customer-key-MD5");

    /** {@code source}'s headers with {@code request}'s encryption headers in place of its own. */
    public static Map<String, String> withEncryptionOf(Map<String, String> source, Map<String, String> request) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        source.forEach((k, v) -> {
            if (!ENCRYPTION_HEADERS.contains(k)) out.put(k, v);
        });
        request.forEach((k, v) -> {
            if (ENCRYPTION_HEADERS.contains(k)) out.put(k, v);
        });
        return out;
    }

    /** A current version as the multipart completion makes it; the store assigns the version id. */
    public StoredObject(String bucket, String key, String blobId, long size, String etag, Instant lastModified,
                        String storageClass, String checksumAlgorithm, String checksumValue,
                        Map<String, String> headers, int partsCount, String checksumType) {
        this(bucket, key, blobId, size, etag, lastModified, storageClass, checksumAlgorithm, checksumValue, headers,
                partsCount, checksumType, null, false, ObjectLock.NONE);
    }

    /** A single-part object (a PUT's): its checksum, if any, is of the whole object. */
    public StoredObject(String bucket, String key, String blobId, long size, String etag, Instant lastModified,
                        String storageClass, String checksumAlgorithm, String checksumValue,
                        Map<String, String> headers) {
        this(bucket, key, blobId, size, etag, lastModified, storageClass, checksumAlgorithm, checksumValue, headers,
                0, checksumAlgorithm == null ? null : "FULL_OBJECT");
    }

    public boolean multipart() {
        return partsCount > 0;
    }

    /** The x-amz-version-id S3 shows: the id, or "null". */
    public String shownVersionId() {
        return versionId == null ? "null" : versionId;
    }

    public StoredObject withVersionId(String id) {
        return new StoredObject(bucket, key, blobId, size, etag, lastModified, storageClass, checksumAlgorithm,
                checksumValue, headers, partsCount, checksumType, id, deleteMarker, lock);
    }

    /** This version with {@code lock} as its Object Lock state. */
    public StoredObject withLock(ObjectLock lock) {
        return new StoredObject(bucket, key, blobId, size, etag, lastModified, storageClass, checksumAlgorithm,
                checksumValue, headers, partsCount, checksumType, versionId, deleteMarker, lock);
    }

    public String quotedEtag() {
        return "\"" + etag + "\"";
    }

    /** The same bytes under another name, as CopyObject makes it (the source's lock stays with the source). */
    public StoredObject copyAs(String bucket, String key, Instant lastModified, String storageClass,
                               Map<String, String> headers) {
        return new StoredObject(bucket, key, blobId, size, etag, lastModified, storageClass, checksumAlgorithm,
                checksumValue, headers, partsCount, checksumType, null, false, ObjectLock.NONE);
    }
}
