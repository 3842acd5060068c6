package io.awsemu.s3.engine;

import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.store.BucketConfigStore;
import io.awsemu.s3.store.H2BucketConfigStore;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lifecycle sweep against real stores and a clock the test moves: nothing waits for days. */
class LifecycleSweeperTest {
    static final String ACCOUNT = "000000000000";

    /** A clock the test sets. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-03-10T15:00:00Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    final H2MetadataDb db = H2MetadataDb.inMemory();
    final TestClock clock = new TestClock();
    final BucketEngine buckets = new BucketEngine(H2BucketStore.migrated(db), clock);
    final ObjectEngine objects = new ObjectEngine(buckets, new H2ObjectStore(db), new InMemoryBlobStore(), clock);
    final H2BucketConfigStore configStore = new H2BucketConfigStore(db);
    final BucketConfigs configs = new BucketConfigs(buckets, configStore);
    final ObjectTagging tagging = new ObjectTagging(objects, configStore);
    final Map<String, LifecycleConfiguration> parsed = new java.util.HashMap<>();
    final LifecycleSweeper sweeper = new LifecycleSweeper(buckets, configs, parsed::get, objects, tagging, clock);

    {
    }

    @AfterEach
    void close() {
        db.close();
    }

    void bucket(String name) {
        buckets.create(new BucketEngine.CreateRequest(ACCOUNT, name, "us-east-1", null, null, null, false));
    }

    void put(String bucket, String key, int size) throws IOException {
        objects.put(new ObjectEngine.PutRequest(ACCOUNT, bucket, key, size, null, null, null, false, null, Map.of()),
                new ByteArrayInputStream(new byte[size]), Map::of);
    }

    void configure(String bucket, LifecycleConfiguration.Rule... rules) {
        String doc = "doc-" + bucket;   // the parser is the map: what is stored is only a handle here
        parsed.put(doc, new LifecycleConfiguration(List.of(rules)));
        configs.put(ACCOUNT, bucket, LifecycleSweeper.KIND, doc);
    }

    static LifecycleConfiguration.Rule days(String id, String prefix, int days) {
        return new LifecycleConfiguration.Rule(id, true, new LifecycleConfiguration.Filter(prefix, Map.of(), null, null),
                days, null, null, null, null, null, java.util.List.of());
    }

    List<String> keys(String bucket) {
        List<String> out = new ArrayList<>();
        for (StoredObject o : objects.list(new ObjectEngine.ListRequest(ACCOUNT, bucket, "", null, 1000, null)).contents()) {
            out.add(o.key());
        }
        return out;
    }

    private StoredObject object(String bucket, String key) {
        return objects.get(ACCOUNT, bucket, key);
    }

    @Test
    void daysCountFromTheNextMidnightAfterCreation() throws IOException {
        bucket("bkt");
        put("bkt", "logs/1", 1);
        put("bkt", "other", 1);
        configure("bkt", days("logs", "logs/", 1));
        // written 15:00 on the 10th: due at midnight starting the 12th
        clock.advance(Duration.ofHours(24));
        assertEquals(0, sweeper.sweep().expired());
        clock.now = Instant.parse("2026-03-11T23:59:59Z");
        assertEquals(0, sweeper.sweep().expired());
        clock.now = Instant.parse("2026-03-12T00:00:00Z");
        assertEquals(1, sweeper.sweep().expired());
        assertEquals(List.of("other"), keys("bkt"));
        assertEquals(0, sweeper.sweep().expired());
    }

    @Test
    void anObjectWrittenAgainAfterTheSweepListedItIsNotExpired() throws Exception {
        bucket("bkt");
        put("bkt", "t/k", 1);
        tagging.set(object("bkt", "t/k"), Map.of("expire", "yes"));
        configure("bkt", new LifecycleConfiguration.Rule("tags", true,
                new LifecycleConfiguration.Filter("t/", Map.of("expire", "yes"), null, null), 2, null, null, null, null,
                null, java.util.List.of()));
        clock.advance(Duration.ofDays(3));
        // the sweep reads the listed object's tags, and a client writes the key again right then
        java.util.concurrent.atomic.AtomicBoolean written = new java.util.concurrent.atomic.AtomicBoolean();
        BucketConfigStore racing = (BucketConfigStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {BucketConfigStore.class}, (proxy, m, args) -> {
                    if (m.getName().equals("objectTags") && written.compareAndSet(false, true)) {
                        objects.put(new ObjectEngine.PutRequest(ACCOUNT, "bkt", "t/k", 3, null, null, null, false, null,
                                Map.of(), null, null, null, new VersionExtras(null, null, "expire=yes")),
                                new ByteArrayInputStream(new byte[] {1, 2, 3}), Map::of);
                    }
                    try {
                        return m.invoke(configStore, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        LifecycleSweeper sweeping = new LifecycleSweeper(buckets, configs, parsed::get, objects,
                new ObjectTagging(objects, racing), clock);
        assertEquals(0, sweeping.sweep().expired());
        assertTrue(written.get());
        assertEquals(3, object("bkt", "t/k").size(), "the object written after the listing stays");
        clock.advance(Duration.ofDays(3));
        assertEquals(1, sweeping.sweep().expired(), "and expires in its own time");
        assertEquals(List.of(), keys("bkt"));
    }

    StoredObject put(String bucket, String key, int size, String storageClass) throws IOException {
        return objects.put(new ObjectEngine.PutRequest(ACCOUNT, bucket, key, size, null, null, null, false, storageClass,
                Map.of()), new ByteArrayInputStream(new byte[size]), Map::of);
    }

    static LifecycleConfiguration.Transition after(int days, String storageClass) {
        return new LifecycleConfiguration.Transition(false, days, null, storageClass, null);
    }

    static LifecycleConfiguration.Rule transitions(String id, LifecycleConfiguration.Filter filter,
                                                   LifecycleConfiguration.Transition... ts) {
        return new LifecycleConfiguration.Rule(id, true, filter, null, null, null, null, null, null, List.of(ts));
    }

    String storageClass(String bucket, String key) {
        return object(bucket, key).storageClass();
    }

    @Test
    void currentObjectsTransitionAlongTheWaterfallAsTheirSizeAllows() throws IOException {
        bucket("bkt");
        int big = (int) LifecycleConfiguration.SMALL_OBJECT;
        put("bkt", "big", big, null);
        put("bkt", "small", 1000, null);
        put("bkt", "archived", big, "DEEP_ARCHIVE");
        put("bkt", "sized/small", 1000, null);
        configure("bkt", transitions("all", LifecycleConfiguration.Filter.ALL, after(90, "GLACIER"), after(30, "STANDARD_IA")),
                transitions("sized", new LifecycleConfiguration.Filter("sized/", Map.of(), 10L, null), after(30, "STANDARD_IA")));
        clock.advance(Duration.ofDays(30));
        assertEquals(0, sweeper.sweep().expired(), "transitions expire nothing");
        assertEquals("STANDARD", storageClass("bkt", "big"), "30 days after creation, rounded up to midnight");
        clock.advance(Duration.ofDays(1));
        assertEquals(new LifecycleSweeper.Swept(0, 2), sweeper.sweep(), "big and sized/small");
        assertEquals("STANDARD_IA", storageClass("bkt", "big"));
        assertEquals("STANDARD", storageClass("bkt", "small"), "under 128 KB: no transition by default");
        assertEquals("STANDARD_IA", storageClass("bkt", "sized/small"), "a rule's own size filter decides");
        assertEquals("DEEP_ARCHIVE", storageClass("bkt", "archived"), "never back up the waterfall");

        // varies_by_storage_class: small objects go to GLACIER and DEEP_ARCHIVE, to no other class
        configs.put(ACCOUNT, "bkt", LifecycleSweeper.MINIMUM_SIZE_KIND, LifecycleConfiguration.VARIES_BY_CLASS);
        sweeper.sweep();
        assertEquals("STANDARD", storageClass("bkt", "small"));
        clock.advance(Duration.ofDays(60));
        sweeper.sweep();
        assertEquals("GLACIER", storageClass("bkt", "big"));
        assertEquals("GLACIER", storageClass("bkt", "small"));
        // an archived object must be restored before it can be read again
        assertEquals("InvalidObjectState", assertThrows(io.awsemu.core.error.AwsException.class,
                () -> objects.checkReadable(object("bkt", "big"))).code());
    }

    /** A bucket with versioning Enabled, and the sweep's versioned actions wired. */
    VersioningEngine versionedBucket(String name) {
        bucket(name);
        VersioningEngine versioning = new VersioningEngine(objects);
        versioning.setVersioning(ACCOUNT, name, "Enabled");
        sweeper.actions(new VersionedLifecycleActions(versioning, null, tagging));
        return versioning;
    }

