package io.awsemu.s3.engine;

import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2MultipartStore;
import io.awsemu.s3.store.H2ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Blob bookkeeping of multipart uploads: what completion, copies, deletes and aborts free. */
class MultipartEngineTest {
    static final String ACCOUNT = "000000000000";
    final H2MetadataDb db = H2MetadataDb.inMemory();
    final InMemoryBlobStore blobs = new InMemoryBlobStore();
    final Clock clock = Clock.fixed(Instant.parse("2026-05-06T07:08:09Z"), ZoneOffset.UTC);
    final BucketEngine buckets = new BucketEngine(H2BucketStore.migrated(db), clock);
    final ObjectEngine objects = new ObjectEngine(buckets, new H2ObjectStore(db), blobs, clock);
    final MultipartEngine multipart = new MultipartEngine(objects, new H2MultipartStore(db));

    MultipartEngineTest() {
        buckets.create(new BucketEngine.CreateRequest(ACCOUNT, "bkt", "us-east-1", null, null, null, false));
    }

    @AfterEach
    void close() {
        db.close();
    }

    Upload start(String key) {
        return multipart.create(new MultipartEngine.CreateRequest(ACCOUNT, "bkt", key, null, null, null,
                Map.of("Content-Type", "binary/octet-stream"), null, null, null));
    }

    UploadPart part(Upload u, int n, byte[] data) throws IOException {
        return multipart.uploadPart(new MultipartEngine.PartRequest(ACCOUNT, "bkt", u.key(), u.uploadId(),
                Integer.toString(n), data.length, null, null, null, false), new ByteArrayInputStream(data), Map::of).part();
    }

    StoredObject complete(Upload u, UploadPart... parts) {
        List<MultipartEngine.CompletedPart> list = new java.util.ArrayList<>();
        for (UploadPart p : parts) list.add(new MultipartEngine.CompletedPart(p.partNumber(), p.quotedEtag(), null, null));
        return multipart.complete(new MultipartEngine.CompleteRequest(ACCOUNT, "bkt", u.key(), u.uploadId(), list, null, null));
    }

    long committed() {
        return blobs.stats().committed();
    }

    @Test
    void completionKeepsUsedPartsFreesUnusedOnesAndDeleteFreesTheRest() throws IOException {
        byte[] a = new byte[(int) MultipartEngine.MIN_PART];
        a[0] = 1;
        byte[] b = {2, 3, 4};
        Upload u = start("k");
        UploadPart p1 = part(u, 1, a);
        part(u, 2, new byte[] {9});
        part(u, 2, new byte[] {8}); // replaces the first part 2: its blob goes at once
        assertEquals(2, committed());
        UploadPart p3 = part(u, 3, b);
        assertEquals(3, committed());

        StoredObject o = complete(u, p1, p3);
        assertEquals(2, committed(), "the unused part 2 was freed, nothing copied");
        try (InputStream in = objects.read(o, a.length - 1, 3)) {
            assertArrayEquals(new byte[] {0, 2, 3}, in.readAllBytes());
        }

        objects.copy(new ObjectEngine.CopyRequest(ACCOUNT, "bkt", "k", "bkt", "copy", false, null, Map.of(),
                ObjectEngine.CopyConditions.NONE));
        objects.delete(ACCOUNT, "bkt", "k");
        assertEquals(2, committed(), "the copy still uses the parts");
        objects.delete(ACCOUNT, "bkt", "copy");
        assertEquals(0, committed());
    }

    @Test
    void partsOfAManifestWithoutAnObjectAreCollectable() throws IOException {
        Upload u = start("k");
        StoredObject o = complete(u, part(u, 1, new byte[] {1, 2}));
        String partBlob = new H2ObjectStore(db).manifest(o.blobId()).get(0).blobId();
        assertEquals(true, objects.references(io.awsemu.core.storage.blob.BlobId.parse(partBlob)));
        // as if a crash struck between the object's delete and the manifest's removal
        db.tx(c -> c.createStatement().executeUpdate("DELETE FROM s3.objects"));
        assertEquals(false, objects.references(io.awsemu.core.storage.blob.BlobId.parse(partBlob)));
    }

    @Test
    void aMultipartObjectReplacedAfterItsLookupAsksTheReaderToLookAgain() throws IOException {
        Upload u = start("k");
        StoredObject o = complete(u, part(u, 1, new byte[] {1, 2}));
        try (InputStream in = objects.source(o, 0, -1).open()) {
            assertArrayEquals(new byte[] {1, 2}, in.readAllBytes());
        }
        Upload again = start("k");
        complete(again, part(again, 1, new byte[] {3})); // drops o's manifest
        assertThrows(ObjectEngine.Replaced.class, () -> objects.source(o, 0, -1));
        assertThrows(ObjectEngine.Replaced.class, () -> objects.partRange(o, 1));

        int[] calls = {0};
        assertEquals("looked again", ObjectEngine.lookingAgainIfReplaced(() -> {
            if (++calls[0] < 3) objects.source(o, 0, -1); // replaced twice, then the caller finds what is there
            return "looked again";
        }));
        assertEquals(3, calls[0]);
        assertThrows(ObjectEngine.Replaced.class, () -> ObjectEngine.lookingAgainIfReplaced(() -> objects.source(o, 0, -1)));
    }

    @Test
    void overwritingAMultipartObjectFreesItsParts() throws IOException {
        Upload u = start("k");
        StoredObject o = complete(u, part(u, 1, new byte[] {1, 2}));
        assertEquals(1, committed());
        Upload again = start("k");
        complete(again, part(again, 1, new byte[] {3}));
        assertEquals(1, committed());
        assertEquals(2, o.size());
    }

    @Test
    void abortFreesPartsAndLifecycleAbortsOnlyOlderUploads() throws IOException {
        Upload u = start("logs/a");
        part(u, 1, new byte[] {1});
        part(u, 2, new byte[] {2});
        multipart.abort(ACCOUNT, "bkt", "logs/a", u.uploadId());
        assertEquals(0, committed());
        assertThrows(io.awsemu.core.error.AwsException.class, () -> multipart.abort(ACCOUNT, "bkt", "logs/a", u.uploadId()));

        Upload old = start("logs/b");
        part(old, 1, new byte[] {1});
        start("other/c");
        assertEquals(0, multipart.abortUploadsInitiatedBefore("bkt", "logs/", clock.instant()));
        assertEquals(1, multipart.abortUploadsInitiatedBefore("bkt", "logs/", clock.instant().plusSeconds(1)));
        assertEquals(0, committed());
        assertEquals(1, multipart.listUploads(new MultipartEngine.UploadsRequest(ACCOUNT, "bkt", null, null, null, null,
                1000)).uploads().size());
    }
}
