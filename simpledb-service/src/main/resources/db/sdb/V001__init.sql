-- SimpleDB: domains per account and region; one row per (item, attribute name, value).
CREATE TABLE sdb.domains (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    account VARCHAR(32) NOT NULL,
    region VARCHAR(64) NOT NULL,
    name VARCHAR(255) NOT NULL,
    created_at BIGINT NOT NULL,
    pair_count BIGINT DEFAULT 0 NOT NULL,
    byte_count BIGINT DEFAULT 0 NOT NULL,
    CONSTRAINT sdb_domains_name UNIQUE (account, region, name)
);

CREATE TABLE sdb.attrs (
    domain_id BIGINT NOT NULL,
    item VARCHAR(1024) NOT NULL,
    name VARCHAR(1024) NOT NULL,
    val VARCHAR(1024) NOT NULL,
    PRIMARY KEY (domain_id, item, name, val)
);

-- where attr < 'x' / order by attr: range scans in value order
CREATE INDEX sdb.sdb_attrs_by_value ON sdb.attrs (domain_id, name, val, item);
-- first page of a predicate on one attribute, in item-name order
CREATE INDEX sdb.sdb_attrs_by_name_item ON sdb.attrs (domain_id, name, item, val);
