package io.awsemu.simpledb;

import io.awsemu.core.service.RequestContext;
import io.awsemu.simpledb.api.Attribute;
import io.awsemu.simpledb.api.BatchDeleteAttributesRequest;
import io.awsemu.simpledb.api.BatchPutAttributesRequest;
import io.awsemu.simpledb.api.CreateDomainRequest;
import io.awsemu.simpledb.api.DeletableItem;
import io.awsemu.simpledb.api.DeleteAttributesRequest;
import io.awsemu.simpledb.api.DeleteDomainRequest;
import io.awsemu.simpledb.api.DomainMetadataRequest;
import io.awsemu.simpledb.api.DomainMetadataResult;
import io.awsemu.simpledb.api.GetAttributesRequest;
import io.awsemu.simpledb.api.GetAttributesResult;
import io.awsemu.simpledb.api.Item;
import io.awsemu.simpledb.api.ListDomainsRequest;
import io.awsemu.simpledb.api.ListDomainsResult;
import io.awsemu.simpledb.api.PutAttributesRequest;
import io.awsemu.simpledb.api.ReplaceableAttribute;
import io.awsemu.simpledb.api.ReplaceableItem;
import io.awsemu.simpledb.api.SelectRequest;
import io.awsemu.simpledb.api.SelectResult;
import io.awsemu.simpledb.api.UpdateCondition;
import io.awsemu.simpledb.engine.SimpleDbEngine;
import io.awsemu.simpledb.engine.SimpleDbEngine.Condition;
import io.awsemu.simpledb.engine.SimpleDbEngine.DeleteAttribute;
import io.awsemu.simpledb.engine.SimpleDbEngine.PutAttribute;
import io.awsemu.simpledb.engine.SimpleDbEngine.Scope;
import io.awsemu.simpledb.store.SimpleDbStore.Stats;
import io.awsemu.simpledb.store.StoredItem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The ten operations as the codec calls them: model input record in, model output record out
 * ({@code null} for the operations whose model has no output shape).
 */
public final class SimpleDbOperations {
    private final SimpleDbEngine engine;

    public SimpleDbOperations(SimpleDbEngine engine) {
        this.engine = engine;
    }

    public Void createDomain(RequestContext ctx, CreateDomainRequest in) {
        engine.createDomain(scope(ctx), in.domainName());
        return null;
    }

    public Void deleteDomain(RequestContext ctx, DeleteDomainRequest in) {
        engine.deleteDomain(scope(ctx), in.domainName());
        return null;
    }

    public ListDomainsResult listDomains(RequestContext ctx, ListDomainsRequest in) {
        SimpleDbEngine.DomainPage page = engine.listDomains(scope(ctx), in.maxNumberOfDomains(), in.nextToken());
        return new ListDomainsResult(page.names(), page.nextToken());
    }

    public DomainMetadataResult domainMetadata(RequestContext ctx, DomainMetadataRequest in) {
        SimpleDbEngine.DomainMetadata m = engine.domainMetadata(scope(ctx), in.domainName());
        Stats s = m.stats();
        return new DomainMetadataResult((int) s.itemCount(), s.itemNamesBytes(), (int) s.attributeNameCount(),
                s.attributeNamesBytes(), (int) s.attributeValueCount(), s.attributeValuesBytes(), (int) m.timestampSeconds());
    }

    public Void putAttributes(RequestContext ctx, PutAttributesRequest in) {
        engine.putAttributes(scope(ctx), in.domainName(), in.itemName(), puts(in.attributes()), condition(in.expected()));
        return null;
    }

    public Void batchPutAttributes(RequestContext ctx, BatchPutAttributesRequest in) {
        List<SimpleDbEngine.PutItem> items = new ArrayList<>();
        if (in.items() != null) {
            for (ReplaceableItem it : in.items()) items.add(new SimpleDbEngine.PutItem(it.name(), puts(it.attributes())));
        }
        engine.batchPutAttributes(scope(ctx), in.domainName(), items);
        return null;
    }

    public GetAttributesResult getAttributes(RequestContext ctx, GetAttributesRequest in) {
        StoredItem item = engine.getAttributes(scope(ctx), in.domainName(), in.itemName(), in.attributeNames());
        return new GetAttributesResult(attributes(item));
    }

    public Void deleteAttributes(RequestContext ctx, DeleteAttributesRequest in) {
        engine.deleteAttributes(scope(ctx), in.domainName(), in.itemName(), deletes(in.attributes()), condition(in.expected()));
        return null;
    }

    public Void batchDeleteAttributes(RequestContext ctx, BatchDeleteAttributesRequest in) {
        List<SimpleDbEngine.DeleteItem> items = new ArrayList<>();
        if (in.items() != null) {
            for (DeletableItem it : in.items()) items.add(new SimpleDbEngine.DeleteItem(it.name(), deletes(it.attributes())));
        }
        engine.batchDeleteAttributes(scope(ctx), in.domainName(), items);
        return null;
    }

    public SelectResult select(RequestContext ctx, SelectRequest in) {
        SimpleDbEngine.SelectPage page = engine.select(scope(ctx), in.selectExpression(), in.nextToken());
        List<Item> items = new ArrayList<>(page.items().size());
        for (StoredItem it : page.items()) {
            boolean encode = !xmlSafe(it.name());
            items.add(new Item(encode ? base64(it.name()) : it.name(), encode ? "base64" : null, attributes(it)));
        }
        return new SelectResult(items, page.nextToken());
    }

    private static Scope scope(RequestContext ctx) {
        return new Scope(ctx.accountId(), ctx.region());
    }

    private static List<PutAttribute> puts(List<ReplaceableAttribute> attrs) {
        if (attrs == null) return List.of();
        List<PutAttribute> out = new ArrayList<>(attrs.size());
        for (ReplaceableAttribute a : attrs) out.add(new PutAttribute(a.name(), a.value(), Boolean.TRUE.equals(a.replace())));
        return out;
    }

    private static List<DeleteAttribute> deletes(List<Attribute> attrs) {
        if (attrs == null) return List.of();
        List<DeleteAttribute> out = new ArrayList<>(attrs.size());
        for (Attribute a : attrs) out.add(new DeleteAttribute(a.name(), a.value()));
        return out;
    }

    private static Condition condition(UpdateCondition c) {
        return c == null ? null : new Condition(c.name(), c.value(), c.exists());
    }

    /** Values that XML cannot carry go out base64-encoded with an Alternate*Encoding marker, as AWS does. */
    static List<Attribute> attributes(StoredItem item) {
        List<Attribute> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> a : item.attributes().entrySet()) {
            boolean encName = !xmlSafe(a.getKey());
            String name = encName ? base64(a.getKey()) : a.getKey();
            for (String v : a.getValue()) {
                boolean encValue = !xmlSafe(v);
                out.add(new Attribute(name, encName ? "base64" : null, encValue ? base64(v) : v, encValue ? "base64" : null));
            }
        }
        return out;
    }

    static boolean xmlSafe(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok) return false;
            i += Character.charCount(c);
        }
        return true;
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
