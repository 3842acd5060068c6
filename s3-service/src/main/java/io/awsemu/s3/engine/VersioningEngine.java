package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;
import io.awsemu.s3.store.ObjectStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Bucket versioning state and ListObjectVersions. Version-aware writes and reads live in {@link ObjectEngine}. */
public final class VersioningEngine {
    private final ObjectEngine objects;
    private final ObjectStore store;

    public VersioningEngine(ObjectEngine objects) {
        this.objects = objects;
        this.store = objects.store();
    }

    /** As {@link ObjectEngine#restoredUntil(String, List)}, for a page of versions. */
    public Function<StoredObject, Optional<Instant>> restoredUntil(String bucket, List<StoredObject> page) {
        return objects.restoredUntil(bucket, page);
    }

    /** null when versioning was never enabled, else Enabled or Suspended. */
    public String versioning(String accountId, String bucket) {
        objects.bucket(accountId, bucket);
        return store.versioning(bucket);
    }

    /** @param status Enabled or Suspended */
    public void setVersioning(String accountId, String bucket, String status) {
        Bucket b = objects.bucket(accountId, bucket);
        if (!status.equals("Enabled") && !status.equals("Suspended")) throw S3Errors.malformedXml();
        if (b.objectLockEnabled() && status.equals("Suspended")) throw S3Errors.invalidBucketState(
                "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.");
        store.setVersioning(bucket, status);
    }

    /**
     * @param keyMarker       list keys after this one, or, with {@code versionIdMarker}, this key's versions after that one
     * @param versionIdMarker requires {@code keyMarker}
     */
    public record VersionsRequest(String accountId, String bucket, String prefix, String delimiter, String keyMarker,
                                  String versionIdMarker, int maxKeys) {}

    public record Entry(StoredObject version, boolean latest) {}

    /** @param nextKeyMarker, nextVersionIdMarker the last key (or common prefix) and version returned */
    public record VersionsPage(List<Entry> versions, List<String> commonPrefixes, boolean truncated,
                               String nextKeyMarker, String nextVersionIdMarker) {}

    /**
     * Where a scan of versions goes on after a full batch: at the batch's last key, past the rows of it already
     * seen (the batch's trailing rows of that key, plus those skipped before when the whole batch was that key
     * and the scan already stood in it). Going on from a growing offset re-read every earlier row per batch.
     */
    private record Resume(byte[] from, int offset) {
        static Resume after(List<StoredObject> batch, byte[] from, int offset) {
            String last = batch.get(batch.size() - 1).key();
            int seen = 0;
            for (int i = batch.size() - 1; i >= 0 && batch.get(i).key().equals(last); i--) seen++;
            byte[] key = ObjectKeys.bytes(last);
            if (seen == batch.size() && java.util.Arrays.equals(key, from)) seen += offset;
            return new Resume(key, seen);
        }
    }

