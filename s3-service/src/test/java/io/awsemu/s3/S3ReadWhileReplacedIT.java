package io.awsemu.s3;

import io.awsemu.core.storage.blob.RocksDbBlobStore;
import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A GET in flight reads the object it started on to its last byte, as in S3, whatever happens to the key
 * meanwhile: overwritten, deleted, a single-part object or a multipart one. The client reads the first MiB,
 * the key changes, and the client waits past the emulator's grace for discarded blobs (5 s) before reading
 * the rest: far more than the socket buffers and the server's read-ahead hold.
 */
class S3ReadWhileReplacedIT {
    @RegisterExtension
    static EmulatorExtension memory = EmulatorExtension.builder().property("auth", "known").build();
    @RegisterExtension
    static EmulatorExtension disk = EmulatorExtension.builder().property("auth", "known").persistent().build();

    static final int MIB = 1 << 20;

    @Test
    void inMemory() throws Exception {
        aGetInFlightReadsTheObjectItStartedOn(memory);
    }

    @Test
    void onDisk() throws Exception {
        aGetInFlightReadsTheObjectItStartedOn(disk);
    }

    private static void aGetInFlightReadsTheObjectItStartedOn(EmulatorExtension emu) throws Exception {
        try (S3Client s3 = S3TestClients.pathStyle(emu)) {
            s3.createBucket(b -> b.bucket("replaced"));
            Random r = new Random(5);
            byte[] single = bytes(r, 48 * MIB);
            s3.putObject(b -> b.bucket("replaced").key("single"), RequestBody.fromBytes(single));
            byte[] multi = bytes(r, 48 * MIB);
            putMultipart(s3, "multi", multi, 8 * MIB);
            byte[] deleted = bytes(r, 48 * MIB);
            putMultipart(s3, "deleted", deleted, 16 * MIB);

            List<String> keys = List.of("single", "multi", "deleted");
            List<byte[]> expected = List.of(single, multi, deleted);
            List<ResponseInputStream<GetObjectResponse>> gets = new ArrayList<>();
            List<byte[]> heads = new ArrayList<>();
            try {
                for (String key : keys) {
                    ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket("replaced").key(key));
                    gets.add(in);
                    heads.add(in.readNBytes(MIB));
                }
                s3.putObject(b -> b.bucket("replaced").key("single"), RequestBody.fromString("new"));
                s3.putObject(b -> b.bucket("replaced").key("multi"), RequestBody.fromString("new"));
                s3.deleteObject(b -> b.bucket("replaced").key("deleted"));
                Thread.sleep(6_000);
                for (int i = 0; i < keys.size(); i++) {
                    byte[] rest = readRest(gets.get(i));
                    byte[] got = Arrays.copyOf(heads.get(i), heads.get(i).length + rest.length);
                    System.arraycopy(rest, 0, got, heads.get(i).length, rest.length);
                    assertEquals(expected.get(i).length, got.length, keys.get(i));
                    assertArrayEquals(expected.get(i), got, keys.get(i));
                }
            } finally {
                for (InputStream in : gets) in.close();
            }
            assertEquals("new", s3.getObjectAsBytes(b -> b.bucket("replaced").key("single")).asUtf8String());
            assertEquals("new", s3.getObjectAsBytes(b -> b.bucket("replaced").key("multi")).asUtf8String());
        }
    }

    @Test
    void aGetTheClientAbandonsStopsHoldingItsBlob() throws Exception {
        RocksDbBlobStore blobs = (RocksDbBlobStore) disk.server().stores().blobs();
        try (S3Client s3 = S3TestClients.pathStyle(disk)) {
            s3.createBucket(b -> b.bucket("abandoned"));
            s3.putObject(b -> b.bucket("abandoned").key("k"), RequestBody.fromBytes(bytes(new Random(6), 48 * MIB)));
            long before = blobs.stats().committed();
            try (Socket socket = new Socket("127.0.0.1", disk.port())) {
                // anonymous: the bucket must let everyone read for this raw request
                s3.deletePublicAccessBlock(b -> b.bucket("abandoned"));
                s3.putBucketPolicy(b -> b.bucket("abandoned").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                        + "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                        + "\"Resource\":\"arn:aws:s3:::abandoned/*\"}]}"));
                socket.getOutputStream().write("GET /abandoned/k HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertEquals(MIB, socket.getInputStream().readNBytes(MIB).length);
            } // closed mid-body
            s3.putObject(b -> b.bucket("abandoned").key("k"), RequestBody.fromString("new"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (blobs.stats().committed() != before && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(before, blobs.stats().committed(), "the replaced blob was removed once the GET was abandoned");
        }
    }

    private static byte[] readRest(InputStream in) throws Exception {
        return in.readAllBytes();
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static void putMultipart(S3Client s3, String key, byte[] data, int partSize) {
        String upload = s3.createMultipartUpload(b -> b.bucket("replaced").key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int off = 0, n = 1; off < data.length; off += partSize, n++) {
            int number = n;
            byte[] part = Arrays.copyOfRange(data, off, Math.min(data.length, off + partSize));
            String etag = s3.uploadPart(b -> b.bucket("replaced").key(key).uploadId(upload).partNumber(number),
                    RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket("replaced").key(key).uploadId(upload).multipartUpload(m -> m.parts(parts)));
    }
}
