package io.awsemu.core.storage;

import io.awsemu.core.storage.blob.BlobId;
import io.awsemu.core.storage.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Removes blobs nobody points at. Each service that stores blob ids registers a predicate saying
 * whether it references a blob (typically one indexed lookup); a committed blob older than
 * {@code minAge} that no owner references is deleted, and dead writers' leftovers always are.
 * {@code minAge} covers the gap between a blob's commit and the metadata transaction publishing it.
 *
 * <p>With no owner registered, only dead writers' leftovers are removed: an empty registry means
 * "services not started yet", never "nothing is referenced".
 */
public final class BlobCollector {
    private static final Logger log = LoggerFactory.getLogger(BlobCollector.class);
    public static final Duration DEFAULT_MIN_AGE = Duration.ofHours(1);

    private final BlobStore store;
    private final Map<String, Predicate<BlobId>> owners = new ConcurrentHashMap<>();

    public BlobCollector(BlobStore store) {
        this.store = Objects.requireNonNull(store);
    }

    /** {@code referenced} must be thread-safe and may query the metadata DB; replaces an earlier one of the same owner. */
    public void register(String owner, Predicate<BlobId> referenced) {
        owners.put(Objects.requireNonNull(owner), Objects.requireNonNull(referenced));
    }

    public void unregister(String owner) {
        owners.remove(owner);
    }

    /** One pass now; returns how many blobs were removed. A predicate's exception aborts the pass. */
    public int collect(Duration minAge) throws IOException {
        List<Predicate<BlobId>> current = List.copyOf(owners.values());
        Predicate<BlobId> referenced = current.isEmpty()
                ? id -> true
                : id -> {
                    for (Predicate<BlobId> p : current) if (p.test(id)) return true;
                    return false;
                };
        return store.collectOrphans(referenced, minAge);
    }

    /** Runs {@link #collect} every {@code period} (first run after one period); cancel the future to stop. */
    public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration period, Duration minAge) {
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                int n = collect(minAge);
                if (n > 0) log.info("blob collector removed {} orphan blob(s)", n);
            } catch (Exception e) {
                // never let one failure cancel the schedule
                log.warn("blob collector pass failed: {}", e.toString());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }
}
