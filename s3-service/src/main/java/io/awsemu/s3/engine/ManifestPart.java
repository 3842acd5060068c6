package io.awsemu.s3.engine;

/**
 * One part of a completed multipart object: which blob holds it and where it sits in the object.
 *
 * @param offset        the part's first byte within the object
 * @param etag          the part's MD5 hex, without quotes
 * @param checksumValue base64 digest of the upload's checksum algorithm, or null
 */
public record ManifestPart(int partNumber, String blobId, long offset, long size, String etag, String checksumValue) {}
