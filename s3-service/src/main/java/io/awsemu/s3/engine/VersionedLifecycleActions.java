package io.awsemu.s3.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
                                         LifecycleEvents expired) {
        versions.expireNoncurrentVersions(bucket.accountId(), bucket.name(), rule.filter().prefixOrEmpty(),
                now.minus(Duration.ofDays(rule.noncurrentDays())),
                rule.newerNoncurrentVersions() == null ? 0 : rule.newerNoncurrentVersions(), told(bucket, expired));
    }

    @Override
    public void transitionNoncurrentVersions(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                             String minimumSize, LifecycleEvents transitioned) {
        for (LifecycleConfiguration.Transition t : rule.transitions()) {
            if (!t.noncurrent()) continue;
            versions.transitionNoncurrentVersions(bucket.name(), rule.filter().prefixOrEmpty(),
                    now.minus(Duration.ofDays(t.days())), t.newerNoncurrentVersions() == null ? 0 : t.newerNoncurrentVersions(),
                    t.storageClass(), v -> LifecycleConfiguration.sizeAllows(rule.filter(), v.size(), t.storageClass(), minimumSize)
                            && withoutTags(rule.filter()).matches(v.key(), v.size(), Map.of()),
                    v -> transitioned.transitioned(bucket, v));
        }
    }

    /** Noncurrent versions are filtered by prefix and size, not by tags. */
    private static LifecycleConfiguration.Filter withoutTags(LifecycleConfiguration.Filter f) {
        return new LifecycleConfiguration.Filter(f.prefix(), Map.of(), f.sizeGreaterThan(), f.sizeLessThan());
    }

    @Override
    public void removeExpiredDeleteMarkers(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                           LifecycleEvents expired) {
        versions.removeExpiredDeleteMarkers(bucket.accountId(), bucket.name(), rule.filter().prefixOrEmpty(),
                told(bucket, expired));
    }

    private static Consumer<StoredObject> told(Bucket bucket, LifecycleEvents expired) {
        return v -> expired.expired(bucket, v.key(), v.versionId(), false);
    }

    @Override
    public void abortIncompleteUploads(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now) {
        uploads.abortUploadsInitiatedBefore(bucket.name(), rule.filter().prefixOrEmpty(),
                now.minus(Duration.ofDays(rule.abortAfterDays())));
    }
}
