package io.awsemu.core.auth;

import io.awsemu.core.auth.AuthErrors.Family;
import io.awsemu.core.auth.AuthResult.Kind;
import io.awsemu.core.checksum.HmacSha256;
import io.awsemu.core.error.AwsBodyException;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.HttpRequestHead;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates requests: SigV4 (header, presigned, aws-chunked with and without trailers) and SigV2
 * (Query, S3 header, S3 query string). {@link #precheck} runs on the event loop with the head only;
 * the body checks run on a worker with the aggregated body or as a verifying stream.
 */
public final class Authenticator {
    static final long MAX_SKEW_SECONDS = 900;
    static final long MAX_PRESIGN_SECONDS = 604800;

    private static final Set<String> S3_SUBRESOURCES_ALL;
    static {
        Set<String> all = new HashSet<>(SigV2.S3_SUBRESOURCES);
        all.addAll(SigV2.S3_SUBRESOURCES_EXTRA);
        S3_SUBRESOURCES_ALL = Set.copyOf(all);
    }

    private final AuthMode mode;
    private final Credentials credentials;
    private final Clock clock;
    /**
     * Derived SigV4 keys: one per secret, day, region and service, while deriving one takes four HMACs
     * (more CPU than the request's own signature check). Bounded by clearing.
     */
    private final java.util.concurrent.ConcurrentHashMap<KeyScope, HmacSha256> signingKeys =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Written out: a record's generated equals and hashCode run through method handles, slow under C1. */
    private static final class KeyScope {
        final String secret;
        final String date;
        final String region;
        final String service;
        final int hash;

        KeyScope(String secret, String date, String region, String service) {
            this.secret = secret;
            this.date = date;
            this.region = region;
            this.service = service;
            this.hash = ((secret.hashCode() * 31 + date.hashCode()) * 31 + region.hashCode()) * 31 + service.hashCode();
        }

        @Override
        public int hashCode() { return hash; }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyScope k && hash == k.hash && secret.equals(k.secret) && date.equals(k.date)
                    && region.equals(k.region) && service.equals(k.service);
        }
    }

    public Authenticator(AuthMode mode, Credentials credentials, Clock clock) {
        this.mode = mode;
        this.credentials = credentials;
        this.clock = clock;
    }

    public AuthMode mode() { return mode; }

    public AuthResult precheck(HttpRequestHead head, String serviceId) {
        return precheck(head, serviceId, null);
    }

    /**
     * Event loop, head only, cheap: parses the Authorization header or presign parameters, checks clock
     * skew, presign expiry and the key, and verifies every signature that does not need the body.
     *
     * @param virtualHostBucket the bucket named by the Host header (S3 virtual-host style), else null
     */
    public AuthResult precheck(HttpRequestHead head, String serviceId, String virtualHostBucket) {
        Family f = Family.of(serviceId);
        try {
            return doPrecheck(head, serviceId, f, virtualHostBucket);
        } catch (AwsException e) {
            if (mode == AuthMode.OFF) return loose(head, serviceId);
            throw e;
        }
    }

    private AuthResult doPrecheck(HttpRequestHead head, String serviceId, Family f, String vhb) {
        String authz = head.header("Authorization");
        if (authz != null && !authz.isBlank()) {
            String a = authz.trim();
            if (a.startsWith(SigV4.ALGORITHM + " ")) return v4Header(head, a, serviceId, f);
            if (f == Family.S3) {
                if (a.startsWith("AWS ")) return s3V2Header(head, a, serviceId, vhb);
                if (a.startsWith("AWS")) throw AuthErrors.invalidAuthorizationHeader(a);
                throw AuthErrors.unsupportedAuthorizationType(a);
            }
            throw AuthErrors.incompleteSignature("Authorization header requires 'Credential' parameter. "
                    + "Authorization header requires 'Signature' parameter. "
                    + "Authorization header requires 'SignedHeaders' parameter. Authorization=" + a);
        }
        Map<String, List<String>> q = head.query();
        if (q.containsKey("X-Amz-Algorithm") || q.containsKey("X-Amz-Credential") || q.containsKey("X-Amz-Signature")) {
            return v4Presigned(head, serviceId, f);
        }
        if (q.containsKey("AWSAccessKeyId") || q.containsKey("Signature")) {
            if (f == Family.S3) return s3V2Query(head, serviceId, vhb);
            return queryV2(head, q, serviceId, f);
        }
        if (f != Family.S3 && isFormPost(head)) {
            // A Query-protocol POST may carry its SigV2 signature in the form body: decided by verifyAggregated.
            return anonymous(Kind.FORM_PENDING, serviceId);
        }
        if (mode == AuthMode.STRICT && f != Family.S3) throw AuthErrors.missingAuthenticationToken();
        return anonymous(Kind.ANONYMOUS, serviceId);
    }

    // ---------------------------------------------------------------- SigV4

    private AuthResult v4Header(HttpRequestHead head, String authz, String serviceId, Family f) {
        Map<String, String> comps = SigV4.headerComponents(authz);
        String credS = comps.get("Credential");
        String sh = comps.get("SignedHeaders");
        String sig = comps.get("Signature");
        if (credS == null || sh == null || sig == null) {
            if (f == Family.S3) {
                throw AuthErrors.authorizationHeaderMalformed(
                        "the authorization header requires three components: Credential, SignedHeaders, and Signature.");
            }
            StringBuilder m = new StringBuilder();
            if (credS == null) m.append("Authorization header requires 'Credential' parameter. ");
            if (sig == null) m.append("Authorization header requires 'Signature' parameter. ");
            if (sh == null) m.append("Authorization header requires 'SignedHeaders' parameter. ");
            throw AuthErrors.incompleteSignature(m + "Authorization=" + authz);
        }
        SigV4.Credential c = SigV4.Credential.parse(credS);
        if (c == null) {
            if (f == Family.S3) {
                throw AuthErrors.authorizationHeaderMalformed("the Credential is mal-formed; expecting "
                        + "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
            }
            throw AuthErrors.incompleteSignature("Credential must have exactly 5 slash-delimited elements, "
                    + "e.g. keyid/date/region/service/term, got '" + credS + "'");
        }
        String amzDate = head.header("x-amz-date");
        Instant t = SigV4.parseAmzDate(amzDate);
        if (amzDate == null) {
            t = SigV4.parseHttpDate(head.header("Date"));
            if (t != null) amzDate = SigV4.AMZ_DATE.format(t);
        }
        if (t == null) {
            if (f == Family.S3) throw AuthErrors.missingDateS3();
            throw AuthErrors.incompleteSignature(
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + authz);
        }
        String secret = resolveKey(c.accessKeyId(), f);
        if (secret == null) {
            return new AuthResult(Kind.SIGV4_HEADER, c.accessKeyId(), credentials.accountFor(c.accessKeyId()),
                    c.region(), serviceId, false, null);
        }
        if (!c.date().equals(amzDate.substring(0, 8))) {
            if (f == Family.S3) {
                throw AuthErrors.authorizationHeaderMalformed("Invalid credential date. Date is not the same as X-Amz-Date.");
            }
            throw scopeDateMismatch(f, c.date(), amzDate);
        }
        checkSkew(f, t, amzDate);
        String contentSha = head.header("x-amz-content-sha256");
        if (f == Family.S3) {
            if (contentSha == null) throw AuthErrors.missingContentSha256();
            contentSha = contentSha.trim();
            if (!isPayloadClaim(contentSha)) throw AuthErrors.invalidContentSha256(contentSha);
        } else if (contentSha != null) {
            contentSha = contentSha.trim();
        }
        SigV4.Context ctx = context(head, c, amzDate, secret, sig, splitSignedHeaders(sh), f == Family.S3,
                contentSha, null);
        AuthResult r = new AuthResult(Kind.SIGV4_HEADER, c.accessKeyId(), credentials.accountFor(c.accessKeyId()),
                c.region(), serviceId, true, ctx);
        if (!ctx.deferred) verifyV4(r, contentSha);
        return r;
    }

    private AuthResult v4Presigned(HttpRequestHead head, String serviceId, Family f) {
        String alg = head.queryParam("X-Amz-Algorithm");
        String credS = head.queryParam("X-Amz-Credential");
        String date = head.queryParam("X-Amz-Date");
        String expiresS = head.queryParam("X-Amz-Expires");
        String sh = head.queryParam("X-Amz-SignedHeaders");
        String sig = head.queryParam("X-Amz-Signature");
        if (alg == null || credS == null || date == null || sh == null || sig == null
                || (f == Family.S3 && expiresS == null)) {
            if (f == Family.S3) {
                throw AuthErrors.authorizationQueryParametersError("Query-string authentication version 4 requires the "
                        + "X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, "
                        + "and X-Amz-Expires parameters.");
            }
            throw AuthErrors.incompleteSignature("AWS query-string parameters must include 'X-Amz-Algorithm', "
                    + "'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders' and 'X-Amz-Signature'.");
        }
        if (!SigV4.ALGORITHM.equals(alg)) {
            if (f == Family.S3) {
                throw AuthErrors.authorizationQueryParametersError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
            }
            throw AuthErrors.incompleteSignature("Unsupported AWS 'algorithm': '" + alg + "'");
        }
        SigV4.Credential c = SigV4.Credential.parse(credS);
        if (c == null) {
            if (f == Family.S3) {
                throw AuthErrors.authorizationQueryParametersError("Error parsing the X-Amz-Credential parameter; "
                        + "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
            }
            throw AuthErrors.incompleteSignature("Credential must have exactly 5 slash-delimited elements, "
                    + "e.g. keyid/date/region/service/term, got '" + credS + "'");
        }
        Long expires = null;
        if (expiresS != null) {
            try {
                expires = Long.parseLong(expiresS);
            } catch (NumberFormatException e) {
                throw f == Family.S3 ? AuthErrors.authorizationQueryParametersError("X-Amz-Expires should be a number")
                        : AuthErrors.incompleteSignature("X-Amz-Expires should be a number");
            }
            if (expires < 0) {
                throw f == Family.S3 ? AuthErrors.authorizationQueryParametersError("X-Amz-Expires must be non-negative")
                        : AuthErrors.incompleteSignature("X-Amz-Expires must be non-negative");
            }
            if (expires > MAX_PRESIGN_SECONDS) {
                throw f == Family.S3 ? AuthErrors.authorizationQueryParametersError(
                        "X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds")
                        : AuthErrors.incompleteSignature(
                        "X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds");
            }
        }
        Instant t = SigV4.parseAmzDate(date);
        if (t == null) {
            throw f == Family.S3 ? AuthErrors.authorizationQueryParametersError(
                    "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
                    : AuthErrors.incompleteSignature("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        String secret = resolveKey(c.accessKeyId(), f);
        if (secret == null) {
            return new AuthResult(Kind.SIGV4_PRESIGNED, c.accessKeyId(), credentials.accountFor(c.accessKeyId()),
                    c.region(), serviceId, false, null);
        }
        if (!c.date().equals(date.substring(0, 8))) {
            if (f == Family.S3) {
                throw AuthErrors.authorizationQueryParametersError("Invalid credential date. Date is not the same as X-Amz-Date.");
            }
            throw scopeDateMismatch(f, c.date(), date);
        }
        Instant now = clock.instant();
        if (t.isAfter(now.plusSeconds(MAX_SKEW_SECONDS))) {
            throw f == Family.S3 ? AuthErrors.requestNotYetValid(t, now) : AuthErrors.signatureExpired(f, date, now, true);
        }
        if (expires != null && now.isAfter(t.plusSeconds(expires))) {
            throw f == Family.S3 ? AuthErrors.requestHasExpiredV4(expires, t.plusSeconds(expires), now)
                    : AuthErrors.requestExpired();
        }
        // S3 presigned URLs never sign the body unless the URL says so; other services sign its hash.
        String contentSha = head.queryParam("X-Amz-Content-Sha256");
        if (contentSha == null && f == Family.S3) contentSha = SigV4.UNSIGNED_PAYLOAD;
        SigV4.Context ctx = context(head, c, date, secret, sig, splitSignedHeaders(sh), f == Family.S3,
                contentSha, "X-Amz-Signature");
        AuthResult r = new AuthResult(Kind.SIGV4_PRESIGNED, c.accessKeyId(), credentials.accountFor(c.accessKeyId()),
                c.region(), serviceId, true, ctx);
        if (!ctx.deferred) verifyV4(r, contentSha);
        return r;
    }

    private SigV4.Context context(HttpRequestHead head, SigV4.Credential c, String amzDate, String secret,
                                  String sig, List<String> signedHeaders, boolean s3, String contentSha,
                                  String excludeParam) {
        String query = Signing.canonicalQuery(head.query(), excludeParam);
        String headers = SigV4.canonicalHeaders(head, signedHeaders);
        String sh = String.join(";", signedHeaders);
        List<String> prefixes = new ArrayList<>(2);
        for (String uri : SigV4.canonicalUris(head.rawPath(), s3)) {
            prefixes.add(head.method().toUpperCase(Locale.ROOT) + "\n" + uri + "\n" + query + "\n" + headers + "\n" + sh + "\n");
        }
        HmacSha256 key = signingKey(secret, c.date(), c.region(), c.service());
        return new SigV4.Context(c.accessKeyId(), amzDate, c.scope(), key, sig, contentSha, prefixes, contentSha == null);
    }

    private HmacSha256 signingKey(String secret, String date, String region, String service) {
        KeyScope scope = new KeyScope(secret, date, region, service);
        HmacSha256 key = signingKeys.get(scope);
        if (key == null) {
            key = new HmacSha256(Signing.v4SigningKey(secret, date, region, service));
            if (signingKeys.size() >= 1024) signingKeys.clear();
            signingKeys.put(scope, key);
        }
        return key; // immutable: shared by every request and chunk chain of its scope
    }

    /** Checks the SigV4 signature over {@code payloadHash}; throws the service's mismatch error. */
    private static void verifyV4(AuthResult r, String payloadHash) {
        SigV4.Context ctx = r.v4();
        if (ctx.match(payloadHash) != null) return;
        String cr = ctx.firstCanonical(payloadHash);
        String sts = SigV4.stringToSign(ctx.amzDate, ctx.scope, cr);
        Family f = Family.of(r.serviceId());
        if (f == Family.S3) throw AuthErrors.signatureDoesNotMatchV4S3(ctx.accessKeyId, sts, ctx.signature, cr);
        throw AuthErrors.signatureDoesNotMatchQuery(f, cr, sts);
    }

    private static List<String> splitSignedHeaders(String sh) {
        List<String> out = new ArrayList<>();
        for (String h : sh.split(";")) {
            String n = h.trim().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) out.add(n);
        }
        return out;
    }

    private void checkSkew(Family f, Instant t, String requestTime) {
        Instant now = clock.instant();
        long skew = Math.abs(now.getEpochSecond() - t.getEpochSecond());
        if (skew <= MAX_SKEW_SECONDS) return;
        if (f == Family.S3) throw AuthErrors.requestTimeTooSkewed(requestTime, now);
        throw AuthErrors.signatureExpired(f, requestTime, now, t.isAfter(now));
    }

    private static AwsException scopeDateMismatch(Family f, String scopeDate, String amzDate) {
        if (f == Family.EC2) return AuthErrors.authFailure();
        return new AwsException("SignatureDoesNotMatch", 403, "Date in Credential scope does not match YYYYMMDD from "
                + "ISO-8601 version of date from HTTP: '" + scopeDate + "' != '" + amzDate.substring(0, 8)
                + "', from '" + amzDate + "'.");
    }

    static boolean isPayloadClaim(String v) {
        return isSha256Hex(v) || v.equals(SigV4.UNSIGNED_PAYLOAD) || v.equals(SigV4.STREAMING_SIGNED)
                || v.equals(SigV4.STREAMING_SIGNED_TRAILER) || v.equals(SigV4.STREAMING_UNSIGNED_TRAILER);
    }

    static boolean isSha256Hex(String v) {
        if (v == null || v.length() != 64) return false;
        for (int i = 0; i < 64; i++) if (Character.digit(v.charAt(i), 16) < 0) return false;
        return true;
    }

    // ---------------------------------------------------------------- SigV2

    private AuthResult queryV2(HttpRequestHead head, Map<String, List<String>> params, String serviceId, Family f) {
        String ak = first(params, "AWSAccessKeyId");
        String sig = first(params, "Signature");
        if (ak == null) throw AuthErrors.missingParameter("AWSAccessKeyId");
        if (sig == null) throw AuthErrors.missingParameter("Signature");
        String sv = first(params, "SignatureVersion");
        if (sv == null) throw AuthErrors.missingParameter("SignatureVersion");
        if (!sv.equals("2")) {
            throw AuthErrors.invalidParameterValue("Value (" + sv + ") for parameter SignatureVersion is invalid. Valid Versions: 2");
        }
        String sm = first(params, "SignatureMethod");
        String algorithm;
        if ("HmacSHA256".equals(sm)) algorithm = "HmacSHA256";
        else if ("HmacSHA1".equals(sm)) algorithm = "HmacSHA1";
        else throw AuthErrors.invalidParameterValue("Value (" + sm + ") for parameter SignatureMethod is invalid. Unknown signature method.");
        String secret = resolveKey(ak, f);
        AuthResult r = new AuthResult(Kind.SIGV2_QUERY, ak, credentials.accountFor(ak), null, serviceId, secret != null, null);
        if (secret == null) return r;

        Instant now = clock.instant();
        String ts = first(params, "Timestamp");
        String exp = first(params, "Expires");
        if (ts != null) {
            Instant t = parseIso(ts);
            if (t == null) throw AuthErrors.invalidParameterValue("Value (" + ts + ") for parameter Timestamp is invalid. Must be in ISO8601 format.");
            if (Math.abs(now.getEpochSecond() - t.getEpochSecond()) > MAX_SKEW_SECONDS) {
                throw f == Family.EC2 ? AuthErrors.requestExpired() : AuthErrors.requestExpiredTimestamp(ts);
            }
        } else if (exp != null) {
            Instant t = parseIso(exp);
            if (t == null) throw AuthErrors.invalidParameterValue("Value (" + exp + ") for parameter Expires is invalid. Must be in ISO8601 format.");
            if (now.isAfter(t)) throw f == Family.EC2 ? AuthErrors.requestExpired() : AuthErrors.requestExpiredTimestamp(exp);
        } else {
            throw AuthErrors.missingParameter("Timestamp");
        }
        for (String host : SigV2.hostCandidates(head)) {
            String sts = SigV2.queryStringToSign(head.method().toUpperCase(Locale.ROOT), host, head.rawPath(), params);
            if (Signing.sameSignature(SigV2.sign(algorithm, secret, sts), sig)) return r;
        }
        throw AuthErrors.signatureDoesNotMatchQuery(f, null, null);
    }

    private AuthResult s3V2Header(HttpRequestHead head, String authz, String serviceId, String vhb) {
        String rest = authz.substring(4).trim();
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || rest.contains(" ")) throw AuthErrors.invalidAuthorizationHeader(authz);
        String ak = rest.substring(0, colon);
        String sig = rest.substring(colon + 1);
        String secret = resolveKey(ak, Family.S3);
        AuthResult r = new AuthResult(Kind.SIGV2_S3_HEADER, ak, credentials.accountFor(ak), null, serviceId, secret != null, null);
        if (secret == null) return r;
        String dateS = head.header("x-amz-date");
        if (dateS == null) dateS = head.header("Date");
        Instant t = dateS == null ? null : SigV4.parseHttpDate(dateS);
        if (t == null && dateS != null) t = SigV4.parseAmzDate(dateS.trim());
        if (t == null) throw AuthErrors.missingDateS3();
        checkSkew(Family.S3, t, dateS);
        verifyS3V2(head, vhb, null, ak, secret, sig);
        return r;
    }

    private AuthResult s3V2Query(HttpRequestHead head, String serviceId, String vhb) {
        String ak = head.queryParam("AWSAccessKeyId");
        String sig = head.queryParam("Signature");
        String expires = head.queryParam("Expires");
        if (ak == null || sig == null || expires == null) throw AuthErrors.v2QueryParametersMissing();
        long exp;
        try {
            exp = Long.parseLong(expires.trim());
        } catch (NumberFormatException e) {
            throw new AwsException("AccessDenied", 403, "Invalid date (should be seconds since epoch): " + expires);
        }
        String secret = resolveKey(ak, Family.S3);
        AuthResult r = new AuthResult(Kind.SIGV2_S3_QUERY, ak, credentials.accountFor(ak), null, serviceId, secret != null, null);
        if (secret == null) return r;
        Instant now = clock.instant();
        Instant expiresAt = Instant.ofEpochSecond(exp);
        if (now.isAfter(expiresAt)) throw AuthErrors.requestHasExpiredV2(expiresAt, now);
        verifyS3V2(head, vhb, expires, ak, secret, sig);
        return r;
    }

    private static void verifyS3V2(HttpRequestHead head, String vhb, String expires, String ak, String secret, String sig) {
        String first = null;
        for (boolean raw : new boolean[] {false, true}) {
            for (Set<String> subs : List.of(SigV2.S3_SUBRESOURCES, S3_SUBRESOURCES_ALL)) {
                String sts = SigV2.s3StringToSign(head, vhb, expires, subs, raw);
                if (first == null) first = sts;
                if (Signing.sameSignature(SigV2.sign("HmacSHA1", secret, sts), sig)) return;
            }
        }
        throw AuthErrors.signatureDoesNotMatchV2S3(ak, first, sig);
    }

    private static Instant parseIso(String s) {
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(s.trim()).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    // ---------------------------------------------------------------- keys and results

    /** The secret to verify against; null when the request is not verified (OFF, or an unknown key in KNOWN). */
    private String resolveKey(String accessKeyId, Family f) {
        Optional<String> secret = credentials.secret(accessKeyId);
        if (secret.isEmpty()) {
            if (mode == AuthMode.STRICT) {
                throw f == Family.S3 ? AuthErrors.invalidAccessKeyIdS3(accessKeyId) : AuthErrors.invalidClientTokenId(f);
            }
            return null;
        }
        return mode == AuthMode.OFF ? null : secret.get();
    }

    private AuthResult anonymous(Kind kind, String serviceId) {
        return new AuthResult(kind, null, credentials.defaultAccount(), null, serviceId, false, null);
    }

    /** OFF mode and a request we could not parse: take what the scope or key says, verify nothing. */
    private AuthResult loose(HttpRequestHead head, String serviceId) {
        String cred = credentialString(head);
        String ak = null;
        String region = null;
        if (cred != null) {
            String[] p = cred.split("/");
            ak = p[0].isEmpty() ? null : p[0];
            if (p.length >= 3) region = p[2];
        } else if (head.queryParam("AWSAccessKeyId") != null) {
            ak = head.queryParam("AWSAccessKeyId");
        } else {
            String a = head.header("Authorization");
            if (a != null && a.startsWith("AWS ") && a.indexOf(':') > 4) ak = a.substring(4, a.lastIndexOf(':')).trim();
        }
        if (ak == null) return anonymous(Kind.ANONYMOUS, serviceId);
        return new AuthResult(Kind.ANONYMOUS, ak, credentials.accountFor(ak), region, serviceId, false, null);
    }

    private static String first(Map<String, List<String>> m, String k) {
        List<String> v = m.get(k);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static boolean isFormPost(HttpRequestHead head) {
        String ct = head.header("Content-Type");
        return "POST".equalsIgnoreCase(head.method()) && ct != null
                && ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    // ---------------------------------------------------------------- body time

    /**
     * Worker thread, aggregated body: checks x-amz-content-sha256 / the body hash and the signatures
     * that live in a form body. Use {@link #authenticateAggregated} to learn the key of a form-signed request.
     */
    public void verifyAggregated(AuthResult r, HttpRequestHead head, byte[] body, Map<String, List<String>> formParams) {
        authenticateAggregated(r, head, body, formParams);
    }

    /**
     * Like {@link #verifyAggregated}, and returns the effective result: for a Query POST signed in its
     * form body (SigV2), the key and account come from the body, so the caller should use this result.
     */
    public AuthResult authenticateAggregated(AuthResult r, HttpRequestHead head, byte[] body,
                                             Map<String, List<String>> formParams) {
        Family f = Family.of(r.serviceId());
        if (r.kind() == Kind.FORM_PENDING) {
            Map<String, List<String>> params = new LinkedHashMap<>(head.query());
            if (formParams != null) formParams.forEach((k, v) -> params.merge(k, v, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                all.addAll(b);
                return all;
            }));
            if (params.containsKey("AWSAccessKeyId") || params.containsKey("Signature")) {
                try {
                    return queryV2(head, params, r.serviceId(), f);
                } catch (AwsException e) {
                    if (mode == AuthMode.OFF) {
                        String ak = first(params, "AWSAccessKeyId");
                        return ak == null ? r : new AuthResult(Kind.SIGV2_QUERY, ak, credentials.accountFor(ak), null,
                                r.serviceId(), false, null);
                    }
                    throw e;
                }
            }
            if (mode == AuthMode.STRICT) throw AuthErrors.missingAuthenticationToken();
            return r;
        }
        if (!r.verified() || r.v4() == null) return r;
        SigV4.Context ctx = r.v4();
        byte[] b = body == null ? new byte[0] : body;
        if (ctx.deferred) {
            verifyV4(r, Signing.sha256Hex(b));
            return r;
        }
        String claim = ctx.contentSha256;
        if (isSha256Hex(claim)) {
            String actual = Signing.sha256Hex(b);
            if (!actual.equalsIgnoreCase(claim)) throw payloadMismatch(r, claim, actual);
        } else if (claim.startsWith("STREAMING-")) {
            try (InputStream in = verifyingStream(r, head, new ByteArrayInputStream(b), new LinkedHashMap<>())) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (AwsBodyException e) {
                throw e.error();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return r;
    }

    /** S3 names the hash mismatch; the other services only see a signature that does not match the body. */
    private static AwsException payloadMismatch(AuthResult r, String claim, String actual) {
        Family f = Family.of(r.serviceId());
        if (f == Family.S3) return AuthErrors.xAmzContentSha256Mismatch(claim, actual);
        String cr = r.v4().firstCanonical(actual);
        return AuthErrors.signatureDoesNotMatchQuery(f, cr, SigV4.stringToSign(r.v4().amzDate, r.v4().scope, cr));
    }

    /** True when the body is aws-chunked and must go through {@link #verifyingStream} to be decoded. */
    public static boolean isAwsChunked(HttpRequestHead head) {
        String sha = head.header("x-amz-content-sha256");
        if (sha != null && sha.trim().startsWith("STREAMING-")) return true;
        String ce = head.header("Content-Encoding");
        return ce != null && ce.toLowerCase(Locale.ROOT).contains("aws-chunked");
    }

    /**
     * Worker thread, streamed body: the decoded, verifying stream. Errors surface from {@code read} as
     * {@link AwsBodyException}; trailer headers are in {@code trailersOut} (lower-case names) by EOF.
     */
    public InputStream verifyingStream(AuthResult r, HttpRequestHead head, InputStream raw, Map<String, String> trailersOut) {
        String sha = head.header("x-amz-content-sha256");
        sha = sha == null ? null : sha.trim();
        String ce = head.header("Content-Encoding");
        boolean awsChunked = ce != null && ce.toLowerCase(Locale.ROOT).contains("aws-chunked");
        SigV4.Context ctx = r.verified() ? r.v4() : null;
        boolean signedStreaming = SigV4.STREAMING_SIGNED.equals(sha) || SigV4.STREAMING_SIGNED_TRAILER.equals(sha);
        if (signedStreaming || SigV4.STREAMING_UNSIGNED_TRAILER.equals(sha) || awsChunked) {
            long decodedLength = decodedLength(head);
            if (decodedLength < 0 && (signedStreaming || SigV4.STREAMING_UNSIGNED_TRAILER.equals(sha)) && mode != AuthMode.OFF) {
                throw AuthErrors.missingDecodedContentLength();
            }
            // Only a chain anchored in the verified seed signature is checked; unknown keys are decoded only.
            AwsChunkedInputStream.Chain chain = signedStreaming && ctx != null
                    ? new AwsChunkedInputStream.Chain(ctx.accessKeyId, ctx.signingKey, ctx.amzDate, ctx.scope, ctx.signature)
                    : null;
            boolean trailers = SigV4.STREAMING_SIGNED_TRAILER.equals(sha) || SigV4.STREAMING_UNSIGNED_TRAILER.equals(sha)
                    || head.header("x-amz-trailer") != null;
            return new AwsChunkedInputStream(raw, chain, signedStreaming, trailers, trailersOut, decodedLength);
        }
        if (ctx == null) return raw;
        if (ctx.deferred) {
            return new PayloadHashInputStream(raw, hash -> {
                try {
                    verifyV4(r, hash);
                } catch (AwsException e) {
                    throw new AwsBodyException(e);
                }
            });
        }
        String claim = ctx.contentSha256;
        if (isSha256Hex(claim)) {
            return new PayloadHashInputStream(raw, hash -> {
                if (!hash.equalsIgnoreCase(claim)) throw new AwsBodyException(payloadMismatch(r, claim, hash));
            });
        }
        return raw;
    }

    private static long decodedLength(HttpRequestHead head) {
        String v = head.header("x-amz-decoded-content-length");
        if (v == null) return -1;
        try {
            long n = Long.parseLong(v.trim());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- routing help

    /** SigV4 credential-scope service of the request (Authorization header or X-Amz-Credential), for routing. */
    public static Optional<String> scopeService(HttpRequestHead head) {
        String cred = credentialString(head);
        if (cred == null) return Optional.empty();
        String[] p = cred.split("/");
        if (p.length < 5 || p[3].isEmpty()) return Optional.empty();
        return Optional.of(p[3]);
    }

    private static String credentialString(HttpRequestHead head) {
        String a = head.header("Authorization");
        if (a != null && a.trim().startsWith(SigV4.ALGORITHM)) {
            String c = SigV4.headerComponent(a.trim(), "Credential");
            if (c != null) return c;
        }
        return head.queryParam("X-Amz-Credential");
    }
}
