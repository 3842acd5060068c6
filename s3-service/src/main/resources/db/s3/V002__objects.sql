-- Current objects. The key is stored as its UTF-8 bytes so that the primary key's order is S3's
-- listing order (unsigned UTF-8 byte order) and a prefix is one range scan of that index.
CREATE TABLE s3.objects (
    bucket_id            BIGINT         NOT NULL,
    object_key           VARBINARY(1024) NOT NULL,
    blob_id              CHAR(32)       NOT NULL,
    size                 BIGINT         NOT NULL,
    etag                 VARCHAR(64)    NOT NULL,
    last_modified_millis BIGINT         NOT NULL,
    storage_class        VARCHAR(32)    NOT NULL,
    checksum_algorithm   VARCHAR(16),
    checksum_value       VARCHAR(64),
    -- stored response headers (Content-Type, Cache-Control, x-amz-meta-*, ...): name:value lines
    headers              CHARACTER VARYING NOT NULL,
    CONSTRAINT objects_pk PRIMARY KEY (bucket_id, object_key),
    CONSTRAINT objects_bucket FOREIGN KEY (bucket_id) REFERENCES s3.buckets (bucket_id)
);

-- CopyObject shares blobs between keys: the collector and the delete path ask "who else uses it".
CREATE INDEX objects_blob ON s3.objects (blob_id);
