package io.awsemu.core.service.internal;

import java.util.concurrent.CompletableFuture;

/**
 * SQS as a destination of another service's messages (S3 event notifications), published by the SQS
 * plugin through {@link io.awsemu.core.service.InternalServices}.
 */
public interface QueueDelivery {
    /**
     * Why {@code queueArn} can't take notifications (no such queue, a FIFO queue), or null when it can.
     * The text is what S3 puts into its "Unable to validate the following destination configurations" error.
     */
    String refusal(String queueArn);

    /**
     * Sends {@code body} as a message from {@code senderId}. Completes once the message is as durable as
     * an acknowledged SendMessage; completes exceptionally when the queue is gone.
     */
    CompletableFuture<Void> send(String queueArn, String body, String senderId);
}
