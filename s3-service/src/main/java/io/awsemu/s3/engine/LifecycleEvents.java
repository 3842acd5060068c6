package io.awsemu.s3.engine;

/**
 * What a lifecycle sweep did, told as it happens so that S3 event notifications can send LifecycleExpiration:Delete,
 * LifecycleExpiration:DeleteMarkerCreated and LifecycleTransition. {@link #NONE} tells no one.
 */
public interface LifecycleEvents {
    /**
     * @param versionId           the version removed for good or the delete marker made; null on an unversioned bucket
     * @param deleteMarkerCreated the current version of a versioned key got a delete marker (nothing was removed)
     */
    void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated);

    /** Version {@code v} (the current object, or a noncurrent version) moved to another storage class. */
    void transitioned(Bucket bucket, StoredObject v);

    LifecycleEvents NONE = new LifecycleEvents() {
        @Override public void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated) {}
        @Override public void transitioned(Bucket bucket, StoredObject v) {}
    };
}
