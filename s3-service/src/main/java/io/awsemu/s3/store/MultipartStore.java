package io.awsemu.s3.store;

import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.ManifestPart;
import io.awsemu.s3.engine.ObjectKeys;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.Upload;
import io.awsemu.s3.engine.UploadPart;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Multipart uploads in progress, their parts, and the publish of a completed one as a manifest. */
public interface MultipartStore {
    /** @return false when the bucket is gone (nothing stored) */
    boolean create(Upload upload);

    /** The upload {@code uploadId} of {@code bucket}, or empty. */
    Optional<Upload> find(String bucket, String uploadId);

    /**
     * Records {@code part} (replacing one with the same number) while the upload exists, in one transaction.
     *
     * @return the blob of the part it replaced (empty string when none), or empty when the upload is gone
     */
    Optional<String> putPart(String uploadId, UploadPart part);

    /** Up to {@code limit} parts numbered above {@code afterPart}, in part order. */
    List<UploadPart> parts(String uploadId, int afterPart, int limit);

    /** Removes the upload and its parts; the part blobs they held, or empty when there was no such upload. */
    Optional<List<String>> abort(String bucket, String uploadId);

    /**
     * Publishes {@code object} (its blob id naming {@code manifest}) and ends the upload in one
     * transaction, provided the upload still exists and each part in {@code manifest} still holds the
     * blob it names.
     */
    CompleteOutcome complete(String uploadId, StoredObject object, List<ManifestPart> manifest);

    /**
     * As {@link #complete(String, StoredObject, List)}, after {@code checkCurrent} accepted the key's current object
     * (null when there is none or its newest version is a delete marker), read in the same transaction; an exception
     * it throws leaves everything as it was, the upload included.
     */
    default CompleteOutcome complete(String uploadId, StoredObject object, List<ManifestPart> manifest,
                                     java.util.function.Consumer<StoredObject> checkCurrent) {
        return complete(uploadId, object, manifest, checkCurrent, null);
    }

    /** As {@link #complete(String, StoredObject, List, java.util.function.Consumer)}, journaling the write's event. */
    CompleteOutcome complete(String uploadId, StoredObject object, List<ManifestPart> manifest,
                             java.util.function.Consumer<StoredObject> checkCurrent, Journal journal);

    /**
     * @param status       DONE, NO_SUCH_UPLOAD, PARTS_CHANGED (a part was re-uploaded meanwhile),
     *                     NO_SUCH_BUCKET
     * @param releasable   blobs to free now: the replaced object's blob or manifest, unused parts
     * @param versionId    the new object's version id, null for the "null" version
     */
    record CompleteOutcome(Status status, List<String> releasable, String versionId) {
        public CompleteOutcome(Status status, List<String> releasable) {
            this(status, releasable, null);
        }

        public enum Status { DONE, NO_SUCH_UPLOAD, PARTS_CHANGED, NO_SUCH_BUCKET }
    }

    /**
     * Up to {@code limit} of the bucket's uploads whose key starts with {@code prefix}, ordered by key bytes,
     * initiation, id (ListMultipartUploads' order), from {@code from} on; one index range scan.
     */
    List<Upload> scan(String bucket, byte[] prefix, Position from, int limit);

    /**
     * Where a scan starts: at the first upload of a key not below {@code key} ({@code uploadId} null), or strictly
     * after upload {@code uploadId}, initiated at {@code initiatedMillis}, of {@code key}.
     */
    record Position(byte[] key, long initiatedMillis, String uploadId) {
        public static Position at(byte[] key) {
            return new Position(key, 0, null);
        }

        public static Position after(Upload u) {
            return new Position(ObjectKeys.bytes(u.key()), u.initiated().toEpochMilli(), u.uploadId());
        }
    }

    /** Every part of the upload by number (completion checks the list against them). */
    default Map<Integer, UploadPart> partsByNumber(String uploadId) {
        Map<Integer, UploadPart> out = new java.util.HashMap<>();
        for (UploadPart p : parts(uploadId, 0, Integer.MAX_VALUE)) out.put(p.partNumber(), p);
        return out;
    }
}
