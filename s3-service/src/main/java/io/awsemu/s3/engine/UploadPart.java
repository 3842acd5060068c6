package io.awsemu.s3.engine;

import java.time.Instant;

/**
 * One uploaded part of an upload in progress.
 *
 * @param etag          MD5 hex, without quotes
 * @param checksumValue base64 digest of the upload's checksum algorithm, or null
 */
public record UploadPart(int partNumber, String blobId, long size, String etag, Instant lastModified,
                         String checksumValue) {

    public String quotedEtag() {
        return "\"" + etag + "\"";
    }
}
