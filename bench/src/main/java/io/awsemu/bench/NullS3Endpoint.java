package io.awsemu.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A do-nothing S3 endpoint: answers the requests {@link S3Bench} makes with valid S3 responses but
 * stores no bytes (only each key's size, so a GET can answer with that many zero bytes and a
 * listing can name the keys). It checks no signature. Measuring the bench's client against it gives
 * the client-bound ceiling on this machine: no server can be faster through the same client.
 *
 * <p>Plain blocking sockets, one thread per connection (the client keeps a few pooled connections),
 * each response written in one flush: the cheapest HTTP/1.1 server there is in Java, so that the
 * ceiling measures the client and not this class. Path-style only: {@code /bucket} and
 * {@code /bucket/key}.
 */
final class NullS3Endpoint implements AutoCloseable {
    private static final byte[] ZEROS = new byte[1 << 16];
    /** Multipart-shaped so no client mistakes it for the body's MD5 and checks it. */
    private static final String ETAG = "\"00000000000000000000000000000000-1\"";
    private static final String XML_ETAG = ETAG.replace("\"", "&quot;");
    private static final String NS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    private final ServerSocket server;
    private final Map<String, NavigableMap<String, Long>> buckets = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> uploads = new ConcurrentHashMap<>();
    private final AtomicLong uploadIds = new AtomicLong();

    private NullS3Endpoint(ServerSocket server) {
        this.server = server;
    }

