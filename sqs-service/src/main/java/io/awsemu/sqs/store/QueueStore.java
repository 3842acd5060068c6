package io.awsemu.sqs.store;

import io.awsemu.sqs.engine.SqsMessage;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable queue state. Synchronous methods commit before they return. Message writes return a future
 * that completes once the write is committed; they are applied in the order they were called, so the
 * engine calls them under the queue's monitor and answers the client only when the future completes.
 */
public interface QueueStore extends AutoCloseable {
    record QueueRow(long id, String account, String region, String name, long createdAt, long modifiedAt,
                    java.util.Map<String, String> attributes, java.util.Map<String, String> tags, long sequence,
                    long lastPurgeAt) {}

    /** A FIFO deduplication entry: it outlives the message it names, for the 5-minute window. */
    record DedupRow(String key, String messageId, String sequenceNumber, long expiresAt) {}

    /** A message move task (StartMessageMoveTask). */
    record MoveTaskRow(String handle, String sourceArn, String destinationArn, Integer rate, String status,
                       long moved, long toMove, String failureReason, long startedAt) {}

    record DeletedQueue(String account, String region, String name, long deletedAt) {}

    List<QueueRow> loadQueues();

    /** The body of a stored message, or null if the message is not stored (deleted meanwhile). */
    String readBody(long queueId, long seq);

    /** Every stored message by queue id, each list in seq (send) order. */
    java.util.Map<Long, List<SqsMessage>> loadMessages();

    /** Deduplication entries of a queue that expire after {@code now}. */
    List<DedupRow> loadDedup(long queueId, long now);

    /** Queues deleted after {@code since}. */
    List<DeletedQueue> loadDeletedQueues(long since);

    List<MoveTaskRow> loadMoveTasks();

    /** Inserts a queue and returns its id (and forgets an earlier deletion of its name). */
    long insertQueue(QueueRow row);

    /** Writes attributes, tags and modification time. */
    void updateQueue(QueueRow row);

    /** Deletes the queue, its messages (by seq) and dedup entries, and records the deletion time of its name. */
    CompletableFuture<Void> deleteQueue(long queueId, Collection<Long> seqs, DeletedQueue deleted);

    /**
     * Inserts messages, records the queue's FIFO sequence counter and the new dedup entries, and drops
     * dedup entries that expired by {@code now}, in one transaction.
     */
    CompletableFuture<Void> insertMessages(long queueId, List<SqsMessage> messages, long sequence,
                                           List<DedupRow> dedup, long now);

    /** Writes the delivery state (visibility, receive count, receipt) of messages. */
    CompletableFuture<Void> updateDelivery(long queueId, Collection<SqsMessage> messages);

    /** Messages are addressed by their seq (unique across queues). */
    CompletableFuture<Void> deleteMessages(long queueId, Collection<Long> seqs);

    /** Moves messages from one queue to another in one transaction (dead-letter queues, move tasks). */
    CompletableFuture<Void> moveMessages(long fromQueueId, long toQueueId, Collection<Long> fromSeqs, List<SqsMessage> moved);

    /** Deletes the messages of a queue (every seq it holds) and records the purge time. */
    CompletableFuture<Void> purge(long queueId, Collection<Long> seqs, long purgedAt);

    /** Inserts or replaces a move task. */
    CompletableFuture<Void> saveMoveTask(MoveTaskRow task);

    @Override
    void close();
}
