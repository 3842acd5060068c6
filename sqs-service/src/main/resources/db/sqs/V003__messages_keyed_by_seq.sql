-- Messages keyed by their engine-wide seq: the row map is the only map a send, receive or delete
-- touches (no secondary index), which halves the work of each group commit.
CREATE TABLE sqs.message_rows (
    seq BIGINT PRIMARY KEY,
    queue_id BIGINT NOT NULL,
    id VARCHAR(64) NOT NULL,
    body CHARACTER VARYING(1048576) NOT NULL,
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
    receipt VARCHAR(64)
);

INSERT INTO sqs.message_rows (seq, queue_id, id, body, attributes, trace_header, sent_at, sender_id, group_id, dedup_id,
        sequence_number, dlq_source, visible_at, receive_count, first_receive_at, receipt)
    SELECT seq, queue_id, id, body, attributes, trace_header, sent_at, sender_id, group_id, dedup_id,
        sequence_number, dlq_source, visible_at, receive_count, first_receive_at, receipt FROM sqs.messages;

DROP TABLE sqs.messages;
