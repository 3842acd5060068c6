package io.awsemu.s3.store;

import io.awsemu.s3.engine.ManifestPart;
import io.awsemu.s3.engine.StoredObject;

import java.util.List;
import java.util.Optional;

/** Where current objects live, keyed by (bucket, key); keys ordered as unsigned UTF-8 bytes. */
public interface ObjectStore {
    Optional<StoredObject> find(String bucket, String key);

    /**
     * Makes {@code object} the current one at its (bucket, key), in one transaction.
     *
     * @return what it replaced
     */
    PutOutcome put(StoredObject object);

    /**
     * As {@link #put}, but only while {@code source} still holds {@code sourceBlobId} (checked and
     * locked in the same transaction): a copy never publishes a blob a concurrent delete released.
     */
    PutOutcome putIfSourceUnchanged(StoredObject object, String sourceBucket, String sourceKey, String sourceBlobId);

    /** @return the blob id the removed object held, or empty when there was none */
    Optional<String> delete(String bucket, String key);

    /**
     * Up to {@code limit} objects of {@code bucket} whose key starts with {@code prefix} and is
     * {@code >= from} (UTF-8 bytes, unsigned), in that order.
     */
    List<StoredObject> scan(String bucket, byte[] prefix, byte[] from, int limit);

    /** True when any object, manifest or unfinished upload still points at {@code blobId}. */
    boolean referenced(String blobId);

    /** The parts of a multipart object's manifest, in part order (empty when there is none). */
    List<ManifestPart> manifest(String manifestId);

    /**
     * Removes the manifest {@code manifestId} unless an object still points at it, in one transaction.
     *
     * @return the part blobs it named (the caller frees those nothing else uses), empty when kept or absent
     */
    List<String> dropManifest(String manifestId);

    /**
     * @param bucketFound  false when the bucket vanished before the publish (nothing was stored)
     * @param sourceFound  false when {@link #putIfSourceUnchanged}'s source changed (nothing was stored)
     * @param replacedBlob the blob the previous object at the key held, or null
     */
    record PutOutcome(boolean bucketFound, boolean sourceFound, String replacedBlob) {}
}
