package io.awsemu.sqs.store;

import io.awsemu.sqs.engine.SqsMessage;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Durable queue state. Every method commits before it returns: the engine calls it before it makes
 * a change visible, so an acknowledged send or delete survives a crash.
 */
public interface QueueStore {
    record QueueRow(long id, String account, String region, String name, long createdAt, long modifiedAt,
                    Map<String, String> attributes, Map<String, String> tags, long sequence, long lastPurgeAt) {}

    List<QueueRow> loadQueues();

    List<SqsMessage> loadMessages(long queueId);

    /** Inserts a queue and returns its id. */
    long insertQueue(QueueRow row);

    void updateQueue(QueueRow row);

    /** Deletes the queue and its messages. */
    void deleteQueue(long queueId);

    /** Inserts messages and records the queue's FIFO sequence counter, in one transaction. */
    void insertMessages(long queueId, List<SqsMessage> messages, long sequence);

    /** Writes the delivery state (visibility, receive count, receipt) of messages. */
    void updateDelivery(long queueId, Collection<SqsMessage> messages);

    void deleteMessages(long queueId, Collection<String> messageIds);

    /** Moves messages from one queue to another in one transaction (dead-letter queues, move tasks). */
    void moveMessages(long fromQueueId, long toQueueId, List<SqsMessage> moved);

    /** Deletes every message of a queue and records the purge time. */
    void purge(long queueId, long purgedAt);
}
