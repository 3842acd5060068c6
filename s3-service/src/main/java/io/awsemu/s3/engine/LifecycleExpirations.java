package io.awsemu.s3.engine;

/**
 * What a lifecycle sweep removed, told as it happens so that S3 event notifications can send
 * LifecycleExpiration:Delete and LifecycleExpiration:DeleteMarkerCreated. {@link #NONE} tells no one.
 */
public interface LifecycleExpirations {
    /**
     * @param versionId           the version removed for good or the delete marker made; null on an unversioned bucket
     * @param deleteMarkerCreated the current version of a versioned key got a delete marker (nothing was removed)
     */
    void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated);

    LifecycleExpirations NONE = (bucket, key, versionId, deleteMarkerCreated) -> {};
}
