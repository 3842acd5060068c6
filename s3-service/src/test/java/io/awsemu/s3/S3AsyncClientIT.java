package io.awsemu.s3;

import io.awsemu.core.testing.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.BlockingInputStreamAsyncRequestBody;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SDK v2's async client on the Netty HTTP client, with the SDK's default checksum behaviour, path style and
 * virtual-host style. The Netty client has no DNS hook, and {@code <bucket>.s3.localhost} may not resolve here,
 * so the virtual-host client goes through a tiny CONNECT proxy that tunnels every connection to the emulator:
 * the request, its Host header and signature reach the server exactly as the SDK wrote them.
 */
class S3AsyncClientIT {
    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.builder().property("auth", "known").build();

    static final int MIB = 1024 * 1024;
    static ConnectProxy proxy;
    static S3AsyncClient path;
    static S3AsyncClient vhost;

    @BeforeAll
    static void clients() throws IOException {
        proxy = new ConnectProxy(emu.port());
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        path = S3AsyncClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                .endpointOverride(emu.endpoint()).forcePathStyle(true)
                .httpClient(NettyNioAsyncHttpClient.create()).build();
        vhost = S3AsyncClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
                .endpointOverride(URI.create("http://s3.localhost:" + emu.port()))
                .httpClient(NettyNioAsyncHttpClient.builder().proxyConfiguration(ProxyConfiguration.builder()
                        .scheme("http").host("127.0.0.1").port(proxy.port())
                        .useSystemPropertyValues(false).useEnvironmentVariableValues(false).build()).build())
                .build();
    }

    @AfterAll
    static void close() throws IOException {
        path.close();
        vhost.close();
        proxy.close();
    }

