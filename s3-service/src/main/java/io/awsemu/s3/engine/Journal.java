package io.awsemu.s3.engine;

/**
 * The event of a client's object write, written down in the write's own transaction (the outbox) whenever the bucket
 * has an event notification or a replication configuration. The request's answer delivers the event and queues the
 * replication, then removes the row; a crash between the commit and that leaves the row, and the next start does it.
 * So a write that a crash left visible is never without its event or its replica, answered or not (at least once,
 * as S3's own notifications). The changes of an existing version journal theirs the same way: Put/DeleteObjectTagging,
 * PutObjectAcl, RestoreObject, and a lifecycle sweep's expirations (whose journal is the sweep's, not a request's).
 *
 * <p>One request, one journal: a DeleteObjects journals each of its keys with the same one.
 */
public final class Journal {
    private final String event;
    private final String principalId;
    private final String sourceIp;
    private final String requestId;
    private volatile boolean written;

    /**
     * @param event       the event name without "s3:": ObjectCreated:Put, ObjectTagging:Put, ObjectAcl:Put, ... ; for
     *                    a removal its family, ObjectRemoved or LifecycleExpiration, which the removal completes
     *                    ({@link #removal}); for a restore ObjectRestore, journaled as ObjectRestore:Post and
     *                    ObjectRestore:Completed
     * @param principalId who wrote ("AWS:" and the access key, or "Anonymous")
     * @param sourceIp    the client's address
     * @param requestId   the request's id: the rows of one request are removed together
     */
    public Journal(String event, String principalId, String sourceIp, String requestId) {
        this.event = event;
        this.principalId = principalId;
        this.sourceIp = sourceIp;
        this.requestId = requestId;
    }

    /** {@code family}:DeleteMarkerCreated when a delete without version id made a marker, {@code family}:Delete otherwise. */
    public static String removal(String family, boolean markerCreated) {
        return family + (markerCreated ? ":DeleteMarkerCreated" : ":Delete");
    }

    public String event() {
        return event;
    }

    public String principalId() {
        return principalId;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public String requestId() {
        return requestId;
    }

    /** Called by the store once it inserted a row of this journal in the write's transaction. */
    public void written() {
        written = true;
    }

    /**
     * Whether a row of this journal was inserted: only then has the answer rows to remove (none when that
     * transaction rolled back, and removing them finds nothing).
     */
    public boolean wasWritten() {
        return written;
    }
}
