package io.awsemu.s3.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The lifecycle actions carried out by the versioning and multipart engines. Noncurrent versions are filtered as
 * current objects are (prefix, the version's own tags, size); delete markers and uploads by prefix (S3 refuses tags
 * on those actions).
 */
public final class VersionedLifecycleActions implements LifecycleActions {
    private final VersioningEngine versions;
    private final MultipartEngine uploads;
    private final ObjectTagging tagging;

    public VersionedLifecycleActions(VersioningEngine versions, MultipartEngine uploads, ObjectTagging tagging) {
        this.versions = versions;
        this.uploads = uploads;
        this.tagging = tagging;
    }

    /** The versions a rule's filter takes in; the tags are read only when the filter names some. */
    private Predicate<StoredObject> inScope(LifecycleConfiguration.Filter f) {
        return v -> f.matches(v.key(), v.size(), f.tags().isEmpty() ? Map.of() : tagging.tags(v));
    }

    @Override
    public void expireNoncurrentVersions(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                         LifecycleEvents expired) {
        versions.expireNoncurrentVersions(bucket.name(), rule.filter().prefixOrEmpty(),
                now.minus(Duration.ofDays(rule.noncurrentDays())),
                rule.newerNoncurrentVersions() == null ? 0 : rule.newerNoncurrentVersions(), inScope(rule.filter()),
                expired.journal(), told(bucket, expired));
    }

    @Override
    public void transitionNoncurrentVersions(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                             String minimumSize, LifecycleEvents transitioned) {
        for (LifecycleConfiguration.Transition t : rule.transitions()) {
            if (!t.noncurrent()) continue;
            versions.transitionNoncurrentVersions(bucket.name(), rule.filter().prefixOrEmpty(),
                    now.minus(Duration.ofDays(t.days())), t.newerNoncurrentVersions() == null ? 0 : t.newerNoncurrentVersions(),
                    t.storageClass(), inScope(rule.filter()).and(
                            v -> LifecycleConfiguration.sizeAllows(rule.filter(), v.size(), t.storageClass(), minimumSize)),
                    transitioned.journal(), v -> transitioned.transitioned(bucket, v));
        }
    }

    @Override
    public void removeExpiredDeleteMarkers(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                           LifecycleEvents expired) {
        versions.removeExpiredDeleteMarkers(bucket.name(), rule.filter().prefixOrEmpty(), expired.journal(),
                told(bucket, expired));
    }

    private static Consumer<StoredObject> told(Bucket bucket, LifecycleEvents expired) {
        // as DeleteObject?versionId=null tells it, and as the journal row replays it: the null version shows "null"
        return v -> expired.expired(bucket, v.key(), v.shownVersionId(), false);
    }

    @Override
    public void abortIncompleteUploads(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now) {
        uploads.abortUploadsInitiatedBefore(bucket.name(), rule.filter().prefixOrEmpty(),
                now.minus(Duration.ofDays(rule.abortAfterDays())));
    }
}
