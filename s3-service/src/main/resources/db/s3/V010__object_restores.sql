-- Restored copies of archived objects (GLACIER, DEEP_ARCHIVE): RestoreObject makes one readable until
-- expires_millis. Keyed by the version's blob: a later write of the key has another blob, so an old row
-- never applies to it. They go with the bucket.
CREATE TABLE s3.object_restores (
    bucket_id      BIGINT          NOT NULL,
    object_key     VARBINARY(1024) NOT NULL,
    blob_id        VARCHAR(64)     NOT NULL,
    expires_millis BIGINT          NOT NULL,
    CONSTRAINT object_restores_pk PRIMARY KEY (bucket_id, object_key, blob_id),
    CONSTRAINT object_restores_bucket FOREIGN KEY (bucket_id) REFERENCES s3.buckets (bucket_id) ON DELETE CASCADE
);
