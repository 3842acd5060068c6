package io.awsemu.core.service;

import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.protocol.ProtocolQuirks;

import java.util.function.Predicate;

/**
 * Binds a service's operations. Model-driven services bind by the exact model operation name; the
 * codec parses the request into a tree of model member names and binds it to {@code inputType}
 * (a record with @JsonProperty names, or {@code ObjectNode}/{@code JsonNode} for the raw tree).
 * Operations in the model but not bound answer the protocol's not-implemented error.
 */
public interface ServiceBinder {
    <I, O> void operation(String name, Class<I> inputType, OperationHandler<I, O> handler);

    <I, O> void asyncOperation(String name, Class<I> inputType, AsyncOperationHandler<I, O> handler);

    /**
     * Services without a model (S3) take every request themselves. {@code streamBody} says which
     * requests get their body streamed from the socket rather than aggregated (object data).
     */
    void raw(RawHandler handler, Predicate<HttpRequestHead> streamBody);

    void quirks(ProtocolQuirks quirks);

    /**
     * Operations whose handlers never wait: in-memory work under short locks, with any write handed to
     * a committer and answered through the returned future. A JSON request for one of them (its
     * operation known from {@code X-Amz-Target}) runs on the event loop that read it and its answer is
     * written there, sparing the hand-off to a worker and back. Anything that reads a store, joins a
     * future or sleeps must not be named here. A hint: a binder may run them on workers all the same.
     */
    default void eventLoopOperations(String... names) {
    }

    /**
     * A developer endpoint outside the AWS API (e.g. {@code /_aws/sqs/messages}, LocalStack's peek
     * path): requests whose path starts with {@code pathPrefix} go to {@code handler}, unsigned.
     */
    default void developerEndpoint(String pathPrefix, RawHandler handler) {
        throw new UnsupportedOperationException("developer endpoints are not supported here");
    }
}
