package io.awsemu.s3.engine;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.checksum.Checksums;
import io.awsemu.core.error.AwsBodyException;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.storage.blob.BlobId;
import io.awsemu.core.storage.blob.BlobInfo;
import io.awsemu.core.storage.blob.BlobStore;
import io.awsemu.core.storage.blob.BlobWriter;
import io.awsemu.s3.S3Errors;
import io.awsemu.s3.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Objects: streamed writes published by one metadata transaction, reads, deletes, server-side
 * copies that share the blob, and listings. No HTTP here; errors are S3's.
 */
public final class ObjectEngine {
    /** A single PUT's limit. */
    public static final long MAX_PUT = 5L * 1024 * 1024 * 1024;
    public static final Set<String> STORAGE_CLASSES = Set.of("STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA",
            "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW",
            "EXPRESS_ONEZONE");

    private final BucketEngine buckets;
    private final ObjectStore store;
    private final BlobStore blobs;
    private final Clock clock;
    /** A lock-enabled bucket's default retention, by bucket name (see {@link ObjectLockEngine}). */
    private volatile Function<String, Optional<DefaultRetention>> lockDefaults = b -> Optional.empty();

    public ObjectEngine(BucketEngine buckets, ObjectStore store, BlobStore blobs, Clock clock) {
        this.buckets = buckets;
        this.store = store;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** Wiring: where a lock-enabled bucket's default retention for new versions comes from. */
    public void lockDefaults(Function<String, Optional<DefaultRetention>> defaults) {
        this.lockDefaults = defaults;
    }

    /**
     * S3's default checksum (since its 2025 data-integrity protections): an object written without one, single-part
     * or multipart, gets a full-object CRC64NVME.
     */
    public static final ChecksumAlgorithm DEFAULT_CHECKSUM = ChecksumAlgorithm.CRC64NVME;

    /** For the blob collector: does any object point at {@code id}? */
    public boolean references(BlobId id) {
        return store.referenced(id.toString());
    }

    /**
     * @param contentLength   decoded length, -1 when unknown
     * @param contentMd5      the Content-MD5 header or null
     * @param checksum        the one additional checksum the request names (header, trailer or SDK
     *                        algorithm header), or null
     * @param checksumValue   its value from a header, null when it comes as a trailer or not at all
     * @param checksumTrailer true when the value arrives as a trailer after the body
     * @param headers         what to store and answer with on GET/HEAD
     * @param lock            the x-amz-object-lock-* headers, or null when none was sent
     * @param extras          the new version's owner, ACL and tags
     */
    public record PutRequest(String accountId, String bucket, String key, long contentLength, String contentMd5,
                             ChecksumAlgorithm checksum, String checksumValue, boolean checksumTrailer,
                             String storageClass, Map<String, String> headers, String ifMatch, String ifNoneMatch,
                             ObjectLock lock, VersionExtras extras) {
        public PutRequest {
            if (extras == null) extras = VersionExtras.NONE;
        }

        public PutRequest(String accountId, String bucket, String key, long contentLength, String contentMd5,
                          ChecksumAlgorithm checksum, String checksumValue, boolean checksumTrailer,
                          String storageClass, Map<String, String> headers) {
            this(accountId, bucket, key, contentLength, contentMd5, checksum, checksumValue, checksumTrailer,
                    storageClass, headers, null, null, null, VersionExtras.NONE);
        }

        public PutRequest(String accountId, String bucket, String key, long contentLength, String contentMd5,
                          ChecksumAlgorithm checksum, String checksumValue, boolean checksumTrailer,
                          String storageClass, Map<String, String> headers, String ifMatch, String ifNoneMatch) {
            this(accountId, bucket, key, contentLength, contentMd5, checksum, checksumValue, checksumTrailer,
                    storageClass, headers, ifMatch, ifNoneMatch, null, VersionExtras.NONE);
        }

        boolean conditional() {
            return ifMatch != null || ifNoneMatch != null;
        }
    }

    public StoredObject put(PutRequest r, InputStream body, Supplier<Map<String, String>> trailers) throws IOException {
        Bucket bucket = buckets.get(r.accountId(), r.bucket());
        ObjectKeys.check(r.key());
        LockPlan lock = lockPlan(bucket, r.lock());
        String storageClass = storageClass(r.storageClass());
        if (r.contentLength() > MAX_PUT) throw S3Errors.entityTooLarge(r.contentLength(), MAX_PUT);
        byte[] md5 = r.contentMd5() == null ? null : contentMd5(r.contentMd5());
        byte[] expected = r.checksumValue() == null ? null : checksumValue(r.checksum(), r.checksumValue());
        if (r.conditional()) {
            // refused before the body is read when it already fails; checked again where it is published
            Preconditions.checkWriteHeaders(r.ifNoneMatch());
            Preconditions.checkWrite(r.key(), r.ifMatch(), r.ifNoneMatch(), store.find(r.bucket(), r.key())
                    .filter(o -> !o.deleteMarker()).orElse(null));
        }

        ChecksumAlgorithm stored = r.checksum() != null ? r.checksum() : DEFAULT_CHECKSUM;
        BlobInfo info;
        try (BlobWriter w = blobs.create(EnumSet.of(stored))) {
            try {
                body.transferTo(w);
            } catch (AwsBodyException e) {
                throw e.error();
            }
            if (r.checksumTrailer()) {
                String v = trailers.get().get(r.checksum().header());
                if (v == null) throw S3Errors.invalidRequest("The " + r.checksum().header() + " trailer was not received.");
                expected = checksumValue(r.checksum(), v);
            }
            info = w.commit();
        }
        // From here the blob is committed but unpublished: remove it on any refusal.
        StoredObject o;
        ObjectStore.PutOutcome out;
        try {
            if (md5 != null && !java.util.Arrays.equals(md5, info.md5())) {
                throw S3Errors.badDigest(r.contentMd5().trim(), Checksums.base64(info.md5()));
            }
            byte[] actual = info.checksums().get(stored);
            if (expected != null && !java.util.Arrays.equals(expected, actual)) {
                throw S3Errors.checksumMismatch(stored.name());
            }
            Instant created = now();
            o = new StoredObject(r.bucket(), r.key(), info.id().toString(), info.size(),
                    HexFormat.of().formatHex(info.md5()), created, storageClass,
                    stored.name(), Checksums.base64(actual), r.headers())
                    .withVersionId(VersionIds.next()).withLock(lock.at(created));
            out = r.conditional()
                    ? store.put(o, r.extras(), current -> Preconditions.checkWrite(r.key(), r.ifMatch(), r.ifNoneMatch(), current))
                    : store.put(o, r.extras());
            if (!out.bucketFound()) throw S3Errors.noSuchBucket(r.bucket());
            o = o.withVersionId(out.versionId());
        } catch (ObjectStore.NotDurable e) {
            throw e; // published but not durable: unacknowledged (500), and the row still points at the blob
        } catch (RuntimeException e) {
            blobs.delete(info.id());
            throw e;
        }
        // published: from here nothing may remove the blob (a failure to free the replaced one included)
        ObjectStore.PutOutcome published = out;
        if (out.replacedBlob() != null) {
            store.whenStored(out, () -> release(published.replacedBlob(), published.freedParts()));
        }
        return o;
    }

    /** The bucket, checked as every object operation checks it (NoSuchBucket, AccessDenied). */
    public Bucket bucket(String accountId, String bucket) {
        return buckets.get(accountId, bucket);
    }

    public StoredObject get(String accountId, String bucket, String key) {
        buckets.get(accountId, bucket);
        return current(bucket, key);
    }

    /** The current object; NoSuchKey (with x-amz-delete-marker when a marker is the newest version) otherwise. */
    private StoredObject current(String bucket, String key) {
        var o = store.find(bucket, key);
        if (o.isPresent()) return o.get();
        var newest = store.newestNoncurrent(bucket, key);
        if (newest.isPresent() && newest.get().deleteMarker()) {
            throw S3Errors.noSuchKeyDeleted(key, newest.get().shownVersionId());
        }
        throw S3Errors.noSuchKey(key);
    }

    /**
     * GET/HEAD with {@code ?versionId} (null: the current object). NoSuchVersion for an id the key does not
     * have, 405 MethodNotAllowed for a delete marker, InvalidArgument for an id no version could have.
     */
    public StoredObject get(String accountId, String bucket, String key, String versionId) {
        return get(accountId, bucket, key, versionId, "GET");
    }

    /** As {@link #get(String, String, String, String)} for a request whose HTTP method the 405 names (PUT ?acl). */
    public StoredObject get(String accountId, String bucket, String key, String versionId, String method) {
        if (versionId == null) return get(accountId, bucket, key);
        VersionIds.check(versionId);
        buckets.get(accountId, bucket);
        StoredObject o = store.findVersion(bucket, key, versionId)
                .orElseThrow(() -> S3Errors.noSuchVersion(key, versionId));
        if (o.deleteMarker()) {
            throw S3Errors.deleteMarkerNotAllowed(method, o.shownVersionId(), o.lastModified());
        }
        return o;
    }

    public InputStream read(StoredObject o, long offset, long length) throws IOException {
        return source(o, offset, length).open();
    }

    /** Bytes of an object, opened when a response body starts to be written. */
    public interface Source {
        InputStream open() throws IOException;
    }

    /**
     * The object's bytes to open later, e.g. once the response headers are out. A multipart object's parts
     * are looked up now, next to the object itself: a PUT replacing it meanwhile drops its manifest, but its
     * part blobs stay readable for the discard grace, and from {@link Source#open} on the stream holds them.
     */
    public Source source(StoredObject o, long offset, long length) {
        Ranges ranges = ranges(o);
        return () -> ranges.open(offset, length);
    }

    /** Any range of an object's bytes, each opened when asked for (a reader that seeks, such as S3 Select's Parquet). */
    public interface Ranges {
        InputStream open(long offset, long length) throws IOException;

        /**
         * Keeps every blob of the object from removal until closed: a reader that opens range after range needs its
         * object whole to its end, whatever a write does to the key meanwhile (a stream holds only while it is open).
         */
        BlobStore.Hold hold();
    }

    /** As {@link #source}, for any range: a multipart object's parts are looked up once, now. */
    public Ranges ranges(StoredObject o) {
        List<ManifestPart> parts = o.multipart() ? manifestOf(o) : null;
        BlobId single = parts == null ? BlobId.parse(o.blobId()) : null;
        return new Ranges() {
            @Override
            public InputStream open(long offset, long length) throws IOException {
                return single != null ? blobs.read(single, o.size(), offset, length)
                        : new ManifestInputStream(blobs, parts, offset, length);
            }

            @Override
            public BlobStore.Hold hold() {
                if (single != null) return blobs.hold(single);
                List<BlobStore.Hold> holds = new ArrayList<>(parts.size());
                try {
                    for (ManifestPart p : parts) holds.add(blobs.hold(BlobId.parse(p.blobId())));
                } catch (RuntimeException e) {
                    holds.forEach(BlobStore.Hold::close);
                    throw e;
                }
                return () -> holds.forEach(BlobStore.Hold::close);
            }
        };
    }

    /**
     * A multipart object's manifest; {@link Replaced} when it is gone: a write replaced the object between its
     * lookup and this one (its transaction drops the manifest), and the caller looks again.
     */
    private List<ManifestPart> manifestOf(StoredObject o) {
        List<ManifestPart> parts = store.manifest(o.blobId());
        if (parts.isEmpty()) throw new Replaced();
        return parts;
    }

    /** The object a caller looked up was replaced before its bytes could be found: look it up again. */
    public static final class Replaced extends RuntimeException {
        Replaced() {
            super("the object was replaced while being read", null, false, false);
        }
    }

    /** A read that looks an object up and may meet {@link Replaced}. */
    public interface Lookup<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code read}, again while it meets {@link Replaced} (three times in all). */
    public static <T, E extends Exception> T lookingAgainIfReplaced(Lookup<T, E> read) throws E {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.run();
            } catch (Replaced e) {
                if (attempt == 3) throw e;
            }
        }
    }

    /**
     * The byte range of part {@code partNumber} (GET/HEAD ?partNumber=N): a multipart object's part, or
     * the whole of a single-part object as its part 1. InvalidPartNumber (416) beyond the last part.
     */
    public ByteRange partRange(StoredObject o, int partNumber) {
        if (!o.multipart()) {
            if (partNumber != 1) throw S3Errors.invalidPartNumber();
            return o.size() == 0 ? null : new ByteRange(0, o.size() - 1);
        }
        if (partNumber > o.partsCount()) throw S3Errors.invalidPartNumber();
        for (ManifestPart p : manifestOf(o)) {
            if (p.partNumber() == partNumber) return p.size() == 0 ? null : new ByteRange(p.offset(), p.offset() + p.size() - 1);
        }
        throw S3Errors.invalidPartNumber();
    }

    /** A page of a completed multipart object's parts; {@code truncated} when parts follow it. */
    public record PartsPage(List<ManifestPart> parts, boolean truncated) {}

    /**
     * The parts of a multipart object after part {@code marker}, at most {@code max} of them, in part order
     * (GetObjectAttributes' ObjectParts). Empty when S3 lists none: for a single-part object, and for one whose upload
     * named no checksum algorithm (its parts keep none, not even the default CRC64NVME its checksum was combined from).
     */
    public Optional<PartsPage> parts(StoredObject o, int marker, int max) {
        if (!o.multipart() || o.checksumAlgorithm() == null) return Optional.empty();
        List<ManifestPart> manifest = store.manifest(o.blobId()); // in part order
        if (manifest.isEmpty() || manifest.get(0).checksumValue() == null) return Optional.empty();
        List<ManifestPart> after = new ArrayList<>();
        for (ManifestPart p : manifest) {
            if (p.partNumber() > marker) after.add(p);
        }
        return Optional.of(after.size() > max ? new PartsPage(List.copyOf(after.subList(0, max)), true)
                : new PartsPage(after, false));
    }

    /** Idempotent, as S3: deleting a missing key succeeds. */
    public void delete(String accountId, String bucket, String key) {
        delete(accountId, bucket, key, null);
    }

    /**
     * @param versionId        the version deleted for good
     * @param deleteMarker     a delete marker was made (no version id asked) or removed (its id asked)
     */
    public record DeleteResult(String versionId, boolean deleteMarker) {}

    /**
     * DeleteObject: without {@code versionId} removes the key (a delete marker on a versioned bucket);
     * with it, removes exactly that version. Idempotent: a missing key or version succeeds.
     */
    public DeleteResult delete(String accountId, String bucket, String key, String versionId) {
        return delete(accountId, bucket, key, versionId, false);
    }

    /**
     * As {@link #delete(String, String, String, String)}; a version under a legal hold or an unexpired retention
     * is not removed (AccessDenied), a GOVERNANCE one only with {@code bypassGovernance}. Without a version id the
     * delete marker it makes touches no version, so Object Lock does not stand in its way.
     */
    public DeleteResult delete(String accountId, String bucket, String key, String versionId, boolean bypassGovernance) {
        return delete(accountId, bucket, key, versionId, bypassGovernance, null);
    }

    /** As {@link #delete(String, String, String, String, boolean)}, journaling the removal's event with it. */
    public DeleteResult delete(String accountId, String bucket, String key, String versionId, boolean bypassGovernance,
                               Journal journal) {
        ObjectStore.DeleteOutcome out = deleteOne(accountId, bucket, key, versionId, bypassGovernance, journal, true);
        release(out.releasedBlob(), out.freedParts());
        return new DeleteResult(out.versionId(), out.deleteMarker());
    }

    /** One key's delete, stored before it returns or (a {@link Deletes}'s) left to the request's one store. */
    private ObjectStore.DeleteOutcome deleteOne(String accountId, String bucket, String key, String versionId,
                                                boolean bypassGovernance, Journal journal, boolean stored) {
        VersionIds.check(versionId);
        buckets.get(accountId, bucket);
        java.util.function.Consumer<StoredObject> lockCheck = v -> v.lock().checkDelete(clock.instant(), bypassGovernance);
        ObjectStore.DeleteOutcome out = stored
                ? store.delete(bucket, key, versionId, VersionIds.next(), now(), lockCheck, journal)
                : store.deleteUnstored(bucket, key, versionId, VersionIds.next(), now(), lockCheck, journal);
        if (!out.bucketFound()) throw S3Errors.noSuchBucket(bucket);
        return out;
    }

    /**
     * Deletes of one request (DeleteObjects) made durable together: each commits as {@link #delete} does, but the
     * metadata is stored once, at {@link #close}, before the request answers; the blobs they released are freed
     * after that store, since until then a crash could bring back the rows pointing at them.
     */
    public final class Deletes implements AutoCloseable {
        private final List<ObjectStore.DeleteOutcome> released = new ArrayList<>();

        private Deletes() {}

        /** As {@link ObjectEngine#delete(String, String, String, String, boolean, Journal)}, stored at close. */
        public DeleteResult delete(String accountId, String bucket, String key, String versionId, boolean bypassGovernance,
                                   Journal journal) {
            ObjectStore.DeleteOutcome out = deleteOne(accountId, bucket, key, versionId, bypassGovernance, journal, false);
            if (out.releasedBlob() != null) released.add(out);
            return new DeleteResult(out.versionId(), out.deleteMarker());
        }

        /** Stores the deletes, then frees what they released. */
        @Override
        public void close() {
            store.store();
            for (ObjectStore.DeleteOutcome out : released) release(out.releasedBlob(), out.freedParts());
        }
    }

    /** Deletes to be stored together ({@link Deletes}); close it before answering. */
    public Deletes deletes() {
        return new Deletes();
    }

    /**
     * Lifecycle expiration of a key's current object: removes it (a delete marker when versioned) only while the
     * current object still passes {@code stillExpired}, checked in the deleting transaction.
     *
     * @return empty when it no longer does (written again since the sweep listed it): nothing was removed
     */
    public Optional<DeleteResult> expire(String bucket, String key, java.util.function.Predicate<StoredObject> stillExpired) {
        return expire(bucket, key, stillExpired, null);
    }

    /** As {@link #expire(String, String, java.util.function.Predicate)}, journaling the expiration's event with it. */
    public Optional<DeleteResult> expire(String bucket, String key, java.util.function.Predicate<StoredObject> stillExpired,
                                         Journal journal) {
        Optional<ObjectStore.DeleteOutcome> out = store.deleteCurrentIf(bucket, key, stillExpired, VersionIds.next(), now(),
                journal);
        out.ifPresent(o -> release(o.releasedBlob(), o.freedParts()));
        return out.map(o -> new DeleteResult(o.versionId(), o.deleteMarker()));
    }

    /**
     * Lifecycle's transition of a version it read ({@code v}: the current object when {@code current}) to
     * {@code storageClass}, only while that version is still {@code v} and passes {@code stillDue}, checked in the
     * changing transaction. An archived class (GLACIER, DEEP_ARCHIVE) must be restored before GET reads it again.
     *
     * @return false when it was left alone
     */
    public boolean transition(StoredObject v, boolean current, String storageClass,
                              java.util.function.Predicate<StoredObject> stillDue) {
        return transition(v, current, storageClass, stillDue, null);
    }

    /** As {@link #transition(StoredObject, boolean, String, java.util.function.Predicate)}, journaling its event. */
    public boolean transition(StoredObject v, boolean current, String storageClass,
                              java.util.function.Predicate<StoredObject> stillDue, Journal journal) {
        return store.changeStorageClass(v.bucket(), v.key(), current ? null : v.shownVersionId(),
                now -> sameVersion(now, v) && stillDue.test(now), storageClass, journal);
    }

    private static boolean sameVersion(StoredObject a, StoredObject b) {
        return a.deleteMarker() == b.deleteMarker() && Objects.equals(a.blobId(), b.blobId())
                && a.lastModified().equals(b.lastModified());
    }

    /**
     * Lifecycle's removal of a version it scanned: removed for good only while that version id still names
     * {@code v} (each write of a Suspended bucket replaces its "null" version) and Object Lock lets it go (lifecycle
     * never bypasses governance), both checked in the deleting transaction.
     *
     * @return false when it was left alone (written over, locked, or already gone)
     */
    public boolean expireVersion(String bucket, StoredObject v) {
        return expireVersion(bucket, v, null);
    }

    /**
     * As {@link #expireVersion(String, StoredObject)}, journaling the removal's event (LifecycleExpiration:Delete) with
     * it; {@code journal} null for none.
     */
    public boolean expireVersion(String bucket, StoredObject v, Journal journal) {
        ObjectStore.DeleteOutcome out;
        try {
            out = store.delete(bucket, v.key(), v.shownVersionId(), VersionIds.next(), now(), current -> {
                if (!sameVersion(current, v)) throw new Replaced();
                current.lock().checkDelete(clock.instant(), false);
            }, journal);
        } catch (Replaced e) {
            return false;
        } catch (AwsException e) {
            if (e.code().equals("AccessDenied")) return false; // locked since the scan read it
            throw e;
        }
        release(out.releasedBlob(), out.freedParts());
        return out.releasedBlob() != null || out.deleteMarker();
    }

    /**
     * @param replaceMetadata x-amz-metadata-directive REPLACE: {@code headers} replace the source's
     * @param storageClass    null keeps STANDARD (S3 does not carry the class over unless asked)
     * @param extras          the copy's owner, ACL and tags
     * @param ifMatch         and {@code ifNoneMatch}: the destination's If-Match / If-None-Match, null when not sent
     */
    public record CopyRequest(String accountId, String sourceBucket, String sourceKey, String bucket, String key,
                              boolean replaceMetadata, String storageClass, Map<String, String> headers,
                              CopyConditions conditions, String sourceVersionId, ObjectLock lock, VersionExtras extras,
                              String ifMatch, String ifNoneMatch) {
        public CopyRequest {
            if (extras == null) extras = VersionExtras.NONE;
        }

        public CopyRequest(String accountId, String sourceBucket, String sourceKey, String bucket, String key,
                           boolean replaceMetadata, String storageClass, Map<String, String> headers,
                           CopyConditions conditions, String sourceVersionId) {
            this(accountId, sourceBucket, sourceKey, bucket, key, replaceMetadata, storageClass, headers, conditions,
                    sourceVersionId, null, VersionExtras.NONE, null, null);
        }

        public CopyRequest(String accountId, String sourceBucket, String sourceKey, String bucket, String key,
                           boolean replaceMetadata, String storageClass, Map<String, String> headers,
                           CopyConditions conditions) {
            this(accountId, sourceBucket, sourceKey, bucket, key, replaceMetadata, storageClass, headers, conditions, null);
        }
    }

    /**
     * The copy source: its current object, or version {@code versionId} (a delete marker is InvalidRequest); an
     * archived source must have a restored copy (InvalidObjectState).
     */
    public StoredObject copySource(String accountId, String bucket, String key, String versionId) {
        StoredObject o;
        if (versionId == null) {
            o = get(accountId, bucket, key);
        } else {
            VersionIds.check(versionId);
            buckets.get(accountId, bucket);
            o = store.findVersion(bucket, key, versionId).orElseThrow(() -> S3Errors.noSuchVersion(key, versionId));
            if (o.deleteMarker()) {
                throw S3Errors.invalidRequest("The source of a copy request may not specifically refer to a delete marker by version id.");
            }
        }
        checkReadable(o);
        return o;
    }

    // ---------------------------------------------------------------- archived objects and their restores

    /** Storage classes whose objects must be restored before GET or a copy can read them. */
    static final Set<String> ARCHIVED = Set.of("GLACIER", "DEEP_ARCHIVE");

    public static boolean archived(StoredObject o) {
        return ARCHIVED.contains(o.storageClass());
    }

    /** When the restored copy of an archived object expires, while it has one; empty for every other object. */
    public Optional<Instant> restoredUntil(StoredObject o) {
        if (!archived(o)) return Optional.empty();
        OptionalLong until = store.restoredUntil(o.bucket(), o.key(), o.blobId());
        if (until.isEmpty() || until.getAsLong() <= clock.millis()) return Optional.empty();
        return Optional.of(Instant.ofEpochMilli(until.getAsLong()));
    }

    /**
     * {@link #restoredUntil(StoredObject)} for every version of a listing page (RestoreStatus), with one query for
     * the archived ones among them and none when there are none.
     */
    public Function<StoredObject, Optional<Instant>> restoredUntil(String bucket, List<StoredObject> page) {
        Set<ObjectStore.VersionBlob> archived = new HashSet<>();
        for (StoredObject o : page) {
            if (!o.deleteMarker() && archived(o)) archived.add(new ObjectStore.VersionBlob(o.key(), o.blobId()));
        }
        Map<ObjectStore.VersionBlob, Long> until = archived.isEmpty() ? Map.of() : store.restoredUntil(bucket, archived);
        long now = clock.millis();
        return o -> {
            Long u = until.get(new ObjectStore.VersionBlob(o.key(), o.blobId()));
            return u == null || u <= now ? Optional.empty() : Optional.of(Instant.ofEpochMilli(u));
        };
    }

    /**
     * InvalidObjectState (403) for an archived object without a restored copy: GET and copies cannot read it.
     * Otherwise its restored copy's expiry, as {@link #restoredUntil} (looked up once for both).
     */
    public Optional<Instant> checkReadable(StoredObject o) {
        Optional<Instant> until = restoredUntil(o);
        if (archived(o) && until.isEmpty()) throw S3Errors.invalidObjectState(o.storageClass());
        return until;
    }

    /**
     * RestoreObject: makes (or keeps) a readable copy of an archived version for {@code days}, until the midnight UTC
     * after now + days, as S3 rounds it. Restores here complete at once. ObjectAlreadyInActiveTierError for an object
     * that is not archived.
     *
     * @return true when a restored copy already existed (S3 answers 200 and moves its expiry), false when this
     *         request made it (202)
     */
    public boolean restore(String accountId, String bucket, String key, String versionId, int days) {
        return restore(accountId, bucket, key, versionId, days, null);
    }

    /**
     * As {@link #restore(String, String, String, String, int)}, journaling ObjectRestore:Post and
     * ObjectRestore:Completed with the restore that makes the copy ({@code journal}'s family: ObjectRestore); a
     * restore that only moves an expiry sends no event and journals none.
     */
    public boolean restore(String accountId, String bucket, String key, String versionId, int days, Journal journal) {
        StoredObject o = get(accountId, bucket, key, versionId);
        if (!archived(o)) throw S3Errors.objectAlreadyInActiveTier();
        boolean existed = restoredUntil(o).isPresent();
        Instant until = now().plus(Duration.ofDays(days)).atZone(ZoneOffset.UTC).toLocalDate().plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        if (!store.restore(o, until.toEpochMilli(), existed ? null : journal)) throw S3Errors.noSuchBucket(bucket);
        return existed;
    }

    /**
     * The copy source's preconditions ({@code x-amz-copy-source-if-*}, each null when not sent) and {@code source},
     * a check of the source the request must pass (its SSE-C key), or null.
     */
    public record CopyConditions(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince,
                                 java.util.function.Consumer<StoredObject> source) {
        public static final CopyConditions NONE = new CopyConditions(null, null, null, null);

        public CopyConditions(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {
            this(ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, null);
        }
    }

    public StoredObject copy(CopyRequest r) {
        Bucket bucket = buckets.get(r.accountId(), r.bucket());
        ObjectKeys.check(r.key());
        LockPlan lock = lockPlan(bucket, r.lock());
        String storageClass = storageClass(r.storageClass());
        Preconditions.checkWriteHeaders(r.ifNoneMatch());
        for (int attempt = 0; ; attempt++) {
            StoredObject src = copySource(r.accountId(), r.sourceBucket(), r.sourceKey(), r.sourceVersionId());
            checkCopyConditions(r.conditions(), src);
            if (src.size() > MAX_PUT) throw S3Errors.copySourceTooLarge(MAX_PUT);
            if (r.sourceBucket().equals(r.bucket()) && r.sourceKey().equals(r.key()) && r.sourceVersionId() == null
                    && !r.replaceMetadata() && r.storageClass() == null
                    && StoredObject.ENCRYPTION_HEADERS.stream().noneMatch(r.headers()::containsKey)) {
                throw S3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to"
                        + " itself without changing the object's metadata, storage class, website redirect location or"
                        + " encryption attributes.");
            }
            Instant created = now();
            StoredObject copy = src.copyAs(r.bucket(), r.key(), created, storageClass,
                    r.replaceMetadata() ? r.headers() : StoredObject.withEncryptionOf(src.headers(), r.headers()))
                    .withVersionId(VersionIds.next())
                    .withLock(lock.at(created));
            ObjectStore.PutOutcome out = store.putIfSourceUnchanged(copy, r.extras(), r.sourceBucket(), r.sourceKey(),
                    r.sourceVersionId(), src.blobId(),
                    current -> Preconditions.checkWrite(r.key(), r.ifMatch(), r.ifNoneMatch(), current));
            if (!out.bucketFound()) throw S3Errors.noSuchBucket(r.bucket());
            if (out.sourceFound()) {
                release(out.replacedBlob(), out.freedParts());
                return copy.withVersionId(out.versionId());
            }
            // the source was replaced or deleted between read and publish: read it again
            if (attempt > 100) throw new IllegalStateException("copy source keeps changing: " + r.sourceKey());
        }
    }

    static void checkCopyConditions(CopyConditions c, StoredObject src) {
        if (c == null) return;
        if (c.source() != null) c.source().accept(src);
        if (c.ifMatch() != null && !Preconditions.etagMatches(c.ifMatch(), src.etag())) {
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-Match");
        }
        if (c.ifNoneMatch() != null && Preconditions.etagMatches(c.ifNoneMatch(), src.etag())) {
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-None-Match");
        }
        Instant unmodified = Preconditions.date(c.ifUnmodifiedSince());
        if (c.ifMatch() == null && unmodified != null && src.lastModified().isAfter(unmodified)) {
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-Unmodified-Since");
        }
        Instant modified = Preconditions.date(c.ifModifiedSince());
        if (c.ifNoneMatch() == null && modified != null && !src.lastModified().isAfter(modified)) {
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-Modified-Since");
        }
    }

    /**
     * @param prefix    "" for none
     * @param delimiter null for none
     * @param after     list strictly after this key (marker, start-after, or a continuation
     *                  position); when it is itself a common prefix, everything it rolls up is skipped
     */
    public record ListRequest(String accountId, String bucket, String prefix, String delimiter, int maxKeys,
                              String after) {}

    /**
     * @param lastItem the last key or common prefix returned (NextMarker / continuation position)
     */
    public record ListPage(List<StoredObject> contents, List<String> commonPrefixes, boolean truncated,
                           String lastItem) {}

    public ListPage list(ListRequest r) {
        buckets.get(r.accountId(), r.bucket());
        String prefix = r.prefix() == null ? "" : r.prefix();
        String delimiter = r.delimiter() == null || r.delimiter().isEmpty() ? null : r.delimiter();
        byte[] prefixBytes = ObjectKeys.bytes(prefix);
        byte[] cursor = prefixBytes;
        if (r.after() != null && !r.after().isEmpty()) {
            String cp = delimiter == null ? null : commonPrefix(r.after(), prefix, delimiter);
            cursor = r.after().equals(cp) ? ObjectKeys.successor(ObjectKeys.bytes(cp)) : ObjectKeys.after(ObjectKeys.bytes(r.after()));
        }
        List<StoredObject> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        int batch = Math.max(1, Math.min(r.maxKeys() + 1, 1000));
        scan:
        while (cursor != null && r.maxKeys() > 0) {
            List<StoredObject> rows = store.scan(r.bucket(), prefixBytes, cursor, batch);
            for (StoredObject o : rows) {
                cursor = ObjectKeys.after(ObjectKeys.bytes(o.key()));
                String cp = delimiter == null ? null : commonPrefix(o.key(), prefix, delimiter);
                if (contents.size() + prefixes.size() == r.maxKeys()) {
                    truncated = true;
                    break scan;
                }
                if (cp == null) {
                    contents.add(o);
                    last = o.key();
                    continue;
                }
                prefixes.add(cp);
                last = cp;
                // skip every key the prefix rolls up with one seek past it
                cursor = ObjectKeys.successor(ObjectKeys.bytes(cp));
                continue scan;
            }
            if (rows.size() < batch) break;
        }
        return new ListPage(contents, prefixes, truncated, last);
    }

    /** The common prefix {@code key} rolls up into, or null when the delimiter does not follow the prefix. */
    static String commonPrefix(String key, String prefix, String delimiter) {
        if (!key.startsWith(prefix)) return null;
        int i = key.indexOf(delimiter, prefix.length());
        return i < 0 ? null : key.substring(0, i + delimiter.length());
    }

    /**
     * What a new version's Object Lock state will be: the request's x-amz-object-lock-* (refused on a bucket
     * without Object Lock, or with a retain-until date not in the future), and, when it names no retention,
     * the bucket's default retention counted from the version's creation.
     */
    public record LockPlan(ObjectLock requested, DefaultRetention defaults) {
        static final LockPlan NONE = new LockPlan(null, null);

        /** Something locks the new version (the write then needs Content-MD5 or a checksum). */
        public boolean applies() {
            return requested != null || defaults != null;
        }

        public ObjectLock at(Instant created) {
            ObjectLock lock = requested == null ? ObjectLock.NONE : requested;
            return defaults == null ? lock : lock.withRetention(defaults.mode(), defaults.until(created));
        }
    }

    /** As {@link #lockPlan(Bucket, ObjectLock)}, the bucket checked as every object operation checks it. */
    public LockPlan lockPlan(String accountId, String bucket, ObjectLock requested) {
        return lockPlan(buckets.get(accountId, bucket), requested);
    }

    /** The lock plan of a write into {@code bucket} that asked for {@code requested} (null: nothing). */
    public LockPlan lockPlan(Bucket bucket, ObjectLock requested) {
        if (requested != null && !bucket.objectLockEnabled()) throw S3Errors.bucketMissingObjectLock();
        if (requested != null && requested.hasRetention() && !requested.retainUntil().isAfter(clock.instant())) {
            throw S3Errors.retainUntilDateInPast();
        }
        return pendingLockPlan(bucket, requested);
    }

    /**
     * As {@link #lockPlan}, for a lock asked for earlier and checked then (CompleteMultipartUpload applies what
     * CreateMultipartUpload asked for).
     */
    LockPlan pendingLockPlan(Bucket bucket, ObjectLock requested) {
        if (!bucket.objectLockEnabled()) return LockPlan.NONE;
        DefaultRetention defaults = requested != null && requested.hasRetention() ? null
                : lockDefaults.apply(bucket.name()).orElse(null);
        return new LockPlan(requested, defaults);
    }

    /**
     * Frees what {@code blobId} held once nothing points at it: the blob itself, or, when it names a
     * multipart manifest, the manifest and every part blob no other object or upload still uses.
     */
    void release(String blobId) {
        if (blobId == null) return;
        var parts = store.unreferenced(blobId); // one transaction: still used? else its manifest's parts
        if (parts.isPresent()) free(blobId, parts.get());
    }

    /** {@link #release}, unless the write's own transaction already found the blob unused ({@code freedParts} set). */
    private void release(String blobId, List<String> freedParts) {
        if (freedParts != null) free(blobId, freedParts);
        else release(blobId);
    }

    /** Frees an unreferenced blob whose manifest (if it was one) is dropped, and then its parts. */
    private void free(String blobId, List<String> parts) {
        for (String part : parts) release(part);
        try {
            blobs.discard(BlobId.parse(blobId)); // nobody waits on it: not synced, the collector has the rest
        } catch (IOException | RuntimeException e) {
            // the write itself succeeded; the collector removes the unreferenced blob later
        }
    }

    ObjectStore store() {
        return store;
    }

    BucketEngine buckets() {
        return buckets;
    }

    public java.time.Clock clock() {
        return clock;
    }

    BlobStore blobs() {
        return blobs;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    static String storageClass(String s) {
        if (s == null) return "STANDARD";
        if (!STORAGE_CLASSES.contains(s)) throw S3Errors.invalidStorageClass(s);
        return s;
    }

    static byte[] contentMd5(String header) {
        try {
            byte[] b = Checksums.fromBase64(header);
            if (b.length == 16) return b;
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw S3Errors.invalidDigest(header);
    }

    static byte[] checksumValue(ChecksumAlgorithm alg, String value) {
        try {
            byte[] b = Checksums.fromBase64(value);
            if (b.length == Checksums.length(alg)) return b;
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw S3Errors.invalidRequest("Value for " + alg.header() + " header is invalid.");
    }
}
