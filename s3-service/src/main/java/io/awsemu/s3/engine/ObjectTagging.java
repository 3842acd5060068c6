package io.awsemu.s3.engine;

import io.awsemu.s3.store.BucketConfigStore;

import java.util.Map;

/**
 * Object tag sets: Get/Put/DeleteObjectTagging, x-amz-tagging on writes, x-amz-tagging-count on reads.
 * Tag sets live beside the object and are dropped through {@link ObjectHooks} when it is overwritten
 * or deleted.
 */
public final class ObjectTagging implements ObjectHooks {
    public static final String NULL_VERSION = "null";

    private final ObjectEngine objects;
    private final BucketConfigStore store;

    public ObjectTagging(ObjectEngine objects, BucketConfigStore store) {
        this.objects = objects;
        this.store = store;
    }

    /** The tags of an existing object (NoSuchBucket, NoSuchKey as GetObject). */
    public Map<String, String> get(String accountId, String bucket, String key) {
        objects.get(accountId, bucket, key);
        return tags(bucket, key);
    }

    /** Tags of an object already looked up; no checks. */
    public Map<String, String> tags(String bucket, String key) {
        return Tags.decode(store.objectTags(bucket, key, NULL_VERSION).orElse(""));
    }

    public void put(String accountId, String bucket, String key, Map<String, String> tags) {
        objects.get(accountId, bucket, key);
        store.putObjectTags(bucket, key, NULL_VERSION, Tags.encode(tags));
    }

    public void delete(String accountId, String bucket, String key) {
        objects.get(accountId, bucket, key);
        store.deleteObjectTags(bucket, key, NULL_VERSION);
    }

    /** Sets the tags of an object the caller has just written (x-amz-tagging on PutObject/CopyObject). */
    public void set(String bucket, String key, Map<String, String> tags) {
        store.putObjectTags(bucket, key, NULL_VERSION, Tags.encode(tags));
    }

    @Override
    public void written(String bucket, String key, String versionId) {
        // a new version of an unversioned key replaces the old one and with it its tags
        if (NULL_VERSION.equals(versionId)) store.deleteObjectTags(bucket, key, NULL_VERSION);
    }

    @Override
    public void deleted(String bucket, String key, String versionId) {
        store.deleteObjectTags(bucket, key, versionId);
    }
}
