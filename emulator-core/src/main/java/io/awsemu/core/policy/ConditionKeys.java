package io.awsemu.core.policy;

import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.service.RequestContext;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/** IAM's global condition keys (aws:*) that any request supplies, lower case, as policies name them. */
public final class ConditionKeys {
    private ConditionKeys() {}

    /**
     * @param caller the caller's account, or null for an anonymous caller
     * @return a mutable map, so that a service adds its own keys (s3:prefix, ...)
     */
    public static Map<String, String> global(RequestContext ctx, String caller) {
        HttpRequestHead head = ctx.request();
        Map<String, String> k = new HashMap<>();
        if (head != null && head.remoteAddress() != null && head.remoteAddress().getAddress() != null) {
            k.put("aws:sourceip", head.remoteAddress().getAddress().getHostAddress());
        }
        k.put("aws:securetransport", "false"); // plain HTTP only
        putTime(k, ctx.receivedAt());
        k.put("aws:principaltype", caller == null ? "Anonymous" : "Account");
        if (caller != null) k.put("aws:principalaccount", caller);
        if (head != null) {
            putIfPresent(k, "aws:useragent", head.header("User-Agent"));
            putIfPresent(k, "aws:referer", head.header("Referer"));
        }
        return k;
    }

    /** aws:CurrentTime and aws:EpochTime for a request made at {@code at}. */
    public static void putTime(Map<String, String> keys, Instant at) {
        keys.put("aws:currenttime", DateTimeFormatter.ISO_INSTANT.format(at));
        keys.put("aws:epochtime", Long.toString(at.getEpochSecond()));
    }

    public static void putIfPresent(Map<String, String> keys, String key, String value) {
        if (value != null) keys.put(key, value);
    }
}
