CREATE TABLE objects (
  id BIGINT PRIMARY KEY,
  blob_id CHAR(32) NOT NULL,
  md5 CHAR(32) NOT NULL,
  size BIGINT NOT NULL
);
CREATE INDEX objects_blob ON objects (blob_id);
