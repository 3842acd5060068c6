package io.awsemu.s3.store;

import io.awsemu.s3.engine.ReplicationConfiguration.Target;

import java.util.List;
import java.util.Optional;

/**
 * Replication state per object version: the source versions still to replicate (PENDING, with their
 * destinations), the outcome (COMPLETED, FAILED) and the replicas (REPLICA). Rows go with their bucket.
 */
public interface ReplicationStore {
    String PENDING = "PENDING";
    String COMPLETED = "COMPLETED";
    String FAILED = "FAILED";
    String REPLICA = "REPLICA";

    /** A version (or delete marker) waiting to be replicated to {@code targets}, oldest first by {@code seq}. */
    record Task(long seq, String bucket, String key, String versionId, boolean deleteMarker, List<Target> targets) {}

    /**
     * Records a PENDING version or delete marker, unless that version has a row already (queued, finished, or a
     * replica): false then, and when the bucket is gone.
     */
    boolean enqueue(String bucket, String key, String versionId, boolean deleteMarker, List<Target> targets);

    /** Up to {@code limit} PENDING tasks, oldest first. */
    List<Task> pending(int limit);

    /** Ends a task: its version answers {@code status} from now on; null forgets it (delete markers show none). */
    void finish(Task task, String status);

    /** The version is a replica: it answers REPLICA and is never replicated again. */
    void markReplica(String bucket, String key, String versionId);

    /** x-amz-replication-status of a version, if it has one. */
    Optional<String> status(String bucket, String key, String versionId);
}
