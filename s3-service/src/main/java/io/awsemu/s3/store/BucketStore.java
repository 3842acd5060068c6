package io.awsemu.s3.store;

import io.awsemu.s3.engine.Bucket;

import java.util.List;
import java.util.Optional;

/** Where buckets live. Names are unique across all accounts. */
public interface BucketStore {
    /** Stores {@code bucket}; false (and nothing changes) when the name is taken. */
    boolean insert(Bucket bucket);

    Optional<Bucket> find(String name);

    /** The account's buckets, by name. */
    List<Bucket> list(String accountId);

    /** Replaces the canned ACL (us-east-1's re-create resets it). */
    void updateCannedAcl(String name, String cannedAcl);

    /** Deletes the bucket if it holds nothing; false when it still has objects, versions or uploads. */
    DeleteOutcome deleteIfEmpty(String name);

    enum DeleteOutcome { DELETED, NOT_EMPTY, NOT_FOUND }
}
