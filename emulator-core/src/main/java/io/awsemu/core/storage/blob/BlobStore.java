package io.awsemu.core.storage.blob;

import io.awsemu.core.checksum.ChecksumAlgorithm;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Immutable byte blobs stored as fixed-size chunks. Publishing a blob (pointing metadata at it) is
 * the caller's job; {@link #collectOrphans} removes blobs nobody points at.
 */
public interface BlobStore extends AutoCloseable {
    /** A writer computing MD5 plus {@code checksums} as bytes arrive. */
    BlobWriter create(Set<ChecksumAlgorithm> checksums) throws IOException;

    /** Length of a committed blob; throws {@link java.util.NoSuchElementException} if it does not exist. */
    long size(BlobId id) throws IOException;

    /**
     * Reads {@code length} bytes from {@code offset}, seeking to the chunk that holds {@code offset}
     * (no skip-reading). {@code length} -1 reads to the end. The stream {@linkplain #hold holds} the blob
     * until it is closed: a GET in flight reads to its end whatever replaces or removes the blob meanwhile.
     */
    InputStream read(BlobId id, long offset, long length) throws IOException;

    /**
     * {@link #read(BlobId, long, long)} of a blob whose size the caller knows (an object's, from its metadata),
     * which lets a store skip looking the size up: a small GET is then one lookup, not two. {@code size} must be
     * the blob's: a store may trust it.
     */
    default InputStream read(BlobId id, long size, long offset, long length) throws IOException {
        return read(id, offset, length);
    }

    /** A blob kept from removal until closed (idempotent). */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Keeps {@code id} from being removed until the hold is closed: a {@link #delete} or {@link #discard}
     * meanwhile is carried out when the last hold (or stream) on it is closed. For a reader that opens the
     * blob later, e.g. the parts of a multipart object, read one after the other. Throws
     * {@link java.util.NoSuchElementException} when the blob's removal has already begun; says nothing about
     * whether it exists otherwise.
     */
    Hold hold(BlobId id);

    default InputStream read(BlobId id) throws IOException { return read(id, 0, -1); }

    /** Removes a blob (idempotent). Durable like a commit; a blob being read goes when its readers are done. */
    void delete(BlobId id) throws IOException;

    /**
     * Removes a blob nothing references any more (idempotent), without waiting for it to be durable: after
     * a crash it may be back, unreferenced, for the orphan collector. For a replaced object's old blob,
     * whose removal no caller waits on.
     */
    default void discard(BlobId id) throws IOException { delete(id); }

    /**
     * Deletes committed blobs older than {@code minAge} for which {@code referenced} says no, and any
     * uncommitted leftovers of writers that died (crash). Returns how many blobs were removed.
     */
    int collectOrphans(Predicate<BlobId> referenced, Duration minAge) throws IOException;

    @Override
    void close();
}
