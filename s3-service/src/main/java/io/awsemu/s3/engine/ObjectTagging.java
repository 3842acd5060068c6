package io.awsemu.s3.engine;

import io.awsemu.s3.store.BucketConfigStore;

import java.util.Map;

/**
 * Object tag sets: Get/Put/DeleteObjectTagging, x-amz-tagging on writes, x-amz-tagging-count on reads.
 * A new version's tag set is published with it, and removed with it, in the object store's transaction
 * ({@link VersionExtras}); these operations change the tag set of a version that exists.
 */
public final class ObjectTagging {
    private final ObjectEngine objects;
    private final BucketConfigStore store;

    public ObjectTagging(ObjectEngine objects, BucketConfigStore store) {
        this.objects = objects;
        this.store = store;
    }

    /** The object (or the version asked for) whose tags an operation reads or writes: NoSuchKey/NoSuchVersion as GetObject. */
    public StoredObject object(String accountId, String bucket, String key, String versionId) {
        return objects.get(accountId, bucket, key, versionId);
    }

    /** A copy source, checked as CopyObject checks it. */
    public StoredObject copySource(String accountId, String bucket, String key, String versionId) {
        return objects.copySource(accountId, bucket, key, versionId);
    }

    /** The tags of an object (version) already looked up; no checks. */
    public Map<String, String> tags(StoredObject o) {
        return Tags.decode(store.objectTags(o.bucket(), o.key(), o.shownVersionId()).orElse(""));
    }

    /** Replaces the tag set of an object (version) already looked up. */
    public void set(StoredObject o, Map<String, String> tags) {
        set(o, tags, null);
    }

    /** As {@link #set(StoredObject, Map)}, journaling the change's event (ObjectTagging:Put) with it; null for none. */
    public void set(StoredObject o, Map<String, String> tags, Journal journal) {
        store.putObjectTags(o, Tags.encode(tags), journal);
    }

    /** Removes the tag set of an object (version) already looked up, journaling ObjectTagging:Delete; null for none. */
    public void delete(StoredObject o, Journal journal) {
        store.putObjectTags(o, "", journal);
    }
}
