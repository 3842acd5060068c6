package io.awsemu.s3.engine;

import io.awsemu.core.storage.blob.BlobId;
import io.awsemu.core.storage.blob.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A byte range of a multipart object read across its part blobs: seeks into the first part it
 * touches and opens each following part only when the previous one is used up. As a channel it
 * passes buffers through to parts that are channels themselves (RocksDB's direct reads).
 */
final class ManifestInputStream extends InputStream implements ReadableByteChannel {
    private final BlobStore blobs;
    private final List<ManifestPart> parts;
    private long position;
    private long remaining;
    private int index;
    private InputStream current;

    /** Every part the range touches, held from the start: a later part must not go while earlier ones are read. */
    private final List<BlobStore.Hold> holds = new ArrayList<>();

    ManifestInputStream(BlobStore blobs, List<ManifestPart> parts, long offset, long length) {
        this.blobs = blobs;
        this.parts = parts;
        this.position = offset;
        long total = parts.isEmpty() ? 0 : parts.get(parts.size() - 1).offset() + parts.get(parts.size() - 1).size();
        this.remaining = length < 0 ? total - offset : Math.min(length, total - offset);
        while (index < parts.size() && parts.get(index).offset() + parts.get(index).size() <= offset) index++;
        try {
            for (int i = index; i < parts.size() && parts.get(i).offset() < offset + remaining; i++) {
                holds.add(blobs.hold(BlobId.parse(parts.get(i).blobId())));
            }
        } catch (RuntimeException e) {
            holds.forEach(BlobStore.Hold::close);
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        return read(in -> in.read(b, off, (int) Math.min(len, remaining)));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) return 0;
        return read(in -> {
            ByteBuffer d = dst.remaining() > remaining ? dst.slice().limit((int) remaining) : dst;
            int n;
            if (in instanceof ReadableByteChannel ch) {
                n = ch.read(d);
            } else {
                byte[] tmp = new byte[Math.min(d.remaining(), 1 << 16)];
                n = in.read(tmp, 0, tmp.length);
                if (n > 0) d.put(tmp, 0, n);
            }
            if (d != dst && n > 0) dst.position(dst.position() + n);
            return n;
        });
    }

    private interface PartRead {
        int read(InputStream part) throws IOException;
    }

    private int read(PartRead op) throws IOException {
        while (remaining > 0) {
            if (current == null) {
                if (index >= parts.size()) break;
                ManifestPart p = parts.get(index);
                long within = position - p.offset();
                long take = Math.min(p.size() - within, remaining);
                current = blobs.read(BlobId.parse(p.blobId()), within, take);
            }
            int n = op.read(current);
            if (n < 0) {
                current.close();
                current = null;
                index++;
                continue;
            }
            position += n;
            remaining -= n;
            return n;
        }
        return -1;
    }

    @Override
    public boolean isOpen() {
        return remaining > 0 || current != null;
    }

    @Override
    public void close() throws IOException {
        remaining = 0;
        try {
            if (current != null) current.close();
        } finally {
            current = null;
            holds.forEach(BlobStore.Hold::close);
            holds.clear();
        }
    }
}
