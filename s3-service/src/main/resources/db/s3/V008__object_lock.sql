-- Object Lock: per object version a retention (mode GOVERNANCE or COMPLIANCE and a retain-until instant,
-- both NULL for none) and a legal hold ('ON', 'OFF', or NULL when never set: GetObjectLegalHold then
-- answers NoSuchObjectLockConfiguration). They move with the row when a current object becomes noncurrent
-- and back. A bucket's flag is V001's s3.buckets.object_lock_enabled; its default retention is a
-- bucket_configs document of kind 'object-lock'.
ALTER TABLE s3.objects ADD COLUMN (
    lock_mode         VARCHAR(16),
    lock_until_millis BIGINT,
    legal_hold        VARCHAR(3)
);
ALTER TABLE s3.versions ADD COLUMN (
    lock_mode         VARCHAR(16),
    lock_until_millis BIGINT,
    legal_hold        VARCHAR(3)
);
-- What CreateMultipartUpload's x-amz-object-lock-* headers asked for; the completed object gets it (or the
-- bucket's default retention when no retention was asked for).
ALTER TABLE s3.uploads ADD COLUMN (
    lock_mode         VARCHAR(16),
    lock_until_millis BIGINT,
    legal_hold        VARCHAR(3)
);
