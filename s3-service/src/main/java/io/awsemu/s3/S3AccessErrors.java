package io.awsemu.s3;

import io.awsemu.core.error.AwsException;

/** S3's access-control errors (ACLs, ownership, policy, public access block, POST policies), AWS's codes and messages. */
public final class S3AccessErrors {
    private S3AccessErrors() {}

    public static AwsException accessDenied(String message) {
        return new AwsException("AccessDenied", 403, message);
    }

    public static AwsException malformedAclError() {
        return new AwsException("MalformedACLError", 400,
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    public static AwsException invalidCannedAcl(String acl) {
        return S3Errors.invalidArgument("Invalid canned ACL: " + acl, "x-amz-acl", acl);
    }

    public static AwsException invalidCanonicalId(String id) {
        return S3Errors.invalidArgument("Invalid id", "CanonicalUser/ID", id);
    }

    public static AwsException invalidGroupUri(String uri) {
        return S3Errors.invalidArgument("Invalid group uri", "Group/URI", uri);
    }

    public static AwsException invalidArgumentGrant(String grant) {
        return S3Errors.invalidArgument("Argument format not recognized", "x-amz-grant", grant);
    }

    public static AwsException unresolvableGrantByEmailAddress(String email) {
        return new AwsException("UnresolvableGrantByEmailAddress", 400,
                "The e-mail address you provided does not match any account on record.")
                .with("EmailAddressProvided", email);
    }

    public static AwsException cannedAclAndGrants() {
        return S3Errors.invalidRequest("Specifying both Canned ACLs and Header Grants is not allowed");
    }

    public static AwsException accessControlListNotSupported() {
        return new AwsException("AccessControlListNotSupported", 400, "The bucket does not allow ACLs");
    }

    public static AwsException invalidBucketAclWithObjectOwnership() {
        return new AwsException("InvalidBucketAclWithObjectOwnership", 400,
                "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
    }

    public static AwsException invalidBucketAclWithBlockPublicAccessError() {
        return new AwsException("InvalidBucketAclWithBlockPublicAccessError", 400,
                "Bucket cannot have public ACLs set with BlockPublicAccess enabled");
    }

    public static AwsException ownershipControlsNotFoundError(String bucket) {
        return new AwsException("OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found")
                .with("BucketName", bucket);
    }

    public static AwsException noSuchBucketPolicy(String bucket) {
        return new AwsException("NoSuchBucketPolicy", 404, "The bucket policy does not exist")
                .with("BucketName", bucket);
    }

    public static AwsException malformedPolicy(String message) {
        return new AwsException("MalformedPolicy", 400, message);
    }

    public static AwsException noSuchPublicAccessBlockConfiguration(String bucket) {
        return new AwsException("NoSuchPublicAccessBlockConfiguration", 404,
                "The public access block configuration was not found")
                .with("BucketName", bucket);
    }
}
