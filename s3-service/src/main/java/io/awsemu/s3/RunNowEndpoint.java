package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RawHandler;
import io.awsemu.core.service.RequestContext;

import java.util.function.IntSupplier;

/**
 * A developer endpoint that runs a scheduled job now instead of at its schedule, for tests and for users who do not
 * want to wait: {@code POST} runs it and answers {@code {"<field>": n}}; another method is 405.
 * <ul>
 *   <li>{@code POST /_aws/s3/access-logs} delivers the server access log lines gathered so far into their target
 *       buckets: {@code {"delivered": n}}, the log objects written;</li>
 *   <li>{@code POST /_aws/s3/inventory} writes a report of every enabled inventory configuration, whatever its day or
 *       week: {@code {"reports": n}}, the reports written.</li>
 * </ul>
 */
final class RunNowEndpoint implements RawHandler {
    static final String ACCESS_LOGS = "/_aws/s3/access-logs";
    static final String INVENTORY = "/_aws/s3/inventory";

    private final String what;
    private final String field;
    private final IntSupplier job;

    /** @param what what POST does, for the 405 answer ("delivers the access logs") */
    RunNowEndpoint(String what, String field, IntSupplier job) {
        this.what = what;
        this.field = field;
        this.job = job;
    }

    @Override
    public AwsResponse handle(RequestContext ctx, RequestBody body) {
        if (!ctx.request().method().equals("POST")) {
            return AwsResponse.of(405, "application/json", "{\"message\":\"POST " + what + "\"}");
        }
        return AwsResponse.of(200, "application/json", "{\"" + field + "\":" + job.getAsInt() + "}");
    }
}
