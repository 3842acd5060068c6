package io.awsemu.s3;

import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccessLogsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET|/b/k|-|REST.GET.OBJECT",
            "HEAD|/b/k|-|REST.HEAD.OBJECT",
            "GET|/b?list-type=2&prefix=a|-|REST.GET.BUCKET",
            "PUT|/b/k?acl|-|REST.PUT.ACL",
            "GET|/b?versioning|-|REST.GET.VERSIONING",
            "GET|/b?versions|-|REST.GET.BUCKETVERSIONS",
            "PUT|/b?policy|-|REST.PUT.BUCKETPOLICY",
            "POST|/b/k?uploads|-|REST.POST.UPLOADS",
            "PUT|/b/k?partNumber=1&uploadId=u|-|REST.PUT.PART",
            "POST|/b/k?uploadId=u|-|REST.POST.UPLOAD",
            "DELETE|/b/k?uploadId=u|-|REST.DELETE.UPLOAD",
            "POST|/b?delete|-|REST.POST.MULTI_OBJECT_DELETE",
            "PUT|/b/k|/src/k|REST.COPY.OBJECT",
            "PUT|/b/k?partNumber=2&uploadId=u|/src/k|REST.COPY.PART",
            "GET|/b/k?legal-hold|-|REST.GET.LEGAL_HOLD",
    })
    void operationNames(String method, String uri, String copySource, String expected) {
        Headers h = Headers.of("Host", "localhost:4566");
        if (!copySource.equals("-")) h.set("x-amz-copy-source", copySource);
        HttpRequestHead head = new HttpRequestHead(method, uri, h, null, null);
        assertEquals(expected, AccessLogs.operation(head, S3Target.parse(head, "localhost")));
    }
}
