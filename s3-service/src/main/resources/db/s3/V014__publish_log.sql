-- The publish log's mark (PublishLog): the sequence number of the last PutObject whose publish is in this database.
-- A PutObject's transaction sets it; what the publish log holds beyond it is replayed at start.
CREATE TABLE s3.publish_mark (
    id INT PRIMARY KEY,
    seq BIGINT NOT NULL
);
INSERT INTO s3.publish_mark (id, seq) VALUES (1, 0);
