package io.awsemu.s3.store;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@code s3.buckets} rows that every object request reads (owner, ACL, ownership, policy, public
 * access block), kept in memory: a small PUT or GET looked its bucket up three or four times in H2.
 * Shared by {@link H2BucketStore} and {@link H2AccessStore}, which run every write of a bucket row
 * through {@link #write}.
 *
 * <p>Never stale: while any bucket write is in progress, readers bypass the cache and read H2; a value
 * read from H2 is kept only if no write started since the read began. So a cached value always equals
 * the committed row. Bucket writes are rare, so one counter for all buckets is enough.
 */
public final class BucketCache {
    /** For stores used on their own (tests): nothing is cached. */
    public static final BucketCache NONE = new BucketCache(false);

    private final boolean enabled;
    private final ConcurrentHashMap<Key, Optional<?>> rows = new ConcurrentHashMap<>();
    private long writesStarted; // guarded by this
    private int writing; // guarded by this
    private volatile boolean bypass;

    /** Hand-written, not a record: a record's equals/hashCode go through method handles, slow under C1. */
    private static final class Key {
        private final Class<?> view;
        private final String bucket;

        Key(Class<?> view, String bucket) {
            this.view = view;
            this.bucket = bucket;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.view == view && k.bucket.equals(bucket);
        }

        @Override
        public int hashCode() {
            return 31 * view.hashCode() + bucket.hashCode();
        }
    }

    public BucketCache() {
        this(true);
    }

    private BucketCache(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@code view} of the bucket (the record type the caller reads), from memory or {@code load}. */
    @SuppressWarnings("unchecked")
    <T> Optional<T> get(Class<T> view, String bucket, Supplier<Optional<T>> load) {
        if (!enabled || bypass) return load.get();
        Key key = new Key(view, bucket);
        Optional<?> hit = rows.get(key);
        if (hit != null) return (Optional<T>) hit;
        long started;
        synchronized (this) {
            if (writing > 0) return load.get();
            started = writesStarted;
        }
        Optional<T> loaded = load.get();
        // absent buckets are not kept: a miss is cheap to repeat and creates are not worth tracking twice
        if (loaded.isPresent()) {
            synchronized (this) {
                if (writing == 0 && writesStarted == started) rows.put(key, loaded);
            }
        }
        return loaded;
    }

    /** Runs a write of bucket rows (insert, update, delete); the cache is empty and bypassed meanwhile. */
    <T> T write(Supplier<T> work) {
        if (!enabled) return work.get();
        synchronized (this) {
            writing++;
            writesStarted++;
            bypass = true;
            rows.clear();
        }
        try {
            return work.get();
        } finally {
            synchronized (this) {
                writing--;
                rows.clear();
                bypass = writing > 0;
            }
        }
    }
}
