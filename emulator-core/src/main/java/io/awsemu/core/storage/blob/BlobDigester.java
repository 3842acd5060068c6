package io.awsemu.core.storage.blob;

import io.awsemu.core.checksum.ChecksumAlgorithm;
import io.awsemu.core.checksum.ChecksumDigest;
import io.awsemu.core.checksum.Checksums;
import io.awsemu.core.checksum.NativeDigests;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** MD5 plus the requested checksums, fed once per write call by both blob stores. */
final class BlobDigester {
    private final ChecksumDigest md5 = Checksums.md5();
    private final EnumMap<ChecksumAlgorithm, ChecksumDigest> others = new EnumMap<>(ChecksumAlgorithm.class);
    private long hashed;

    BlobDigester(Set<ChecksumAlgorithm> algorithms) {
        if (algorithms != null) for (ChecksumAlgorithm a : algorithms) others.put(a, Checksums.newDigest(a));
    }

    void update(byte[] b, int off, int len) {
        hashed = NativeDigests.hashed(hashed, len); // a large blob: the next ones get native digests
        md5.update(b, off, len);
        for (ChecksumDigest d : others.values()) d.update(b, off, len);
    }

    BlobInfo finish(BlobId id, long size) {
        EnumMap<ChecksumAlgorithm, byte[]> sums = new EnumMap<>(ChecksumAlgorithm.class);
        others.forEach((a, d) -> sums.put(a, d.digest()));
        Map<ChecksumAlgorithm, byte[]> view = sums.isEmpty() ? Map.of() : Collections.unmodifiableMap(sums);
        return new BlobInfo(id, size, md5.digest(), view);
    }
}
