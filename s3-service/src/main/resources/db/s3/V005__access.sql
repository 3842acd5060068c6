-- Access control: bucket ACL grants, ownership controls, bucket policy, public access block, and an
-- owner and ACL per object. New buckets get AWS's defaults since April 2023: BucketOwnerEnforced
-- (already V001's default) and all four public-access-block settings on.

-- Explicit grants, one per line "<type> <grantee> <permission>", overriding canned_acl when set.
ALTER TABLE s3.buckets ALTER COLUMN acl_xml RENAME TO acl_grants;
-- NULL after DeleteBucketOwnershipControls: no controls (objects then belong to their writer).
ALTER TABLE s3.buckets ALTER COLUMN object_ownership SET NULL;
ALTER TABLE s3.buckets ADD COLUMN policy CLOB;
-- FALSE after DeletePublicAccessBlock: no configuration (the four flags are then all off).
ALTER TABLE s3.buckets ADD COLUMN pab_present BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE s3.buckets ADD COLUMN block_public_acls BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE s3.buckets ADD COLUMN ignore_public_acls BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE s3.buckets ADD COLUMN block_public_policy BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE s3.buckets ADD COLUMN restrict_public_buckets BOOLEAN NOT NULL DEFAULT TRUE;

-- The account that owns the object (NULL: the bucket owner) and its grants (NULL: private).
ALTER TABLE s3.objects ADD COLUMN owner_account VARCHAR(12);
ALTER TABLE s3.objects ADD COLUMN acl_grants CLOB;
