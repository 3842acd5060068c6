package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RawHandler;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.LifecycleSweeper;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code POST /_aws/s3/lifecycle[?now=2030-01-01T00:00:00Z]}: runs the lifecycle sweep at once, at the
 * clock's now or at the given instant (to see what days from now would expire or move), and answers
 * {@code {"expired": n, "transitioned": m}}: current objects expired, and objects or noncurrent versions moved to
 * another storage class. For tests and for users who do not want to wait for the schedule.
 */
final class LifecycleEndpoint implements RawHandler {
    static final String PATH = "/_aws/s3/lifecycle";

    private final LifecycleSweeper sweeper;

    LifecycleEndpoint(LifecycleSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public AwsResponse handle(RequestContext ctx, RequestBody body) {
        if (!ctx.request().method().equals("POST")) {
            return AwsResponse.of(405, "application/json", "{\"message\":\"POST runs the lifecycle sweep\"}");
        }
        String now = ctx.request().queryParam("now");
        Instant at;
        try {
            at = now == null ? null : Instant.parse(now);
        } catch (DateTimeParseException e) {
            return AwsResponse.of(400, "application/json", "{\"message\":\"now must be an ISO-8601 instant\"}");
        }
        LifecycleSweeper.Swept swept = at == null ? sweeper.sweep() : sweeper.sweep(at);
        return AwsResponse.of(200, "application/json",
                "{\"expired\":" + swept.expired() + ",\"transitioned\":" + swept.transitioned() + "}");
    }
}
