package io.awsemu.s3;

import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.engine.Bucket;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.ByteRange;
import io.awsemu.s3.engine.ObjectEngine;
import io.awsemu.s3.engine.Preconditions;
import io.awsemu.s3.engine.StoredObject;
import io.awsemu.s3.engine.WebsiteConfiguration;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The static website endpoint ({@link WebsiteHosts}): anonymous GET/HEAD served from the bucket's
 * website configuration, with index documents (also in sub-folders), the error document, redirects
 * (all requests, routing rules, x-amz-website-redirect-location) and S3's HTML error pages.
 */
final class WebsiteEndpoint implements S3Interceptor {
    private final BucketEngine buckets;
    private final ObjectEngine objects;
    private final BucketConfigs configs;
    private final String domain;
    private volatile WebsiteReadAccess access = WebsiteReadAccess.ALLOW_ALL;

    WebsiteEndpoint(BucketEngine buckets, ObjectEngine objects, BucketConfigs configs, String domain) {
        this.buckets = buckets;
        this.objects = objects;
        this.configs = configs;
        this.domain = domain;
    }

    void access(WebsiteReadAccess access) {
        this.access = access;
    }

    @Override
    public AwsResponse before(RequestContext ctx) {
        // as GetObject: a write replacing a multipart page between its lookup and its parts' makes it look again
        return ObjectEngine.lookingAgainIfReplaced(() -> serveWebsite(ctx));
    }

    private AwsResponse serveWebsite(RequestContext ctx) {
        HttpRequestHead head = ctx.request();
        String name = WebsiteHosts.bucket(head.hostName(), domain);
        if (name == null) return null;
        ctx.operation("WebsiteGet");
        boolean headOnly = head.method().equals("HEAD");
        if (!headOnly && !head.method().equals("GET")) {
            if (head.method().equals("OPTIONS")) return null;   // preflight: the CORS interceptor
            return page(ctx, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
                    null, false);
        }
        Optional<Bucket> bucket = buckets.find(name);
        if (bucket.isEmpty()) {
            return page(ctx, 404, "NoSuchBucket", "The specified bucket does not exist", "BucketName: " + name, headOnly);
        }
        Optional<String> doc = configs.read(name, BucketConfigOperations.WEBSITE);
        if (doc.isEmpty()) {
            return page(ctx, 404, "NoSuchWebsiteConfiguration",
                    "The specified bucket does not have a website configuration", "BucketName: " + name, headOnly);
        }
        WebsiteConfiguration site = BucketConfigXml.website(BucketConfigXml.read(doc.get()));
        String path = head.rawPath().startsWith("/") ? head.rawPath().substring(1) : head.rawPath();
        String key = S3Target.decode(path);
        String host = head.header("Host");
        if (site.redirectAll() != null) {
            String protocol = site.redirectAll().protocol() != null ? site.redirectAll().protocol() : "http";
            return redirect(ctx, 301, protocol + "://" + site.redirectAll().hostName() + "/" + key);
        }
        for (WebsiteConfiguration.RoutingRule rule : site.routingRules()) {
            if (rule.matchesRequest(key)) return redirect(ctx, rule.status(), rule.location(key, host, "http"));
        }
        String objectKey = key.isEmpty() || key.endsWith("/") ? key + site.indexSuffix() : key;
        Bucket b = bucket.get();
        int status;
        String code;
        String message;
        if (!access.mayRead(ctx, b, objectKey)) {
            status = 403;
            code = "AccessDenied";
            message = "Access Denied";
        } else {
            Optional<StoredObject> o = find(b, objectKey);
            if (o.isPresent()) return serve(ctx, o.get(), 200, headOnly);
            // a "folder" asked without its trailing slash: S3 redirects to the folder when it has an index
            if (!key.isEmpty() && !key.endsWith("/") && find(b, key + "/" + site.indexSuffix()).isPresent()) {
                return redirect(ctx, 302, "/" + path + "/");
            }
            status = 404;
            code = "NoSuchKey";
            message = "The specified key does not exist.";
        }
        for (WebsiteConfiguration.RoutingRule rule : site.routingRules()) {
            if (rule.matchesError(key, status)) return redirect(ctx, rule.status(), rule.location(key, host, "http"));
        }
        if (site.errorKey() != null && access.mayRead(ctx, b, site.errorKey())) {
            Optional<StoredObject> error = find(b, site.errorKey());
            if (error.isPresent()) return serve(ctx, error.get(), status, headOnly);
        }
        return page(ctx, status, code, message, "Key: " + objectKey, headOnly);
    }

