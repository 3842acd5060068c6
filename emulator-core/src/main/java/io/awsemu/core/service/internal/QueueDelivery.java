package io.awsemu.core.service.internal;

import java.util.concurrent.CompletableFuture;

/**
 * SQS as a destination of another service's messages (S3 event notifications), published by the SQS
 * plugin through {@link io.awsemu.core.service.InternalServices}.
 */
public interface QueueDelivery {
    /**
     * Who sends, as the queue's policy sees it: the service principal ({@code s3.amazonaws.com}), and the
     * {@code aws:SourceArn} and {@code aws:SourceAccount} of its statements' conditions (the bucket and its owner).
     *
     * @param senderId the messages' SenderId attribute
     */
    record Sender(String servicePrincipal, String senderId, String sourceArn, String sourceAccount) {}

    /**
     * Why {@code queueArn} can't take {@code sender}'s notifications (no such queue, a FIFO queue, a policy that
     * does not allow it), or null when it can. The text is what S3 puts into its "Unable to validate the following
     * destination configurations" error.
     */
    String refusal(String queueArn, Sender sender);

    /**
     * Sends {@code body} as a message from {@code sender}. Completes once the message is as durable as an
     * acknowledged SendMessage, or at once when the queue's policy no longer allows the sender (the message is
     * dropped and logged, as AWS drops it); completes exceptionally when the queue is gone.
     */
    CompletableFuture<Void> send(String queueArn, String body, Sender sender);
}
