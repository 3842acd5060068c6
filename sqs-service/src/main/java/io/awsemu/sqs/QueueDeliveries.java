package io.awsemu.sqs;

import io.awsemu.core.policy.AccessPolicy;
import io.awsemu.core.policy.ConditionKeys;
import io.awsemu.core.service.internal.QueueDelivery;
import io.awsemu.sqs.engine.Queue;
import io.awsemu.sqs.engine.QueuePolicy;
import io.awsemu.sqs.engine.SqsEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Messages other services send into queues by ARN (S3 event notifications), as SendMessage would. A service is
 * no account of the queue's: only the queue's policy lets it send, with an Allow of {@code sqs:SendMessage} for its
 * service principal (or {@code "*"}) whose conditions hold for its {@code aws:SourceArn},
 * {@code aws:SourceAccount}, {@code aws:PrincipalType} ({@code Service}), {@code aws:SecureTransport} and the time of
 * the send ({@code aws:CurrentTime}, {@code aws:EpochTime}), and no Deny. Not checked when signatures are not ({@code awsemu.auth=off}), as no
 * other policy is then.
 */
final class QueueDeliveries implements QueueDelivery {
    private static final Logger log = LoggerFactory.getLogger(QueueDeliveries.class);

    /** S3's ArgumentValue when the policy refuses it. */
    static final String NOT_ALLOWED = "Permissions on the destination queue do not allow S3 to publish notifications from this bucket";

    private final SqsEngine engine;
    private final boolean enforce;
    private final Clock clock;

    QueueDeliveries(SqsEngine engine, boolean enforce, Clock clock) {
        this.engine = engine;
        this.enforce = enforce;
        this.clock = clock;
    }

    @Override
    public String refusal(String queueArn, Sender sender) {
        Queue q = engine.queueByArn(queueArn);
        if (q == null) return "The destination queue does not exist";
        // S3 refuses FIFO queues as notification destinations
        if (q.fifo()) return "FIFO queues are not supported as destinations of event notifications";
        if (!allows(q, sender)) return NOT_ALLOWED;
        return null;
    }

    @Override
    public CompletableFuture<Void> send(String queueArn, String body, Sender sender) {
        Queue q = engine.queueByArn(queueArn);
        if (q == null) return CompletableFuture.failedFuture(SqsErrors.queueDoesNotExist());
        if (!allows(q, sender)) {
            log.warn("a message from {} ({}) to {} was dropped: the queue's policy does not allow it",
                    sender.servicePrincipal(), sender.sourceArn(), queueArn);
            return CompletableFuture.completedFuture(null);
        }
        try {
            SqsEngine.SendRequest r = new SqsEngine.SendRequest(body, null, null, null, null, null, sender.senderId());
            engine.validate(q, r);
            return engine.sendValidated(q, List.of(r)).thenApply(rs -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether the queue's policy lets {@code sender} send to it. */
    private boolean allows(Queue q, Sender sender) {
        if (!enforce) return true;
        AccessPolicy policy = q.policy();
        if (policy == null) return false;
        Map<String, String> keys = new HashMap<>();
        keys.put("aws:sourcearn", sender.sourceArn());
        keys.put("aws:sourceaccount", sender.sourceAccount());
        keys.put("aws:principaltype", "Service");
        keys.put("aws:securetransport", "false");
        ConditionKeys.putTime(keys, clock.instant());
        return policy.evaluate(List.of(QueuePolicy.servicePrincipal(sender.servicePrincipal())), "sqs:SendMessage", q.arn(), keys)
                == AccessPolicy.Decision.ALLOW;
    }
}
