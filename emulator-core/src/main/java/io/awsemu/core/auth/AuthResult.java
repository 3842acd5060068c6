package io.awsemu.core.auth;

/**
 * Who sent a request and what is still to be verified once the body is there. Immutable; built by
 * {@link Authenticator#precheck} and consumed by its body-time checks.
 */
public final class AuthResult {
    /** How the request was signed. */
    public enum Kind { ANONYMOUS, SIGV4_HEADER, SIGV4_PRESIGNED, SIGV2_QUERY, SIGV2_S3_HEADER, SIGV2_S3_QUERY, FORM_PENDING }

    private final Kind kind;
    private final String accessKeyId;
    private final String accountId;
    private final String region;
    private final String serviceId;
    private final boolean enforce;
    private final SigV4.Context v4;

    AuthResult(Kind kind, String accessKeyId, String accountId, String region, String serviceId,
               boolean enforce, SigV4.Context v4) {
        this.kind = kind;
        this.accessKeyId = accessKeyId;
        this.accountId = accountId;
        this.region = region;
        this.serviceId = serviceId;
        this.enforce = enforce;
        this.v4 = v4;
    }

    /** Access key of the request; null = anonymous. */
    public String accessKeyId() { return accessKeyId; }
    public String accountId() { return accountId; }
    /** Region from the SigV4 scope, or null (the caller uses the configured default). */
    public String region() { return region; }
    public boolean anonymous() { return accessKeyId == null; }
    public Kind kind() { return kind; }
    public String serviceId() { return serviceId; }
    /** True when the key is configured and the mode verifies it: body checks apply. */
    public boolean verified() { return enforce; }
    /** Seed signature of a SigV4 request (the first link of an aws-chunked chain), else null. */
    public String seedSignature() { return v4 == null ? null : v4.signature; }

    SigV4.Context v4() { return v4; }

    @Override
    public String toString() {
        return "AuthResult[" + kind + " key=" + accessKeyId + " account=" + accountId + " region=" + region
                + (enforce ? " verified" : "") + "]";
    }
}
