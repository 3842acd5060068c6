package io.awsemu.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.auth.AuthResult;
import io.awsemu.core.auth.Authenticator;
import io.awsemu.core.concurrent.Background;
import io.awsemu.core.error.AwsBodyException;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.error.CommonErrors;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.protocol.ProtocolCodec;
import io.awsemu.core.routing.ServiceResolver;
import io.awsemu.core.service.RawHandler;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The transport-independent part of a request's way: routing and the auth precheck on the event
 * loop ({@link #route}), then everything else on a bounded worker pool ({@link #dispatch}).
 */
public final class RequestDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final Map<String, BoundService> services;
    private final ServiceResolver resolver;
    private final Authenticator authenticator;
    private final EmulatorConfig config;
    private final ExecutorService workers;
    private final Function<Exchange, AwsResponse> internalEndpoint;

    RequestDispatcher(List<BoundService> services, Authenticator authenticator, EmulatorConfig config,
                      ExecutorService workers, Function<Exchange, AwsResponse> internalEndpoint) {
        this.services = new LinkedHashMap<>();
        for (BoundService s : services) this.services.put(s.id(), s);
        this.resolver = new ServiceResolver(services.stream().map(s -> s.descriptor).toList(),
                id -> this.services.get(id).modelOperations());
        this.authenticator = authenticator;
        this.config = config;
        this.workers = workers;
        this.internalEndpoint = internalEndpoint;
    }

    /** Event loop: which service, stream or aggregate, and the head-only auth checks. Never blocks. */
    public RouteDecision route(HttpRequestHead head) {
        if (isInternal(head) || developerEndpoint(head) != null) {
            return new RouteDecision(null, null, false, false, null, null);
        }
        ServiceResolver.Resolution r;
        try {
            r = resolver.resolve(head, Authenticator.scopeService(head));
        } catch (AwsException e) {
            return RouteDecision.error(null, e);
        }
        if (r.needsForm()) return new RouteDecision(null, null, true, false, null, null);
        if (!r.found()) return RouteDecision.error(null, unknownService(head));
        BoundService svc = services.get(r.service().serviceId());
        boolean stream = svc.raw != null && svc.streamBody.test(head);
        try {
            AuthResult auth = authenticator.precheck(head, svc.id(), r.virtualHostBucket());
            return new RouteDecision(svc, r.virtualHostBucket(), false, stream, auth, null);
        } catch (AwsException e) {
            return RouteDecision.error(svc, e);
        }
    }

    /**
     * Hands the request to a worker; a saturated pool answers SlowDown/ServiceUnavailable at once. An
     * operation its service declared as never waiting runs here, on the event loop, instead.
     */
    public void dispatch(Exchange ex, RouteDecision d, RequestBody body) {
        if (d.service() != null && !d.needsForm() && !body.streamed() && d.service().runsOnEventLoop(ex.head())) {
            runLogged(ex, d, body, ex.eventLoop());
            return;
        }
        try {
            workers.execute(() -> runLogged(ex, d, body, null));
        } catch (RejectedExecutionException e) {
            AwsException busy = d.service() != null && d.service().id().equals("s3")
                    ? new AwsException("SlowDown", 503, false, "Please reduce your request rate.", null)
                    : CommonErrors.serviceUnavailable();
            ex.respond(errorResponse(d.service(), ex, busy));
        }
    }

    /** The answer for an error found before dispatch (routing, auth precheck, body too large). */
    public AwsResponse errorResponse(BoundService svc, Exchange ex, AwsException e) {
        RequestContext ctx = context(ex, svc, svc == null ? Protocol.QUERY : svc.protocolOf(ex.head()),
                null, null);
        if (svc == null) return genericError(e, ex.requestId());
        try {
            return codecFor(svc, ex.head()).writeError(e, ctx);
        } catch (RuntimeException failure) {
            log.error("could not render {} for {}", e, svc.id(), failure);
            return genericError(e, ex.requestId());
        }
    }

    private void runLogged(Exchange ex, RouteDecision d, RequestBody body, Executor answerOn) {
        MDC.put("requestId", ex.requestId());
        try {
            run(ex, d, body, answerOn);
        } finally {
            MDC.clear();
        }
    }

    /** @param answerOn where a later answer is written: the event loop, or null for a worker */
    private void run(Exchange ex, RouteDecision d, RequestBody body, Executor answerOn) {
        HttpRequestHead head = ex.head();
        BoundService svc = d.service();
        try {
            if (isInternal(head)) {
                ex.respond(internalEndpoint.apply(ex));
                return;
            }
            RawHandler dev = developerEndpoint(head);
            if (dev != null) {
                ex.respond(dev.handle(context(ex, null, Protocol.QUERY, null, null), body));
                return;
            }
            Map<String, List<String>> form = Map.of();
            AuthResult auth = d.auth();
            if (d.needsForm()) {
                form = HttpRequestHead.decodeQuery(new String(body.bytes(), StandardCharsets.UTF_8), true);
                ServiceResolver.Resolution r = resolver.resolveForm(head, form);
                if (!r.found()) {
                    ex.respond(genericError(unknownService(head), ex.requestId()));
                    return;
                }
                svc = services.get(r.service().serviceId());
                auth = authenticator.precheck(head, svc.id(), null);
            }
            if (svc.raw != null) {
                runRaw(ex, svc, auth, body);
            } else {
                runModel(ex, svc, auth, body, form, answerOn);
            }
        } catch (AwsException e) {
            respondError(ex, svc, e);
        } catch (AwsBodyException e) {
            respondError(ex, svc, e.error());
        } catch (Throwable t) {
            log.error("request {} {} failed", ex.requestId(), head, t);
            respondError(ex, svc, CommonErrors.internalFailure(t));
        }
    }

    private void runRaw(Exchange ex, BoundService svc, AuthResult auth, RequestBody body) throws IOException {
        HttpRequestHead head = ex.head();
        RequestBody verified;
        if (body.streamed()) {
            verified = new VerifiedStreamBody(body, auth, head);
        } else {
            if (Authenticator.isAwsChunked(head)) {
                verified = new VerifiedStreamBody(body, auth, head);
            } else {
                auth = authenticator.authenticateAggregated(auth, head, body.bytes(), Map.of());
                verified = body;
            }
        }
        RequestContext ctx = context(ex, svc, svc.descriptor.primaryProtocol(), auth, null);
        ex.respond(svc.raw.handle(ctx, verified));
    }

    private void runModel(Exchange ex, BoundService svc, AuthResult auth, RequestBody body,
                          Map<String, List<String>> form, Executor answerOn) throws IOException {
        HttpRequestHead head = ex.head();
        byte[] bytes = body.bytes();
        Protocol protocol = svc.protocolOf(head);
        Map<String, List<String>> params = head.query();
        if (protocol == Protocol.QUERY || protocol == Protocol.EC2) {
            if (form.isEmpty() && isForm(head)) {
                form = HttpRequestHead.decodeQuery(new String(bytes, StandardCharsets.UTF_8), true);
            }
            if (!form.isEmpty()) {
                Map<String, List<String>> merged = new LinkedHashMap<>(head.query());
                merged.putAll(form);
                params = merged;
            }
        }
        auth = authenticator.authenticateAggregated(auth, head, bytes, form);
        ProtocolCodec codec = svc.codec(protocol);
        String version = first(params, "Version");
        String op = codec.operationName(head, params);
        RequestContext ctx = context(ex, svc, protocol, auth, version);
        if (op == null) throw codec.unknownOperation(head, params);
        ctx.operation(op);
        BoundService.Bound bound = svc.operation(op);
        if (bound == null) throw codec.notImplemented(op);
        ObjectNode input = codec.parseInput(op, head, params, bytes);
        CompletableFuture<?> result = bound.invoke(ctx, input).toCompletableFuture();
        BiConsumer<Object, Throwable> answer = (Object out, Throwable err) -> {
            if (err == null) {
                try {
                    ex.respond(codec.writeOutput(op, svc.toTree(out), ctx));
                } catch (RuntimeException e) {
                    log.error("request {}: could not write {} output", ctx.requestId(), op, e);
                    ex.respond(codec.writeError(CommonErrors.internalFailure(e), ctx));
                }
                return;
            }
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            AwsException e = cause instanceof AwsException a ? a : CommonErrors.internalFailure(cause);
            if (!(cause instanceof AwsException)) log.error("request {}: {} failed", ctx.requestId(), op, cause);
            ex.respond(codec.writeError(e, ctx));
        };
        if (result.isDone()) result.whenComplete(answer);
        // a full pool must not drop an answer: then it is written on the thread that completed the future
        else result.whenCompleteAsync(answer, answerOn != null ? answerOn : r -> Background.executeOrRun(workers, r));
    }

    private void respondError(Exchange ex, BoundService svc, AwsException e) {
        if (e.httpStatus() >= 500) log.warn("request {} {}: {}", ex.requestId(), ex.head(), e.toString());
        ex.respond(errorResponse(svc, ex, e));
    }

    private ProtocolCodec codecFor(BoundService svc, HttpRequestHead head) {
        return svc.codec(svc.protocolOf(head));
    }

    private RequestContext context(Exchange ex, BoundService svc, Protocol protocol, AuthResult auth, String version) {
        String account = auth != null ? auth.accountId() : config.defaultAccount();
        String region = auth != null && auth.region() != null ? auth.region() : config.region();
        return new RequestContext(ex.requestId(), account, region, svc == null ? null : svc.id(), protocol,
                null, ex.receivedAt(), ex.head(), auth == null ? null : auth.accessKeyId(), version);
    }

    private boolean isInternal(HttpRequestHead head) {
        return head.rawPath().startsWith("/_awsemu/");
    }

    private RawHandler developerEndpoint(HttpRequestHead head) {
        for (BoundService s : services.values()) {
            for (Map.Entry<String, RawHandler> e : s.developerEndpoints.entrySet()) {
                if (head.rawPath().startsWith(e.getKey())) return e.getValue();
            }
        }
        return null;
    }

    private static boolean isForm(HttpRequestHead head) {
        String ct = head.header("Content-Type");
        return ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static String first(Map<String, List<String>> m, String k) {
        List<String> v = m.get(k);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static AwsException unknownService(HttpRequestHead head) {
        return new AwsException("UnknownService", 400,
                "awsemu could not tell which service " + head.method() + " " + head.rawPath()
                        + " is for (no signing scope, X-Amz-Target, Host or Action it knows), or that service is not enabled.");
    }

    /** A Query-style error for requests no service claimed. */
    static AwsResponse genericError(AwsException e, String requestId) {
        XmlWriter w = XmlWriter.document();
        w.start("ErrorResponse").start("Error")
                .element("Type", e.senderFault() ? "Sender" : "Receiver")
                .element("Code", e.code()).element("Message", e.getMessage()).end()
                .element("RequestId", requestId).end();
        AwsResponse r = AwsResponse.of(e.httpStatus(), "text/xml", w.toBytes());
        r.header("x-amzn-RequestId", requestId);
        return r;
    }

    /** A streamed body as the service sees it: decoded from aws-chunked and verified while read. */
    private final class VerifiedStreamBody implements RequestBody {
        private final RequestBody raw;
        private final AuthResult auth;
        private final HttpRequestHead head;
        private final Map<String, String> trailers = new HashMap<>();

        VerifiedStreamBody(RequestBody raw, AuthResult auth, HttpRequestHead head) {
            this.raw = raw;
            this.auth = auth;
            this.head = head;
        }

        @Override
        public long contentLength() {
            String decoded = head.header("x-amz-decoded-content-length");
            if (decoded != null) {
                try {
                    return Long.parseLong(decoded.trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            return raw.contentLength();
        }

        @Override
        public InputStream stream() throws IOException {
            return authenticator.verifyingStream(auth, head, raw.stream(), trailers);
        }

        @Override
        public byte[] bytes() throws IOException {
            try (InputStream in = stream()) {
                return in.readAllBytes();
            }
        }

        @Override
        public Map<String, String> trailers() { return trailers; }

        @Override
        public boolean streamed() { return true; }
    }

    /** For the health endpoint. */
    Optional<BoundService> service(String id) {
        return Optional.ofNullable(services.get(id));
    }
}
