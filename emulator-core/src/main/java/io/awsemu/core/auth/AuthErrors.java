package io.awsemu.core.auth;

import io.awsemu.core.error.AwsException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Every authentication error, with the code, status, message and extra elements AWS sends. S3 has
 * its own vocabulary; EC2 answers AuthFailure; the other Query/JSON services (SQS, SimpleDB, RDS,
 * CloudFront) share the Coral one (SQS JSON is query-compatible and reports the same codes).
 */
public final class AuthErrors {
    private AuthErrors() {}

    /** Which error vocabulary a service speaks. */
    enum Family {
        S3, EC2, QUERY;

        static Family of(String serviceId) {
            if ("s3".equals(serviceId)) return S3;
            if ("ec2".equals(serviceId)) return EC2;
            return QUERY;
        }
    }

    static final String S3_SIG_MESSAGE =
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.";
    static final String QUERY_SIG_MESSAGE =
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                    + "Access Key and signing method. Consult the service documentation for details.";

    static String iso(Instant t) { return t.truncatedTo(ChronoUnit.SECONDS).toString(); }

    // ---- S3 ----

    public static AwsException signatureDoesNotMatchV4S3(String accessKeyId, String stringToSign,
                                                         String provided, String canonicalRequest) {
        return new AwsException("SignatureDoesNotMatch", 403, S3_SIG_MESSAGE)
                .with("AWSAccessKeyId", accessKeyId)
                .with("StringToSign", stringToSign)
                .with("SignatureProvided", provided)
                .with("StringToSignBytes", Signing.spacedHex(stringToSign))
                .with("CanonicalRequest", canonicalRequest)
                .with("CanonicalRequestBytes", Signing.spacedHex(canonicalRequest));
    }

    public static AwsException signatureDoesNotMatchV2S3(String accessKeyId, String stringToSign, String provided) {
        return new AwsException("SignatureDoesNotMatch", 403, S3_SIG_MESSAGE)
                .with("AWSAccessKeyId", accessKeyId)
                .with("StringToSign", stringToSign)
                .with("SignatureProvided", provided)
                .with("StringToSignBytes", Signing.spacedHex(stringToSign));
    }

    /** A chunk or trailer signature of an aws-chunked body is wrong. */
    public static AwsException chunkSignatureDoesNotMatch(String accessKeyId, String stringToSign, String provided) {
        return new AwsException("SignatureDoesNotMatch", 403, S3_SIG_MESSAGE)
                .with("AWSAccessKeyId", accessKeyId)
                .with("StringToSign", stringToSign)
                .with("SignatureProvided", provided)
                .with("StringToSignBytes", Signing.spacedHex(stringToSign));
    }

    public static AwsException invalidAccessKeyIdS3(String accessKeyId) {
        return new AwsException("InvalidAccessKeyId", 403,
                "The AWS Access Key Id you provided does not exist in our records.")
                .with("AWSAccessKeyId", accessKeyId);
    }

    /** Expired SigV4 presigned URL. */
    public static AwsException requestHasExpiredV4(long expiresSeconds, Instant expiredAt, Instant now) {
        return new AwsException("AccessDenied", 403, "Request has expired")
                .with("X-Amz-Expires", Long.toString(expiresSeconds))
                .with("Expires", iso(expiredAt))
                .with("ServerTime", iso(now));
    }

    /** Expired SigV2 S3 query-string URL. */
    public static AwsException requestHasExpiredV2(Instant expiredAt, Instant now) {
        return new AwsException("AccessDenied", 403, "Request has expired")
                .with("Expires", iso(expiredAt))
                .with("ServerTime", iso(now));
    }

    public static AwsException requestNotYetValid(Instant requestTime, Instant now) {
        return new AwsException("AccessDenied", 403, "Request is not valid yet")
                .with("RequestTime", iso(requestTime))
                .with("ServerTime", iso(now));
    }

    public static AwsException requestTimeTooSkewed(String requestTime, Instant now) {
        return new AwsException("RequestTimeTooSkewed", 403,
                "The difference between the request time and the current time is too large.")
                .with("RequestTime", requestTime)
                .with("ServerTime", iso(now))
                .with("MaxAllowedSkewMilliseconds", "900000");
    }

    public static AwsException missingDateS3() {
        return new AwsException("AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header");
    }

    public static AwsException authorizationHeaderMalformed(String detail) {
        return new AwsException("AuthorizationHeaderMalformed", 400, "The authorization header is malformed; " + detail);
    }

    public static AwsException authorizationQueryParametersError(String message) {
        return new AwsException("AuthorizationQueryParametersError", 400, message);
    }

