-- Object ACLs per version: the owner and grants of V005 (s3.objects.owner_account, acl_grants) move with a
-- version when it becomes noncurrent and back when it becomes current again, so GetObjectAcl/PutObjectAcl
-- with versionId read and write them. Current objects keep theirs where they are. A noncurrent version written
-- before this migration had already lost them (the move did not carry them): it stays NULL, NULL, private to
-- the bucket owner.
ALTER TABLE s3.versions ADD COLUMN IF NOT EXISTS owner_account VARCHAR(12);
ALTER TABLE s3.versions ADD COLUMN IF NOT EXISTS acl_grants CLOB;