    /** Starts on a free loopback port. */
    static NullS3Endpoint start() throws IOException {
        NullS3Endpoint e = new NullS3Endpoint(new ServerSocket(0, 128, InetAddress.getLoopbackAddress()));
        Thread acceptor = new Thread(e::accept, "null-s3-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return e;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(s), "null-s3");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** What one request said that matters here. */
    private record Request(String method, String bucket, String key, Map<String, String> query, Map<String, String> headers) {}

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
             OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16)) {
            while (true) {
                String line = readLine(in);
                if (line == null) return;
                if (line.isEmpty()) continue;
                String[] parts = line.split(" ");
                Map<String, String> headers = new HashMap<>();
                for (String h; !(h = readLine(in)).isEmpty(); ) {
                    int c = h.indexOf(':');
                    headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
                }
                String target = parts[1];
                int qm = target.indexOf('?');
                String path = qm < 0 ? target : target.substring(0, qm);
                int slash = path.indexOf('/', 1);
                String bucket = decode(slash < 0 ? path.substring(1) : path.substring(1, slash));
                String key = slash < 0 || slash == path.length() - 1 ? null : decode(path.substring(slash + 1));
                Request r = new Request(parts[0], bucket, key, query(qm < 0 ? null : target.substring(qm + 1)), headers);
                if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                long bodyBytes = drain(in, headers);
                if (r.key == null) bucketRequest(out, r);
                else objectRequest(out, r, bodyBytes);
                out.flush();
            }
        } catch (SocketException | EOFException e) {
            // the client closed the connection
        } catch (IOException | RuntimeException e) {
            System.err.println("NullS3Endpoint: " + e);
        }
    }

    private void bucketRequest(OutputStream out, Request r) throws IOException {
        switch (r.method) {
            case "PUT" -> {
                buckets.putIfAbsent(r.bucket, new ConcurrentSkipListMap<>());
                respond(out, 200, "Location: /" + r.bucket + "\r\n", null);
            }
            case "DELETE" -> {
                buckets.remove(r.bucket);
                respond(out, 204, "", null);
            }
            case "HEAD" -> respond(out, buckets.containsKey(r.bucket) ? 200 : 404, "", null);
            case "GET" -> list(out, r);
            default -> error(out, r, 405, "MethodNotAllowed");
        }
    }

    private void list(OutputStream out, Request r) throws IOException {
        NavigableMap<String, Long> keys = buckets.get(r.bucket);
        if (keys == null) {
            error(out, r, 404, "NoSuchBucket");
            return;
        }
        String prefix = r.query.getOrDefault("prefix", "");
        int max = Integer.parseInt(r.query.getOrDefault("max-keys", "1000"));
        String after = r.query.getOrDefault("continuation-token", r.query.getOrDefault("start-after", ""));
        NavigableMap<String, Long> tail = !after.isEmpty() && after.compareTo(prefix) >= 0
                ? keys.tailMap(after, false) : keys.tailMap(prefix, true);
        StringBuilder contents = new StringBuilder(160 * Math.min(max, 1000));
        int n = 0;
        String last = null;
        boolean more = false;
        for (Iterator<Map.Entry<String, Long>> it = tail.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (!e.getKey().startsWith(prefix)) break;
            if (n == max) {
                more = true;
                break;
            }
            contents.append("<Contents><Key>").append(escape(e.getKey()))
                    .append("</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>").append(XML_ETAG)
                    .append("</ETag><Size>").append(e.getValue()).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
            last = e.getKey();
            n++;
        }
        StringBuilder xml = new StringBuilder(contents.length() + 512)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult ").append(NS).append("><Name>")
                .append(r.bucket).append("</Name><Prefix>").append(escape(prefix)).append("</Prefix><KeyCount>").append(n)
                .append("</KeyCount><MaxKeys>").append(max).append("</MaxKeys><IsTruncated>").append(more).append("</IsTruncated>");
        if (more) xml.append("<NextContinuationToken>").append(escape(last)).append("</NextContinuationToken>");
        xml.append(contents).append("</ListBucketResult>");
        respond(out, 200, "", xml.toString());
    }

    private void objectRequest(OutputStream out, Request r, long bodyBytes) throws IOException {
        NavigableMap<String, Long> keys = buckets.get(r.bucket);
        if (keys == null) {
            error(out, r, 404, "NoSuchBucket");
            return;
        }
        switch (r.method) {
            case "PUT" -> {
                String decoded = r.headers.get("x-amz-decoded-content-length");
                long size = decoded != null ? Long.parseLong(decoded) : bodyBytes;
                String upload = r.query.get("uploadId");
                if (upload != null) {
                    AtomicLong total = uploads.get(upload);
                    if (total == null) {
                        error(out, r, 404, "NoSuchUpload");
                        return;
                    }
                    total.addAndGet(size);
                } else {
                    keys.put(r.key, size);
                }
                respond(out, 200, "ETag: " + ETAG + "\r\n", null);
            }
            case "POST" -> {
                if (r.query.containsKey("uploads")) {
                    String id = "null-" + uploadIds.incrementAndGet();
                    uploads.put(id, new AtomicLong());
                    respond(out, 200, "", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult " + NS
                            + "><Bucket>" + r.bucket + "</Bucket><Key>" + escape(r.key) + "</Key><UploadId>" + id
                            + "</UploadId></InitiateMultipartUploadResult>");
                } else if (r.query.containsKey("uploadId")) {
                    AtomicLong size = uploads.remove(r.query.get("uploadId"));
                    if (size == null) {
                        error(out, r, 404, "NoSuchUpload");
                        return;
                    }
                    keys.put(r.key, size.get());
                    respond(out, 200, "", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult " + NS
                            + "><Location>/" + r.bucket + "/" + escape(r.key) + "</Location><Bucket>" + r.bucket + "</Bucket><Key>"
                            + escape(r.key) + "</Key><ETag>" + XML_ETAG + "</ETag></CompleteMultipartUploadResult>");
                } else {
                    error(out, r, 405, "MethodNotAllowed");
                }
            }
            case "GET", "HEAD" -> {
                Long size = keys.get(r.key);
                if (size == null) {
                    error(out, r, 404, "NoSuchKey");
                    return;
                }
                out.write(("HTTP/1.1 200 OK\r\nETag: " + ETAG + "\r\nContent-Type: application/octet-stream\r\n"
                        + "Last-Modified: Thu, 01 Jan 2026 00:00:00 GMT\r\nContent-Length: " + size + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                if (r.method.equals("GET")) {
                    for (long left = size; left > 0; ) {
                        int n = (int) Math.min(left, ZEROS.length);
                        out.write(ZEROS, 0, n);
                        left -= n;
                    }
                }
            }
            case "DELETE" -> {
                if (r.query.containsKey("uploadId")) uploads.remove(r.query.get("uploadId"));
                else keys.remove(r.key);
                respond(out, 204, "", null);
            }
            default -> error(out, r, 405, "MethodNotAllowed");
        }
    }

    private static void respond(OutputStream out, int status, String extraHeaders, String xml) throws IOException {
        byte[] body = xml == null ? new byte[0] : xml.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append(extraHeaders);
        if (xml != null) head.append("Content-Type: application/xml\r\n");
        if (status != 204) head.append("Content-Length: ").append(body.length).append("\r\n");
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
    }

    private static void error(OutputStream out, Request r, int status, String code) throws IOException {
        if (r.method.equals("HEAD")) {
            respond(out, status, "", null);
            return;
        }
        respond(out, status, "", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + code
                + "</Message><RequestId>0</RequestId></Error>");
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 404 -> "Not Found";
            default -> "Method Not Allowed";
        };
    }

    /** Reads and discards the request body (Content-Length or chunked); returns its size on the wire. */
    private static long drain(InputStream in, Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            long n = Long.parseLong(length);
            skip(in, n);
            return n;
        }
        if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) return 0;
        long total = 0;
        while (true) {
            String size = readLine(in);
            int semi = size.indexOf(';');
            long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return total;
            }
            skip(in, n);
            readLine(in);
            total += n;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) throw new EOFException();
            n -= r;
        }
    }

    /** One CRLF-terminated line in ISO-8859-1, or null at a clean end of stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
                return sb.toString();
            }
            sb.append((char) c);
        }
        if (sb.length() == 0) return null;
        throw new EOFException();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            q.put(decode(eq < 0 ? p : p.substring(0, eq)), eq < 0 ? "" : decode(p.substring(eq + 1)));
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
