package io.awsemu.core.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Small records in key order, for state written too often for H2 (SQS messages: one write per send,
 * receive and delete). On disk they live in a column family of the blob store's RocksDB (one native
 * database, one WAL); for {@code awsemu.dataDir=:memory:} in a sorted map. A service sees its own
 * {@link #namespace namespace}: its keys are prefixed, so services never collide.
 */
public interface KeyValueStore {
    /** The value under {@code key}, or null. */
    byte[] get(byte[] key);

    /** Calls {@code each} with every record whose key starts with {@code prefix}, in unsigned byte order of keys. */
    void scan(byte[] prefix, BiConsumer<byte[], byte[]> each);

    /**
     * Applies {@code batch} atomically: after a crash either all of it is there or none. On return it
     * survives the process being killed ({@code kill -9}: the write-ahead log is in the OS); with
     * {@code sync} it is also fsynced, and survives the machine losing power.
     * @throws java.io.UncheckedIOException when the store is closed or the write fails
     */
    void write(Batch batch, boolean sync);

    /**
     * Applies {@code batch} as {@link #write} without {@code sync} does, if the store can take it without first
     * waiting for its background work (RocksDB slows and then stops writes while flushes and compactions catch
     * up): for a caller that must not wait, an event loop. Returns false, having written nothing, when the write
     * would have had to wait.
     * @throws java.io.UncheckedIOException when the store is closed or the write fails
     */
    default boolean writeNow(Batch batch) {
        write(batch, false);
        return true;
    }

    /** A view whose keys are this store's keys prefixed by {@code name} and a 0 byte. */
    default KeyValueStore namespace(String name) {
        return new Prefixed(this, namespacePrefix(name));
    }

    /** {@code name} in UTF-8 and a 0 byte: what {@link #namespace} puts before each key. */
    private static byte[] namespacePrefix(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(n, n.length + 1);
    }

    /** Whether {@code key} starts with {@code prefix}: where a {@link #scan} in key order stops. */
    static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Puts and deletes, applied in the order they were added. */
    final class Batch {
        /** value null: delete. */
        public record Op(byte[] key, byte[] value) {}

        private final List<Op> ops = new ArrayList<>();

        public Batch put(byte[] key, byte[] value) {
            ops.add(new Op(key, java.util.Objects.requireNonNull(value)));
            return this;
        }

        public Batch delete(byte[] key) {
            ops.add(new Op(key, null));
            return this;
        }

        /** Appends {@code other}'s operations after this one's. */
        public Batch addAll(Batch other) {
            ops.addAll(other.ops);
            return this;
        }

        public boolean isEmpty() { return ops.isEmpty(); }

        public int size() { return ops.size(); }

        public List<Op> ops() { return ops; }
    }

    /** {@link #namespace}: prefixes keys on the way in, strips them on the way out of a scan. */
    final class Prefixed implements KeyValueStore {
        private final KeyValueStore root;
        private final byte[] prefix;

        Prefixed(KeyValueStore root, byte[] prefix) {
            this.root = root;
            this.prefix = prefix;
        }

        private byte[] full(byte[] key) {
            byte[] k = Arrays.copyOf(prefix, prefix.length + key.length);
            System.arraycopy(key, 0, k, prefix.length, key.length);
            return k;
        }

        @Override
        public byte[] get(byte[] key) {
            return root.get(full(key));
        }

        @Override
        public void scan(byte[] p, BiConsumer<byte[], byte[]> each) {
            root.scan(full(p), (k, v) -> each.accept(Arrays.copyOfRange(k, prefix.length, k.length), v));
        }

        @Override
        public void write(Batch batch, boolean sync) {
            root.write(prefixed(batch), sync);
        }

        @Override
        public boolean writeNow(Batch batch) {
            return root.writeNow(prefixed(batch));
        }

        private Batch prefixed(Batch batch) {
            Batch b = new Batch();
            for (Batch.Op op : batch.ops()) b.ops.add(new Batch.Op(full(op.key()), op.value()));
            return b;
        }

        @Override
        public KeyValueStore namespace(String name) {
            return new Prefixed(root, full(namespacePrefix(name)));
        }
    }
}
