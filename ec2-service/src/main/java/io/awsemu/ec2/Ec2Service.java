package io.awsemu.ec2;

import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.AwsServicePlugin;
import io.awsemu.core.service.ServiceBinder;
import io.awsemu.core.service.ServiceContext;
import io.awsemu.core.service.ServiceDescriptor;

/**
 * EC2 with EBS. No operation is bound yet: every request gets the EC2 not-implemented answer.
 */
public final class Ec2Service implements AwsServicePlugin {
    private static final ServiceDescriptor DESCRIPTOR = ServiceDescriptor.builder("ec2")
            .signingNames("ec2")
            .protocols(Protocol.EC2)
            .models("awsemu/models/ec2-2016-11-15-model.json")
            .queryApiVersions(Ec2Versions.ALL.toArray(String[]::new))
            .hostLabels("ec2")
            .build();

    @Override
    public ServiceDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public void bind(ServiceBinder binder, ServiceContext context) {
        // operations arrive with the EC2 issue
    }
}
