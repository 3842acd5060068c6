package io.awsemu.core.storage;

import io.awsemu.core.storage.KeyValueStore.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records store on disk (the blob store's RocksDB) and in memory behave alike. */
class KeyValueStoreTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static List<String> keys(KeyValueStore kv, String prefix) {
        List<String> out = new ArrayList<>();
        kv.scan(b(prefix), (k, v) -> out.add(new String(k, StandardCharsets.UTF_8) + "=" + new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    private static void behaves(KeyValueStore root) {
        KeyValueStore a = root.namespace("a"), ab = root.namespace("ab");
        a.write(new Batch().put(b("k2"), b("2")).put(b("k1"), b("1")).put(b("j"), b("x")).put(b("k3"), b("3")).delete(b("k3")), false);
        ab.write(new Batch().put(b("k1"), b("other")), false);
        // in key order, only the prefix, only the namespace (a is not a prefix of ab's keys)
        assertEquals(List.of("k1=1", "k2=2"), keys(a, "k"));
        assertEquals(List.of("k1=other"), keys(ab, ""));
        assertArrayEquals(b("1"), a.get(b("k1")));
        assertNull(a.get(b("k3")));
        // unsigned order: 0xFF sorts after 'k'
        a.write(new Batch().put(new byte[] {(byte) 0xFF}, b("high")), true);
        List<String> all = new ArrayList<>();
        a.scan(new byte[0], (k, v) -> all.add(new String(v, StandardCharsets.UTF_8)));
        assertEquals(List.of("x", "1", "2", "high"), all);
        // a write taken at once is the same atomic batch, in the same namespace
        assertTrue(a.writeNow(new Batch().put(b("k0"), b("0")).delete(b("k2"))));
        assertEquals(List.of("k0=0", "k1=1"), keys(a, "k"));
        assertEquals(List.of("k1=other"), keys(ab, ""));
    }

    @Test
    void inMemory() {
        behaves(new InMemoryKeyValueStore());
    }

    @Test
    void onDiskAndAfterReopen() {
        try (DataStores s = DataStores.open(dir)) {
            behaves(s.records());
        }
        try (DataStores s = DataStores.open(dir)) {
            assertEquals(List.of("k0=0", "k1=1"), keys(s.records().namespace("a"), "k"));
        }
    }

    @Test
    void aClosedStoreRefusesWrites() {
        DataStores s = DataStores.open(dir);
        KeyValueStore kv = s.records();
        s.close();
        assertThrows(java.io.UncheckedIOException.class, () -> kv.write(new Batch().put(b("k"), b("v")), false));
        assertThrows(java.io.UncheckedIOException.class, () -> kv.writeNow(new Batch().put(b("k"), b("v"))));
    }
}
