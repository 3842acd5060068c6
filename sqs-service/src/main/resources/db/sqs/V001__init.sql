-- SQS: queues per account and region; messages with their delivery state (in-flight survives restart).
CREATE TABLE sqs.queues (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    account VARCHAR(32) NOT NULL,
    region VARCHAR(64) NOT NULL,
    name VARCHAR(128) NOT NULL,
    created_at BIGINT NOT NULL,
    modified_at BIGINT NOT NULL,
    attributes CLOB NOT NULL,
    tags CLOB NOT NULL,
    sequence BIGINT DEFAULT 0 NOT NULL,
    last_purge_at BIGINT DEFAULT 0 NOT NULL,
    CONSTRAINT sqs_queues_name UNIQUE (account, region, name)
);

CREATE TABLE sqs.messages (
    queue_id BIGINT NOT NULL,
    id VARCHAR(64) NOT NULL,
    seq BIGINT NOT NULL,
    body CLOB NOT NULL,
    attributes CLOB,
    trace_header VARCHAR(2048),
    sent_at BIGINT NOT NULL,
    sender_id VARCHAR(128),
    group_id VARCHAR(128),
    dedup_id VARCHAR(128),
    sequence_number VARCHAR(40),
    dlq_source VARCHAR(512),
    visible_at BIGINT NOT NULL,
    receive_count INT DEFAULT 0 NOT NULL,
    first_receive_at BIGINT DEFAULT 0 NOT NULL,
    receipt VARCHAR(64),
    PRIMARY KEY (queue_id, id)
);

CREATE INDEX sqs.sqs_messages_order ON sqs.messages (queue_id, seq);
