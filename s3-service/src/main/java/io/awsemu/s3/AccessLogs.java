package io.awsemu.s3;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.service.RequestContext;
import io.awsemu.s3.S3Xml.Element;
import io.awsemu.s3.engine.Bucket;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.CanonicalUser;
import io.awsemu.s3.engine.ObjectEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server access logging (PutBucketLogging): every request to a bucket with logging enabled becomes one line of
 * S3's access log format, and the lines are delivered as log objects into the target bucket under the target
 * prefix, in S3's key format ({@code SimplePrefix}: {@code prefix + YYYY-mm-DD-HH-MM-SS-UniqueString};
 * {@code PartitionedPrefix}: {@code prefix + account/region/bucket/YYYY/MM/DD/} before that, dated by the event or
 * the delivery). AWS delivers within hours and on a best-effort basis; here {@link #deliver} runs every minute and on
 * {@code POST /_aws/s3/access-logs}, and lines not yet delivered when the process stops are lost, as AWS allows.
 * Deliveries are written by the log delivery service, not by a request: they are not logged themselves.
 */
final class AccessLogs implements S3Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogs.class);
    private static final DateTimeFormatter LINE_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter KEY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PARTITION = DateTimeFormatter.ofPattern("yyyy/MM/dd/", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where one source bucket's lines go. */
    record Target(String sourceBucket, String sourceOwner, String sourceRegion, String bucket, String prefix,
                  boolean partitioned, boolean byEventTime) {}

    private final BucketEngine buckets;
    private final BucketConfigs configs;
    private final ObjectEngine objects;
    private final Clock clock;
    private final String domain;
    /** Each bucket's logging target, read once; dropped when its logging is put or the bucket created or deleted. */
    private final Map<String, Optional<Target>> targets = new ConcurrentHashMap<>();
    /**
     * False until some bucket has a logging configuration (at the start, or a PutBucketLogging since): until then a
     * request costs nothing here. Never goes back to false.
     */
    private volatile boolean anyLogging;
    /** Lines not yet delivered, by source bucket. */
    private final Map<Target, Pending> pending = new HashMap<>();

    private static final class Pending {
        final StringBuilder lines = new StringBuilder();
        Instant first;
    }

    /** @param anyLogging whether some bucket has a logging configuration now */
    AccessLogs(BucketEngine buckets, BucketConfigs configs, ObjectEngine objects, Clock clock, String domain,
               boolean anyLogging) {
        this.anyLogging = anyLogging;
        this.buckets = buckets;
        this.configs = configs;
        this.objects = objects;
        this.clock = clock;
        this.domain = domain;
    }

    @Override
    public void after(RequestContext ctx, AwsResponse response) {
        // a website error page is an answer that names its error in x-amz-error-code
        record(ctx, response.status(), response.headers().get("x-amz-error-code"), response);
    }

    @Override
    public void error(RequestContext ctx, AwsException error) {
        record(ctx, error.httpStatus(), error.code(), null);
    }

    private void record(RequestContext ctx, int status, String errorCode, AwsResponse response) {
        String op = ctx.operation();
        if (!anyLogging) {
            if (!"PutBucketLogging".equals(op)) return;
            anyLogging = true;
        }
        HttpRequestHead head = ctx.request();
        if (head == null) return;
        S3Target t;
        boolean website = "WebsiteGet".equals(op);
        try {
            t = website ? websiteTarget(head) : S3Target.parse(head, domain);
        } catch (RuntimeException e) {
            return; // not an S3 address: nothing to log against
        }
        if (t == null || t.bucket() == null) return;
        if ("PutBucketLogging".equals(op) || "CreateBucket".equals(op) || "DeleteBucket".equals(op)) {
            targets.remove(t.bucket()); // read again at the next request, which the new state logs (or not)
            return;
        }
        Optional<Target> target = target(t.bucket());
        if (target.isEmpty()) return;
        String line = line(ctx, head, t, website, target.get(), status, errorCode, response);
        synchronized (pending) {
            Pending p = pending.computeIfAbsent(target.get(), k -> new Pending());
            if (p.first == null) p.first = ctx.receivedAt();
            p.lines.append(line).append('\n');
        }
    }

    private Optional<Target> target(String bucket) {
        return targets.computeIfAbsent(bucket, b -> {
            Optional<Bucket> source = buckets.find(b);
            if (source.isEmpty()) return Optional.empty();
            Optional<String> doc = configs.read(b, BucketConfigOperations.LOGGING);
            if (doc.isEmpty()) return Optional.empty();
            Element enabled = BucketConfigXml.read(doc.get()).child("LoggingEnabled");
            if (enabled == null || enabled.childText("TargetBucket") == null) return Optional.empty();
            Element format = enabled.child("TargetObjectKeyFormat");
            Element partitioned = format == null ? null : format.child("PartitionedPrefix");
            String prefix = enabled.childText("TargetPrefix");
            return Optional.of(new Target(b, source.get().accountId(), source.get().region(),
                    enabled.childText("TargetBucket"), prefix == null ? "" : prefix, partitioned != null,
                    partitioned != null && "EventTime".equals(partitioned.childText("PartitionDateSource"))));
        });
    }

    /** One line of S3's server access log format; "-" for a field that has no value. */
    /** A website endpoint's request: the bucket its host names, the page its path names. */
    private S3Target websiteTarget(HttpRequestHead head) {
        String bucket = WebsiteHosts.bucket(head.hostName(), domain);
        String path = java.net.URLDecoder.decode(head.rawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        return bucket == null ? null
                : new S3Target(bucket, path.length() > 1 ? path.substring(1) : null, S3Target.Style.VIRTUAL_HOST, null);
    }

    private String line(RequestContext ctx, HttpRequestHead head, S3Target t, boolean website, Target target, int status,
                        String errorCode, AwsResponse response) {
        Instant now = clock.instant();
        List<String> f = new ArrayList<>(26);
        f.add(CanonicalUser.of(target.sourceOwner()).id());
        f.add(t.bucket());
        f.add("[" + LINE_TIME.format(ctx.receivedAt()) + "]");
        f.add(head.remoteAddress() == null || head.remoteAddress().getAddress() == null ? "-"
                : head.remoteAddress().getAddress().getHostAddress());
        f.add(ctx.anonymous() ? "-" : "arn:aws:iam::" + ctx.accountId() + ":root");
        f.add(ctx.requestId());
        f.add(website ? "WEBSITE." + head.method() + ".OBJECT" : operation(head, t));
        f.add(t.key() == null ? "-" : URLEncoder.encode(t.key(), StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/"));
        f.add("\"" + head.method() + " " + head.uri() + " HTTP/1.1\"");
        f.add(Integer.toString(status));
        f.add(errorCode == null ? "-" : errorCode);
        f.add(bytesSent(response));
        f.add(objectSize(head, t, response));
        f.add(Long.toString(Math.max(0, now.toEpochMilli() - ctx.receivedAt().toEpochMilli())));
        f.add("-"); // turn-around time: the answer is timed as a whole here
        f.add(quoted(head.header("Referer")));
        f.add(quoted(head.header("User-Agent")));
        f.add(orDash(response == null ? null : response.headers().get("x-amz-version-id")));
        f.add(S3Responses.hostId(ctx.requestId()));
        String[] auth = auth(head);
        f.add(auth[0]);
        f.add("-"); // cipher suite: plain HTTP
        f.add(auth[1]);
        f.add(orDash(head.header("Host")));
        f.add("-"); // TLS version
        f.add("-"); // access point ARN
        f.add("-"); // ACL required
        return String.join(" ", f);
    }

    /** S3's operation field: REST.&lt;method&gt;.&lt;resource&gt; (REST.GET.OBJECT, REST.PUT.ACL, REST.POST.UPLOADS...). */
    static String operation(HttpRequestHead head, S3Target t) {
        String m = head.method();
        String q = head.rawQuery();
        String resource;
        if (head.header("x-amz-copy-source") != null && t.key() != null) {
            return head.hasQueryParam("uploadId") ? "REST.COPY.PART" : "REST.COPY.OBJECT";
        } else if (head.hasQueryParam("uploadId")) {
            resource = head.hasQueryParam("partNumber") && m.equals("PUT") ? "PART" : "UPLOAD";
        } else if (head.hasQueryParam("uploads")) {
            resource = "UPLOADS";
        } else if (head.hasQueryParam("delete")) {
            resource = "MULTI_OBJECT_DELETE";
        } else if (head.hasQueryParam("versions")) {
            resource = "BUCKETVERSIONS";
        } else if (head.hasQueryParam("policy")) {
            resource = "BUCKETPOLICY";
        } else {
            String sub = firstSubresource(q);
            resource = sub != null ? sub.toUpperCase(Locale.ROOT).replace('-', '_') : t.key() == null ? "BUCKET" : "OBJECT";
        }
        return "REST." + m + "." + resource;
    }

    private static final List<String> SUBRESOURCES = List.of("acl", "tagging", "versioning", "cors", "lifecycle",
            "logging", "website", "location", "notification", "replication", "encryption", "requestPayment",
            "accelerate", "analytics", "intelligent-tiering", "inventory", "metrics", "object-lock", "ownershipControls",
            "publicAccessBlock", "policyStatus", "retention", "legal-hold", "restore", "attributes", "select", "torrent");

    private static String firstSubresource(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return null;
        for (String p : rawQuery.split("&")) {
            String name = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
            if (SUBRESOURCES.contains(name)) return name;
        }
        return null;
    }

    private static String bytesSent(AwsResponse response) {
        if (response == null) return "-";
        ResponseBody b = response.body();
        if (b instanceof ResponseBody.Bytes bytes) return bytes.bytes().length == 0 ? "-" : Integer.toString(bytes.bytes().length);
        // a stream of unknown length (SelectObjectContent's events) is logged as "-": its size is known only once sent
        if (b instanceof ResponseBody.Stream s && s.lengthKnown()) return Long.toString(s.length());
        return "-";
    }

    /** The object's size: a GET or HEAD answer's full length, a PUT's decoded body. */
    private static String objectSize(HttpRequestHead head, S3Target t, AwsResponse response) {
        if (t.key() == null) return "-";
        if ((head.method().equals("GET") || head.method().equals("HEAD")) && response != null) {
            String range = response.headers().get("Content-Range");
            if (range != null && range.contains("/")) return range.substring(range.indexOf('/') + 1);
            return orDash(response.headers().get("Content-Length"));
        }
        if (head.method().equals("PUT")) {
            String decoded = head.header("x-amz-decoded-content-length");
            return orDash(decoded != null ? decoded : head.header("Content-Length"));
        }
        return "-";
    }

    /** Signature version and authentication type. */
    private static String[] auth(HttpRequestHead head) {
        String a = head.header("Authorization");
        if (a != null) return new String[] {a.startsWith("AWS4-") ? "SigV4" : "SigV2", "AuthHeader"};
        if (head.hasQueryParam("X-Amz-Signature")) return new String[] {"SigV4", "QueryString"};
        if (head.hasQueryParam("Signature")) return new String[] {"SigV2", "QueryString"};
        return new String[] {"-", "-"};
    }

    private static String quoted(String v) {
        return v == null ? "\"-\"" : "\"" + v.replace("\"", "\\\"") + "\"";
    }

    private static String orDash(String v) {
        return v == null || v.isEmpty() ? "-" : v;
    }

    /**
     * Writes every source bucket's pending lines as one log object into its target bucket. A target bucket that
     * is gone (or refuses the write) loses those lines, with an INFO line in the log. @return log objects written
     */
    int deliver() {
        Map<Target, Pending> out;
        synchronized (pending) {
            if (pending.isEmpty()) return 0;
            out = new HashMap<>(pending);
            pending.clear();
        }
        int written = 0;
        for (Map.Entry<Target, Pending> e : out.entrySet()) {
            Target t = e.getKey();
            byte[] bytes = e.getValue().lines.toString().getBytes(StandardCharsets.UTF_8);
            Instant delivered = clock.instant();
            String key = key(t, t.byEventTime() ? e.getValue().first : delivered, delivered);
            try {
                Optional<Bucket> target = buckets.find(t.bucket());
                if (target.isEmpty()) {
                    LOG.info("S3 access logs of {}: the target bucket {} is gone, {} bytes dropped", t.sourceBucket(),
                            t.bucket(), bytes.length);
                    continue;
                }
                objects.put(new ObjectEngine.PutRequest(target.get().accountId(), t.bucket(), key, bytes.length, null,
                        null, null, false, null, Map.of("Content-Type", "text/plain")), new ByteArrayInputStream(bytes), Map::of);
                written++;
            } catch (IOException | RuntimeException failure) {
                LOG.info("S3 access logs of {} not delivered to {}: {}", t.sourceBucket(), t.bucket(), failure.toString());
            }
        }
        return written;
    }

    /** The log object's key in S3's format. */
    static String key(Target t, Instant partitionTime, Instant delivered) {
        byte[] unique = new byte[8];
        RANDOM.nextBytes(unique);
        String name = KEY_TIME.format(delivered) + "-" + HexFormat.of().withUpperCase().formatHex(unique);
        if (!t.partitioned()) return t.prefix() + name;
        return t.prefix() + t.sourceOwner() + "/" + t.sourceRegion() + "/" + t.sourceBucket() + "/"
                + PARTITION.format(partitionTime) + name;
    }
}
