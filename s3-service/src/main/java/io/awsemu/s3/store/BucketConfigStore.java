package io.awsemu.s3.store;

import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.StoredObject;

import java.util.List;
import java.util.Optional;

/**
 * Per-bucket configuration documents (one per bucket and kind: "tagging", "cors", "website",
 * "lifecycle", ...) and object tag sets. Everything goes with its bucket when the bucket is deleted.
 */
public interface BucketConfigStore {
    Optional<String> get(String bucket, String kind);

    /** Stores or replaces; false when the bucket no longer exists. */
    boolean put(String bucket, String kind, String document);

    /** @return true when there was one */
    boolean delete(String bucket, String kind);

    /** Every bucket holding a document of {@code kind}, as {bucket name, document}. For background sweeps. */
    List<String[]> all(String kind);

    /** The object's tag set, URL-encoded as in x-amz-tagging, or empty when it has none. */
    Optional<String> objectTags(String bucket, String key, String versionId);

    /** Replaces the object's tag set; an empty string removes it. */
    void putObjectTags(String bucket, String key, String versionId, String encodedTags);

    /**
     * Replaces the tag set of version {@code v} ("" removes it), journaling {@code journal}'s event about {@code v}
     * (ObjectTagging:Put or ObjectTagging:Delete) in the same transaction when the bucket is watched; {@code journal}
     * null for none.
     */
    void putObjectTags(StoredObject v, String encodedTags, Journal journal);

    /** Removes the tag set of one version ("null" for the null version). */
    void deleteObjectTags(String bucket, String key, String versionId);
}
