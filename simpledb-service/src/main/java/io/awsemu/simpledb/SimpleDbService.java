package io.awsemu.simpledb;

import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.AwsServicePlugin;
import io.awsemu.core.service.ServiceBinder;
import io.awsemu.core.service.ServiceContext;
import io.awsemu.core.service.ServiceDescriptor;
import io.awsemu.simpledb.api.BatchDeleteAttributesRequest;
import io.awsemu.simpledb.api.BatchPutAttributesRequest;
import io.awsemu.simpledb.api.CreateDomainRequest;
import io.awsemu.simpledb.api.DeleteAttributesRequest;
import io.awsemu.simpledb.api.DeleteDomainRequest;
import io.awsemu.simpledb.api.DomainMetadataRequest;
import io.awsemu.simpledb.api.GetAttributesRequest;
import io.awsemu.simpledb.api.ListDomainsRequest;
import io.awsemu.simpledb.api.PutAttributesRequest;
import io.awsemu.simpledb.api.SelectRequest;
import io.awsemu.simpledb.engine.SimpleDbEngine;
import io.awsemu.simpledb.engine.SimpleDbLimits;
import io.awsemu.simpledb.store.H2SimpleDbStore;

/** SimpleDB 2009-04-15 (and the 2007-11-07 Version clients still send): wiring only. */
public final class SimpleDbService implements AwsServicePlugin {

    @Override
    public ServiceDescriptor descriptor() {
        return ServiceDescriptor.builder("sdb")
                .signingNames("sdb")
                .protocols(Protocol.QUERY)
                .models("awsemu/models/sdb-2009-04-15-model.json")
                .queryApiVersions("2009-04-15", "2007-11-07")
                .hostLabels("sdb")
                .build();
    }

    @Override
    public void bind(ServiceBinder binder, ServiceContext context) {
        SimpleDbEngine engine = new SimpleDbEngine(new H2SimpleDbStore(context.metadata()), context.clock(),
                SimpleDbLimits.fromEnvironment());
        SimpleDbOperations ops = new SimpleDbOperations(engine);
        binder.quirks(new SimpleDbQuirks());
        binder.operation("CreateDomain", CreateDomainRequest.class, ops::createDomain);
        binder.operation("DeleteDomain", DeleteDomainRequest.class, ops::deleteDomain);
        binder.operation("ListDomains", ListDomainsRequest.class, ops::listDomains);
        binder.operation("DomainMetadata", DomainMetadataRequest.class, ops::domainMetadata);
        binder.operation("PutAttributes", PutAttributesRequest.class, ops::putAttributes);
        binder.operation("BatchPutAttributes", BatchPutAttributesRequest.class, ops::batchPutAttributes);
        binder.operation("GetAttributes", GetAttributesRequest.class, ops::getAttributes);
        binder.operation("DeleteAttributes", DeleteAttributesRequest.class, ops::deleteAttributes);
        binder.operation("BatchDeleteAttributes", BatchDeleteAttributesRequest.class, ops::batchDeleteAttributes);
        binder.operation("Select", SelectRequest.class, ops::select);
    }
}
