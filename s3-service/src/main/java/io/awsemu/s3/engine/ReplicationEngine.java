package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;
import io.awsemu.s3.engine.ReplicationConfiguration.Target;
import io.awsemu.s3.store.BucketConfigStore;
import io.awsemu.s3.store.ObjectStore;
import io.awsemu.s3.store.ReplicationStore;
import io.awsemu.s3.store.ReplicationStore.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bucket replication carried out inside the emulator. A new version in a bucket with a replication
 * configuration is recorded PENDING with its destinations ({@link #objectWritten}), before the write is
 * answered; one replicator at a time ({@link #kick}, on the executor it is given) then publishes each pending
 * version in its destination buckets: the same version id, metadata, checksums, ETag and tags, pointing at the
 * same blob (no byte is copied: the blob stays while any version references it), and marks the source
 * COMPLETED, or FAILED when a destination is gone or no longer versioned (or an unexpected error stays through three
 * tries). Delete markers are replicated the same
 * way. The PENDING rows are the queue, so a restart resumes where the last run stopped ({@link #drain}).
 */
public final class ReplicationEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationEngine.class);
    private static final int BATCH = 100;
    /** Tries of one task before it is FAILED by an unexpected error. */
    private static final int ATTEMPTS = 3;

    private final BucketEngine buckets;
    private final ObjectEngine objects;
    private final ObjectStore objectStore;
    private final BucketConfigStore configs;
    private final ReplicationStore store;
    private final Executor executor;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean again;

    /** @param executor where the replicator runs, off the request's way; never more than one task of it at a time */
    public ReplicationEngine(ObjectEngine objects, BucketConfigStore configs, ReplicationStore store, Executor executor) {
        this.buckets = objects.buckets();
        this.objects = objects;
        this.objectStore = objects.store();
        this.configs = configs;
        this.store = store;
        this.executor = executor;
    }

    /**
     * Before a configuration is stored: the bucket must be versioned, and each destination must exist (in any
     * account this emulator knows), be versioned, and not be the bucket itself.
     */
    public void checkConfiguration(String accountId, String bucket, ReplicationConfiguration c) {
        objects.bucket(accountId, bucket);
        if (!"Enabled".equals(objectStore.versioning(bucket))) {
            throw S3Errors.invalidRequest("Versioning must be 'Enabled' on the bucket to apply a replication configuration")
                    .with("BucketName", bucket);
        }
        for (String dest : c.destinations()) {
            if (dest.equals(bucket)) throw S3Errors.invalidRequest("Destination bucket cannot be the same as the source bucket.");
            if (buckets.find(dest).isEmpty()) throw S3Errors.invalidRequest("Destination bucket must exist.");
            if (!"Enabled".equals(objectStore.versioning(dest))) {
                throw S3Errors.invalidRequest("Destination bucket must have versioning enabled.");
            }
        }
    }

    /** After a new version was published by a client's write: PENDING when a rule sends it anywhere. */
    public void objectWritten(ReplicationConfiguration c, String bucket, String key, String versionId) {
        Map<String, String> tags = c.filtersByTags()
                ? Tags.decode(configs.objectTags(bucket, key, versionId).orElse("")) : Map.of();
        List<Target> targets = c.targets(key, tags);
        if (!targets.isEmpty() && store.enqueue(bucket, key, versionId, false, targets)) kick();
    }

    /** After a DeleteObject without version id made a delete marker. Deletes of a version id never replicate. */
    public void deleteMarkerCreated(ReplicationConfiguration c, String bucket, String key, String versionId) {
        List<Target> targets = c.deleteMarkerTargets(key);
        if (!targets.isEmpty() && store.enqueue(bucket, key, versionId, true, targets)) kick();
    }

    /** x-amz-replication-status of a version: PENDING, COMPLETED, FAILED, REPLICA, or none. */
    public Optional<String> status(String bucket, String key, String versionId) {
        return store.status(bucket, key, versionId);
    }

    /** Starts the replicator on the executor unless it runs; a kick while it runs makes it look again. */
    public void kick() {
        again = true;
        if (!running.compareAndSet(false, true)) return;
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            running.set(false); // the next kick (a write, or the periodic one) tries again
        }
    }

    private void run() {
        try {
            do {
                again = false;
                drain();
            } while (again);
        } catch (RuntimeException e) {
            LOG.warn("S3 replication stopped; the next kick resumes it", e);
        } finally {
            running.set(false);
        }
        if (again) kick(); // kicked between the last look and the reset
    }

    /**
     * Replicates every PENDING version, oldest first, on the calling thread; only one caller at a time (the
     * replicator, or a test without one). @return how many tasks were ended
     */
    public int drain() {
        int n = 0;
        while (true) {
            List<Task> batch = store.pending(BATCH);
            if (batch.isEmpty()) return n;
            for (Task t : batch) {
                store.finish(t, replicate(t));
                n++;
            }
        }
    }

    /**
     * One task, tried again after an unexpected error (each step is idempotent: what an earlier try published is
     * found and kept); FAILED once {@link #ATTEMPTS} tries failed, as for a destination that cannot take it.
     */
    private String replicate(Task t) {
        for (int attempt = 1; ; attempt++) {
            try {
                return t.deleteMarker() ? replicateMarker(t) : replicateVersion(t);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    LOG.warn("S3 replication of {}/{} version {} failed after {} tries", t.bucket(), t.key(), t.versionId(),
                            attempt, e);
                    return ReplicationStore.FAILED;
                }
                LOG.info("S3 replication of {}/{} version {}: {}; trying again", t.bucket(), t.key(), t.versionId(),
                        e.toString());
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** @return the source's new status, or null when the source version is gone (nothing to show it on) */
    private String replicateVersion(Task t) {
        Optional<StoredObject> found = objectStore.findVersion(t.bucket(), t.key(), t.versionId());
        if (found.isEmpty() || found.get().deleteMarker()) return null;
        StoredObject src = found.get();
        Optional<String> tags = configs.objectTags(t.bucket(), t.key(), t.versionId());
        boolean failed = false;
        for (Target target : t.targets()) {
            if (!versioned(target.bucket())) {
                failed = true;
                continue;
            }
            if (objectStore.findVersion(target.bucket(), t.key(), t.versionId()).isEmpty()) {
                StoredObject replica = src.copyAs(target.bucket(), src.key(), src.lastModified(),
                        target.storageClass() == null ? src.storageClass() : target.storageClass(), src.headers())
                        .withVersionId(src.versionId());
                // the source version is locked while the replica is published: a delete cannot free the shared blob between
                ObjectStore.PutOutcome out = objectStore.putIfSourceUnchanged(replica,
                        VersionExtras.NONE.withTags(tags.orElse("")), t.bucket(), t.key(), t.versionId(), src.blobId(),
                        current -> { });
                if (!out.bucketFound()) {
                    failed = true;
                    continue;
                }
                if (!out.sourceFound()) return null;
                objects.release(out.replacedBlob());
            } else {
                // published by an earlier run that stopped before marking it: its tags as the source's now
                configs.putObjectTags(target.bucket(), t.key(), t.versionId(), tags.orElse(""));
            }
            store.markReplica(target.bucket(), t.key(), t.versionId());
        }
        return failed ? ReplicationStore.FAILED : ReplicationStore.COMPLETED;
    }

    /** Delete markers show no replication status: the task is forgotten either way. */
    private String replicateMarker(Task t) {
        Optional<StoredObject> marker = objectStore.findVersion(t.bucket(), t.key(), t.versionId());
        if (marker.isEmpty() || !marker.get().deleteMarker()) return null;
        for (Target target : t.targets()) {
            if (!versioned(target.bucket())) {
                LOG.info("S3 replication of the delete marker {}/{} to {}: the bucket is gone or not versioned",
                        t.bucket(), t.key(), target.bucket());
                continue;
            }
            if (objectStore.findVersion(target.bucket(), t.key(), t.versionId()).isPresent()) continue;
            ObjectStore.DeleteOutcome out = objectStore.delete(target.bucket(), t.key(), null, t.versionId(),
                    marker.get().lastModified());
            objects.release(out.releasedBlob());
        }
        return null;
    }

    private boolean versioned(String bucket) {
        return buckets.find(bucket).isPresent() && "Enabled".equals(objectStore.versioning(bucket));
    }
}
