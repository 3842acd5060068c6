package io.awsemu.s3.engine;

import java.time.Instant;

/**
 * One uploaded part of an upload in progress.
 *
 * @param etag          MD5 hex, without quotes
 * @param checksumValue base64 digest of the upload's checksum algorithm (S3's default CRC64NVME for an upload without
 *                      one), or null for a part stored before such parts kept it
 */
public record UploadPart(int partNumber, String blobId, long size, String etag, Instant lastModified,
                         String checksumValue) {

    public String quotedEtag() {
        return "\"" + etag + "\"";
    }
}
