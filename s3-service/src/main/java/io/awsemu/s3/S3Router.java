package io.awsemu.s3;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.S3Routes.Route;
import io.awsemu.s3.S3Target.Shape;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * S3's front door: parses the target, picks the one route of {@link S3Routes} the request matches
 * and calls the handler bound to its operation. A known operation without a handler answers
 * NotImplemented; a method no route knows for the path answers MethodNotAllowed. Nothing falls through.
 */
public final class S3Router {
    private final String domain;
    private final Map<String, S3Handler> handlers = new HashMap<>();
    private final List<S3Interceptor> interceptors = new ArrayList<>();
    private S3Authorizer authorizer;

    public S3Router(String domain) {
        this.domain = domain;
    }

    /** Binds {@code operation} (an exact name from {@link S3Routes}) to {@code handler}. */
    public S3Router bind(String operation, S3Handler handler) {
        if (!S3Routes.operations().contains(operation)) {
            throw new IllegalArgumentException("not an S3 operation: " + operation);
        }
        handlers.put(operation, handler);
        return this;
    }

    /** Adds a cross-cutting step; they run in the order added. */
    public S3Router intercept(S3Interceptor interceptor) {
        interceptors.add(interceptor);
        return this;
    }

    /** Every routed request passes {@code authorizer} before its handler. */
    public S3Router authorizeWith(S3Authorizer authorizer) {
        this.authorizer = authorizer;
        return this;
    }

    public boolean isBound(String operation) {
        return handlers.containsKey(operation);
    }

    public AwsResponse handle(RequestContext ctx, RequestBody body) throws IOException {
        HttpRequestHead head = ctx.request();
        try {
            AwsResponse answer = null;
            for (S3Interceptor i : interceptors) {
                answer = i.before(ctx);
                if (answer != null) break;
            }
            if (answer == null) {
                S3Target target = S3Target.parse(head, domain);
                String operation = route(head, target.shape());
                ctx.operation(operation);
                S3Handler h = handlers.get(operation);
                if (h == null) throw S3Errors.notImplemented(operation);
                answer = authorizer == null ? h.handle(ctx, target, body) : authorizer.handle(ctx, operation, target, body, h);
            }
            for (S3Interceptor i : interceptors) i.after(ctx, answer);
            return answer;
        } catch (AwsException e) {
            for (S3Interceptor i : interceptors) i.error(ctx, e);
            // HEAD answers carry no body, errors included: status and headers only, as S3 does.
            if (!head.method().equals("HEAD")) throw e;
            AwsResponse r = S3Responses.empty(ctx, e.httpStatus());
            e.headers().forEach(r::header);
            return r;
        }
    }

    /** The operation name the request addresses, or the error that says why there is none. */
    public static String route(HttpRequestHead head, Shape shape) {
        String method = head.method();
        Route best = null;
        for (Route r : S3Routes.ALL) {
            if (!r.method().equals(method) || r.shape() != shape) continue;
            if (!matches(r, head)) continue;
            if (best == null || r.specificity() > best.specificity()) best = r;
        }
        if (best != null) return best.operation();
        String sub = subresources(head);
        if (!sub.isEmpty()) throw S3Errors.notImplemented(method + " ?" + sub);
        // every method S3 serves has a plain route on every shape it applies to, so this one has none
        throw S3Errors.methodNotAllowed(method, shape.name());
    }

    private static boolean matches(Route r, HttpRequestHead head) {
        for (String q : r.query()) if (!head.hasQueryParam(q)) return false;
        for (String h : r.headers()) if (!head.headers().contains(h)) return false;
        for (String key : head.query().keySet()) {
            if (S3Routes.SUBRESOURCES.contains(key) && !r.query().contains(key)) return false;
        }
        return true;
    }

    private static String subresources(HttpRequestHead head) {
        StringBuilder sb = new StringBuilder();
        for (String key : head.query().keySet()) {
            if (S3Routes.SUBRESOURCES.contains(key)) sb.append(sb.length() == 0 ? "" : "&").append(key);
        }
        return sb.toString();
    }
}
