package io.awsemu.core.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;

/** The {@code dataDir=:memory:} {@link KeyValueStore}: a sorted map; a batch is applied under one lock. */
public final class InMemoryKeyValueStore implements KeyValueStore {
    private final ConcurrentSkipListMap<byte[], byte[]> records = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

    @Override
    public byte[] get(byte[] key) {
        return records.get(key);
    }

    @Override
    public synchronized void scan(byte[] prefix, BiConsumer<byte[], byte[]> each) {
        for (Map.Entry<byte[], byte[]> e : records.tailMap(prefix, true).entrySet()) {
            byte[] k = e.getKey();
            if (!KeyValueStore.hasPrefix(k, prefix)) break;
            each.accept(k, e.getValue());
        }
    }

    /** Synchronized with {@link #scan}, so a scan never sees half a batch. */
    @Override
    public synchronized void write(Batch batch, boolean sync) {
        for (Batch.Op op : batch.ops()) {
            if (op.value() == null) records.remove(op.key());
            else records.put(op.key(), op.value());
        }
    }
}
