package io.awsemu.s3.engine;

/**
 * What a lifecycle sweep did, told as it happens so that S3 event notifications can send LifecycleExpiration:Delete,
 * LifecycleExpiration:DeleteMarkerCreated and LifecycleTransition. {@link #NONE} tells no one. The expirations are
 * also journaled with the removals when a {@link #journal} is given, so that a crash before they were told does not
 * lose their events (transitions are not).
 */
public interface LifecycleEvents {
    /**
     * @param versionId           the version removed for good or the delete marker made; null on an unversioned bucket
     * @param deleteMarkerCreated the current version of a versioned key got a delete marker (nothing was removed)
     */
    void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated);

    /** Version {@code v} (the current object, or a noncurrent version) moved to another storage class. */
    void transitioned(Bucket bucket, StoredObject v);

    /**
     * What hears of one sweep's pass over {@code bucket}: this, or (with an outbox) one whose {@link #journal} the
     * pass's expirations are journaled in. The sweep calls {@link #swept} on it once the pass ended without failing.
     */
    default LifecycleEvents sweeping(Bucket bucket) {
        return this;
    }

    /**
     * The journal each expiration told here is written down in, in the transaction that removes the version or makes
     * the delete marker ({@link Journal}, family LifecycleExpiration); null when none is kept.
     */
    default Journal journal() {
        return null;
    }

    /** The pass this came from ({@link #sweeping}) ended: everything it expired was told. */
    default void swept() {}

    LifecycleEvents NONE = new LifecycleEvents() {
        @Override public void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated) {}
        @Override public void transitioned(Bucket bucket, StoredObject v) {}
    };
}