    static S3AsyncClient client(String style) {
        return style.equals("path") ? path : vhost;
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "vhost"})
    void objectsThroughTheAsyncClient(String style) throws Exception {
        S3AsyncClient s3 = client(style);
        String bucket = "async-" + style;
        s3.createBucket(b -> b.bucket(bucket)).join();

        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("hello.txt").contentType("text/plain")
                .metadata(Map.of("colour", "blue")), AsyncRequestBody.fromString("hello world")).join();
        assertEquals("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"", put.eTag());
        assertEquals("DUoRhQ==", put.checksumCRC32(), "the SDK's default CRC32 was sent, verified and echoed");

        ResponseBytes<GetObjectResponse> got = s3.getObject(b -> b.bucket(bucket).key("hello.txt"),
                AsyncResponseTransformer.toBytes()).join();
        assertEquals("hello world", got.asUtf8String());
        assertEquals("text/plain", got.response().contentType());
        assertEquals(Map.of("colour", "blue"), got.response().metadata());

        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("hello.txt")).join();
        assertEquals(11L, head.contentLength());
        assertEquals(put.eTag(), head.eTag());

        // a body streamed by the caller as the SDK asks for it (SDK 2.42 itself refuses a PutObject of unknown length:
        // "Content-Length header must be specified", before any request is sent)
        byte[] streamed = random(3 * MIB + 17, 1);
        BlockingInputStreamAsyncRequestBody body = AsyncRequestBody.forBlockingInputStream((long) streamed.length);
        var pending = s3.putObject(b -> b.bucket(bucket).key("streamed.bin"), body);
        body.writeInputStream(new ByteArrayInputStream(streamed));
        assertEquals("\"" + md5Hex(streamed) + "\"", pending.join().eTag());
        assertArrayEquals(streamed, s3.getObject(b -> b.bucket(bucket).key("streamed.bin"),
                AsyncResponseTransformer.toBytes()).join().asByteArray());

        byte[] part1 = random(5 * MIB, 2), part2 = random(MIB + 3, 3);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("multi.bin")).join().uploadId();
        String etag1 = s3.uploadPart(b -> b.bucket(bucket).key("multi.bin").uploadId(uploadId).partNumber(1),
                AsyncRequestBody.fromBytes(part1)).join().eTag();
        String etag2 = s3.uploadPart(b -> b.bucket(bucket).key("multi.bin").uploadId(uploadId).partNumber(2),
                AsyncRequestBody.fromBytes(part2)).join().eTag();
        assertEquals("\"" + md5Hex(part1) + "\"", etag1);
        String done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("multi.bin").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                        CompletedPart.builder().partNumber(2).eTag(etag2).build()))).join().eTag();
        assertTrue(done.endsWith("-2\""), done);
        byte[] whole = s3.getObject(b -> b.bucket(bucket).key("multi.bin"), AsyncResponseTransformer.toBytes()).join().asByteArray();
        assertEquals(part1.length + part2.length, whole.length);
        assertArrayEquals(part1, Arrays.copyOfRange(whole, 0, part1.length));
        assertArrayEquals(part2, Arrays.copyOfRange(whole, part1.length, whole.length));

        List<String> keys = s3.listObjectsV2(b -> b.bucket(bucket)).join().contents().stream().map(S3Object::key).toList();
        assertEquals(List.of("hello.txt", "multi.bin", "streamed.bin"), keys);

        // DeleteObjects requires a checksum: the SDK adds its default one
        DeleteObjectsResponse deleted = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("hello.txt").build(), ObjectIdentifier.builder().key("multi.bin").build(),
                ObjectIdentifier.builder().key("streamed.bin").build(), ObjectIdentifier.builder().key("never-there").build()))).join();
        assertEquals(Set.of("hello.txt", "multi.bin", "streamed.bin", "never-there"),
                deleted.deleted().stream().map(d -> d.key()).collect(Collectors.toSet()));
        assertTrue(deleted.errors().isEmpty(), deleted.errors().toString());
        assertEquals(0, s3.listObjectsV2(b -> b.bucket(bucket)).join().keyCount());

        s3.deleteBucket(b -> b.bucket(bucket)).join();
        if (style.equals("vhost")) assertTrue(proxy.targets.contains(bucket + ".s3.localhost:" + emu.port()), proxy.targets.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "vhost"})
    void errorsThroughTheAsyncClient(String style) {
        S3AsyncClient s3 = client(style);
        String bucket = "async-errors-" + style;
        s3.createBucket(b -> b.bucket(bucket)).join();

        S3Exception noKey = error(404, "NoSuchKey", () -> s3.getObject(b -> b.bucket(bucket).key("missing"),
                AsyncResponseTransformer.toBytes()).join());
        assertInstanceOf(NoSuchKeyException.class, noKey);
        assertEquals("The specified key does not exist.", noKey.awsErrorDetails().errorMessage());
        // HEAD has no body: the SDK maps the bare 404 itself
        assertInstanceOf(NoSuchKeyException.class, cause(() -> s3.headObject(b -> b.bucket(bucket).key("missing")).join()));

        S3Exception noBucket = error(404, "NoSuchBucket", () -> s3.putObject(b -> b.bucket("async-no-such-" + style).key("k"),
                AsyncRequestBody.fromString("x")).join());
        assertInstanceOf(NoSuchBucketException.class, noBucket);
        assertEquals("The specified bucket does not exist", noBucket.awsErrorDetails().errorMessage());
        error(404, "NoSuchBucket", () -> s3.listObjectsV2(b -> b.bucket("async-no-such-" + style)).join());

        // Content-MD5 of the empty body on a non-empty one
        S3Exception badDigest = error(400, "BadDigest", () -> s3.putObject(b -> b.bucket(bucket).key("md5")
                .contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), AsyncRequestBody.fromString("not empty")).join());
        assertEquals("The Content-MD5 you specified did not match what we received.", badDigest.awsErrorDetails().errorMessage());
        assertInstanceOf(NoSuchKeyException.class, cause(() -> s3.headObject(b -> b.bucket(bucket).key("md5")).join()),
                "nothing was stored");
        s3.deleteBucket(b -> b.bucket(bucket)).join();
    }

    static Throwable cause(Executable call) {
        CompletionException e = assertThrows(CompletionException.class, call);
        return e.getCause();
    }

    static S3Exception error(int status, String code, Executable call) {
        S3Exception e = assertInstanceOf(S3Exception.class, cause(call));
        assertEquals(status, e.statusCode());
        assertEquals(code, e.awsErrorDetails().errorCode());
        return e;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String md5Hex(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    /** Answers CONNECT, whatever the host, with a tunnel to the emulator on loopback; remembers the targets asked for. */
    static final class ConnectProxy implements AutoCloseable {
        final Set<String> targets = ConcurrentHashMap.newKeySet();
        private final ServerSocket server;
        private final int emulatorPort;

        ConnectProxy(int emulatorPort) throws IOException {
            this.emulatorPort = emulatorPort;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::acceptLoop, "connect-proxy");
            accept.setDaemon(true);
            accept.start();
        }

        int port() { return server.getLocalPort(); }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    daemon(() -> tunnel(client));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void tunnel(Socket client) {
            try (client; Socket upstream = new Socket()) {
                InputStream in = client.getInputStream();
                String head = readHead(in);
                String[] requestLine = head.split("\r\n", 2)[0].split(" ");
                if (!requestLine[0].equals("CONNECT")) {
                    client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                targets.add(requestLine[1]);
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), emulatorPort));
                client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                Thread back = daemon(() -> pump(upstream, client));
                pump(client, upstream);
                back.join();
            } catch (IOException | InterruptedException ignored) {
                // either side went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (!sb.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) throw new IOException("eof in CONNECT head");
                sb.append((char) c);
            }
            return sb.toString();
        }

        private static void pump(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException ignored) {
                // closed
            }
        }

        private static Thread daemon(Runnable r) {
            Thread t = new Thread(r, "connect-proxy-tunnel");
            t.setDaemon(true);
            t.start();
            return t;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
