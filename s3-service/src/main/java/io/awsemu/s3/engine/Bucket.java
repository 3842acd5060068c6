package io.awsemu.s3.engine;

import java.time.Instant;

/**
 * One bucket as stored. Names are global; {@code accountId} owns it.
 *
 * @param region             where it lives (us-east-1 when created without a constraint)
 * @param locationConstraint as given at creation, returned by GetBucketLocation (null for us-east-1,
 *                           "EU" stays "EU")
 * @param created            creation time, millisecond precision (ListBuckets shows millis)
 * @param cannedAcl          the canned ACL set at creation ("private" by default)
 * @param objectOwnership    BucketOwnerEnforced (AWS's default since 2023), BucketOwnerPreferred or ObjectWriter
 * @param objectLockEnabled  x-amz-bucket-object-lock-enabled at creation
 */
public record Bucket(String name, String accountId, String region, String locationConstraint, Instant created,
                     String cannedAcl, String objectOwnership, boolean objectLockEnabled) {

    public Bucket withCannedAcl(String acl) {
        return new Bucket(name, accountId, region, locationConstraint, created, acl, objectOwnership, objectLockEnabled);
    }
}
