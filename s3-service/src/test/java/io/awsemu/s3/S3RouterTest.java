package io.awsemu.s3;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.s3.S3Target.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3RouterTest {

    static String route(String method, String uri, String... headers) {
        HttpRequestHead h = new HttpRequestHead(method, uri, Headers.of(headers), null, null);
        return S3Router.route(h, S3Target.parse("localhost", h.rawPath(), "localhost").shape());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET,    /,                         ListBuckets",
            "GET,    /?max-buckets=5&prefix=a,  ListBuckets",
            "PUT,    /b,                        CreateBucket",
            "PUT,    /b/,                       CreateBucket",
            "HEAD,   /b,                        HeadBucket",
            "DELETE, /b,                        DeleteBucket",
            "DELETE, /b?unknownParam=1,         DeleteBucket",
            "GET,    /b?location,               GetBucketLocation",
            "GET,    /b?location=,              GetBucketLocation",
            "GET,    /b,                        ListObjects",
            "GET,    /b?prefix=a&max-keys=2,    ListObjects",
            "GET,    /b?list-type=2&prefix=a,   ListObjectsV2",
            "GET,    /b?versions,               ListObjectVersions",
            "GET,    /b?uploads,                ListMultipartUploads",
            "POST,   /b?delete,                 DeleteObjects",
            "POST,   /b,                        PostObject",
            "DELETE, /b?tagging,                DeleteBucketTagging",
            "DELETE, /b?cors,                   DeleteBucketCors",
            "DELETE, /b?policy,                 DeleteBucketPolicy",
            "DELETE, /b?lifecycle,              DeleteBucketLifecycle",
            "DELETE, /b?website,                DeleteBucketWebsite",
            "DELETE, /b?encryption,             DeleteBucketEncryption",
            "DELETE, /b?replication,            DeleteBucketReplication",
            "DELETE, /b?publicAccessBlock,      DeletePublicAccessBlock",
            "DELETE, /b?ownershipControls,      DeleteBucketOwnershipControls",
            "DELETE, /b?metrics&id=x,           DeleteBucketMetricsConfiguration",
            "PUT,    /b?policy,                 PutBucketPolicy",
            "PUT,    /b?acl,                    PutBucketAcl",
            "PUT,    /b?versioning,             PutBucketVersioning",
            "PUT,    /b?tagging,                PutBucketTagging",
            "PUT,    /b?object-lock,            PutObjectLockConfiguration",
            "GET,    /b?analytics,              ListBucketAnalyticsConfigurations",
            "GET,    /b?analytics&id=a,         GetBucketAnalyticsConfiguration",
            "GET,    /b?intelligent-tiering,    ListBucketIntelligentTieringConfigurations",
            "GET,    /b?session,                CreateSession",
            "GET,    /b/k,                      GetObject",
            "GET,    /b/k?versionId=v&partNumber=1, GetObject",
            "GET,    /b/k?x-id=GetObject,       GetObject",
            "HEAD,   /b/k,                      HeadObject",
            "PUT,    /b/k,                      PutObject",
            "DELETE, /b/k,                      DeleteObject",
            "DELETE, /b/k?versionId=v,          DeleteObject",
            "GET,    /b/k?acl,                  GetObjectAcl",
            "DELETE, /b/k?tagging,              DeleteObjectTagging",
            "GET,    /b/k?attributes,           GetObjectAttributes",
            "POST,   /b/k?uploads,              CreateMultipartUpload",
            "PUT,    /b/k?partNumber=1&uploadId=u, UploadPart",
            "POST,   /b/k?uploadId=u,           CompleteMultipartUpload",
            "DELETE, /b/k?uploadId=u,           AbortMultipartUpload",
            "GET,    /b/k?uploadId=u,           ListParts",
            "POST,   /b/k?restore,              RestoreObject",
            "POST,   /b/k?select&select-type=2, SelectObjectContent",
    })
    void routes(String method, String uri, String operation) {
        assertEquals(operation, route(method, uri));
    }

    @Test
    void copySourceHeaderSelectsCopies() {
        assertEquals("CopyObject", route("PUT", "/b/k", "x-amz-copy-source", "/src/k"));
        assertEquals("UploadPartCopy", route("PUT", "/b/k?partNumber=2&uploadId=u", "x-amz-copy-source", "/src/k"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "DELETE, /b?tagging&cors",        // two subresources: no operation takes both
            "DELETE, /b?location",            // a subresource with no DELETE
            "PUT,    /b?location",
            "DELETE, /b?versioning",
            "DELETE, /b?acl",
            "POST,   /b?tagging",
            "PUT,    /b/k?uploads",
            "GET,    /b/k?uploads",
            "DELETE, /b/k?acl",
            "PUT,    /b/k?uploadId=u",        // UploadPart needs partNumber too
            "GET,    /?acl",
            "DELETE, /?tagging",
    })
    void knownSubresourceWithoutRouteIsNotImplementedNeverTheBareOperation(String method, String uri) {
        AwsException e = assertThrows(AwsException.class, () -> route(method, uri));
        assertEquals("NotImplemented", e.code());
        assertEquals(501, e.httpStatus());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"PATCH, /b, BUCKET", "OPTIONS, /b/k, OBJECT", "POST, /, SERVICE", "PUT, /, SERVICE",
            "DELETE, /, SERVICE", "HEAD, /, SERVICE", "POST, /b/k, OBJECT", "TRACE, /b, BUCKET"})
    void unknownMethodIsMethodNotAllowed(String method, String uri, String resourceType) {
        AwsException e = assertThrows(AwsException.class, () -> route(method, uri));
        assertEquals("MethodNotAllowed", e.code());
        assertEquals(405, e.httpStatus());
        assertEquals(method, e.extra().get("Method"));
        assertEquals(resourceType, e.extra().get("ResourceType"));
    }

    @Test
    void everyRouteIsReachableAndUnambiguous() {
        Set<String> seen = new HashSet<>();
        for (S3Routes.Route r : S3Routes.ALL) {
            StringBuilder uri = new StringBuilder(r.shape() == Shape.SERVICE ? "/" : r.shape() == Shape.BUCKET ? "/b" : "/b/k");
            String sep = "?";
            for (String q : r.query()) { uri.append(sep).append(q).append("=1"); sep = "&"; }
            String[] headers = r.headers().stream().flatMap(h -> java.util.stream.Stream.of(h, "x")).toArray(String[]::new);
            assertEquals(r.operation(), route(r.method(), uri.toString(), headers), r.toString());
            assertTrue(seen.add(r.method() + " " + r.shape() + " " + r.query() + r.headers()), "duplicate route " + r);
        }
    }

    @Test
    void bindingRejectsNamesNotInTheTable() {
        assertThrows(IllegalArgumentException.class, () -> new S3Router("localhost").bind("DeleteEverything", (c, t, b) -> null));
    }
}
