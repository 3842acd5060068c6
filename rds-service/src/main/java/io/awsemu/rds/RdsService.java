package io.awsemu.rds;

import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.AwsServicePlugin;
import io.awsemu.core.service.ServiceBinder;
import io.awsemu.core.service.ServiceContext;
import io.awsemu.core.service.ServiceDescriptor;

/**
 * RDS. No operation is bound yet: every request gets the Query not-implemented answer.
 */
public final class RdsService implements AwsServicePlugin {
    private static final ServiceDescriptor DESCRIPTOR = ServiceDescriptor.builder("rds")
            .signingNames("rds")
            .protocols(Protocol.QUERY)
            .models("awsemu/models/rds-2014-10-31-model.json")
            .queryApiVersions("2009-10-16", "2010-01-01", "2010-06-28", "2010-07-28", "2011-04-01",
                    "2012-01-15", "2012-04-23", "2012-07-31", "2012-09-17", "2013-01-10", "2013-02-12",
                    "2013-05-15", "2013-09-09", "2014-09-01", "2014-10-31")
            .hostLabels("rds")
            .build();

    @Override
    public ServiceDescriptor descriptor() { return DESCRIPTOR; }

    @Override
    public void bind(ServiceBinder binder, ServiceContext context) {
        // operations arrive with the RDS issue
    }
}
