package io.awsemu.core.service;

import java.util.concurrent.CompletionStage;

/** An operation that may finish later (SQS long poll) without holding a worker thread meanwhile. */
@FunctionalInterface
public interface AsyncOperationHandler<I, O> {
    CompletionStage<O> handle(RequestContext ctx, I input);
}
