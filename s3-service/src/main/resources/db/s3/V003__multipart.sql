-- Multipart uploads in progress. Deleting a bucket drops its uploads and their parts (AWS lets a bucket
-- with unfinished uploads go); the part blobs then belong to nobody and the blob collector frees them.
CREATE TABLE s3.uploads (
    upload_id            VARCHAR(128)    NOT NULL PRIMARY KEY,
    bucket_id            BIGINT          NOT NULL,
    object_key           VARBINARY(1024) NOT NULL,
    initiated_millis     BIGINT          NOT NULL,
    storage_class        VARCHAR(32)     NOT NULL,
    -- the x-amz-checksum-algorithm / -type the upload was created with, or NULL
    checksum_algorithm   VARCHAR(16),
    checksum_type        VARCHAR(16),
    headers              CHARACTER VARYING NOT NULL,
    CONSTRAINT uploads_bucket FOREIGN KEY (bucket_id) REFERENCES s3.buckets (bucket_id) ON DELETE CASCADE
);

-- ListMultipartUploads order: key (UTF-8 bytes), then initiation time.
CREATE INDEX uploads_listing ON s3.uploads (bucket_id, object_key, initiated_millis, upload_id);

CREATE TABLE s3.upload_parts (
    upload_id            VARCHAR(128) NOT NULL,
    part_number          INT          NOT NULL,
    blob_id              CHAR(32)     NOT NULL,
    size                 BIGINT       NOT NULL,
    etag                 VARCHAR(64)  NOT NULL,
    last_modified_millis BIGINT       NOT NULL,
    -- base64 digest of the upload's checksum algorithm, or NULL
    checksum_value       VARCHAR(64),
    CONSTRAINT upload_parts_pk PRIMARY KEY (upload_id, part_number),
    CONSTRAINT upload_parts_upload FOREIGN KEY (upload_id) REFERENCES s3.uploads (upload_id) ON DELETE CASCADE
);

CREATE INDEX upload_parts_blob ON s3.upload_parts (blob_id);

-- A completed multipart object: its blob_id in s3.objects names a manifest here instead of a blob, and
-- the bytes stay in the part blobs (completion copies nothing). CopyObject shares the manifest id as it
-- shares a blob id; the manifest goes when no object points at it any more.
CREATE TABLE s3.manifest_parts (
    manifest_id          CHAR(32)     NOT NULL,
    part_number          INT          NOT NULL,
    blob_id              CHAR(32)     NOT NULL,
    part_offset          BIGINT       NOT NULL,
    size                 BIGINT       NOT NULL,
    etag                 VARCHAR(64)  NOT NULL,
    checksum_value       VARCHAR(64),
    CONSTRAINT manifest_parts_pk PRIMARY KEY (manifest_id, part_number)
);

CREATE INDEX manifest_parts_blob ON s3.manifest_parts (blob_id);

-- parts_count NULL: a single-part object whose blob_id is a blob. checksum_type: FULL_OBJECT or COMPOSITE.
ALTER TABLE s3.objects ADD COLUMN parts_count INT;
ALTER TABLE s3.objects ADD COLUMN checksum_type VARCHAR(16);
