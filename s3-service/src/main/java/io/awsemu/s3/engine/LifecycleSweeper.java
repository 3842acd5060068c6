package io.awsemu.s3.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Carries out lifecycle rules at the injected clock's now: deletes current objects whose Expiration
 * (Days or Date) is due and hands the other actions to {@link LifecycleActions}. Runs on a schedule
 * ({@code awsemu.s3.lifecycleSweepMinutes}) and on demand (the developer endpoint, tests).
 */
public final class LifecycleSweeper {
    public static final String KIND = "lifecycle";
    /**
     * The bucket configuration kind that keeps the x-amz-transition-default-minimum-object-size of its lifecycle
     * configuration, when that is not the default {@link LifecycleConfiguration#ALL_CLASSES_128K}.
     */
    public static final String MINIMUM_SIZE_KIND = "lifecycleMinimumSize";
    private static final int PAGE = 1000;

    private final BucketEngine buckets;
    private final BucketConfigs configs;
    private final Function<String, LifecycleConfiguration> parser;
    private final ObjectEngine objects;
    private final ObjectTagging tagging;
    private final Clock clock;
    private volatile LifecycleActions actions = LifecycleActions.NONE;
    private volatile LifecycleEvents events = LifecycleEvents.NONE;

    /** @param parser reads a stored lifecycle document */
    public LifecycleSweeper(BucketEngine buckets, BucketConfigs configs, Function<String, LifecycleConfiguration> parser,
                            ObjectEngine objects, ObjectTagging tagging, Clock clock) {
        this.buckets = buckets;
        this.configs = configs;
        this.parser = parser;
        this.objects = objects;
        this.tagging = tagging;
        this.clock = clock;
    }

    /** Wiring: the versioning and multipart engines' side of lifecycle. */
    public void actions(LifecycleActions actions) {
        this.actions = actions;
    }

    /** Wiring: who hears of each object version the sweeps remove (S3 event notifications). */
    public void events(LifecycleEvents events) {
        this.events = events;
    }

    /**
     * What one sweep did.
     *
     * @param expired      current objects expired (removed, or given a delete marker)
     * @param transitioned objects and noncurrent versions moved to another storage class
     */
    public record Swept(int expired, int transitioned) {}

    public Swept sweep() {
        return sweep(clock.instant());
    }

    /** One pass over every bucket with a lifecycle configuration. */
    public synchronized Swept sweep(Instant now) {
        int expired = 0;
        int[] transitioned = {0};
        for (String[] entry : configs.all(KIND)) {
            Optional<Bucket> bucket = buckets.find(entry[0]);
            if (bucket.isEmpty()) continue;
            LifecycleConfiguration config;
            try {
                config = parser.apply(entry[1]);
            } catch (RuntimeException e) {
                continue;   // stored documents were validated; a bad one must not stop the others
            }
            LifecycleEvents told = events.sweeping(bucket.get());
            LifecycleEvents counting = new LifecycleEvents() {
                @Override
                public void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated) {
                    told.expired(bucket, key, versionId, deleteMarkerCreated);
                }

                @Override
                public void transitioned(Bucket bucket, StoredObject v) {
                    transitioned[0]++;
                    told.transitioned(bucket, v);
                }

                @Override
                public Journal journal() {
                    return told.journal();
                }
            };
            String minimumSize = configs.read(entry[0], MINIMUM_SIZE_KIND).orElse(LifecycleConfiguration.ALL_CLASSES_128K);
            for (LifecycleConfiguration.Rule rule : config.rules()) {
                if (!rule.enabled()) continue;
                expired += currentObjects(bucket.get(), rule, now, minimumSize, counting);
                if (rule.noncurrentDays() != null) actions.expireNoncurrentVersions(bucket.get(), rule, now, counting);
                if (rule.transitions().stream().anyMatch(LifecycleConfiguration.Transition::noncurrent)) {
                    actions.transitionNoncurrentVersions(bucket.get(), rule, now, minimumSize, counting);
                }
                if (Boolean.TRUE.equals(rule.expiredObjectDeleteMarker())) {
                    actions.removeExpiredDeleteMarkers(bucket.get(), rule, now, counting);
                }
                if (rule.abortAfterDays() != null) actions.abortIncompleteUploads(bucket.get(), rule, now);
            }
            told.swept(); // not after a failure: what it journaled and did not tell is left to the outbox's replay
        }
        return new Swept(expired, transitioned[0]);
    }

    /**
     * The rule's Expiration and Transition actions on current objects: each object due to expire is removed, else
     * each one due for a transition moves to the furthest class due. @return how many expired
     */
    private int currentObjects(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now, String minimumSize,
                               LifecycleEvents events) {
        boolean expires = rule.expirationDays() != null
                || rule.expirationDate() != null && !now.isBefore(rule.expirationDate());
        boolean transitions = rule.transitions().stream().anyMatch(t -> !t.noncurrent());
        if (!expires && !transitions) return 0;
        int n = 0;
        String after = null;
        String prefix = rule.filter().prefixOrEmpty();
        while (true) {
            ObjectEngine.ListPage page = objects.list(new ObjectEngine.ListRequest(bucket.accountId(), bucket.name(),
                    prefix, null, PAGE, after));
            for (StoredObject o : page.contents()) {
                boolean due = expires && due(rule, o, now);
                String to = due ? null : rule.transitionDue(o.storageClass(), o.lastModified(), now);
                if (!due && (to == null || !LifecycleConfiguration.sizeAllows(rule.filter(), o.size(), to, minimumSize))) {
                    continue;
                }
                Map<String, String> tags = rule.filter().tags().isEmpty() ? Map.of() : tagging.tags(o);
                if (!rule.filter().matches(o.key(), o.size(), tags)) continue;
                if (!due) {
                    if (objects.transition(o, true, to, current -> to.equals(rule.transitionDue(current.storageClass(),
                            current.lastModified(), now)), events.journal())) {
                        events.transitioned(bucket, o);
                    }
                    continue;
                }
                // only the object listed, still due: a PUT since the listing wrote one that is not
                Optional<ObjectEngine.DeleteResult> d = objects.expire(bucket.name(), o.key(),
                        current -> current.blobId().equals(o.blobId()) && due(rule, current, now), events.journal());
                if (d.isEmpty()) continue;
                events.expired(bucket, o.key(), d.get().versionId(), d.get().deleteMarker());
                n++;
            }
            List<StoredObject> c = page.contents();
            if (!page.truncated() || c.isEmpty()) return n;
            after = c.get(c.size() - 1).key();
        }
    }

    private static boolean due(LifecycleConfiguration.Rule rule, StoredObject o, Instant now) {
        Instant due = rule.expiresAt(o.lastModified());
        return due != null && !now.isBefore(due);
    }
}
