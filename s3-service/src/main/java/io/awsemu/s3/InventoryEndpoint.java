package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RawHandler;
import io.awsemu.core.service.RequestContext;

/**
 * {@code POST /_aws/s3/inventory}: writes a report of every enabled inventory configuration now, instead of at its
 * next day or week, and answers {@code {"reports": n}} (reports written). For tests and for users who do not want to
 * wait.
 */
final class InventoryEndpoint implements RawHandler {
    static final String PATH = "/_aws/s3/inventory";

    private final InventoryReports reports;

    InventoryEndpoint(InventoryReports reports) {
        this.reports = reports;
    }

    @Override
    public AwsResponse handle(RequestContext ctx, RequestBody body) {
        if (!ctx.request().method().equals("POST")) {
            return AwsResponse.of(405, "application/json", "{\"message\":\"POST writes the inventory reports\"}");
        }
        return AwsResponse.of(200, "application/json", "{\"reports\":" + reports.deliverAll() + "}");
    }
}
