package io.awsemu.core.storage.blob;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.UUID;

/**
 * 16 bytes naming one blob; rendered as 32 hex characters in metadata. A new id starts with the time it was made
 * (milliseconds, then 16 random bits) and ends with 64 random bits: ids made later sort after earlier ones.
 */
public record BlobId(long hi, long lo) {
    public static BlobId random() {
        UUID u = UUID.randomUUID();
        return new BlobId(System.currentTimeMillis() << 16 | (u.getMostSignificantBits() & 0xFFFF),
                u.getLeastSignificantBits());
    }

    public static BlobId parse(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new BlobId(bb.getLong(), bb.getLong());
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(toBytes());
    }
}
