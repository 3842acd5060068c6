-- What an ObjectRestore:Completed row of the outbox tells of the restored copy (glacierEventData): when it expires
-- and the storage class it was restored from. NULL in every other row.
ALTER TABLE s3.outbox ADD COLUMN restore_expiry_millis BIGINT;
ALTER TABLE s3.outbox ADD COLUMN restore_storage_class VARCHAR(32);
