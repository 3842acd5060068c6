package io.awsemu.sqs;

import io.awsemu.core.service.internal.QueueDelivery;
import io.awsemu.sqs.engine.Queue;
import io.awsemu.sqs.engine.SqsEngine;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Messages other services send into queues by ARN (S3 event notifications), as SendMessage would. */
final class QueueDeliveries implements QueueDelivery {
    private final SqsEngine engine;

    QueueDeliveries(SqsEngine engine) {
        this.engine = engine;
    }

    @Override
    public String refusal(String queueArn) {
        Queue q = engine.queueByArn(queueArn);
        if (q == null) return "The destination queue does not exist";
        // S3 refuses FIFO queues as notification destinations
        if (q.fifo()) return "FIFO queues are not supported as destinations of event notifications";
        return null;
    }

    @Override
    public CompletableFuture<Void> send(String queueArn, String body, String senderId) {
        Queue q = engine.queueByArn(queueArn);
        if (q == null) return CompletableFuture.failedFuture(SqsErrors.queueDoesNotExist());
        try {
            SqsEngine.SendRequest r = new SqsEngine.SendRequest(body, null, null, null, null, null, senderId);
            engine.validate(q, r);
            return engine.sendValidated(q, List.of(r)).thenApply(rs -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
