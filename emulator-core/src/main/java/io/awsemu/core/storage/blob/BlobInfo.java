package io.awsemu.core.storage.blob;

import io.awsemu.core.checksum.ChecksumAlgorithm;

import java.util.Map;

/** What a committed blob is: its id, length, MD5 and any requested checksums (raw digest bytes). */
public record BlobInfo(BlobId id, long size, byte[] md5, Map<ChecksumAlgorithm, byte[]> checksums) {}