    @Test
    void noncurrentVersionsTransitionFromWhenTheyBecameNoncurrent() throws IOException {
        VersioningEngine versioning = versionedBucket("bkt");
        int big = (int) LifecycleConfiguration.SMALL_OBJECT;
        StoredObject v1 = put("bkt", "k", big, null);
        clock.advance(Duration.ofDays(10));
        StoredObject v2 = put("bkt", "k", big, null);
        clock.advance(Duration.ofDays(10));
        StoredObject v3 = put("bkt", "k", big, null);
        configure("bkt", transitions("nc", LifecycleConfiguration.Filter.ALL,
                new LifecycleConfiguration.Transition(true, 15, null, "GLACIER", null)));
        clock.advance(Duration.ofDays(6));
        sweeper.sweep();
        // v1 became noncurrent when v2 was written, 16 days ago; v2 when v3 was, 6 days ago; v3 is current
        assertEquals("GLACIER", objects.get(ACCOUNT, "bkt", "k", v1.versionId()).storageClass());
        assertEquals("STANDARD", objects.get(ACCOUNT, "bkt", "k", v2.versionId()).storageClass());
        assertEquals("STANDARD", objects.get(ACCOUNT, "bkt", "k", v3.versionId()).storageClass());
        clock.advance(Duration.ofDays(10));
        sweeper.sweep();
        assertEquals("GLACIER", objects.get(ACCOUNT, "bkt", "k", v2.versionId()).storageClass());
        assertEquals("STANDARD", objects.get(ACCOUNT, "bkt", "k", v3.versionId()).storageClass());
    }

