package io.awsemu.simpledb;

import io.awsemu.core.protocol.ProtocolQuirks;
import io.awsemu.core.service.RequestContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SimpleDB's deltas from the generic Query protocol: EC2-style error envelopes and a {@code BoxUsage}
 * after {@code RequestId} in every answer. The values are the ones AWS's API reference samples show
 * per operation; clients only parse them as a float.
 */
public final class SimpleDbQuirks implements ProtocolQuirks {

    private static final Map<String, String> BOX_USAGE = Map.of(
            "CreateDomain", "0.0055590278",
            "DeleteDomain", "0.0055590278",
            "ListDomains", "0.0000071759",
            "DomainMetadata", "0.0000071759",
            "PutAttributes", "0.0000219907",
            "BatchPutAttributes", "0.0000462183",
            "GetAttributes", "0.0000093282",
            "DeleteAttributes", "0.0000219907",
            "BatchDeleteAttributes", "0.0000219907",
            "Select", "0.0000228616");

    public static String boxUsage(String operation) {
        return BOX_USAGE.getOrDefault(operation, SimpleDbErrors.ERROR_BOX_USAGE);
    }

    @Override
    public boolean ec2StyleErrors() {
        return true;
    }

    @Override
    public Map<String, String> responseMetadata(String operation, RequestContext ctx) {
        return Map.of("BoxUsage", boxUsage(operation));
    }

    /** The engine validates these itself: the model's {@code Attribute} requires a Value they may omit. */
    @Override
    public boolean checkRequiredMembers(String operation) {
        return !"DeleteAttributes".equals(operation) && !"BatchDeleteAttributes".equals(operation);
    }

    /** {@code <Name encoding="base64">} and {@code <Value encoding="base64">}, as SimpleDB writes them. */
    @Override
    public Map<String, String> siblingAttributeMembers() {
        return Map.of("AlternateNameEncoding", "Name@encoding", "AlternateValueEncoding", "Value@encoding");
    }

    /** boto 2 numbers the single update condition ({@code Expected.1.Name}), as the 2009 API reference spells it. */
    @Override
    public Map<String, List<String>> adjustParams(String operation, Map<String, List<String>> params) {
        boolean numbered = false;
        for (String k : params.keySet()) if (k.startsWith("Expected.1.")) numbered = true;
        if (!numbered) return params;
        Map<String, List<String>> out = new LinkedHashMap<>(params);
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("Expected.1.")) continue;
            out.remove(k);
            out.putIfAbsent("Expected." + k.substring("Expected.1.".length()), e.getValue());
        }
        return out;
    }
}
