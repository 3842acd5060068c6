package io.awsemu.core.storage.blob;

import io.awsemu.core.checksum.ChecksumAlgorithm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The {@code dataDir=:memory:} blob store: same semantics as {@link RocksDbBlobStore} (commit makes
 * a blob visible, collectOrphans by age and reference), nothing survives the process.
 */
public final class InMemoryBlobStore implements BlobStore {
    private record Stored(byte[] data, BlobInfo info, long committedAt) {}

    private final Map<BlobId, Stored> blobs = new ConcurrentHashMap<>();
    private final Set<BlobId> writing = ConcurrentHashMap.newKeySet();
    private final BlobReaders readers = new BlobReaders();
    private final Clock clock;
    private volatile boolean closed;

    public InMemoryBlobStore() {
        this(Clock.systemUTC());
    }

    public InMemoryBlobStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("blob store is closed");
    }

    @Override
    public BlobWriter create(Set<ChecksumAlgorithm> checksums) {
        ensureOpen();
        return new Writer(BlobId.random(), new BlobDigester(checksums));
    }

    private Stored get(BlobId id) {
        ensureOpen();
        Stored s = blobs.get(id);
        if (s == null) throw new NoSuchElementException("no blob " + id);
        return s;
    }

    @Override
    public long size(BlobId id) {
        return get(id).info.size();
    }

    /** The committed blob's digests; {@link NoSuchElementException} if absent. */
    public BlobInfo info(BlobId id) {
        return get(id).info;
    }

    @Override
    public InputStream read(BlobId id, long offset, long length) {
        Stored s = get(id);
        long end = RocksDbBlobStore.rangeEnd(id, s.data.length, offset, length);
        return new ByteArrayInputStream(s.data, (int) offset, (int) (end - offset));
    }

    /** A stream reads a snapshot of the bytes, which a delete cannot take away; a hold keeps the blob itself. */
    @Override
    public Hold hold(BlobId id) {
        return readers.hold(id, () -> removeNow(id));
    }

    @Override
    public void delete(BlobId id) {
        ensureOpen();
        removeNow(id);
    }

    private void removeNow(BlobId id) {
        readers.remove(id, () -> blobs.remove(id));
    }

    @Override
    public int collectOrphans(Predicate<BlobId> referenced, Duration minAge) {
        ensureOpen();
        long now = clock.millis();
        int removed = 0;
        for (Map.Entry<BlobId, Stored> e : blobs.entrySet()) {
            if (now - e.getValue().committedAt < minAge.toMillis()) continue;
            if (referenced.test(e.getKey())) continue;
            if (blobs.remove(e.getKey(), e.getValue())) removed++;
        }
        return removed;
    }

    public BlobStoreStats stats() {
        return new BlobStoreStats(blobs.size(), writing.size(), blobs.values().stream().filter(s -> s.data.length > 0).count());
    }

    @Override
    public void close() {
        closed = true;
        blobs.clear();
    }

    private final class Writer extends BlobWriter {
        private final BlobId id;
        private final BlobDigester digester;
        private byte[] buf = new byte[256];
        private int len;
        private boolean done;

        Writer(BlobId id, BlobDigester digester) {
            this.id = id;
            this.digester = digester;
            writing.add(id);
        }

        private void ensureWritable() throws IOException {
            if (done) throw new IOException("blob writer already committed or aborted");
            if (closed) throw new IOException("blob store is closed");
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int n) throws IOException {
            Objects.checkFromIndexSize(off, n, b.length);
            ensureWritable();
            if ((long) len + n > Integer.MAX_VALUE - 8) throw new IOException("blob too large for the in-memory store");
            if (len + n > buf.length) buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) buf.length * 2, len + n)));
            System.arraycopy(b, off, buf, len, n);
            digester.update(b, off, n);
            len += n;
        }

        @Override
        public long size() {
            return len;
        }

        @Override
        public BlobInfo commit() throws IOException {
            ensureWritable();
            done = true;
            writing.remove(id);
            BlobInfo info = digester.finish(id, len);
            blobs.put(id, new Stored(Arrays.copyOf(buf, len), info, clock.millis()));
            buf = null;
            return info;
        }

        @Override
        public void abort() {
            if (done) return;
            done = true;
            writing.remove(id);
            buf = null;
        }
    }
}
