package io.awsemu.core.service;

/** A synchronous operation, run on a worker thread. {@code I}/{@code O} are records or Jackson trees. */
@FunctionalInterface
public interface OperationHandler<I, O> {
    O handle(RequestContext ctx, I input);
}
