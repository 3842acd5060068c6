package io.awsemu.s3;

import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.error.AwsException;

/**
 * S3's errors, named after their codes, each a fresh exception carrying what it is about. Codes,
 * statuses and messages are AWS's (docs "Error responses", List of error codes).
 */
public final class S3Errors {
    private S3Errors() {}

    public static AwsException noSuchBucket(String bucket) {
        return new AwsException("NoSuchBucket", 404, "The specified bucket does not exist")
                .with("BucketName", bucket);
    }

    public static AwsException bucketNotEmpty(String bucket) {
        return new AwsException("BucketNotEmpty", 409, "The bucket you tried to delete is not empty")
                .with("BucketName", bucket);
    }

    public static AwsException bucketAlreadyOwnedByYou(String bucket) {
        return new AwsException("BucketAlreadyOwnedByYou", 409,
                "Your previous request to create the named bucket succeeded and you already own it.")
                .with("BucketName", bucket);
    }

    public static AwsException bucketAlreadyExists(String bucket) {
        return new AwsException("BucketAlreadyExists", 409,
                "The requested bucket name is not available. The bucket namespace is shared by all users"
                        + " of the system. Please select a different name and try again.")
                .with("BucketName", bucket);
    }

    public static AwsException invalidBucketName(String bucket) {
        return new AwsException("InvalidBucketName", 400, "The specified bucket is not valid.")
                .with("BucketName", bucket);
    }

    public static AwsException invalidLocationConstraint(String constraint) {
        return new AwsException("InvalidLocationConstraint", 400, "The specified location-constraint is not valid")
                .with("LocationConstraint", constraint);
    }

    /** {@code constraint} null means the request named none (a regional endpoint other than us-east-1). */
    public static AwsException illegalLocationConstraintException(String constraint) {
        return new AwsException("IllegalLocationConstraintException", 400,
                (constraint == null ? "The unspecified" : "The " + constraint)
                        + " location constraint is incompatible for the region specific endpoint this request was sent to.");
    }

