package io.awsemu.s3;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.service.RequestContext;

import java.io.IOException;

/**
 * A cross-cutting step around every S3 request (CORS, the website endpoint), kept out of the
 * handlers. {@link S3Router} calls {@code before} in registration order before routing, then
 * {@code after} or {@code error} on every interceptor once there is an answer.
 */
public interface S3Interceptor {
    /** An answer here ends the request (a preflight, a website page); null lets it go on. */
    default AwsResponse before(RequestContext ctx) throws IOException {
        return null;
    }

    /** May add headers to the answer. */
    default void after(RequestContext ctx, AwsResponse response) {}

    /** May add headers to an error answer. */
    default void error(RequestContext ctx, AwsException error) {}
}