    @Test
    void noncurrentVersionsAreFilteredByTheirOwnTagsAndSize() throws IOException {
        VersioningEngine versioning = versionedBucket("bkt");
        StoredObject taggedSmall = put("bkt", "a", 5, null);
        tagging.set(taggedSmall, Map.of("expire", "yes"));
        StoredObject untagged = put("bkt", "a", 5, null);
        StoredObject taggedBig = put("bkt", "a", 50, null);
        tagging.set(taggedBig, Map.of("expire", "yes"));
        put("bkt", "a", 1, null); // current
        configure("bkt", new LifecycleConfiguration.Rule("nc", true,
                new LifecycleConfiguration.Filter(null, Map.of("expire", "yes"), null, 10L), null, null, null, 1, null,
                null, List.of()));
        clock.advance(Duration.ofDays(2));
        sweeper.sweep();
        List<String> left = versioning.list(new VersioningEngine.VersionsRequest(ACCOUNT, "bkt", null, null, null, null,
                1000)).versions().stream().map(e -> e.version().versionId()).toList();
        assertFalse(left.contains(taggedSmall.versionId()), "tagged and under 10 bytes: expired");
        assertTrue(left.contains(untagged.versionId()), "without the tag: kept");
        assertTrue(left.contains(taggedBig.versionId()), "50 bytes: kept");
        assertEquals(3, left.size());
    }

