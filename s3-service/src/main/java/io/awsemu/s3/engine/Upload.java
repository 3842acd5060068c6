package io.awsemu.s3.engine;

import java.time.Instant;
import java.util.Map;

/**
 * A multipart upload in progress.
 *
 * @param checksumAlgorithm the x-amz-checksum-algorithm it was created with (CRC32, ...), or null
 * @param checksumType      COMPOSITE or FULL_OBJECT with an algorithm, else null
 * @param headers           the object's stored headers, given at creation
 * @param ownerAccount      the finished object's owner when not the bucket owner, else null
 * @param aclGrants         the finished object's ACL (x-amz-acl / x-amz-grant-* at creation, encoded), or null
 *                          for the default
 * @param tagging           the finished object's tag set (x-amz-tagging at creation, URL-encoded), or null
 * @param lock              the x-amz-object-lock-* headers at creation (checked then), or null when none was sent
 */
public record Upload(String uploadId, String bucket, String key, Instant initiated, String storageClass,
                     String checksumAlgorithm, String checksumType, Map<String, String> headers,
                     String ownerAccount, String aclGrants, String tagging, ObjectLock lock) {}
