package io.awsemu.s3.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** The lifecycle actions carried out by the versioning and multipart engines. */
public final class VersionedLifecycleActions implements LifecycleActions {
    private final VersioningEngine versions;
    private final MultipartEngine uploads;

    public VersionedLifecycleActions(VersioningEngine versions, MultipartEngine uploads) {
        this.versions = versions;
        this.uploads = uploads;
    }

    @Override
    public void expireNoncurrentVersions(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                         LifecycleExpirations expired) {
        versions.expireNoncurrentVersions(bucket.accountId(), bucket.name(), rule.filter().prefixOrEmpty(),
                now.minus(Duration.ofDays(rule.noncurrentDays())),
                rule.newerNoncurrentVersions() == null ? 0 : rule.newerNoncurrentVersions(), told(bucket, expired));
    }

    @Override
    public void removeExpiredDeleteMarkers(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                           LifecycleExpirations expired) {
        versions.removeExpiredDeleteMarkers(bucket.accountId(), bucket.name(), rule.filter().prefixOrEmpty(),
                told(bucket, expired));
    }

    private static Consumer<StoredObject> told(Bucket bucket, LifecycleExpirations expired) {
        return v -> expired.expired(bucket, v.key(), v.versionId(), false);
    }

    @Override
    public void abortIncompleteUploads(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now) {
        uploads.abortUploadsInitiatedBefore(bucket.name(), rule.filter().prefixOrEmpty(),
                now.minus(Duration.ofDays(rule.abortAfterDays())));
    }
}
