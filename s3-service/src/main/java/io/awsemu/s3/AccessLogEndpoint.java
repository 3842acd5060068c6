package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RawHandler;
import io.awsemu.core.service.RequestContext;

/**
 * {@code POST /_aws/s3/access-logs}: delivers the server access log lines gathered so far into their target buckets
 * now, instead of at the next minute, and answers {@code {"delivered": n}} (log objects written). For tests and for
 * users who do not want to wait.
 */
final class AccessLogEndpoint implements RawHandler {
    static final String PATH = "/_aws/s3/access-logs";

    private final AccessLogs logs;

    AccessLogEndpoint(AccessLogs logs) {
        this.logs = logs;
    }

    @Override
    public AwsResponse handle(RequestContext ctx, RequestBody body) {
        if (!ctx.request().method().equals("POST")) {
            return AwsResponse.of(405, "application/json", "{\"message\":\"POST delivers the access logs\"}");
        }
        return AwsResponse.of(200, "application/json", "{\"delivered\":" + logs.deliver() + "}");
    }
}
