package io.awsemu.core.service;

import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.protocol.Protocol;

import java.time.Instant;

/**
 * Who asked what, for one request. Read-only for handlers except {@link #operation(String)}, which
 * raw handlers (S3) set once they have routed, for logs and metrics.
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

    public RequestContext(String requestId, String accountId, String region, String serviceId,
                          Protocol protocol, String operation, Instant receivedAt,
                          HttpRequestHead request, String accessKeyId, String apiVersion) {
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
