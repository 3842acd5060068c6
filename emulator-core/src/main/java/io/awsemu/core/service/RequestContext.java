package io.awsemu.core.service;

import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.protocol.Protocol;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Who asked what, for one request. Read-only for handlers except {@link #operation(String)}, which
 * raw handlers (S3) set once they have routed, for logs and metrics, and {@link #attach}, which lets
 * the steps of one request (an authorizer and the handler it runs) hand each other what they decided.
 */
public final class RequestContext {
    private final String requestId;
    private final String accountId;
    private final String region;
    private final String serviceId;
    private final Protocol protocol;
    private final Instant receivedAt;
    private final HttpRequestHead request;
    private final String accessKeyId;
    private final String apiVersion;
    private volatile String operation;
    /** The context whose attachments this one shares: itself, or the one it acts for ({@link #actingAs}). */
    private final RequestContext root;
    /** Made on the first {@link #attach}: most requests attach nothing. Guarded by {@code root}. */
    private Map<Class<?>, Object> attached;

    public RequestContext(String requestId, String accountId, String region, String serviceId,
                          Protocol protocol, String operation, Instant receivedAt,
                          HttpRequestHead request, String accessKeyId, String apiVersion) {
        this(requestId, accountId, region, serviceId, protocol, operation, receivedAt, request, accessKeyId, apiVersion,
                null);
    }

    private RequestContext(String requestId, String accountId, String region, String serviceId,
                           Protocol protocol, String operation, Instant receivedAt,
                           HttpRequestHead request, String accessKeyId, String apiVersion,
                           RequestContext root) {
        this.requestId = requestId;
        this.accountId = accountId;
        this.region = region;
        this.serviceId = serviceId;
        this.protocol = protocol;
        this.operation = operation;
        this.receivedAt = receivedAt;
        this.request = request;
        this.accessKeyId = accessKeyId;
        this.apiVersion = apiVersion;
        this.root = root == null ? this : root;
    }

    /**
     * The same request acting for another account (S3: a grantee or anonymous caller acts with the
     * bucket owner's account). Both contexts share their attachments.
     */
    public RequestContext actingAs(String account) {
        return new RequestContext(requestId, account, region, serviceId, protocol, operation, receivedAt, request,
                accessKeyId, apiVersion, root);
    }

    /** Hands {@code value} to later steps of this request, under its type. */
    public <T> void attach(Class<T> type, T value) {
        synchronized (root) {
            if (root.attached == null) root.attached = new HashMap<>();
            root.attached.put(type, value);
        }
    }

    /** What an earlier step attached under {@code type}, or null. */
    public <T> T attached(Class<T> type) {
        synchronized (root) {
            return root.attached == null ? null : type.cast(root.attached.get(type));
        }
    }

    public String requestId() { return requestId; }
    public String accountId() { return accountId; }
    public String region() { return region; }
    public String serviceId() { return serviceId; }
    public Protocol protocol() { return protocol; }
    public String operation() { return operation; }
    public void operation(String name) { this.operation = name; }
    public Instant receivedAt() { return receivedAt; }
    public HttpRequestHead request() { return request; }
    /** The signing access key, or null for an anonymous request. */
    public String accessKeyId() { return accessKeyId; }
    public boolean anonymous() { return accessKeyId == null; }
    /** The Query {@code Version} parameter, or null. */
    public String apiVersion() { return apiVersion; }
}