    private Optional<StoredObject> find(Bucket b, String key) {
        try {
            return Optional.of(objects.get(b.accountId(), b.name(), key));
        } catch (AwsException e) {
            if (e.httpStatus() == 404 || e.httpStatus() == 400) return Optional.empty();
            throw e;
        }
    }

    /**
     * An object as the page: a 200 answers conditional requests (304, 412) and a single {@code Range} (206,
     * 416) as GetObject does; an error document is always sent whole with the error's status.
     */
    private AwsResponse serve(RequestContext ctx, StoredObject o, int status, boolean headOnly) {
        String redirect = o.headers().get("x-amz-website-redirect-location");
        if (redirect != null && status == 200) return redirect(ctx, 301, redirect);
        ByteRange range = null;
        if (status == 200) {
            HttpRequestHead head = ctx.request();
            try {
                Preconditions.Outcome pre = Preconditions.evaluate(head.header("If-Match"), head.header("If-None-Match"),
                        head.header("If-Modified-Since"), head.header("If-Unmodified-Since"), o.etag(), o.lastModified());
                if (pre == Preconditions.Outcome.NOT_MODIFIED) {
                    return S3Responses.empty(ctx, 304).header("ETag", o.quotedEtag())
                            .header("Last-Modified", Timestamps.rfc1123(o.lastModified()));
                }
                range = ByteRange.resolve(head.header("Range"), o.size());
            } catch (AwsException e) {
                return page(ctx, e.httpStatus(), e.code(), e.getMessage(), null, headOnly);
            }
        }
        long length = range == null ? o.size() : range.length();
        long offset = range == null ? 0 : range.first();
        AwsResponse r = S3Responses.empty(ctx, range == null ? status : 206);
        r.headers().remove("Content-Length");
        r.header("Last-Modified", Timestamps.rfc1123(o.lastModified())).header("ETag", o.quotedEtag());
        if (status == 200) r.header("Accept-Ranges", "bytes");
        o.headers().forEach((k, v) -> {
            if (!k.equals("x-amz-website-redirect-location") && !StoredObject.ENCRYPTION_HEADERS.contains(k)) r.header(k, v);
        });
        if (range != null) r.header("Content-Range", range.contentRange(o.size()));
        r.header("Content-Length", Long.toString(length));
        if (headOnly || length == 0) return r;
        return new AwsResponse(r.status(), r.headers(), new ResponseBody.Stream(length, objects.source(o, offset, length)::open));
    }

    private static AwsResponse redirect(RequestContext ctx, int status, String location) {
        return S3Responses.empty(ctx, status).header("Location", location);
    }

    /** S3's HTML error page of the website endpoint, with its x-amz-error-* headers. */
    private static AwsResponse page(RequestContext ctx, int status, String code, String message, String detail,
                                    boolean headOnly) {
        String reason = switch (status) {
            case 403 -> "403 Forbidden";
            case 404 -> "404 Not Found";
            case 405 -> "405 Method Not Allowed";
            case 412 -> "412 Precondition Failed";
            case 416 -> "416 Requested Range Not Satisfiable";
            default -> status + " Error";
        };
        StringBuilder html = new StringBuilder("<html>\n<head><title>").append(reason).append("</title></head>\n<body>\n<h1>")
                .append(reason).append("</h1>\n<ul>\n<li>Code: ").append(code).append("</li>\n<li>Message: ")
                .append(escape(message)).append("</li>\n");
        if (detail != null) html.append("<li>").append(escape(detail)).append("</li>\n");
        html.append("<li>RequestId: ").append(ctx.requestId()).append("</li>\n<li>HostId: ")
                .append(S3Responses.hostId(ctx.requestId())).append("</li>\n</ul>\n<hr/>\n</body>\n</html>\n");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        Headers h = S3Responses.empty(ctx, status).headers();
        h.set("Content-Type", "text/html; charset=utf-8");
        h.set("x-amz-error-code", code);
        h.set("x-amz-error-message", message);
        if (detail != null && detail.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            int colon = detail.indexOf(':');
            h.set("x-amz-error-detail-" + detail.substring(0, colon), detail.substring(colon + 2));
        }
        h.set("Content-Length", Integer.toString(bytes.length));
        return new AwsResponse(status, h, headOnly ? ResponseBody.EMPTY : new ResponseBody.Bytes(bytes));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
