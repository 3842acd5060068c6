package io.awsemu.sqs;

import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.AwsServicePlugin;
import io.awsemu.core.service.ServiceBinder;
import io.awsemu.core.service.ServiceContext;
import io.awsemu.core.service.ServiceDescriptor;

/**
 * SQS. Both protocols reach the same handlers: JSON 1.0 (SDKs since 2023) and Query (2008-era
 * clients, boto 2, SDK v1 up to 1.12.580). No operation is bound yet: every request gets the
 * protocol's not-implemented answer.
 */
public final class SqsService implements AwsServicePlugin {
    /** {@code /<12-digit account>/<queue name>}: a queue URL used as the endpoint (Query clients). */
    private static final java.util.regex.Pattern QUEUE_PATH =
            java.util.regex.Pattern.compile("^/\\d{12}/[A-Za-z0-9_-]{1,80}(\\.fifo)?/?$");

    private static final ServiceDescriptor DESCRIPTOR = ServiceDescriptor.builder("sqs")
            .signingNames("sqs")
            .protocols(Protocol.JSON_1_0, Protocol.QUERY)
            .models("awsemu/models/sqs-2012-11-05-model.json", "awsemu/models/query/sqs-2012-11-05-model.json")
            .queryApiVersions("2008-01-01", "2009-02-01", "2011-10-01", "2012-11-05")
            .targetPrefixes("AmazonSQS")
            .hostLabels("sqs", "queue")
            .pathRule(h -> QUEUE_PATH.matcher(h.rawPath()).matches()
                    && (h.hasQueryParam("Action") || "POST".equals(h.method())))
            .build();

    @Override
    public ServiceDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public void bind(ServiceBinder binder, ServiceContext context) {
        // operations arrive with the SQS issue
    }
}
