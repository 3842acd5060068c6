package io.awsemu.s3.store;

import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.PublicAccessBlock;
import io.awsemu.s3.engine.StoredObject;

import java.util.Optional;

/** Where ACLs, ownership controls, bucket policies and public access blocks live. */
public interface AccessStore {

    /**
     * A bucket's access settings.
     *
     * @param aclGrants  explicit grants in {@code Acl.encode()} form, or null when the canned ACL applies
     * @param ownership  the ObjectOwnership setting, null when the bucket has no ownership controls
     * @param policy     the policy text, or null
     * @param pab        the public access block, or null when the bucket has none
     * @param region     where the bucket lives (a denied HeadBucket still tells it)
     */
    record BucketAccess(String name, String ownerAccount, String cannedAcl, String aclGrants, String ownership,
                        String policy, PublicAccessBlock pab, String region) {}

    /**
     * An object's owner and grants.
     *
     * @param ownerAccount null: the bucket owner
     * @param aclGrants    null: private to its owner
     */
    record ObjectAccess(String ownerAccount, String aclGrants) {}

    Optional<BucketAccess> bucket(String name);

    /** Replaces the bucket's ACL: a canned name and the grants it expanded to (or explicit grants). */
    void setBucketAcl(String name, String cannedAcl, String aclGrants);

    void setOwnership(String name, String ownership);

    void setPolicy(String name, String policy);

    void setPublicAccessBlock(String name, PublicAccessBlock pab);

    /**
     * An object version's owner and grants; empty when there is no such version (a delete marker has none).
     *
     * @param versionId null: the current object; "null": the null version, current or not
     */
    Optional<ObjectAccess> object(String bucket, String key, String versionId);

    /** Sets an object version's owner and grants ({@code versionId} as for {@link #object}); false when it does not exist. */
    default boolean setObjectAcl(String bucket, String key, String versionId, String ownerAccount, String aclGrants) {
        return setObjectAcl(bucket, key, versionId, ownerAccount, aclGrants, null, null);
    }

    /**
     * As {@link #setObjectAcl(String, String, String, String, String)}, journaling {@code journal}'s event about
     * {@code shown} (ObjectAcl:Put, the version as the answer shows it) in the same transaction when the version was
     * found and the bucket is watched; both null for none.
     */
    boolean setObjectAcl(String bucket, String key, String versionId, String ownerAccount, String aclGrants,
                         StoredObject shown, Journal journal);
}
