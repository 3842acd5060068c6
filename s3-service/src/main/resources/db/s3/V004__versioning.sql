-- Versioning. s3.objects keeps holding the current version of every key that has one (what GET and
-- ListObjects see); s3.versions holds the noncurrent versions and every delete marker. seq orders the
-- versions of a key (newest highest); a key's current object, when there is one, is always its newest.
CREATE SEQUENCE s3.version_seq;

-- NULL version_id: the "null" version (written while versioning was never enabled or is suspended)
ALTER TABLE s3.objects ADD COLUMN version_id VARCHAR(64);
ALTER TABLE s3.objects ADD COLUMN seq BIGINT;

CREATE TABLE s3.versions (
    bucket_id            BIGINT          NOT NULL,
    object_key           VARBINARY(1024) NOT NULL,
    seq                  BIGINT          NOT NULL,
    version_id           VARCHAR(64),
    delete_marker        BOOLEAN         NOT NULL,
    -- the columns of s3.objects; NULL for a delete marker where they make no sense
    blob_id              CHAR(32),
    size                 BIGINT,
    etag                 VARCHAR(64),
    last_modified_millis BIGINT          NOT NULL,
    storage_class        VARCHAR(32),
    checksum_algorithm   VARCHAR(16),
    checksum_value       VARCHAR(64),
    headers              CHARACTER VARYING,
    parts_count          INT,
    checksum_type        VARCHAR(16),
    CONSTRAINT versions_pk PRIMARY KEY (bucket_id, object_key, seq),
    CONSTRAINT versions_bucket FOREIGN KEY (bucket_id) REFERENCES s3.buckets (bucket_id)
);

CREATE INDEX versions_blob ON s3.versions (blob_id);
CREATE INDEX versions_id ON s3.versions (bucket_id, object_key, version_id);
