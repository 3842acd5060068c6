-- What CreateMultipartUpload decided for the object it will make: its owner (NULL: the bucket owner),
-- its ACL (x-amz-acl / x-amz-grant-*, encoded as s3.objects.acl_grants; NULL: the default) and its tag
-- set (x-amz-tagging, URL-encoded; NULL: none). CompleteMultipartUpload gives them to the object.
ALTER TABLE s3.uploads ADD COLUMN (
    owner_account VARCHAR(12),
    acl_grants    CHARACTER VARYING,
    tagging       CHARACTER VARYING
);