    @Test
    void tagsAndSizesFilterAndPagesAreWalked() throws IOException {
        bucket("bkt");
        for (int i = 0; i < 1205; i++) put("bkt", String.format("bulk/%05d", i), 1);
        put("bkt", "t/tagged-big", 100);
        put("bkt", "t/tagged-small", 5);
        put("bkt", "t/untagged-big", 100);
        tagging.set(object("bkt", "t/tagged-big"), Map.of("expire", "yes"));
        tagging.set(object("bkt", "t/tagged-small"), Map.of("expire", "yes"));
        configure("bkt", days("bulk", "bulk/", 2), new LifecycleConfiguration.Rule("tags", true,
                new LifecycleConfiguration.Filter("t/", Map.of("expire", "yes"), 10L, null), 2, null, null, null, null,
                null, java.util.List.of()));
        clock.advance(Duration.ofDays(3));
        assertEquals(1206, sweeper.sweep().expired());
        assertEquals(List.of("t/tagged-small", "t/untagged-big"), keys("bkt"));
    }

    @Test
    void dateRulesAndDisabledRulesAndTheExtensionPoint() throws IOException {
        bucket("bkt");
        put("bkt", "x", 1);
        put("bkt", "y", 1);
        List<String> handed = new ArrayList<>();
        sweeper.actions(new LifecycleActions() {
            @Override
            public void expireNoncurrentVersions(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now,
                                                 LifecycleEvents expired) {
                handed.add("noncurrent " + rule.id() + " " + now);
            }

            @Override
            public void abortIncompleteUploads(Bucket bucket, LifecycleConfiguration.Rule rule, Instant now) {
                handed.add("abort " + rule.id());
            }
        });
        Instant date = Instant.parse("2026-04-01T00:00:00Z");
        configure("bkt",
                new LifecycleConfiguration.Rule("date", true, new LifecycleConfiguration.Filter("x", Map.of(), null, null),
                        null, date, null, null, null, null, java.util.List.of()),
                new LifecycleConfiguration.Rule("off", false, LifecycleConfiguration.Filter.ALL, 1, null, null, 3, null, 1, java.util.List.of()),
                new LifecycleConfiguration.Rule("versions", true, LifecycleConfiguration.Filter.ALL, null, null, null, 3,
                        null, 2, java.util.List.of()));
        clock.now = date.minusSeconds(1);
        assertEquals(0, sweeper.sweep().expired());
        clock.now = date;
        assertEquals(1, sweeper.sweep().expired());
        assertEquals(List.of("y"), keys("bkt"));
        assertEquals(List.of("noncurrent versions " + date.minusSeconds(1), "abort versions",
                "noncurrent versions " + date, "abort versions"), handed);
    }

    @Test
    void configurationsAndTagsGoWithTheirBucketAndObject() throws IOException {
        bucket("bkt");
        put("bkt", "k", 1);
        tagging.set(object("bkt", "k"), Map.of("a", "1"));
        configure("bkt", days("d", "", 1));
        put("bkt", "k", 1);
        assertTrue(tagging.tags(object("bkt", "k")).isEmpty(), "an overwrite drops the tags");
        tagging.set(object("bkt", "k"), Map.of("a", "1"));
        objects.delete(ACCOUNT, "bkt", "k");
        put("bkt", "k", 1);
        assertTrue(tagging.tags(object("bkt", "k")).isEmpty(), "a delete drops the tags");
        objects.delete(ACCOUNT, "bkt", "k");
        buckets.delete(ACCOUNT, "bkt");
        bucket("bkt");
        assertFalse(configs.get(ACCOUNT, "bkt", LifecycleSweeper.KIND).isPresent());
        assertEquals(List.of(), configs.all(LifecycleSweeper.KIND));
    }
}
