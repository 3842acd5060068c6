-- Names deleted in the last 60 s (QueueDeletedRecently), FIFO deduplication ids (5-minute window,
-- they outlive the message they named), and message move tasks (a RUNNING one continues after restart).
CREATE TABLE sqs.deleted_queues (
    account VARCHAR(32) NOT NULL,
    region VARCHAR(64) NOT NULL,
    name VARCHAR(128) NOT NULL,
    deleted_at BIGINT NOT NULL,
    PRIMARY KEY (account, region, name)
);

CREATE TABLE sqs.dedup (
    queue_id BIGINT NOT NULL,
    dedup_key VARCHAR(400) NOT NULL,
    message_id VARCHAR(64) NOT NULL,
    sequence_number VARCHAR(40),
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (queue_id, dedup_key)
);

CREATE TABLE sqs.move_tasks (
    handle VARCHAR(512) PRIMARY KEY,
    source_arn VARCHAR(512) NOT NULL,
    destination_arn VARCHAR(512),
    rate INT,
    status VARCHAR(16) NOT NULL,
    moved BIGINT DEFAULT 0 NOT NULL,
    to_move BIGINT DEFAULT 0 NOT NULL,
    failure_reason VARCHAR(1024),
    started_at BIGINT NOT NULL
);

CREATE INDEX sqs.sqs_move_tasks_source ON sqs.move_tasks (source_arn, started_at);
