package io.awsemu.s3.store;

import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.store.AccessStore.ObjectAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Object ACLs per version (V011): they move with their version, and a database from before V011 keeps its ACLs. */
class H2AccessStoreTest {
    static final String OWNER = "000000000000";
    static final String WRITER = "111111111111";

    final H2MetadataDb db = H2MetadataDb.inMemory();

    @AfterEach
    void close() {
        db.close();
    }

    /** The S3 migrations up to V010: the schema before object ACLs were kept per version. */
    static final class UpToV010 extends ClassLoader {
        UpToV010() {
            super(H2AccessStoreTest.class.getClassLoader());
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (!name.equals("db/s3/migrations.list")) return super.getResourceAsStream(name);
            try (InputStream in = super.getResourceAsStream(name)) {
                String list = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.isBlank() && l.compareTo("V011") < 0).reduce("", (a, l) -> a + l + "\n");
                return new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    ObjectEngine objects(H2BucketStore buckets) {
        BucketEngine b = new BucketEngine(buckets, Clock.systemUTC());
        return new ObjectEngine(b, new H2ObjectStore(db), new InMemoryBlobStore(), Clock.systemUTC());
    }

    static String put(ObjectEngine objects, String key, String body) throws Exception {
        return objects.put(new ObjectEngine.PutRequest(OWNER, "bkt", key, body.length(), null, null, null, false, null,
                Map.of()), new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), Map::of).versionId();
    }

    @Test
    void aclsMoveWithTheirVersionAndComeBackWhenItIsCurrentAgain() throws Exception {
        H2BucketStore buckets = H2BucketStore.migrated(db);
        ObjectEngine objects = objects(buckets);
        new BucketEngine(buckets, Clock.systemUTC()).create(new BucketEngine.CreateRequest(OWNER, "bkt", "us-east-1",
                null, null, null, false));
        new H2ObjectStore(db).setVersioning("bkt", "Enabled");
        H2AccessStore access = new H2AccessStore(db);
        String v1 = put(objects, "k", "one");
        assertTrue(access.setObjectAcl("bkt", "k", v1, WRITER, "grants-of-v1"));
        String v2 = put(objects, "k", "two");
        assertEquals(Optional.of(new ObjectAccess(null, null)), access.object("bkt", "k", null), "a new version starts private");
        assertEquals(Optional.of(new ObjectAccess(WRITER, "grants-of-v1")), access.object("bkt", "k", v1));
        assertTrue(access.setObjectAcl("bkt", "k", v2, null, "grants-of-v2"));
        assertEquals(Optional.of(new ObjectAccess(null, "grants-of-v2")), access.object("bkt", "k", null));
        assertFalse(access.setObjectAcl("bkt", "k", "x".repeat(32), null, "none"));

        objects.delete(OWNER, "bkt", "k", v2);
        assertEquals(Optional.of(new ObjectAccess(WRITER, "grants-of-v1")), access.object("bkt", "k", null),
                "the version made current again has its own ACL back");
        objects.delete(OWNER, "bkt", "k");
        assertEquals(Optional.empty(), access.object("bkt", "k", null));
        assertEquals(Optional.of(new ObjectAccess(WRITER, "grants-of-v1")), access.object("bkt", "k", v1));
    }

    @Test
    void aDatabaseFromBeforeV011KeepsItsObjectAcls() throws Exception {
        db.migrate("s3", new UpToV010());
        H2BucketStore buckets = new H2BucketStore(db, BucketCache.NONE);
        new BucketEngine(buckets, Clock.systemUTC()).create(new BucketEngine.CreateRequest(OWNER, "bkt", "us-east-1",
                null, null, null, false));
        new H2ObjectStore(db).setVersioning("bkt", "Enabled");
        String v1 = "a".repeat(32);
        String v2 = "b".repeat(32);
        // as V010 left them: the current version with its owner and ACL, a noncurrent one without (the move lost them)
        db.tx(c -> {
            try (var ps = c.prepareStatement("INSERT INTO s3.objects (bucket_id, object_key, blob_id, size, etag,"
                    + " last_modified_millis, storage_class, headers, version_id, seq, owner_account, acl_grants)"
                    + " SELECT bucket_id, ?, ?, 3, 'e', 0, 'STANDARD', '', ?, 2, ?, ? FROM s3.buckets")) {
                ps.setBytes(1, "k".getBytes(StandardCharsets.UTF_8));
                ps.setString(2, "c".repeat(32));
                ps.setString(3, v2);
                ps.setString(4, WRITER);
                ps.setString(5, "grants-of-v2");
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("INSERT INTO s3.versions (bucket_id, object_key, seq, version_id,"
                    + " delete_marker, blob_id, size, etag, last_modified_millis, storage_class, headers)"
                    + " SELECT bucket_id, ?, 1, ?, FALSE, ?, 3, 'e', 0, 'STANDARD', '' FROM s3.buckets")) {
                ps.setBytes(1, "k".getBytes(StandardCharsets.UTF_8));
                ps.setString(2, v1);
                ps.setString(3, "d".repeat(32));
                return ps.executeUpdate();
            }
        });

        H2BucketStore.migrated(db);
        H2AccessStore access = new H2AccessStore(db);
        assertEquals(Optional.of(new ObjectAccess(WRITER, "grants-of-v2")), access.object("bkt", "k", null));
        assertEquals(Optional.of(new ObjectAccess(WRITER, "grants-of-v2")), access.object("bkt", "k", v2));
        assertEquals(Optional.of(new ObjectAccess(null, null)), access.object("bkt", "k", v1),
                "a version made noncurrent before V011 had lost its ACL: private to the bucket owner");
        // from now on the current version's ACL goes with it when it becomes noncurrent
        ObjectEngine objects = objects(buckets);
        put(objects, "k", "three");
        assertEquals(Optional.of(new ObjectAccess(WRITER, "grants-of-v2")), access.object("bkt", "k", v2));
    }
}