    public VersionsPage list(VersionsRequest r) {
        objects.bucket(r.accountId(), r.bucket());
        String prefix = r.prefix() == null ? "" : r.prefix();
        String delimiter = r.delimiter() == null || r.delimiter().isEmpty() ? null : r.delimiter();
        String keyMarker = r.keyMarker() == null || r.keyMarker().isEmpty() ? null : r.keyMarker();
        String idMarker = r.versionIdMarker() == null || r.versionIdMarker().isEmpty() ? null : r.versionIdMarker();
        if (idMarker != null && keyMarker == null) {
            throw S3Errors.invalidArgument("A version-id marker cannot be specified without a key marker.",
                    "version-id-marker", idMarker);
        }
        if (idMarker != null) VersionIds.check(idMarker);
        byte[] prefixBytes = ObjectKeys.bytes(prefix);
        byte[] cursor = prefixBytes;
        if (keyMarker != null) {
            String cp = delimiter == null ? null : ObjectEngine.commonPrefix(keyMarker, prefix, delimiter);
            if (keyMarker.equals(cp)) cursor = ObjectKeys.successor(ObjectKeys.bytes(cp));
            else if (idMarker == null) cursor = ObjectKeys.after(ObjectKeys.bytes(keyMarker));
            else cursor = ObjectKeys.bytes(keyMarker);
        }
        boolean pastIdMarker = idMarker == null;
        List<Entry> out = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String previousKey = null;
        String nextKey = null;
        String nextId = null;
        boolean truncated = false;
        int offset = 0;
        int batch = Math.max(1, Math.min(r.maxKeys() + 1, 1000));
        scan:
        while (cursor != null && r.maxKeys() > 0) {
            List<StoredObject> rows = store.scanVersions(r.bucket(), prefixBytes, cursor, offset, batch);
            for (StoredObject v : rows) {
                boolean latest = !v.key().equals(previousKey);
                previousKey = v.key();
                if (!pastIdMarker && v.key().equals(keyMarker)) {
                    if (v.shownVersionId().equals(idMarker)) pastIdMarker = true;
                    continue;
                }
                String cp = delimiter == null ? null : ObjectEngine.commonPrefix(v.key(), prefix, delimiter);
                if (out.size() + prefixes.size() == r.maxKeys()) {
                    truncated = true;
                    break scan;
                }
                if (cp == null) {
                    out.add(new Entry(v, latest));
                    nextKey = v.key();
                    nextId = v.shownVersionId();
                    continue;
                }
                prefixes.add(cp);
                nextKey = cp;
                nextId = null;
                cursor = ObjectKeys.successor(ObjectKeys.bytes(cp));
                offset = 0;
                previousKey = null;
                continue scan;
            }
            if (rows.size() < batch) break;
            Resume next = Resume.after(rows, cursor, offset);
            cursor = next.from();
            offset = next.offset();
        }
        return new VersionsPage(out, prefixes, truncated, nextKey, nextId);
    }

    /**
     * Lifecycle's NoncurrentVersionExpiration: removes for good every noncurrent version of {@code bucket}
     * under {@code prefix} that became noncurrent before {@code cutoff} (approximated by the time the next
     * newer version was written), except the {@code keepNewest} newest noncurrent versions of each key
     * (NewerNoncurrentVersions). Delete markers stay. Frees the removed versions' blobs.
     *
     * @param keepNewest how many noncurrent versions of a key are kept whatever their age (0: none)
     * @return how many versions were removed
     */
    public int expireNoncurrentVersions(String bucket, String prefix, Instant cutoff, int keepNewest) {
        return expireNoncurrentVersions(bucket, prefix, cutoff, keepNewest, v -> true, null, v -> {});
    }

    /**
     * As {@link #expireNoncurrentVersions(String, String, Instant, int)}, only the versions {@code inScope} takes (a
     * lifecycle rule's filter), each removal journaled in {@code journal} (null for none) and told to {@code removed}.
     */
    public int expireNoncurrentVersions(String bucket, String prefix, Instant cutoff, int keepNewest,
                                        java.util.function.Predicate<StoredObject> inScope, Journal journal,
                                        Consumer<StoredObject> removed) {
        List<StoredObject> victims = new ArrayList<>(noncurrentBefore(bucket, prefix, cutoff, keepNewest));
        victims.removeIf(inScope.negate());
        return removeUnlocked(bucket, victims, journal, removed);
    }

    /**
     * Lifecycle's NoncurrentVersionTransition: moves to {@code storageClass} every noncurrent version under
     * {@code prefix} that became noncurrent before {@code cutoff}, except the {@code keepNewest} newest noncurrent
     * versions of each key, when its class is before {@code storageClass} in S3's order and {@code allowed} lets it
     * (the size rules). Each is checked again in the transaction that changes it, and told to {@code moved}.
     *
     * @return how many versions moved
     */
    public int transitionNoncurrentVersions(String bucket, String prefix, Instant cutoff, int keepNewest,
                                            String storageClass, java.util.function.Predicate<StoredObject> allowed,
                                            Consumer<StoredObject> moved) {
        return transitionNoncurrentVersions(bucket, prefix, cutoff, keepNewest, storageClass, allowed, null, moved);
    }

