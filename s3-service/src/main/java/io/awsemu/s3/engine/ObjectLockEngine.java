package io.awsemu.s3.engine;

import io.awsemu.s3.S3ConfigErrors;
import io.awsemu.s3.S3Errors;
import io.awsemu.s3.store.BucketConfigStore;
import io.awsemu.s3.store.ObjectStore;

import java.time.Instant;
import java.util.Optional;

/**
 * S3 Object Lock: a bucket's configuration (enabled, and its default retention) and each version's retention
 * and legal hold. Enforcement on deletes is {@link ObjectEngine#delete(String, String, String, String, boolean)};
 * what a new version gets is {@link ObjectEngine#lockPlan}.
 */
public final class ObjectLockEngine {
    /** The bucket_configs kind that holds the default retention ({@link DefaultRetention#encode}). */
    public static final String KIND = "object-lock";

    private final ObjectEngine objects;
    private final ObjectStore store;
    private final BucketConfigStore configs;

    public ObjectLockEngine(ObjectEngine objects, BucketConfigStore configs) {
        this.objects = objects;
        this.store = objects.store();
        this.configs = configs;
        objects.lockDefaults(this::defaultRetention);
    }

    /** The default retention of a bucket with Object Lock, if it has one. No checks: for the write path. */
    public Optional<DefaultRetention> defaultRetention(String bucket) {
        return configs.get(bucket, KIND).map(DefaultRetention::decode);
    }

    /**
     * GetObjectLockConfiguration: the default retention (empty when Object Lock is enabled without a rule);
     * ObjectLockConfigurationNotFoundError when the bucket has no Object Lock.
     */
    public Optional<DefaultRetention> configuration(String accountId, String bucket) {
        Bucket b = objects.bucket(accountId, bucket);
        if (!b.objectLockEnabled()) throw S3ConfigErrors.objectLockConfigurationNotFoundError(bucket);
        return defaultRetention(bucket);
    }

    /**
     * PutObjectLockConfiguration (ObjectLockEnabled is Enabled; the wire checked the document). Enabling it on
     * an existing bucket needs versioning Enabled; once on it stays on. {@code rule} null removes the default
     * retention.
     */
    public void putConfiguration(String accountId, String bucket, DefaultRetention rule) {
        Bucket b = objects.bucket(accountId, bucket);
        if (!b.objectLockEnabled()) {
            switch (store.enableObjectLock(bucket)) {
                case NO_SUCH_BUCKET -> throw S3Errors.noSuchBucket(bucket);
                case VERSIONING_NOT_ENABLED -> throw S3Errors.invalidBucketState(
                        "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
                case ENABLED -> { }
            }
        }
        if (rule == null) configs.delete(bucket, KIND);
        else if (!configs.put(bucket, KIND, rule.encode())) throw S3Errors.noSuchBucket(bucket);
    }

    /**
     * The version whose lock state Get/PutObjectRetention and Get/PutObjectLegalHold read or change: InvalidRequest
     * on a bucket without Object Lock, then as GetObject (NoSuchKey, NoSuchVersion, MethodNotAllowed for a marker).
     */
    public StoredObject version(String accountId, String bucket, String key, String versionId) {
        Bucket b = objects.bucket(accountId, bucket);
        if (!b.objectLockEnabled()) throw S3Errors.bucketMissingObjectLock();
        return objects.get(accountId, bucket, key, versionId);
    }

    /** GetObjectRetention: NoSuchObjectLockConfiguration when the version has none. */
    public ObjectLock retention(String accountId, String bucket, String key, String versionId) {
        ObjectLock lock = version(accountId, bucket, key, versionId).lock();
        if (!lock.hasRetention()) throw S3ConfigErrors.noSuchObjectLockConfiguration();
        return lock;
    }

    /** GetObjectLegalHold: "ON" or "OFF"; NoSuchObjectLockConfiguration when it was never set. */
    public String legalHold(String accountId, String bucket, String key, String versionId) {
        ObjectLock lock = version(accountId, bucket, key, versionId).lock();
        if (lock.legalHold() == null) throw S3ConfigErrors.noSuchObjectLockConfiguration();
        return lock.legalHold();
    }

    /**
     * PutObjectRetention. {@code mode} null (with {@code retainUntil}) removes the retention. A new date must be
     * in the future; what a retention in force allows is {@link ObjectLock#changeRetention}.
     */
    public StoredObject putRetention(String accountId, String bucket, String key, String versionId, String mode,
                                     Instant retainUntil, boolean bypassGovernance) {
        StoredObject v = version(accountId, bucket, key, versionId);
        Instant now = objects.clock().instant();
        if (retainUntil != null && !retainUntil.isAfter(now)) throw S3Errors.retainUntilDateInPast();
        return store.updateLock(bucket, key, v.shownVersionId(),
                        lock -> lock.changeRetention(mode, retainUntil, now, bypassGovernance))
                .orElseThrow(() -> gone(v, versionId));
    }

    /** PutObjectLegalHold: "ON" or "OFF", always allowed (no bypass involved). */
    public StoredObject putLegalHold(String accountId, String bucket, String key, String versionId, String status) {
        StoredObject v = version(accountId, bucket, key, versionId);
        return store.updateLock(bucket, key, v.shownVersionId(), lock -> lock.withLegalHold(status))
                .orElseThrow(() -> gone(v, versionId));
    }

    // deleted between the look-up and the change
    private static RuntimeException gone(StoredObject v, String versionId) {
        return versionId == null ? S3Errors.noSuchKey(v.key()) : S3Errors.noSuchVersion(v.key(), versionId);
    }
}
