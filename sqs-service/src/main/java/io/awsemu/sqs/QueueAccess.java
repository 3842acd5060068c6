package io.awsemu.sqs;

import io.awsemu.core.policy.AccessPolicy;
import io.awsemu.core.policy.AccessPolicy.Decision;
import io.awsemu.core.policy.ConditionKeys;
import io.awsemu.core.service.RequestContext;
import io.awsemu.sqs.engine.Queue;

import java.util.List;
import java.util.Set;

/**
 * Who may act on a queue, as SQS decides it from the queue's policy. The caller is the signing key's account
 * (identity policies are not modelled, so an account acts as its root):
 * <ul>
 *   <li>the queue's own account may do everything that an explicit Deny in the policy does not forbid, and always
 *       the operations that manage the queue and its policy (so it cannot lock itself out);</li>
 *   <li>another account needs an Allow for the action ({@code sqs:SendMessage} for SendMessage and
 *       SendMessageBatch, ...) and no Deny, and never gets the operations cross-account permissions don't apply to;</li>
 *   <li>an anonymous request acts in the default account, as it always has here, and only {@code "*"} names it.</li>
 * </ul>
 * Refusals are AccessDenied, 403.
 */
final class QueueAccess {
    private QueueAccess() {}

    /** Operations that cross-account permissions don't apply to (SQS Developer Guide): the owner's alone. */
    static final Set<String> OWNER_ONLY = Set.of("AddPermission", "CancelMessageMoveTask", "CreateQueue", "DeleteQueue",
            "ListMessageMoveTasks", "ListQueues", "ListQueueTags", "RemovePermission", "SetQueueAttributes",
            "StartMessageMoveTask", "TagQueue", "UntagQueue");

    /**
     * Throws AccessDenied unless the caller may run the request's operation on {@code q}.
     *
     * @param url the queue's URL, for the error message
     */
    static void check(RequestContext ctx, Queue q, String url) {
        String operation = ctx.operation();
        boolean owner = ctx.accountId().equals(q.key.account());
        if (OWNER_ONLY.contains(operation)) {
            if (owner) return;
            throw SqsErrors.accessDenied(url);
        }
        AccessPolicy policy = q.policy();
        if (policy == null) {
            if (owner) return;
            throw SqsErrors.accessDenied(url);
        }
        String caller = ctx.anonymous() ? null : ctx.accountId();
        Decision d = policy.evaluate(caller == null ? List.of() : List.of(caller), "sqs:" + action(operation), q.arn(),
                ConditionKeys.global(ctx, caller));
        if (d == Decision.DENY || (d == Decision.NONE && !owner)) throw SqsErrors.accessDenied(url);
    }

    /** The policy action of an operation: a batch is authorized as its single form. */
    static String action(String operation) {
        return operation.endsWith("Batch") ? operation.substring(0, operation.length() - "Batch".length()) : operation;
    }
}