    /** As above, each transition's event journaled in {@code journal} (null for none). */
    public int transitionNoncurrentVersions(String bucket, String prefix, Instant cutoff, int keepNewest,
                                            String storageClass, java.util.function.Predicate<StoredObject> allowed,
                                            Journal journal, Consumer<StoredObject> moved) {
        int n = 0;
        int to = LifecycleConfiguration.rank(storageClass);
        for (StoredObject v : noncurrentBefore(bucket, prefix, cutoff, keepNewest)) {
            int from = LifecycleConfiguration.rank(v.storageClass());
            if (from < 0 || from >= to || !allowed.test(v)) continue;
            if (objects.transition(v, false, storageClass, now -> LifecycleConfiguration.rank(now.storageClass()) < to,
                    journal)) {
                n++;
                moved.accept(v);
            }
        }
        return n;
    }

    /**
     * The noncurrent versions (not delete markers) under {@code prefix} that became noncurrent before {@code cutoff},
     * except the {@code keepNewest} newest noncurrent versions of each key.
     */
    private List<StoredObject> noncurrentBefore(String bucket, String prefix, Instant cutoff, int keepNewest) {
        List<StoredObject> victims = new ArrayList<>();
        byte[] p = ObjectKeys.bytes(prefix == null ? "" : prefix);
        byte[] from = p;
        int offset = 0;
        String key = null;
        Instant newer = null;
        int noncurrent = 0; // noncurrent versions of this key seen so far, newest first
        while (true) {
            List<StoredObject> rows = store.scanVersions(bucket, p, from, offset, 1000);
            for (StoredObject v : rows) {
                if (!v.key().equals(key)) {
                    key = v.key();
                    newer = v.lastModified();
                    noncurrent = 0;
                    continue; // the newest version of a key is current (or a marker) and stays
                }
                if (!v.deleteMarker() && noncurrent++ >= keepNewest && newer.isBefore(cutoff)) victims.add(v);
                newer = v.lastModified();
            }
            if (rows.size() < 1000) break;
            Resume next = Resume.after(rows, from, offset);
            from = next.from();
            offset = next.offset();
        }
        return victims;
    }

    /**
     * Removes {@code victims} for good, except versions Object Lock protects (a legal hold, a retention not yet
     * past: lifecycle never bypasses governance); how many went.
     */
    private int removeUnlocked(String bucket, List<StoredObject> victims, Journal journal, Consumer<StoredObject> told) {
        int removed = 0;
        for (StoredObject v : victims) {
            if (v.lock().protects(objects.clock().instant(), false)) continue;
            // left alone when locked since the scan read it, or written over (the null version)
            if (objects.expireVersion(bucket, v, journal)) {
                removed++;
                told.accept(v);
            }
        }
        return removed;
    }

    /**
     * Lifecycle's ExpiredObjectDeleteMarker: removes every delete marker under {@code prefix} that is the
     * only version left of its key.
     *
     * @return how many markers were removed
     */
    public int removeExpiredDeleteMarkers(String bucket, String prefix) {
        return removeExpiredDeleteMarkers(bucket, prefix, null, v -> {});
    }

    /**
     * As {@link #removeExpiredDeleteMarkers(String, String)}, each removal journaled in {@code journal} (null for
     * none) and told to {@code removed}.
     */
    public int removeExpiredDeleteMarkers(String bucket, String prefix, Journal journal, Consumer<StoredObject> removed) {
        List<StoredObject> victims = new ArrayList<>();
        byte[] p = ObjectKeys.bytes(prefix == null ? "" : prefix);
        byte[] from = p;
        int offset = 0;
        StoredObject first = null;
        int versionsOfKey = 0;
        while (true) {
            List<StoredObject> rows = store.scanVersions(bucket, p, from, offset, 1000);
            for (StoredObject v : rows) {
                if (first == null || !v.key().equals(first.key())) {
                    if (first != null && versionsOfKey == 1 && first.deleteMarker()) victims.add(first);
                    first = v;
                    versionsOfKey = 0;
                }
                versionsOfKey++;
            }
            if (rows.size() < 1000) break;
            Resume next = Resume.after(rows, from, offset);
            from = next.from();
            offset = next.offset();
        }
        if (first != null && versionsOfKey == 1 && first.deleteMarker()) victims.add(first);
        return removeUnlocked(bucket, victims, journal, removed);
    }
}
