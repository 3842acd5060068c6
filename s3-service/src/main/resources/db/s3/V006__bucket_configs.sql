-- Bucket configuration sub-resources (tagging, cors, website, lifecycle, encryption, logging,
-- requestPayment, accelerate, notification): one normalized XML document per (bucket, kind).
-- They go with the bucket: a deleted and re-created bucket starts without any.
CREATE TABLE s3.bucket_configs (
    bucket_id  BIGINT      NOT NULL,
    kind       VARCHAR(32) NOT NULL,
    document   CLOB        NOT NULL,
    CONSTRAINT bucket_configs_pk PRIMARY KEY (bucket_id, kind),
    CONSTRAINT bucket_configs_bucket FOREIGN KEY (bucket_id) REFERENCES s3.buckets (bucket_id) ON DELETE CASCADE
);

-- Object tag sets, URL-encoded as in x-amz-tagging. version_id is 'null' for unversioned objects;
-- the object paths remove a key's row through ObjectHooks when it is overwritten or deleted.
CREATE TABLE s3.object_tags (
    bucket_id   BIGINT          NOT NULL,
    object_key  VARBINARY(1024) NOT NULL,
    version_id  VARCHAR(64)     NOT NULL,
    tags        CHARACTER VARYING NOT NULL,
    CONSTRAINT object_tags_pk PRIMARY KEY (bucket_id, object_key, version_id),
    CONSTRAINT object_tags_bucket FOREIGN KEY (bucket_id) REFERENCES s3.buckets (bucket_id) ON DELETE CASCADE
);