    public static AwsException malformedXml() {
        return new AwsException("MalformedXML", 400,
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    public static AwsException invalidUri(String uri) {
        return new AwsException("InvalidURI", 400, "Couldn't parse the specified URI.").with("URI", uri);
    }

    public static AwsException accessDenied() {
        return new AwsException("AccessDenied", 403, "Access Denied");
    }

    public static AwsException invalidArgument(String message, String name, String value) {
        return new AwsException("InvalidArgument", 400, message)
                .with("ArgumentName", name)
                .with("ArgumentValue", value);
    }

    /** An x-amz-object-attributes or x-amz-optional-object-attributes value S3 does not know. */
    public static AwsException invalidAttributeName() {
        return new AwsException("InvalidArgument", 400, "Invalid attribute name specified.");
    }

    public static AwsException methodNotAllowed(String method, String resourceType) {
        return new AwsException("MethodNotAllowed", 405, "The specified method is not allowed against this resource.")
                .with("Method", method)
                .with("ResourceType", resourceType);
    }

    /** GET or a copy of an archived object without a restored copy. */
    public static AwsException invalidObjectState(String storageClass) {
        return new AwsException("InvalidObjectState", 403, "The operation is not valid for the object's storage class")
                .with("StorageClass", storageClass);
    }

    /** RestoreObject of an object that is not archived. */
    public static AwsException objectAlreadyInActiveTier() {
        return new AwsException("ObjectAlreadyInActiveTierError", 403, "This operation is not allowed against this storage tier.");
    }

    public static AwsException noSuchKey(String key) {
        return new AwsException("NoSuchKey", 404, "The specified key does not exist.").with("Key", key);
    }

    public static AwsException keyTooLongError(int size, int max) {
        return new AwsException("KeyTooLongError", 400, "Your key is too long")
                .with("Size", Integer.toString(size))
                .with("MaxSizeAllowed", Integer.toString(max));
    }

    public static AwsException invalidRange(String requested, long size) {
        return new AwsException("InvalidRange", 416, "The requested range is not satisfiable")
                .with("RangeRequested", requested)
                .with("ActualObjectSize", Long.toString(size))
                .header("Content-Range", "bytes */" + size);
    }

    /** @param condition the header that failed: If-Match, If-Unmodified-Since, x-amz-copy-source-if-match, ... */
    public static AwsException preconditionFailed(String condition) {
        return new AwsException("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold")
                .with("Condition", condition);
    }

    /** Content-MD5 that is well-formed but not the body's; both digests base64, as AWS shows them. */
    public static AwsException badDigest(String expected, String calculated) {
        return new AwsException("BadDigest", 400, "The Content-MD5 you specified did not match what we received.")
                .with("ExpectedDigest", expected)
                .with("CalculatedDigest", calculated);
    }

    public static AwsException invalidDigest(String contentMd5) {
        return new AwsException("InvalidDigest", 400, "The Content-MD5 you specified was invalid.")
                .with("Content-MD5", contentMd5);
    }

    /** @param algorithm upper-case name: CRC32, CRC32C, CRC64NVME, SHA1, SHA256 */
    public static AwsException checksumMismatch(String algorithm) {
        return new AwsException("BadDigest", 400,
                "The " + algorithm + " you specified did not match the calculated checksum.");
    }

    /** A CopyObject source, or an UploadPartCopy range, over 5 GiB (S3 copies larger objects part by part). */
    public static AwsException copySourceTooLarge(long max) {
        return invalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: " + max);
    }

    public static AwsException invalidRequest(String message) {
        return new AwsException("InvalidRequest", 400, message);
    }

    public static AwsException invalidStorageClass(String storageClass) {
        return new AwsException("InvalidStorageClass", 400, "The storage class you specified is not valid")
                .with("StorageClassRequested", storageClass);
    }

    public static AwsException entityTooLarge(long size, long max) {
        return new AwsException("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size")
                .with("ProposedSize", Long.toString(size))
                .with("MaxSizeAllowed", Long.toString(max));
    }

    public static AwsException missingContentLength() {
        return new AwsException("MissingContentLength", 411, "You must provide the Content-Length HTTP header.");
    }

    public static AwsException noSuchUpload(String uploadId) {
        return new AwsException("NoSuchUpload", 404, "The specified upload does not exist. The upload ID may be invalid,"
                + " or the upload may have been aborted or completed.").with("UploadId", uploadId);
    }

    public static AwsException invalidPart(int partNumber, String etag) {
        return new AwsException("InvalidPart", 400, "One or more of the specified parts could not be found.  The part"
                + " may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.")
                .with("PartNumber", Integer.toString(partNumber))
                .with("ETag", etag);
    }

    public static AwsException invalidPartOrder() {
        return new AwsException("InvalidPartOrder", 400,
                "The list of parts was not in ascending order. Parts must be ordered by part number.");
    }

    public static AwsException entityTooSmall(long size, long min) {
        return new AwsException("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size.")
                .with("ProposedSize", Long.toString(size))
                .with("MinSizeAllowed", Long.toString(min));
    }

    /** GET/HEAD ?partNumber=N beyond the object's parts. */
    public static AwsException invalidPartNumber() {
        return new AwsException("InvalidPartNumber", 416, "The requested partnumber is not satisfiable");
    }

    public static AwsException noSuchVersion(String key, String versionId) {
        return new AwsException("NoSuchVersion", 404, "The specified version does not exist.")
                .with("Key", key)
                .with("VersionId", versionId);
    }

    /** GET/HEAD (or another {@code method}) of a version that is a delete marker: 405 with the marker's headers. */
    public static AwsException deleteMarkerNotAllowed(String method, String versionId, java.time.Instant lastModified) {
        return methodNotAllowed(method, "DeleteMarker")
                .header("x-amz-delete-marker", "true")
                .header("x-amz-version-id", versionId)
                .header("Last-Modified", Timestamps.rfc1123(lastModified));
    }

    /** GET/HEAD without a version id when the key's newest version is a delete marker. */
    public static AwsException noSuchKeyDeleted(String key, String markerVersionId) {
        return noSuchKey(key).header("x-amz-delete-marker", "true").header("x-amz-version-id", markerVersionId);
    }

    public static AwsException illegalVersioningConfigurationException() {
        return new AwsException("IllegalVersioningConfigurationException", 400,
                "The Versioning element must be specified");
    }

    public static AwsException invalidBucketState(String message) {
        return new AwsException("InvalidBucketState", 409, message);
    }

    /** An Object Lock request (x-amz-object-lock-* on a write, retention, legal hold) on a bucket without it. */
    public static AwsException bucketMissingObjectLock() {
        return invalidRequest("Bucket is missing Object Lock Configuration");
    }

    /** A retain-until date (x-amz-object-lock-retain-until-date, PutObjectRetention's) that is not in the future. */
    public static AwsException retainUntilDateInPast() {
        return new AwsException("InvalidArgument", 400, "The retain until date must be in the future!");
    }

    /** A header value S3 does not support (If-None-Match other than * on a write). */
    public static AwsException headerNotImplemented(String header) {
        return new AwsException("NotImplemented", 501, "A header you provided implies functionality that is not implemented")
                .with("Header", header);
    }

    /** A known S3 operation (or subresource) awsemu does not serve yet; names it so the user knows which. */
    public static AwsException notImplemented(String operation) {
        return new AwsException("NotImplemented", 501, false,
                "A header or query you provided implies functionality that is not implemented: "
                        + operation + " is not implemented by awsemu yet.", null);
    }
}
