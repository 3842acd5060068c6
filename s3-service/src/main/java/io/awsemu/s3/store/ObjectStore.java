package io.awsemu.s3.store;

import io.awsemu.s3.engine.Journal;
import io.awsemu.s3.engine.ManifestPart;
import io.awsemu.s3.engine.ObjectLock;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersionExtras;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Where current objects live, keyed by (bucket, key); keys ordered as unsigned UTF-8 bytes. */
public interface ObjectStore {
    Optional<StoredObject> find(String bucket, String key);

    /**
     * Makes {@code object} the current one at its (bucket, key), with its owner, ACL and tag set {@code extras},
     * in one transaction (which concurrent PUTs may share: committed before this returns all the same). The
     * version it replaces for good (the null version) loses its tag set in the same transaction. On return it
     * survives {@code kill -9}; the blob it replaced may be released only through {@link #whenStored}.
     *
     * @return what it replaced
     */
    PutOutcome put(StoredObject object, VersionExtras extras);

    /**
     * Runs {@code release} (which releases {@code out}'s replaced blob) once nothing can bring back the row that
     * pointed at it: at once, or, for a publish made durable by its record ({@link PutOutcome#publishSeq}), after
     * the metadata was stored.
     */
    default void whenStored(PutOutcome out, Runnable release) {
        release.run();
    }

    /** Stops the store's background work (at shutdown, after the requests drained). */
    default void close() {}

    /**
     * A publish that committed (readers see it) but could not be made durable (the disk refused both its record and
     * the store): the write is not acknowledged, and its blob must stay, since the row points at it.
     */
    final class NotDurable extends RuntimeException {
        public NotDurable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * As {@link #put}, after {@code checkCurrent} accepted the key's current object (null when there is
     * none or its newest version is a delete marker), read and locked in the same transaction; an
     * exception it throws leaves everything as it was.
     */
    PutOutcome put(StoredObject object, VersionExtras extras, java.util.function.Consumer<StoredObject> checkCurrent);

    /**
     * As {@link #put}, but only while {@code source} (its current object, or version
     * {@code sourceVersionId} when not null) still holds {@code sourceBlobId} (checked and locked in the
     * same transaction): a copy never publishes a blob a concurrent delete released. {@code checkCurrent} as for
     * {@link #put(StoredObject, VersionExtras, java.util.function.Consumer)}.
     */
    PutOutcome putIfSourceUnchanged(StoredObject object, VersionExtras extras, String sourceBucket, String sourceKey,
                                    String sourceVersionId, String sourceBlobId,
                                    java.util.function.Consumer<StoredObject> checkCurrent);

    /**
     * DeleteObject as the bucket's versioning state says, in one transaction; a version removed for good loses
     * its tag set in it.
     *
     * @param versionId       the version to remove for good ("null" for the null version), or null to
     *                        delete the key (a delete marker when versioning is Enabled or Suspended)
     * @param markerVersionId the version id a new delete marker gets when versioning is Enabled
     */
    default DeleteOutcome delete(String bucket, String key, String versionId, String markerVersionId,
                                 java.time.Instant now) {
        return delete(bucket, key, versionId, markerVersionId, now, v -> { });
    }

    /**
     * As {@link #delete(String, String, String, String, java.time.Instant)}, after {@code beforeRemoval}
     * accepted the version a {@code versionId} delete removes for good (read and locked in the same
     * transaction; not called when there is no such version); an exception it throws leaves everything as it was.
     */
    default DeleteOutcome delete(String bucket, String key, String versionId, String markerVersionId, java.time.Instant now,
                                 java.util.function.Consumer<StoredObject> beforeRemoval) {
        return delete(bucket, key, versionId, markerVersionId, now, beforeRemoval, null);
    }

    /**
     * As {@link #delete(String, String, String, String, java.time.Instant, java.util.function.Consumer)}, journaling the
     * removal's event in the same transaction when {@code journal} is given and the bucket is watched.
     */
    DeleteOutcome delete(String bucket, String key, String versionId, String markerVersionId, java.time.Instant now,
                         java.util.function.Consumer<StoredObject> beforeRemoval, Journal journal);

