package io.awsemu.s3.store;

import io.awsemu.s3.engine.Journal;

import java.util.List;

/**
 * The events of client writes and of the changes of existing versions (tagging, ACL, restore, lifecycle expiration),
 * journaled with them ({@link Journal}) and kept until their request's answer (or their lifecycle sweep) delivered
 * them. Rows go with their bucket.
 */
public interface OutboxStore {
    /**
     * One journaled event.
     *
     * @param versionId what the event shows: null for an unversioned bucket, "null" for the null version
     * @param size      bytes, -1 for a removal
     * @param etag      unquoted, null for a removal
     * @param createdMillis when the write committed
     * @param restoreExpiryMillis  for ObjectRestore:Completed, when the restored copy expires; else null
     * @param restoreStorageClass  for ObjectRestore:Completed, the class it was restored from; else null
     */
    record Entry(long seq, String bucket, String key, String versionId, String event, long size, String etag,
                 String principalId, String sourceIp, String requestId, long createdMillis, Long restoreExpiryMillis,
                 String restoreStorageClass) {}

    /** The request's answer (or a lifecycle sweep) delivered the events journaled under {@code requestId}: its rows go. */
    void done(String requestId);

    /**
     * Up to {@code limit} rows, oldest first, that no answer is delivering: written before {@code before} (epoch
     * millis), by a run that ended or by a request that should have ended long ago.
     */
    List<Entry> leftBefore(long before, int limit);

    /** One row delivered. */
    void remove(long seq);
}
