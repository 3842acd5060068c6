package io.awsemu.core.service;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;

import java.io.IOException;

/**
 * The whole HTTP surface of a service whose routes are hand-written (S3). Runs on a worker thread,
 * sees the raw request through {@link RequestContext#request()} and the verified, decoded body.
 * Errors are thrown as {@link io.awsemu.core.error.AwsException}; the service's protocol renders them.
 */
@FunctionalInterface
public interface RawHandler {
    AwsResponse handle(RequestContext ctx, RequestBody body) throws IOException;
}