    /**
     * As {@link #delete(String, String, String, String, java.time.Instant, java.util.function.Consumer, Journal)},
     * committed (readers see it) but durable only at the next {@link #store}: for a request of many deletes
     * (DeleteObjects) that stores once before it answers. Its released blob may be freed only after that store.
     */
    default DeleteOutcome deleteUnstored(String bucket, String key, String versionId, String markerVersionId,
                                         java.time.Instant now, java.util.function.Consumer<StoredObject> beforeRemoval,
                                         Journal journal) {
        return delete(bucket, key, versionId, markerVersionId, now, beforeRemoval, journal);
    }

    /** Makes every write committed so far durable ({@link #deleteUnstored}'s): on return they survive kill -9. */
    default void store() {}

    /**
     * Replaces the Object Lock state of version {@code versionId} ("null" for the null version) with what
     * {@code change} makes of its current one, read and written in one transaction under the key's lock; an
     * exception {@code change} throws leaves it as it was.
     *
     * @return the version with its new state; empty when it (or the bucket) is gone or is a delete marker
     */
    Optional<StoredObject> updateLock(String bucket, String key, String versionId,
                                      java.util.function.UnaryOperator<ObjectLock> change);

    /**
     * Turns Object Lock on for an existing bucket, in one transaction with the check that versioning is
     * Enabled (it can then no longer be suspended).
     */
    EnableLockOutcome enableObjectLock(String bucket);

    enum EnableLockOutcome { ENABLED, VERSIONING_NOT_ENABLED, NO_SUCH_BUCKET }

    /** The version {@code versionId} ("null" for the null version), current or not, delete markers included. */
    Optional<StoredObject> findVersion(String bucket, String key, String versionId);

    /** The key's newest noncurrent version or delete marker (a GET with no current object asks whether it is a marker). */
    Optional<StoredObject> newestNoncurrent(String bucket, String key);

    /**
     * Every version of the keys starting with {@code prefix} and {@code >= from}: per key the current
     * object first, then noncurrent versions and delete markers newest first; {@code offset} rows skipped. The
     * rows carry no stored headers (a listing shows none). Page on by the last key and the rows of it seen, not
     * by a growing offset: the offset's rows are read again on every call.
     */
    List<StoredObject> scanVersions(String bucket, byte[] prefix, byte[] from, int offset, int limit);

    /** When the restored copy of the archived version holding {@code blobId} expires (epoch millis), if it has one. */
    OptionalLong restoredUntil(String bucket, String key, String blobId);

    /**
     * {@link #restoredUntil(String, String, String)} for many versions at once (a listing page), in one query: the
     * expiry of each one's restored copy, keyed by key and blob, for those that have one.
     */
    Map<VersionBlob, Long> restoredUntil(String bucket, Collection<VersionBlob> versions);

    /** A version of a key, named by the blob it holds (a restored copy is keyed so). */
    record VersionBlob(String key, String blobId) {}

    /**
     * Sets (or moves) the expiry of version {@code v}'s restored copy (keyed by its blob); false when the bucket is
     * gone. A restore that makes the copy journals ObjectRestore:Post and ObjectRestore:Completed of {@code v} in the
     * same transaction when {@code journal} is given and the bucket is watched; one that moves an expiry passes null.
     */
    boolean restore(StoredObject v, long expiresMillis, Journal journal);

    /**
     * As {@link #delete(String, String, String, String, java.time.Instant)} without a version id, but only while the
     * key's current object passes {@code condition} (read and checked in the deleting transaction): a lifecycle
     * expiration never removes an object written after the sweep listed the key.
     *
     * @return empty when there is no current object or it fails {@code condition}: nothing was changed
     */
    default Optional<DeleteOutcome> deleteCurrentIf(String bucket, String key,
                                                    java.util.function.Predicate<StoredObject> condition,
                                                    String markerVersionId, java.time.Instant now) {
        return deleteCurrentIf(bucket, key, condition, markerVersionId, now, null);
    }

    /**
     * As {@link #deleteCurrentIf(String, String, java.util.function.Predicate, String, java.time.Instant)}, journaling
     * the removal's event ({@code journal}'s family: LifecycleExpiration) in the same transaction when the bucket is
     * watched; {@code journal} null for none.
     */
    Optional<DeleteOutcome> deleteCurrentIf(String bucket, String key, java.util.function.Predicate<StoredObject> condition,
                                            String markerVersionId, java.time.Instant now, Journal journal);

