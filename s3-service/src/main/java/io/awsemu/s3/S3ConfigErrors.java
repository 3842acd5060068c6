package io.awsemu.s3;

import io.awsemu.core.error.AwsException;

/** The errors of S3's bucket configuration sub-resources (tagging, CORS, website, lifecycle, encryption, replication). */
public final class S3ConfigErrors {
    private S3ConfigErrors() {}

    public static AwsException invalidTag(String message) {
        return new AwsException("InvalidTag", 400, message);
    }

    public static AwsException noSuchTagSet(String bucket) {
        return new AwsException("NoSuchTagSet", 404, "The TagSet does not exist").with("BucketName", bucket);
    }

    public static AwsException noSuchCorsConfiguration(String bucket) {
        return new AwsException("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist")
                .with("BucketName", bucket);
    }

    public static AwsException noSuchWebsiteConfiguration(String bucket) {
        return new AwsException("NoSuchWebsiteConfiguration", 404,
                "The specified bucket does not have a website configuration").with("BucketName", bucket);
    }

    public static AwsException noSuchLifecycleConfiguration(String bucket) {
        return new AwsException("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist")
                .with("BucketName", bucket);
    }

    public static AwsException replicationConfigurationNotFoundError(String bucket) {
        return new AwsException("ReplicationConfigurationNotFoundError", 404, "The replication configuration was not found")
                .with("BucketName", bucket);
    }

    /** PutBucketVersioning Suspended while the bucket replicates. */
    public static AwsException replicationBlocksVersioningChange() {
        return S3Errors.invalidBucketState("A replication configuration is present on this bucket, so you cannot change"
                + " the versioning state. To change the versioning state, first delete the replication configuration.");
    }

    /** A configuration whose body carries neither Content-MD5 nor an x-amz-checksum-* header. */
    public static AwsException missingContentMd5() {
        return S3Errors.invalidRequest("Missing required header for this request: Content-MD5");
    }

    /** A preflight or actual request whose origin, method or headers no CORS rule allows. */
    public static AwsException corsForbidden(String method, String resourceType) {
        return new AwsException("AccessForbidden", 403, "CORSResponse: This CORS request is not allowed. This is usually"
                + " because the evalution of Origin, request method / Access-Control-Request-Method or"
                + " Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.")
                .with("Method", method).with("ResourceType", resourceType);
    }

    public static AwsException corsNotEnabled(String method, String resourceType) {
        return new AwsException("AccessForbidden", 403, "CORSResponse: CORS is not enabled for this bucket.")
                .with("Method", method).with("ResourceType", resourceType);
    }

    public static AwsException objectLockConfigurationNotFoundError(String bucket) {
        return new AwsException("ObjectLockConfigurationNotFoundError", 404,
                "Object Lock configuration does not exist for this bucket").with("BucketName", bucket);
    }

    /** GetObjectRetention / GetObjectLegalHold of a version that has no retention / never had a legal hold. */
    public static AwsException noSuchObjectLockConfiguration() {
        return new AwsException("NoSuchObjectLockConfiguration", 404,
                "The specified object does not have a ObjectLock configuration");
    }

    public static AwsException badRequest(String message) {
        return new AwsException("BadRequest", 400, message);
    }
}