    public static AwsException v2QueryParametersMissing() {
        return new AwsException("AccessDenied", 403,
                "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
    }

    public static AwsException xAmzContentSha256Mismatch(String client, String computed) {
        return new AwsException("XAmzContentSHA256Mismatch", 400,
                "The provided 'x-amz-content-sha256' header does not match what was computed.")
                .with("ClientComputedContentSHA256", client)
                .with("S3ComputedContentSHA256", computed);
    }

    public static AwsException invalidContentSha256(String value) {
        return new AwsException("InvalidArgument", 400,
                "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                        + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, "
                        + "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER "
                        + "or a valid sha256 value.")
                .with("ArgumentName", "x-amz-content-sha256")
                .with("ArgumentValue", value);
    }

    public static AwsException missingContentSha256() {
        return new AwsException("InvalidRequest", 400, "Missing required header for this request: x-amz-content-sha256");
    }

    public static AwsException invalidAuthorizationHeader(String value) {
        return new AwsException("InvalidArgument", 400, "Authorization header is invalid -- one and only one ' ' (space) required")
                .with("ArgumentName", "Authorization")
                .with("ArgumentValue", value);
    }

    public static AwsException unsupportedAuthorizationType(String value) {
        return new AwsException("InvalidArgument", 400, "Unsupported Authorization Type")
                .with("ArgumentName", "Authorization")
                .with("ArgumentValue", value);
    }

    public static AwsException missingDecodedContentLength() {
        return new AwsException("MissingContentLength", 411, "You must provide the Content-Length HTTP header.");
    }

    /** The body ended before its terminating chunk, or the chunk framing is broken. */
    public static AwsException incompleteBody() {
        return new AwsException("IncompleteBody", 400, "The request body terminated unexpectedly");
    }

    /** Decoded body length differs from x-amz-decoded-content-length. */
    public static AwsException incompleteBodyLength() {
        return new AwsException("IncompleteBody", 400,
                "You did not provide the number of bytes specified by the Content-Length HTTP header");
    }

    public static AwsException invalidChunkSize(int chunkNumber, long size) {
        return new AwsException("InvalidChunkSizeError", 403,
                "Only the last chunk is allowed to have a size less than 8192 bytes")
                .with("Chunk", Integer.toString(chunkNumber))
                .with("BadChunkSize", Long.toString(size));
    }

    public static AwsException malformedTrailer() {
        return new AwsException("MalformedTrailerError", 400,
                "The request contained trailing data that was not well-formed or did not conform to our published schema.");
    }

    // ---- Query / JSON services and EC2 ----

    static AwsException signatureDoesNotMatchQuery(Family f, String canonicalRequest, String stringToSign) {
        if (f == Family.EC2) return authFailure();
        String msg = QUERY_SIG_MESSAGE;
        if (canonicalRequest != null) {
            msg += "\n\nThe Canonical String for this request should have been\n'" + canonicalRequest
                    + "'\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n";
        }
        return new AwsException("SignatureDoesNotMatch", 403, msg);
    }

    /** SigV4 outside the 15 minute window (Coral's wording). */
    static AwsException signatureExpired(Family f, String amzDate, Instant now, boolean future) {
        if (f == Family.EC2) return requestExpired();
        String nowS = SigV4.AMZ_DATE.format(now);
        String msg = future
                ? "Signature not yet current: " + amzDate + " is still later than "
                        + SigV4.AMZ_DATE.format(now.plusSeconds(900)) + " (" + nowS + " + 15 min.)"
                : "Signature expired: " + amzDate + " is now earlier than "
                        + SigV4.AMZ_DATE.format(now.minusSeconds(900)) + " (" + nowS + " - 15 min.)";
        return new AwsException("SignatureDoesNotMatch", 403, msg);
    }

    public static AwsException invalidClientTokenId(Family f) {
        if (f == Family.EC2) return authFailure();
        return new AwsException("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
    }

    public static AwsException authFailure() {
        return new AwsException("AuthFailure", 401, "AWS was not able to validate the provided access credentials");
    }

    public static AwsException incompleteSignature(String message) {
        return new AwsException("IncompleteSignature", 400, message);
    }

    public static AwsException requestExpired() {
        return new AwsException("RequestExpired", 400, "Request has expired.");
    }

    public static AwsException requestExpiredTimestamp(String timestamp) {
        return new AwsException("RequestExpired", 400, "Request has expired. Timestamp date is " + timestamp);
    }

    public static AwsException missingAuthenticationToken() {
        return new AwsException("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
    }

    public static AwsException missingParameter(String name) {
        return new AwsException("MissingParameter", 400, "The request must contain the parameter " + name);
    }

    public static AwsException invalidParameterValue(String message) {
        return new AwsException("InvalidParameterValue", 400, message);
    }

    /** Any service: the wrong-signature error in that service's vocabulary, for SigV2 and chunk checks. */
    static AwsException signatureDoesNotMatch(Family f, String accessKeyId, String stringToSign, String provided) {
        if (f == Family.S3) return signatureDoesNotMatchV2S3(accessKeyId, stringToSign, provided);
        return signatureDoesNotMatchQuery(f, null, null);
    }
}
