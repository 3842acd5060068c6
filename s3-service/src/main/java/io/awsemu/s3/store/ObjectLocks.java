package io.awsemu.s3.store;

import io.awsemu.core.storage.meta.MetadataDb;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * In-process locks that order the writes of object rows, in place of H2 row locks ({@code SELECT ... FOR
 * UPDATE}) on the PUT path. H2 parses and plans a {@code FOR UPDATE} query on every call (it never caches
 * one), and in MVStore locking a row is a write of it: every PUT's commit also wrote the bucket row's page.
 * The JVM owns the embedded database exclusively, so a lock here orders every writer there is.
 *
 * <ul>
 *   <li>Per bucket (striped), a read-write lock: object writers ({@link #object}) hold it shared, so the
 *       bucket row they read (id, versioning) cannot change or go before they commit; DeleteBucket and
 *       PutBucketVersioning ({@link #bucket}) hold it exclusively.</li>
 *   <li>Per key (striped), a lock that object writers of that key hold exclusively, so each reads the
 *       key's current row as the previous writer committed it and no two insert it at once.</li>
 * </ul>
 * Held from before the transaction starts until after it committed or rolled back, by the caller's thread
 * (a {@link io.awsemu.core.storage.meta.BatchedTx} caller holds them while another thread runs its work);
 * never taken inside a transaction, and the bucket lock always before the key lock, so they cannot deadlock
 * with each other or with H2's row locks. Stripes shared by unrelated buckets or keys only wait longer.
 */
final class ObjectLocks {
    private static final int BUCKET_STRIPES = 64;
    private static final int KEY_STRIPES = 256;
    private static final Map<MetadataDb, ObjectLocks> BY_DB = new WeakHashMap<>();

    private final ReentrantReadWriteLock[] buckets = new ReentrantReadWriteLock[BUCKET_STRIPES];
    private final ReentrantLock[] keys = new ReentrantLock[KEY_STRIPES];

    private ObjectLocks() {
        for (int i = 0; i < buckets.length; i++) buckets[i] = new ReentrantReadWriteLock();
        for (int i = 0; i < keys.length; i++) keys[i] = new ReentrantLock();
    }

    /** The locks of the S3 stores on {@code db}: every store on one database must share them. */
    static ObjectLocks of(MetadataDb db) {
        synchronized (BY_DB) {
            return BY_DB.computeIfAbsent(db, d -> new ObjectLocks());
        }
    }

    /** Runs a write of the key's object rows: the bucket shared, the key exclusively. */
    <T> T object(String bucket, String key, Supplier<T> work) {
        Lock b = bucketLock(bucket).readLock();
        b.lock();
        try {
            Lock k = keys[spread(31 * bucket.hashCode() + key.hashCode()) & (KEY_STRIPES - 1)];
            k.lock();
            try {
                return work.get();
            } finally {
                k.unlock();
            }
        } finally {
            b.unlock();
        }
    }

    /** Runs a change of the bucket row that object writers read (its deletion, its versioning state). */
    <T> T bucket(String bucket, Supplier<T> work) {
        Lock b = bucketLock(bucket).writeLock();
        b.lock();
        try {
            return work.get();
        } finally {
            b.unlock();
        }
    }

    private ReentrantReadWriteLock bucketLock(String bucket) {
        return buckets[spread(bucket.hashCode()) & (BUCKET_STRIPES - 1)];
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
