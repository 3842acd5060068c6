package io.awsemu.core.protocol;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.protocol.restxml.S3ErrorCodec;
import io.awsemu.core.service.RequestContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static io.awsemu.core.protocol.WireHarness.bodyText;
import static org.junit.jupiter.api.Assertions.*;

/** S3's error envelope (no model) checked byte-for-byte and through the real S3 client. */
class S3ErrorCodecTest {
    final ProtocolCodec codec = ProtocolCodecs.create(Protocol.REST_XML, null, ProtocolQuirks.NONE);

    private RequestContext ctx(String method, String uri) {
        return new RequestContext("4442587FB7D0A2F9", "000000000000", "us-east-1", "s3", Protocol.REST_XML, null,
                Instant.now(), new HttpRequestHead(method, uri, new Headers(), null, null), "test", null);
    }

    static AwsException noSuchKey(String bucket, String key) {
        return new AwsException("NoSuchKey", 404, "The specified key does not exist.").with("Key", key).with("BucketName", bucket);
    }

    @Test
    void golden() {
        AwsResponse r = codec.writeError(noSuchKey("b1", "a&b.txt"), ctx("GET", "/b1/a%26b.txt"));
        assertEquals(404, r.status());
        String hostId = S3ErrorCodec.hostId("4442587FB7D0A2F9");
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
                + "<Key>a&amp;b.txt</Key><BucketName>b1</BucketName><RequestId>4442587FB7D0A2F9</RequestId><HostId>" + hostId
                + "</HostId></Error>", bodyText(r));
        assertEquals("4442587FB7D0A2F9", r.headers().get("x-amz-request-id"));
        assertEquals(hostId, r.headers().get("x-amz-id-2"));
        assertEquals("application/xml", r.headers().get("Content-Type"));
    }

    @Test
    void headHasNoBody() {
        AwsResponse r = codec.writeError(noSuchKey("b1", "k").header("x-amz-delete-marker", "true"), ctx("HEAD", "/b1/k"));
        assertEquals(404, r.status());
        assertInstanceOf(ResponseBody.Empty.class, r.body());
        assertEquals("true", r.headers().get("x-amz-delete-marker"));
        assertEquals("4442587FB7D0A2F9", r.headers().get("x-amz-request-id"));
    }

    @Test
    void onlyErrorsAreItsBusiness() {
        assertThrows(UnsupportedOperationException.class, () -> codec.operationName(null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ProtocolCodecs.create(Protocol.QUERY, null, null));
    }

    @Test
    void theS3ClientReadsIt() {
        SdkHttpClient fake = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        var rq = request.httpRequest();
                        AwsResponse r = codec.writeError(noSuchKey("b1", "k"), ctx(rq.method().name(), rq.encodedPath()));
                        SdkHttpFullResponse.Builder b = SdkHttpFullResponse.builder().statusCode(r.status());
                        for (Map.Entry<String, String> e : r.headers()) b.appendHeader(e.getKey(), e.getValue());
                        byte[] out = r.body() instanceof ResponseBody.Bytes bb ? bb.bytes() : new byte[0];
                        return HttpExecuteResponse.builder().response(b.build())
                                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(out))).build();
                    }
                    @Override public void abort() {}
                };
            }
            @Override public void close() {}
        };
        try (S3Client s3 = S3Client.builder().httpClient(fake).endpointOverride(URI.create("http://localhost:4566"))
                .forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            NoSuchKeyException e = assertThrows(NoSuchKeyException.class, () -> s3.getObjectAsBytes(b -> b.bucket("b1").key("k")));
            assertEquals("NoSuchKey", e.awsErrorDetails().errorCode());
            assertEquals("4442587FB7D0A2F9", e.requestId());
            assertEquals(S3ErrorCodec.hostId("4442587FB7D0A2F9"), e.extendedRequestId());
            S3Exception h = assertThrows(S3Exception.class, () -> s3.headObject(b -> b.bucket("b1").key("k")));
            assertEquals(404, h.statusCode());
            assertEquals("4442587FB7D0A2F9", h.requestId());
        }
    }
}
