package io.awsemu.bench;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The null endpoint answers the bench's own client validly, or its ceiling would measure errors. */
class NullS3EndpointTest {

    @Test
    void answersEveryCallTheBenchMakes() throws Exception {
        try (NullS3Endpoint n = NullS3Endpoint.start(); S3Client s3 = S3Bench.client(n.endpoint(), 2)) {
            s3.createBucket(b -> b.bucket("bkt"));
            s3.putObject(b -> b.bucket("bkt").key("dir/a b.bin"), RequestBody.fromBytes(new byte[4096]));
            assertArrayEquals(new byte[4096], s3.getObjectAsBytes(b -> b.bucket("bkt").key("dir/a b.bin")).asByteArray());
            assertThrows(NoSuchKeyException.class, () -> s3.getObject(b -> b.bucket("bkt").key("nope")));
            assertThrows(NoSuchBucketException.class, () -> s3.putObject(b -> b.bucket("nobucket").key("k"), RequestBody.fromString("x")));

            String id = s3.createMultipartUpload(b -> b.bucket("bkt").key("big")).uploadId();
            List<CompletedPart> parts = IntStream.rangeClosed(1, 2).mapToObj(p -> CompletedPart.builder().partNumber(p)
                    .eTag(s3.uploadPart(b -> b.bucket("bkt").key("big").uploadId(id).partNumber(p),
                            RequestBody.fromBytes(new byte[5 << 20])).eTag()).build()).toList();
            s3.completeMultipartUpload(b -> b.bucket("bkt").key("big").uploadId(id).multipartUpload(m -> m.parts(parts)));
            assertEquals(10L << 20, s3.headObject(b -> b.bucket("bkt").key("big")).contentLength());

            for (int i = 0; i < 2500; i++) {
                String k = String.format("list/%05d", i);
                s3.putObject(b -> b.bucket("bkt").key(k), RequestBody.fromString("x"));
            }
            List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket("bkt").prefix("list/")).contents().stream()
                    .map(S3Object::key).toList();
            assertEquals(IntStream.range(0, 2500).mapToObj(i -> String.format("list/%05d", i)).toList(), keys);
            assertEquals(List.of("big", "dir/a b.bin"), s3.listObjectsV2(b -> b.bucket("bkt").maxKeys(2)).contents().stream()
                    .map(S3Object::key).toList());
            s3.deleteObject(b -> b.bucket("bkt").key("big"));
            assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("bkt").key("big")));
        }
    }
}
