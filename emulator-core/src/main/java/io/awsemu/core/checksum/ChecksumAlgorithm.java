package io.awsemu.core.checksum;

/** Digests a {@link BlobWriter} can compute while bytes stream through it. MD5 is always computed. */
public enum ChecksumAlgorithm {
    CRC32("x-amz-checksum-crc32"),
    CRC32C("x-amz-checksum-crc32c"),
    CRC64NVME("x-amz-checksum-crc64nvme"),
    SHA1("x-amz-checksum-sha1"),
    SHA256("x-amz-checksum-sha256");

    private final String header;

    ChecksumAlgorithm(String header) { this.header = header; }

    /** The S3 header (and trailer) that carries this checksum, base64 of the big-endian digest. */
    public String header() { return header; }

    /** Parses the S3 name ("CRC32", "crc32c", ...); null if unknown. */
    public static ChecksumAlgorithm fromName(String name) {
        if (name == null) return null;
        for (ChecksumAlgorithm a : values()) if (a.name().equalsIgnoreCase(name)) return a;
        return null;
    }
}
