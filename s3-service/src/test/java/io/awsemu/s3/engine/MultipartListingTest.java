package io.awsemu.s3.engine;

import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2MultipartStore;
import io.awsemu.s3.store.H2ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ListMultipartUploads paged in the store: every page, for every page size, marker, prefix and delimiter, is the
 * one the whole ordered listing gives (the rule S3 states: key bytes, then initiation, then id).
 */
class MultipartListingTest {
    static final String ACCOUNT = "000000000000";

    final H2MetadataDb db = H2MetadataDb.inMemory();
    /** Set per upload: uploads of one key get equal and different initiation times. */
    final LifecycleSweeperTest.TestClock clock = new LifecycleSweeperTest.TestClock();
    final BucketEngine buckets = new BucketEngine(H2BucketStore.migrated(db), clock);
    final ObjectEngine objects = new ObjectEngine(buckets, new H2ObjectStore(db), new InMemoryBlobStore(), clock);
    final MultipartEngine multipart = new MultipartEngine(objects, new H2MultipartStore(db));
    final List<Upload> created = new ArrayList<>();

    MultipartListingTest() {
        buckets.create(new BucketEngine.CreateRequest(ACCOUNT, "bkt", "us-east-1", null, null, null, false));
        String[] keys = {"a/1", "a/2", "a/2", "a/2", "b", "b", "b/c/d", "b/e", "c", "c/", "c//x", "d/f/g", "é/1", "zz"};
        long[] offsets = {5, 1, 1, 0, 3, 3, 2, 9, 4, 8, 7, 6, 2, 1};
        for (int i = 0; i < keys.length; i++) {
            clock.now = Instant.parse("2026-05-06T07:08:09Z").plusMillis(offsets[i]);
            created.add(multipart.create(new MultipartEngine.CreateRequest(ACCOUNT, "bkt", keys[i], null, null, null,
                    Map.of(), null, null, null)));
        }
        created.sort(Comparator.<Upload, byte[]>comparing(u -> ObjectKeys.bytes(u.key()), ObjectKeys::compare)
                .thenComparing(Upload::initiated).thenComparing(Upload::uploadId));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The page as the whole listing gives it, skipping up to the markers and rolling keys up under the delimiter. */
    MultipartEngine.UploadsPage expected(MultipartEngine.UploadsRequest r) {
        String prefix = r.prefix() == null ? "" : r.prefix();
        List<Upload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String nextKey = null;
        String nextId = null;
        boolean pastId = false;
        for (Upload u : created) {
            if (!u.key().startsWith(prefix)) continue;
            if (r.keyMarker() != null) {
                int cmp = ObjectKeys.compare(ObjectKeys.bytes(u.key()), ObjectKeys.bytes(r.keyMarker()));
                if (cmp < 0) continue;
                if (cmp == 0) {
                    if (r.uploadIdMarker() == null) continue;
                    if (!pastId) {
                        pastId = u.uploadId().equals(r.uploadIdMarker());
                        continue;
                    }
                }
            }
            String cp = r.delimiter() == null ? null : ObjectEngine.commonPrefix(u.key(), prefix, r.delimiter());
            if (cp != null && (prefixes.contains(cp) || cp.equals(r.keyMarker()))) continue;
            if (uploads.size() + prefixes.size() == r.maxUploads()) {
                return new MultipartEngine.UploadsPage(uploads, prefixes, true, nextKey, nextId);
            }
            if (cp != null) {
                prefixes.add(cp);
                nextKey = cp;
                nextId = null;
            } else {
                uploads.add(u);
                nextKey = u.key();
                nextId = u.uploadId();
            }
        }
        return new MultipartEngine.UploadsPage(uploads, prefixes, false, nextKey, nextId);
    }

    static List<String> ids(MultipartEngine.UploadsPage p) {
        return p.uploads().stream().map(Upload::uploadId).toList();
    }

    void assertSame(MultipartEngine.UploadsRequest r) {
        MultipartEngine.UploadsPage want = expected(r);
        MultipartEngine.UploadsPage got = multipart.listUploads(r);
        String what = r.toString();
        assertEquals(ids(want), ids(got), what);
        assertEquals(want.commonPrefixes(), got.commonPrefixes(), what);
        assertEquals(want.truncated(), got.truncated(), what);
        if (want.truncated()) {
            assertEquals(want.nextKeyMarker(), got.nextKeyMarker(), what);
            assertEquals(want.nextUploadIdMarker(), got.nextUploadIdMarker(), what);
        }
    }

    @Test
    void everyPageIsTheWholeListingsPage() {
        for (String prefix : new String[] {null, "a/", "b", "c/", "é", "nothing"}) {
            for (String delimiter : new String[] {null, "/", "//", "2"}) {
                for (int max : new int[] {0, 1, 2, 3, 5, 1000}) {
                    // page on as a client does, from the markers each page names
                    String keyMarker = null;
                    String idMarker = null;
                    for (int pages = 0; pages < 30; pages++) {
                        var r = new MultipartEngine.UploadsRequest(ACCOUNT, "bkt", prefix, delimiter, keyMarker,
                                idMarker, max);
                        assertSame(r);
                        MultipartEngine.UploadsPage page = multipart.listUploads(r);
                        if (!page.truncated() || max == 0) break;
                        keyMarker = page.nextKeyMarker();
                        idMarker = page.nextUploadIdMarker();
                    }
                }
            }
        }
    }

    @Test
    void markersThatNameNoUploadOrAPrefix() {
        for (String keyMarker : new String[] {"a/2", "b", "b/", "a", "c/", "zzz", ""}) {
            for (String idMarker : new String[] {null, created.get(2).uploadId(), created.get(5).uploadId(), "no-such-id"}) {
                for (String delimiter : new String[] {null, "/"}) {
                    assertSame(new MultipartEngine.UploadsRequest(ACCOUNT, "bkt", null, delimiter,
                            keyMarker.isEmpty() ? null : keyMarker, idMarker, 1000));
                    assertSame(new MultipartEngine.UploadsRequest(ACCOUNT, "bkt", null, delimiter,
                            keyMarker.isEmpty() ? null : keyMarker, idMarker, 2));
                }
            }
        }
    }

    @Test
    void lifecycleAbortsPageThroughTheStoreToo() {
        int before = created.size();
        assertEquals(before - 1, multipart.abortUploadsInitiatedBefore("bkt", "", Instant.parse("2026-05-06T07:08:09Z")
                .plusMillis(9)));
        List<Upload> left = multipart.listUploads(new MultipartEngine.UploadsRequest(ACCOUNT, "bkt", null, null, null,
                null, 1000)).uploads();
        assertEquals(List.of("b/e"), left.stream().map(Upload::key).toList());
        assertTrue(created.stream().anyMatch(u -> u.uploadId().equals(left.get(0).uploadId())));
    }
}
