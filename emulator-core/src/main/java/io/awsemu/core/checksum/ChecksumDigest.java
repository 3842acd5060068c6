package io.awsemu.core.checksum;

import java.nio.ByteBuffer;

/**
 * One running digest (MD5, SHA, or a CRC) with a common shape, so a writer can feed every requested
 * algorithm from the same buffer. {@link #digest()} returns big-endian bytes (CRC32/CRC32C: 4,
 * CRC64NVME: 8) and resets, like {@link java.security.MessageDigest#digest()}. Not thread-safe.
 */
public interface ChecksumDigest {
    void update(byte[] b, int off, int len);

    /** Consumes the buffer's remaining bytes (position moves to limit). */
    void update(ByteBuffer buffer);

    default void update(byte[] b) { update(b, 0, b.length); }

    /** The digest of everything fed since creation or the last reset; resets afterwards. */
    byte[] digest();

    void reset();

    /** Length in bytes of {@link #digest()}. */
    int length();
}
