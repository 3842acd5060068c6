package io.awsemu.s3;

import io.awsemu.s3.S3Target.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every operation of the S3 2006-03-01 REST API as a positive route: method, path shape, the query
 * keys and headers it requires. A request matches a route when it carries all the route requires and
 * no known subresource the route does not name, so {@code DELETE /b?tagging} can only ever be
 * DeleteBucketTagging, never DeleteBucket. Whether an operation is served is the router's binding.
 */
public final class S3Routes {
    private S3Routes() {}

    public record Route(String method, Shape shape, Set<String> query, Set<String> headers, String operation) {
        int specificity() { return query.size() + headers.size(); }
    }

    public static final List<Route> ALL;

    /**
     * Query keys that select a different operation. Parameters of an operation ({@code id},
     * {@code select-type}, {@code partNumber} which GetObject takes too, {@code versionId}, paging
     * keys, SDK v2's {@code x-id}) are not in it.
     */
    public static final Set<String> SUBRESOURCES;

    static {
        List<Route> r = new ArrayList<>();
        add(r, "GET", Shape.SERVICE, "ListBuckets");

        add(r, "PUT", Shape.BUCKET, "CreateBucket");
        add(r, "HEAD", Shape.BUCKET, "HeadBucket");
        add(r, "DELETE", Shape.BUCKET, "DeleteBucket");
        add(r, "GET", Shape.BUCKET, "ListObjects");
        add(r, "GET", Shape.BUCKET, "ListObjectsV2", "list-type");
        add(r, "GET", Shape.BUCKET, "GetBucketLocation", "location");
        add(r, "GET", Shape.BUCKET, "ListObjectVersions", "versions");
        add(r, "GET", Shape.BUCKET, "ListMultipartUploads", "uploads");
        add(r, "POST", Shape.BUCKET, "DeleteObjects", "delete");
        add(r, "POST", Shape.BUCKET, "PostObject");
        getPut(r, "acl", "GetBucketAcl", "PutBucketAcl");
        getPutDelete(r, "cors", "GetBucketCors", "PutBucketCors", "DeleteBucketCors");
        getPutDelete(r, "encryption", "GetBucketEncryption", "PutBucketEncryption", "DeleteBucketEncryption");
        getPutDelete(r, "lifecycle", "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration",
                "DeleteBucketLifecycle");
        getPut(r, "logging", "GetBucketLogging", "PutBucketLogging");
        getPut(r, "notification", "GetBucketNotificationConfiguration", "PutBucketNotificationConfiguration");
        getPutDelete(r, "policy", "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy");
        add(r, "GET", Shape.BUCKET, "GetBucketPolicyStatus", "policyStatus");
        getPutDelete(r, "replication", "GetBucketReplication", "PutBucketReplication", "DeleteBucketReplication");
        getPut(r, "requestPayment", "GetBucketRequestPayment", "PutBucketRequestPayment");
        getPutDelete(r, "tagging", "GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging");
        getPut(r, "versioning", "GetBucketVersioning", "PutBucketVersioning");
        getPutDelete(r, "website", "GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite");
        getPut(r, "accelerate", "GetBucketAccelerateConfiguration", "PutBucketAccelerateConfiguration");
        configurationFamily(r, "analytics", "BucketAnalyticsConfiguration");
        configurationFamily(r, "intelligent-tiering", "BucketIntelligentTieringConfiguration");
        configurationFamily(r, "inventory", "BucketInventoryConfiguration");
        configurationFamily(r, "metrics", "BucketMetricsConfiguration");
        getPutDelete(r, "ownershipControls", "GetBucketOwnershipControls", "PutBucketOwnershipControls",
                "DeleteBucketOwnershipControls");
        getPutDelete(r, "publicAccessBlock", "GetPublicAccessBlock", "PutPublicAccessBlock", "DeletePublicAccessBlock");
        getPut(r, "object-lock", "GetObjectLockConfiguration", "PutObjectLockConfiguration");
        add(r, "GET", Shape.BUCKET, "CreateSession", "session");
        add(r, "POST", Shape.BUCKET, "CreateBucketMetadataTableConfiguration", "metadataTable");
        add(r, "GET", Shape.BUCKET, "GetBucketMetadataTableConfiguration", "metadataTable");
        add(r, "DELETE", Shape.BUCKET, "DeleteBucketMetadataTableConfiguration", "metadataTable");

        add(r, "GET", Shape.OBJECT, "GetObject");
        add(r, "HEAD", Shape.OBJECT, "HeadObject");
        add(r, "PUT", Shape.OBJECT, "PutObject");
        add(r, "DELETE", Shape.OBJECT, "DeleteObject");
        r.add(new Route("PUT", Shape.OBJECT, Set.of(), Set.of("x-amz-copy-source"), "CopyObject"));
        add(r, "GET", Shape.OBJECT, "GetObjectAcl", "acl");
        add(r, "PUT", Shape.OBJECT, "PutObjectAcl", "acl");
        add(r, "GET", Shape.OBJECT, "GetObjectTagging", "tagging");
        add(r, "PUT", Shape.OBJECT, "PutObjectTagging", "tagging");
        add(r, "DELETE", Shape.OBJECT, "DeleteObjectTagging", "tagging");
        add(r, "GET", Shape.OBJECT, "GetObjectAttributes", "attributes");
        add(r, "GET", Shape.OBJECT, "GetObjectLegalHold", "legal-hold");
        add(r, "PUT", Shape.OBJECT, "PutObjectLegalHold", "legal-hold");
        add(r, "GET", Shape.OBJECT, "GetObjectRetention", "retention");
        add(r, "PUT", Shape.OBJECT, "PutObjectRetention", "retention");
        add(r, "GET", Shape.OBJECT, "GetObjectTorrent", "torrent");
        add(r, "POST", Shape.OBJECT, "RestoreObject", "restore");
        add(r, "POST", Shape.OBJECT, "SelectObjectContent", "select", "select-type");
        add(r, "POST", Shape.OBJECT, "CreateMultipartUpload", "uploads");
        add(r, "PUT", Shape.OBJECT, "UploadPart", "partNumber", "uploadId");
        r.add(new Route("PUT", Shape.OBJECT, Set.of("partNumber", "uploadId"), Set.of("x-amz-copy-source"),
                "UploadPartCopy"));
        add(r, "POST", Shape.OBJECT, "CompleteMultipartUpload", "uploadId");
        add(r, "DELETE", Shape.OBJECT, "AbortMultipartUpload", "uploadId");
        add(r, "GET", Shape.OBJECT, "ListParts", "uploadId");
        add(r, "PUT", Shape.OBJECT, "RenameObject", "renameObject");
        ALL = List.copyOf(r);

        Set<String> keys = new LinkedHashSet<>();
        for (Route route : ALL) keys.addAll(route.query());
        keys.removeAll(Set.of("id", "select-type", "partNumber"));
        SUBRESOURCES = Collections.unmodifiableSet(keys);
    }

    /** The operation names, each once, in table order. */
    public static List<String> operations() {
        return ALL.stream().map(Route::operation).distinct().toList();
    }

    private static void add(List<Route> r, String method, Shape shape, String op, String... query) {
        r.add(new Route(method, shape, Set.of(query), Set.of(), op));
    }

    private static void getPut(List<Route> r, String key, String get, String put) {
        add(r, "GET", Shape.BUCKET, get, key);
        add(r, "PUT", Shape.BUCKET, put, key);
    }

    private static void getPutDelete(List<Route> r, String key, String get, String put, String delete) {
        getPut(r, key, get, put);
        add(r, "DELETE", Shape.BUCKET, delete, key);
    }

    /** Analytics, inventory, metrics, intelligent tiering: Get/Put/Delete take ?id=, List does not. */
    private static void configurationFamily(List<Route> r, String key, String noun) {
        add(r, "GET", Shape.BUCKET, "Get" + noun, key, "id");
        add(r, "PUT", Shape.BUCKET, "Put" + noun, key, "id");
        add(r, "DELETE", Shape.BUCKET, "Delete" + noun, key, "id");
        add(r, "GET", Shape.BUCKET, "List" + noun + "s", key);
    }
}
