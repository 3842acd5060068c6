package io.awsemu.s3.engine;

import java.time.Instant;
import java.util.Map;

/**
 * A multipart upload in progress.
 *
 * @param checksumAlgorithm the x-amz-checksum-algorithm it was created with (CRC32, ...), or null
 * @param checksumType      COMPOSITE or FULL_OBJECT with an algorithm, else null
 * @param headers           the object's stored headers, given at creation
 */
public record Upload(String uploadId, String bucket, String key, Instant initiated, String storageClass,
                     String checksumAlgorithm, String checksumType, Map<String, String> headers) {}
