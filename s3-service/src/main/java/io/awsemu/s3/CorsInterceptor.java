package io.awsemu.s3;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.CorsConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * CORS as S3 enforces it: answers preflight {@code OPTIONS} requests from the bucket's rules (403 when
 * none matches) and adds Access-Control-* headers to actual responses whose Origin a rule allows.
 * The bucket's configuration applies to whoever asks, on the REST and the website endpoints.
 */
final class CorsInterceptor implements S3Interceptor {
    private static final String VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

    private final BucketConfigs configs;
    private final String domain;

    CorsInterceptor(BucketConfigs configs, String domain) {
        this.configs = configs;
        this.domain = domain;
    }

    @Override
    public AwsResponse before(RequestContext ctx) {
        HttpRequestHead head = ctx.request();
        if (!head.method().equals("OPTIONS")) return null;
        String bucket = bucket(head);
        if (bucket == null) return null;   // OPTIONS / : routing answers MethodNotAllowed
        ctx.operation("OPTIONS");
        String resource = head.rawPath().length() > 1 && WebsiteHosts.bucket(head.hostName(), domain) == null
                && S3Target.parse(head, domain).key() == null ? "BUCKET" : "OBJECT";
        String origin = head.header("Origin");
        if (origin == null) throw S3ConfigErrors.badRequest("Insufficient information. Origin request header needed.");
        String method = head.header("Access-Control-Request-Method");
        if (method == null || !CorsConfiguration.METHODS.contains(method)) {
            throw S3ConfigErrors.badRequest("Invalid Access-Control-Request-Method: " + method);
        }
        List<String> requested = requestedHeaders(head.header("Access-Control-Request-Headers"));
        CorsConfiguration cors = configuration(bucket).orElseThrow(() -> S3ConfigErrors.corsNotEnabled(method, resource));
        CorsConfiguration.Rule rule = cors.match(origin, method, requested);
        if (rule == null) throw S3ConfigErrors.corsForbidden(method, resource);
        AwsResponse r = S3Responses.empty(ctx, 200);
        allow(r, rule, origin);
        if (!requested.isEmpty()) r.header("Access-Control-Allow-Headers", String.join(", ", requested));
        return r;
    }

    @Override
    public void after(RequestContext ctx, AwsResponse response) {
        HttpRequestHead head = ctx.request();
        String origin = head.header("Origin");
        if (origin == null || head.method().equals("OPTIONS")) return;
        String bucket = bucket(head);
        if (bucket == null) return;
        Optional<CorsConfiguration> cors = configuration(bucket);
        if (cors.isEmpty()) return;
        response.header("Vary", VARY);
        CorsConfiguration.Rule rule = cors.get().match(origin, head.method(), List.of());
        if (rule != null) allow(response, rule, origin);
    }

    @Override
    public void error(RequestContext ctx, AwsException error) {
        HttpRequestHead head = ctx.request();
        String origin = head.header("Origin");
        if (origin == null || head.method().equals("OPTIONS")) return;
        String bucket = bucket(head);
        if (bucket == null) return;
        configuration(bucket).ifPresent(cors -> {
            error.header("Vary", VARY);
            CorsConfiguration.Rule rule = cors.match(origin, head.method(), List.of());
            if (rule == null) return;
            error.header("Access-Control-Allow-Origin", rule.allowOriginFor(origin))
                    .header("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()));
            if (!rule.allowedOrigins().contains("*")) error.header("Access-Control-Allow-Credentials", "true");
        });
    }

    private static void allow(AwsResponse r, CorsConfiguration.Rule rule, String origin) {
        r.header("Access-Control-Allow-Origin", rule.allowOriginFor(origin))
                .header("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()))
                .header("Vary", VARY);
        if (!rule.allowedOrigins().contains("*")) r.header("Access-Control-Allow-Credentials", "true");
        if (!rule.exposeHeaders().isEmpty()) r.header("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
        if (rule.maxAgeSeconds() != null) r.header("Access-Control-Max-Age", rule.maxAgeSeconds().toString());
    }

    private String bucket(HttpRequestHead head) {
        String website = WebsiteHosts.bucket(head.hostName(), domain);
        if (website != null) return website;
        try {
            return S3Target.parse(head, domain).bucket();
        } catch (AwsException e) {
            return null;
        }
    }

    private Optional<CorsConfiguration> configuration(String bucket) {
        return configs.read(bucket, BucketConfigOperations.CORS)
                .map(doc -> BucketConfigXml.cors(BucketConfigXml.read(doc)));
    }

    private static List<String> requestedHeaders(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) return out;
        for (String h : header.split(",")) {
            String t = h.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) out.add(t);
        }
        return out;
    }
}
