package io.awsemu.s3.engine;

import java.time.Instant;

/**
 * The lifecycle actions that belong to the versioning and multipart engines. {@link LifecycleSweeper}
 * hands each enabled rule that names one of them to these methods on every sweep; the implementation
 * decides what is due at {@code now}. {@link #NONE} (the default until those engines plug in) does nothing.
 */
public interface LifecycleActions {
    /** NoncurrentVersionExpiration: NoncurrentDays, NewerNoncurrentVersions; each version removed told to {@code expired}. */
    default void expireNoncurrentVersions(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                          LifecycleEvents expired) {}

    /** Expiration/ExpiredObjectDeleteMarker: remove delete markers that have no older versions left, told to {@code expired}. */
    default void removeExpiredDeleteMarkers(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                            LifecycleEvents expired) {}

    /**
     * NoncurrentVersionTransition: NoncurrentDays, NewerNoncurrentVersions, StorageClass; small versions as
     * {@code minimumSize} (x-amz-transition-default-minimum-object-size) allows; each version moved told to
     * {@code transitioned}.
     */
    default void transitionNoncurrentVersions(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                              String minimumSize, LifecycleEvents transitioned) {}

    /** AbortIncompleteMultipartUpload/DaysAfterInitiation. */
    default void abortIncompleteUploads(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now) {}

    LifecycleActions NONE = new LifecycleActions() {};
}
