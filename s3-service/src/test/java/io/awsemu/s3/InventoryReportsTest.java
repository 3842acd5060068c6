package io.awsemu.s3;

import io.awsemu.core.storage.blob.InMemoryBlobStore;
import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.VersioningEngine;
import io.awsemu.s3.store.H2BucketConfigStore;
import io.awsemu.s3.store.H2BucketStore;
import io.awsemu.s3.store.H2ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inventory schedules against a clock the test moves, and data files split by size, against real stores. */
class InventoryReportsTest {
    static final String ACCOUNT = "000000000000";

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
    final BucketConfigs configs = new BucketConfigs(buckets, new H2BucketConfigStore(db));

    @AfterEach
    void close() {
        db.close();
    }

    InventoryReports reports(int fileBytes) {
        return new InventoryReports(buckets, configs, objects, new VersioningEngine(objects), null, null, clock, fileBytes);
    }

    void bucket(String name) {
        buckets.create(new BucketEngine.CreateRequest(ACCOUNT, name, "us-east-1", null, null, null, false));
    }

    void put(String bucket, String key) throws IOException {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        objects.put(new ObjectEngine.PutRequest(ACCOUNT, bucket, key, b.length, null, null, null, false, null, Map.of()),
                new ByteArrayInputStream(b), Map::of);
    }

    void configure(String bucket, String... idAndFrequency) {
        StringBuilder set = new StringBuilder("<InventoryConfigurationSet>");
        for (int i = 0; i < idAndFrequency.length; i += 2) {
            set.append("<InventoryConfiguration><Id>").append(idAndFrequency[i]).append("</Id><IsEnabled>true</IsEnabled>")
                    .append("<Destination><S3BucketDestination><Bucket>arn:aws:s3:::dest</Bucket><Format>CSV</Format>")
                    .append("</S3BucketDestination></Destination><IncludedObjectVersions>Current</IncludedObjectVersions>")
                    .append("<Schedule><Frequency>").append(idAndFrequency[i + 1]).append("</Frequency></Schedule>")
                    .append("</InventoryConfiguration>");
        }
        configs.put(ACCOUNT, bucket, BucketConfigSetOperations.Family.INVENTORY.kind, set.append("</InventoryConfigurationSet>").toString());
    }

    List<String> keys(String prefix) {
        return objects.list(new ObjectEngine.ListRequest(ACCOUNT, "dest", prefix, null, 1000, null)).contents().stream()
                .map(StoredObject::key).toList();
    }

    String text(String key, boolean gzipped) throws IOException {
        StoredObject o = objects.get(ACCOUNT, "dest", key);
        try (var in = objects.read(o, 0, o.size())) {
            byte[] b = gzipped ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    @Test
    void dailyAndWeeklyReportsAreDueADayOrAWeekAfterTheLastOne() throws IOException {
        bucket("src");
        bucket("dest");
        put("src", "a");
        configure("src", "day", "Daily", "week", "Weekly");
        InventoryReports r = reports(InventoryReports.FILE_BYTES);

        assertEquals(2, r.deliverDue()); // none written by this process yet: both are due
        assertEquals(0, r.deliverDue());
        clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertEquals(0, r.deliverDue());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, r.deliverDue()); // the daily one
        clock.advance(Duration.ofDays(6));
        assertEquals(2, r.deliverDue()); // a day since the daily one, a week since the weekly one
        assertEquals(3, keys("src/day/").stream().filter(k -> k.endsWith("manifest.json")).count());
        assertEquals(2, r.deliverAll()); // the endpoint's: whatever the schedule
    }

    @Test
    void rowsBeyondAFilesBoundGoToMoreDataFilesAllNamedInTheManifestAndSymlink() throws IOException {
        bucket("src");
        bucket("dest");
        for (int i = 0; i < 3000; i++) put("src", String.format("key-%04d-%s", i, Long.toHexString(Double.doubleToLongBits(Math.random()))));
        configure("src", "split", "Daily");
        assertEquals(1, reports(1024).deliverAll());

        List<String> data = keys("src/split/data/");
        assertTrue(data.size() > 1, data.toString());
        String manifestKey = keys("src/split/").stream().filter(k -> k.endsWith("manifest.json")).findFirst().orElseThrow();
        String manifest = text(manifestKey, false);
        StringBuilder symlink = new StringBuilder();
        StringBuilder rows = new StringBuilder();
        int at = 0;
        for (String k; (at = manifest.indexOf("\"key\" : \"", at)) >= 0; ) {
            at += "\"key\" : \"".length();
            k = manifest.substring(at, manifest.indexOf('"', at));
            symlink.append("s3://dest/").append(k).append('\n');
            rows.append(text(k, true));
        }
        assertEquals(data.size(), symlink.toString().split("\n").length);
        String hive = keys("src/split/hive/").get(0);
        assertEquals(symlink.toString(), text(hive, false));
        assertEquals(3000, rows.toString().split("\n").length);
        assertTrue(rows.toString().lines().allMatch(l -> l.startsWith("\"src\",\"key-")), "rows");
    }
}
