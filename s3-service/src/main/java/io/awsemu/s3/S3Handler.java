package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RequestContext;

import java.io.IOException;

/** One routed S3 operation; {@code target} is the request's bucket and key, parsed once. */
@FunctionalInterface
public interface S3Handler {
    AwsResponse handle(RequestContext ctx, S3Target target, RequestBody body) throws IOException;
}
