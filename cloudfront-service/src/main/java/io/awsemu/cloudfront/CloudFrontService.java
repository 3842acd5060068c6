package io.awsemu.cloudfront;

import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.AwsServicePlugin;
import io.awsemu.core.service.ServiceBinder;
import io.awsemu.core.service.ServiceContext;
import io.awsemu.core.service.ServiceDescriptor;

/**
 * CloudFront (REST-XML, routed by the model's request URIs; /2010-11-01/ is served by the same
 * handlers). No operation is bound yet: every request gets the not-implemented answer.
 */
public final class CloudFrontService implements AwsServicePlugin {
    private static final ServiceDescriptor DESCRIPTOR = ServiceDescriptor.builder("cloudfront")
            .signingNames("cloudfront")
            .protocols(Protocol.REST_XML)
            .models("awsemu/models/cloudfront-2020-05-31-model.json")
            .hostLabels("cloudfront")
            .pathRule(h -> h.rawPath().startsWith("/2020-05-31/") || h.rawPath().startsWith("/2010-11-01/"))
            .build();

    @Override
    public ServiceDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public void bind(ServiceBinder binder, ServiceContext context) {
        // operations arrive with the CloudFront issue
    }
}