    /**
     * Lifecycle's transition: gives the key's current object ({@code versionId} null) or version {@code versionId}
     * ("null" for the null version) the storage class {@code storageClass}, only while it passes {@code condition}
     * (read and checked in the same transaction). The change's LifecycleTransition event is journaled with it when
     * {@code journal} is given and the bucket is watched.
     *
     * @return false when nothing changed: the version is gone, a delete marker, or failed {@code condition}
     */
    boolean changeStorageClass(String bucket, String key, String versionId,
                               java.util.function.Predicate<StoredObject> condition, String storageClass, Journal journal);

    /** The bucket's versioning status: null (never enabled), Enabled or Suspended. */
    String versioning(String bucket);

    void setVersioning(String bucket, String status);

    /**
     * @param bucketFound   false when the bucket is gone
     * @param releasedBlob  the blob (or manifest) the removed version held, for the caller to free, or null
     * @param versionId     the x-amz-version-id to answer (the marker's or the deleted version's), null for none
     * @param deleteMarker  a delete marker was created or removed (x-amz-delete-marker: true)
     * @param freedParts    as {@link PutOutcome#freedParts}, for {@code releasedBlob}
     */
    record DeleteOutcome(boolean bucketFound, String releasedBlob, String versionId, boolean deleteMarker,
                         List<String> freedParts) {
        DeleteOutcome freeing(List<String> parts) {
            return new DeleteOutcome(bucketFound, releasedBlob, versionId, deleteMarker, parts);
        }
    }

    /**
     * Up to {@code limit} objects of {@code bucket} whose key starts with {@code prefix} and is
     * {@code >= from} (UTF-8 bytes, unsigned), in that order; without their stored headers (empty), which
     * a listing never shows.
     */
    List<StoredObject> scan(String bucket, byte[] prefix, byte[] from, int limit);

    /** True when any object, manifest or unfinished upload still points at {@code blobId}. */
    boolean referenced(String blobId);

    /** The parts of a multipart object's manifest, in part order (empty when there is none). */
    List<ManifestPart> manifest(String manifestId);

    /**
     * For a blob an object just stopped using, in one transaction: empty when anything still references
     * it ({@link #referenced}); otherwise its manifest, if it is one, is dropped and its part blobs are
     * returned (an empty list for a plain blob), and the caller frees the blob.
     */
    Optional<List<String>> unreferenced(String blobId);

    /**
     * @param bucketFound  false when the bucket vanished before the publish (nothing was stored)
     * @param sourceFound  false when {@link #putIfSourceUnchanged}'s source changed (nothing was stored)
     * @param replacedBlob the blob the previous object at the key held, or null
     * @param versionId    the new object's version id; null for the "null" version
     * @param freedParts   when the write's own transaction found {@code replacedBlob} referenced no more, as
     *                     {@link #unreferenced} does: the part blobs of its dropped manifest (empty for a plain
     *                     blob), for the caller to free with it; null when still referenced or not looked at
     * @param publishSeq   the publish's number in the store's publish log when a record written after the commit
     *                     made it durable (its replaced blob waits for a store: {@link #whenStored}); 0 otherwise
     */
    record PutOutcome(boolean bucketFound, boolean sourceFound, String replacedBlob, String versionId,
                      List<String> freedParts, long publishSeq) {
        PutOutcome(boolean bucketFound, boolean sourceFound, String replacedBlob, String versionId,
                   List<String> freedParts) {
            this(bucketFound, sourceFound, replacedBlob, versionId, freedParts, 0);
        }

        /** This outcome, its replaced blob found unreferenced ({@code parts} not null) or not (null). */
        PutOutcome freeing(List<String> parts) {
            return new PutOutcome(bucketFound, sourceFound, replacedBlob, versionId, parts, publishSeq);
        }

        /** This outcome of a publish that is durable once its record is written, publish {@code seq} of the log. */
        PutOutcome logged(long seq) {
            return new PutOutcome(bucketFound, sourceFound, replacedBlob, versionId, freedParts, seq);
        }
    }
}
