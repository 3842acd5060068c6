package io.awsemu.simpledb.store;

import io.awsemu.core.storage.meta.H2MetadataDb;
import io.awsemu.simpledb.engine.SimpleDbEngine;
import io.awsemu.simpledb.engine.SimpleDbEngine.PutAttribute;
import io.awsemu.simpledb.engine.SimpleDbEngine.Scope;
import io.awsemu.simpledb.engine.SimpleDbLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class H2SimpleDbStoreTest {
    private static final Scope ME = new Scope("000000000000", "us-east-1");

    @Test
    void dataSurvivesReopeningTheDatabase(@TempDir Path dir) {
        
        try (H2MetadataDb db = H2MetadataDb.file(dir)) {
            SimpleDbEngine sdb = new SimpleDbEngine(new H2SimpleDbStore(db), Clock.systemUTC(), SimpleDbLimits.defaults());
            sdb.createDomain(ME, "snapshot");
            sdb.putAttributes(ME, "snapshot", "snap-1234", List.of(new PutAttribute("expires", "2010-08-01 12:00:00", false)), null);
        }
        try (H2MetadataDb db = H2MetadataDb.file(dir)) {
            // migrating again is a no-op; the rows and the usage counters are still there
            H2SimpleDbStore store = new H2SimpleDbStore(db);
            SimpleDbEngine sdb = new SimpleDbEngine(store, Clock.systemUTC(), SimpleDbLimits.defaults());
            assertEquals(Map.of("expires", List.of("2010-08-01 12:00:00")),
                    sdb.getAttributes(ME, "snapshot", "snap-1234", null).attributes());
            long id = store.domain(ME.account(), ME.region(), "snapshot").orElseThrow().id();
            assertEquals(new SimpleDbStore.Usage(1, 9 + 7 + 19), store.usage(id));
            assertEquals(List.of("snap-1234"), sdb.select(ME,
                    "select itemName() from snapshot where expires < '2010-08-02 00:00:00'", null)
                    .items().stream().map(StoredItem::name).toList());
        }
    }

    @Test
    void rangeScansHonourBoundsAndOrder() {
        try (H2MetadataDb db = H2MetadataDb.inMemory()) {
            H2SimpleDbStore store = new H2SimpleDbStore(db);
            long id = store.createDomain("a", "r", "dom", 0).id();
            store.writeItems(id, List.of(
                    new StoredItem("i1", Map.of("v", List.of("1", "5"))),
                    new StoredItem("i2", Map.of("v", List.of("3"))),
                    new StoredItem("i3", Map.of("w", List.of("3")))), SimpleDbStore.Usage.ZERO);
            assertEquals(List.of("i1", "i2"), store.itemNames(id, null, false, 10, "v", new SimpleDbStore.ValueRange("2", true, null, false)));
            assertEquals(List.of("i2"), store.itemNames(id, null, false, 10, "v", new SimpleDbStore.ValueRange("2", true, "4", false)));
            assertEquals(List.of("i3", "i2", "i1"), store.itemNames(id, null, true, 10, null, null));
            assertEquals(List.of("i2"), store.itemNames(id, "i1", false, 1, null, null));
            assertEquals(List.of(new SimpleDbStore.SortRow("i1", "1"), new SimpleDbStore.SortRow("i2", "3"), new SimpleDbStore.SortRow("i1", "5")),
                    store.sortRows(id, "v", null, false, 10, SimpleDbStore.ValueRange.ALL));
            assertEquals(List.of(new SimpleDbStore.SortRow("i1", "5")),
                    store.sortRows(id, "v", new SimpleDbStore.SortRow("i2", "3"), false, 10, SimpleDbStore.ValueRange.ALL));
        }
    }

    @Test
    void scansReturnWholeItemsAcrossBatchLimits() {
        try (H2MetadataDb db = H2MetadataDb.inMemory()) {
            H2SimpleDbStore store = new H2SimpleDbStore(db);
            long id = store.createDomain("a", "r", "dom", 0).id();
            List<String> many = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) many.add(String.format("%03d", i));
            store.writeItems(id, List.of(
                    new StoredItem("i1", Map.of("v", many)),
                    new StoredItem("i2", Map.of("v", many, "w", List.of("x"))),
                    new StoredItem("i3", Map.of("a", List.of("1"), "b", List.of("2", "3")))), SimpleDbStore.Usage.ZERO);
            // 257 rows end inside i2: only i1 is whole, and i2 comes back whole with the next batch
            List<StoredItem> first = store.scanItems(id, null, false, 10);
            assertEquals(List.of("i1"), first.stream().map(StoredItem::name).toList());
            assertEquals(many, first.get(0).values("v"));
            List<StoredItem> second = store.scanItems(id, "i1", false, 10);
            assertEquals(List.of("i2", "i3"), second.stream().map(StoredItem::name).toList());
            assertEquals(201, second.get(0).values("v").size() + second.get(0).values("w").size());
            assertEquals(List.of(), store.scanItems(id, "i3", false, 10));
            // descending: item order reversed, attributes and values still ascending as items() gives them
            List<StoredItem> desc = store.scanItems(id, null, true, 1000);
            assertEquals(List.of("i3", "i2", "i1"), desc.stream().map(StoredItem::name).toList());
            assertEquals(Map.of("a", List.of("1"), "b", List.of("2", "3")), desc.get(0).attributes());
            assertEquals(List.of("a", "b"), List.copyOf(desc.get(0).attributes().keySet()));
            assertEquals(many, desc.get(2).values("v"));
            assertEquals(store.items(id, List.of("i2")).get("i2"), desc.get(1));
        }
    }
}
