package io.awsemu.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.model.ServiceModel;
import io.awsemu.core.service.RequestContext;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the emulator's front end around one codec for SDK-in-the-loop tests: the real SDK marshals a
 * request, the codec names the operation and parses it, a canned handler answers, the codec writes it
 * and the real SDK unmarshals it. Usable as an SDK v2 {@link SdkHttpClient} or, for SDK v1, as a tiny
 * JDK HTTP server on port 0.
 */
final class WireHarness implements SdkHttpClient {
    interface Handler { JsonNode handle(String operation, ObjectNode input); }

    static final String REQUEST_ID = "6a7b8c9d-0000-4000-8000-123456789abc";

    final ProtocolCodec codec;
    final String serviceId;
    Handler handler = (op, in) -> null;
    String lastOperation;
    ObjectNode lastInput;
    AwsResponse lastResponse;
    HttpRequestHead lastHead;
    private HttpServer server;

    WireHarness(String serviceId, Protocol protocol, String modelResource, ProtocolQuirks quirks) {
        this.serviceId = serviceId;
        ServiceModel model = modelResource == null ? null : ServiceModel.load(modelResource, getClass().getClassLoader());
        this.codec = ProtocolCodecs.create(protocol, model, quirks);
    }

    WireHarness answer(Handler h) { this.handler = h; return this; }

    /** The front end's part: route, parse, handle, write; errors through the codec. */
    AwsResponse exchange(String method, String uri, Headers headers, byte[] body) {
        HttpRequestHead head = new HttpRequestHead(method, uri, headers, null, null);
        lastHead = head;
        Map<String, List<String>> params = new LinkedHashMap<>(head.query());
        String ct = headers.get("Content-Type", "");
        if ((codec.protocol() == Protocol.QUERY || codec.protocol() == Protocol.EC2)
                && ct.startsWith("application/x-www-form-urlencoded")) {
            HttpRequestHead.decodeQuery(new String(body, StandardCharsets.UTF_8), true)
                    .forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        String version = params.containsKey("Version") ? params.get("Version").get(0) : null;
        RequestContext ctx = new RequestContext(REQUEST_ID, "000000000000", "us-east-1", serviceId,
                codec.protocol(), null, Instant.now(), head, "AKIDEXAMPLE", version);
        AwsResponse r;
        try {
            String op = codec.operationName(head, params);
            if (op == null) throw codec.unknownOperation(head, params);
            ctx.operation(op);
            lastOperation = op;
            ObjectNode in = codec.parseInput(op, head, params, body);
            lastInput = in;
            r = codec.writeOutput(op, handler.handle(op, in), ctx);
        } catch (AwsException e) {
            r = codec.writeError(e, ctx);
        }
        lastResponse = r;
        return r;
    }

    static String bodyText(AwsResponse r) {
        return r.body() instanceof ResponseBody.Bytes b ? new String(b.bytes(), StandardCharsets.UTF_8) : "";
    }

    // ------------------------------------------------------------------ SDK v2

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                SdkHttpRequest rq = request.httpRequest();
                Headers h = new Headers();
                rq.forEachHeader((k, vs) -> vs.forEach(v -> h.add(k, v)));
                byte[] body = new byte[0];
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) { body = in.readAllBytes(); }
                }
                String uri = rq.encodedPath().isEmpty() ? "/" : rq.encodedPath();
                String q = rq.encodedQueryParameters().orElse(null);
                if (q != null && !q.isEmpty()) uri += "?" + q;
                AwsResponse r = exchange(rq.method().name(), uri, h, body);
                SdkHttpFullResponse.Builder b = SdkHttpFullResponse.builder().statusCode(r.status());
                for (Map.Entry<String, String> e : r.headers()) b.appendHeader(e.getKey(), e.getValue());
                byte[] out = r.body() instanceof ResponseBody.Bytes bb ? bb.bytes() : new byte[0];
                b.putHeader("Content-Length", Integer.toString(out.length));
                return HttpExecuteResponse.builder().response(b.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(out))).build();
            }

            @Override
            public void abort() {}
        };
    }

    @Override
    public void close() {}

    // ------------------------------------------------------------------ SDK v1 over a loopback socket

    URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                Headers h = new Headers();
                ex.getRequestHeaders().forEach((k, vs) -> vs.forEach(v -> h.add(k, v)));
                byte[] body = ex.getRequestBody().readAllBytes();
                AwsResponse r = exchange(ex.getRequestMethod(), ex.getRequestURI().getRawPath()
                        + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()), h, body);
                for (Map.Entry<String, String> e : r.headers()) ex.getResponseHeaders().add(e.getKey(), e.getValue());
                byte[] out = r.body() instanceof ResponseBody.Bytes bb ? bb.bytes() : new byte[0];
                ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) try (OutputStream os = ex.getResponseBody()) { os.write(out); }
            } catch (RuntimeException e) {
                e.printStackTrace();
                throw e;
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void stop() { if (server != null) server.stop(0); }
}
