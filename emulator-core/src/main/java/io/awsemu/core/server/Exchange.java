package io.awsemu.core.server;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;

import java.time.Instant;
import java.util.concurrent.Executor;

/** One request/response pair as the transport hands it to the dispatcher (no Netty types). */
public interface Exchange {
    HttpRequestHead head();

    String requestId();

    Instant receivedAt();

    /** The event loop that reads and writes this request's connection. */
    Executor eventLoop();

    /** Writes the answer; callable from any thread, once. */
    void respond(AwsResponse response);
}
