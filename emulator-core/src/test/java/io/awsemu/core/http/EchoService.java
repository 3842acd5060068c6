package io.awsemu.core.http;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.service.AwsServicePlugin;
import io.awsemu.core.service.ServiceBinder;
import io.awsemu.core.service.ServiceContext;
import io.awsemu.core.service.ServiceDescriptor;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only raw service at {@code /echo/...}: {@code PUT /echo/stream} streams the body and
 * answers its length and SHA-256; {@code GET /echo/bytes?n=N} streams N bytes back;
 * {@code GET /echo/fail} throws an AwsException; {@code GET /echo/bytes?n=N&failOpen=1} answers a body whose source
 * cannot be opened; {@code &unknownLength=1} sends the same bytes as a stream of unknown length, read from a source
 * that gives at most 1000 bytes per read (and says so in {@code available()}). Enabled only when "echo" is in awsemu.services.
 */
public final class EchoService implements AwsServicePlugin {
    /** The streams of {@code GET /echo/bytes?n=N&tag=T} by tag: how far the server read them, and whether it closed them. */
    public static final Map<String, PatternStream> TAGGED = new ConcurrentHashMap<>();

    @Override
    public ServiceDescriptor descriptor() {
        return ServiceDescriptor.builder("echo").protocols(Protocol.REST_XML)
                .pathRule(h -> h.rawPath().startsWith("/echo/")).build();
    }

    @Override
    public void bind(ServiceBinder binder, ServiceContext context) {
        binder.raw((ctx, body) -> {
            String path = ctx.request().rawPath();
            if (path.equals("/echo/fail")) throw new AwsException("TeapotError", 418, "I am a teapot").with("Thing", "pot");
            if (path.equals("/echo/sleep")) {
                // a line a test driving a server process can wait for: the request is in a worker now
                System.out.println("echo: sleeping " + ctx.request().queryParam("ms") + " ms");
                try {
                    Thread.sleep(Long.parseLong(ctx.request().queryParam("ms")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return AwsResponse.of(200, "text/plain", "slept");
            }
            if (path.equals("/echo/bytes")) {
                long n = Long.parseLong(ctx.request().queryParam("n"));
                String tag = ctx.request().queryParam("tag");
                boolean unknown = ctx.request().queryParam("unknownLength") != null;
                return new AwsResponse(200, Headers.of("Content-Type", "application/octet-stream"),
                        new ResponseBody.Stream(unknown ? ResponseBody.Stream.UNKNOWN_LENGTH : n, () -> {
                            if (ctx.request().queryParam("failOpen") != null) throw new java.io.IOException("gone");
                            PatternStream s = new PatternStream(n, unknown ? 1000 : Integer.MAX_VALUE);
                            s.openedOn = Thread.currentThread().getName();
                            if (tag != null) TAGGED.put(tag, s);
                            return s;
                        }));
            }
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long total = 0;
            try (InputStream in = body.stream()) {
                byte[] buf = new byte[64 * 1024];
                int r;
                while ((r = in.read(buf)) >= 0) {
                    sha.update(buf, 0, r);
                    total += r;
                }
            }
            return AwsResponse.of(200, "text/plain", total + " " + HexFormat.of().formatHex(sha.digest()));
        }, h -> h.method().equals("PUT"));
    }

    /** Deterministic bytes: byte i is (i * 31) & 0xff. */
    public static final class PatternStream extends InputStream {
        private final long length;
        private final int maxRead;
        private long pos;
        private volatile long reached;
        private volatile boolean closed;
        /** The thread the server opened it on. */
        public volatile String openedOn;

        public PatternStream(long length) { this(length, Integer.MAX_VALUE); }

        /** {@code maxRead}: the most one read gives, as a source that returns what it has. */
        public PatternStream(long length, int maxRead) {
            this.length = length;
            this.maxRead = maxRead;
        }

        /** Bytes read so far, as another thread sees them. */
        public long reached() { return reached; }

        public boolean closed() { return closed; }

        @Override
        public void close() {
            closed = true;
        }

        /** What one read gives without waiting: at most {@code maxRead}. */
        @Override
        public int available() {
            return (int) Math.min(maxRead, length - pos);
        }

        @Override
        public int read() {
            return pos < length ? (int) ((pos++ * 31) & 0xff) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= length) return -1;
            int n = (int) Math.min(Math.min(len, maxRead), length - pos);
            for (int i = 0; i < n; i++) b[off + i] = (byte) ((pos++ * 31) & 0xff);
            reached = pos;
            return n;
        }
    }
}
