package io.awsemu.s3;

import io.awsemu.core.protocol.Timestamps;
import io.awsemu.s3.engine.ObjectKeys;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.service.internal.QueueDelivery;
import io.awsemu.s3.S3Xml.Element;
import io.awsemu.s3.engine.Bucket;
import io.awsemu.s3.engine.BucketConfigs;
import io.awsemu.s3.engine.BucketEngine;
import io.awsemu.s3.engine.CanonicalUser;
import io.awsemu.s3.engine.LifecycleEvents;
import io.awsemu.s3.engine.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * S3 event notifications delivered to SQS queues (QueueConfiguration): after a request that created, removed,
 * tagged or restored objects or put their ACL succeeded, and when a lifecycle sweep expired them, every
 * configuration whose events and key filter match gets one message in AWS's event format (eventVersion 2.1).
 * Putting a configuration sends AWS's {@code s3:TestEvent} to each queue, and a queue that does not exist
 * (or is FIFO) is refused as AWS refuses it.
 *
 * <p>Topic and Lambda destinations are stored but never delivered (this emulator has neither SNS nor
 * Lambda); the log says so when such a configuration is put. The answer to the request waits until its events are
 * as durable as an acknowledged SendMessage (at most {@link #DELIVERY_WAIT_SECONDS}): a crash after the answer never
 * loses them. A crash between the write's commit and the delivery does not lose them either: the write (a tagging, ACL,
 * restore or lifecycle expiration too) journaled its event in its own transaction, and {@link EventOutbox} delivers
 * what no answer did.
 */
final class EventNotifications implements S3Interceptor, LifecycleEvents {
    private static final Logger LOG = LoggerFactory.getLogger(EventNotifications.class);
    private static final JsonFactory JSON = new JsonFactory();
    /** The SenderId of the messages (S3 itself sends them). */
    static final String SENDER = "AIDAS3EVENTNOTIFICATIONS";
    /** The principal and source address of the events S3 causes itself (lifecycle expirations). */
    static final String S3_PRINCIPAL = "s3.amazonaws.com";

    /** One destination: its configuration id, kind (Queue, Topic, CloudFunction), ARN, events and key filter. */
    record Destination(String id, String kind, String arn, List<String> events, String prefix, String suffix) {
        boolean matches(String eventName, String key) {
            if (prefix != null && !key.startsWith(prefix)) return false;
            if (suffix != null && !key.endsWith(suffix)) return false;
            for (String e : events) {
                String want = e.substring("s3:".length());
                if (want.equals(eventName)) return true;
                if (want.endsWith(":*") && eventName.startsWith(want.substring(0, want.length() - 1))) return true;
            }
            return false;
        }
    }

    private final BucketEngine buckets;
    private final BucketConfigs configs;
    private final Supplier<Optional<QueueDelivery>> queues;
    private final Clock clock;
    private final String domain;
    /** Each bucket's destinations, read once; dropped when its configuration is put or the bucket deleted. */
    private final Map<String, List<Destination>> cache = new ConcurrentHashMap<>();
    private final AtomicLong sequencer = new AtomicLong();
    /** How long an answer waits for its events to reach their queues; a queue slower than that delays no further. */
    static final long DELIVERY_WAIT_SECONDS = 10;

    EventNotifications(BucketEngine buckets, BucketConfigs configs, Supplier<Optional<QueueDelivery>> queues, Clock clock,
                       String domain) {
        this.buckets = buckets;
        this.domain = domain;
        this.configs = configs;
        this.queues = queues;
        this.clock = clock;
        this.sequencer.set(clock.millis() << 16);
    }

    /** The destinations of a NotificationConfiguration document. */
    static List<Destination> destinations(Element root) {
        List<Destination> out = new ArrayList<>();
        for (Element c : root.children()) {
            String kind = switch (c.name()) {
                case "QueueConfiguration" -> "Queue";
                case "TopicConfiguration" -> "Topic";
                case "CloudFunctionConfiguration", "LambdaFunctionConfiguration" -> "CloudFunction";
                default -> null;
            };
            if (kind == null) continue;
            List<String> events = new ArrayList<>();
            for (Element e : BucketConfigXml.all(c, "Event")) events.add(e.text());
            String prefix = null;
            String suffix = null;
            Element key = c.child("Filter") == null ? null : c.child("Filter").child("S3Key");
            for (Element rule : BucketConfigXml.all(key, "FilterRule")) {
                String value = rule.childText("Value") == null ? "" : rule.childText("Value");
                if ("prefix".equalsIgnoreCase(rule.childText("Name"))) prefix = value;
                else suffix = value;
            }
            out.add(new Destination(c.childText("Id"), kind, c.childText(kind), events, prefix, suffix));
        }
        return out;
    }

    /** x-amz-skip-destination-validation: true stores the configuration unchecked and sends no test event. */
    static boolean skipValidation(RequestContext ctx) {
        return "true".equalsIgnoreCase(ctx.request().header("x-amz-skip-destination-validation"));
    }

    /**
     * Before a configuration is stored: every queue must exist (and not be FIFO), and its policy must let S3 send
     * from this bucket, as S3 checks by sending its test event. InvalidArgument "Unable to validate the following
     * destination configurations" otherwise.
     */
    void validate(Bucket bucket, Element root) {
        List<String[]> refused = new ArrayList<>();
        QueueDelivery.Sender sender = sender(bucket.name(), bucket.accountId());
        for (Destination d : destinations(root)) {
            if (!d.kind().equals("Queue")) continue;
            Optional<QueueDelivery> q = queues.get();
            String why = q.isEmpty() ? "SQS is not running in this emulator (awsemu.services)" : q.get().refusal(d.arn(), sender);
            if (why != null) refused.add(new String[] {d.arn(), why});
        }
        if (refused.isEmpty()) return;
        AwsException e = new AwsException("InvalidArgument", 400, "Unable to validate the following destination configurations");
        for (int i = 0; i < refused.size(); i++) {
            e.with("ArgumentName" + (i + 1), refused.get(i)[0]).with("ArgumentValue" + (i + 1), refused.get(i)[1]);
        }
        throw e;
    }

    @Override
    public void after(RequestContext ctx, AwsResponse response) {
        if (response.status() >= 300) return;
        String operation = ctx.operation();
        if ("PutBucketNotificationConfiguration".equals(operation) || "DeleteBucket".equals(operation)) {
            String bucket = S3Target.parse(ctx.request(), domain).bucket();
            if (bucket == null) return;
            cache.remove(bucket);
            if (operation.startsWith("Put") && !skipValidation(ctx)) awaitDelivered(configured(ctx, bucket));
            return;
        }
        ObjectEvents recorded = ctx.attached(ObjectEvents.class);
        if (recorded == null) return;
        Origin origin = new Origin(ObjectEvents.principalId(ctx), ObjectEvents.sourceIp(ctx), ctx.requestId(), ctx.region(),
                ctx.accountId(), null);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (ObjectEvents.Event e : recorded.events()) sends.addAll(publish(e, origin));
        awaitDelivered(sends);
    }

    /**
     * A lifecycle sweep removed {@code key} (LifecycleExpiration:Delete) or gave it a delete marker
     * (LifecycleExpiration:DeleteMarkerCreated); S3 itself is the principal and the source address.
     */
    @Override
    public void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated) {
        expired(bucket, key, versionId, deleteMarkerCreated, UUID.randomUUID().toString());
    }

    /** As {@link #expired(Bucket, String, String, boolean)}, the event showing {@code requestId} (its journal's). */
    void expired(Bucket bucket, String key, String versionId, boolean deleteMarkerCreated, String requestId) {
        awaitDelivered(publish(ObjectEvents.removal("LifecycleExpiration", bucket.name(), key, versionId, deleteMarkerCreated),
                lifecycle(bucket, requestId)));
    }

    /** A lifecycle sweep moved version {@code v} to another storage class (LifecycleTransition). */
    @Override
    public void transitioned(Bucket bucket, StoredObject v) {
        transitioned(bucket, v, UUID.randomUUID().toString());
    }

    /** As {@link #transitioned(Bucket, StoredObject)}, the event showing {@code requestId} (its journal's). */
    void transitioned(Bucket bucket, StoredObject v, String requestId) {
        awaitDelivered(publish(new ObjectEvents.Event("LifecycleTransition", bucket.name(), v.key(), v.size(), v.etag(),
                v.versionId(), null), lifecycle(bucket, requestId)));
    }

    /**
     * Delivers a journaled event that no answer delivered (its request ended in a crash), once.
     *
     * @param time when the write happened: the event's eventTime
     * @return false when a queue should get it but SQS is not running (yet): it is kept for a later try
     */
    boolean replay(ObjectEvents.Event e, String principalId, String sourceIp, String requestId, Instant time) {
        List<Destination> ds = destinations(e.bucket());
        boolean toQueues = ds.stream().anyMatch(d -> d.kind().equals("Queue") && d.matches(e.name(), e.key()));
        if (!toQueues) return true;
        if (queues.get().isEmpty()) return false;
        Bucket b = buckets.find(e.bucket()).orElse(null);
        if (b == null) return true;
        awaitDelivered(publish(e, new Origin(principalId, sourceIp, requestId, b.region(), b.accountId(), time)));
        return true;
    }

    /** S3 itself as the principal and the source address of what a lifecycle sweep does. */
    private static Origin lifecycle(Bucket bucket, String requestId) {
        return new Origin(S3_PRINCIPAL, S3_PRINCIPAL, requestId, bucket.region(), bucket.accountId(), null);
    }

    /**
     * Who caused an event.
     *
     * @param region    and {@code accountId}: the bucket's when it is gone already
     * @param time      when it happened, or null for now
     */
    private record Origin(String principalId, String sourceIp, String requestId, String region, String accountId,
                          Instant time) {}

    /** @return the sends of the event's messages, one per matching queue */
    private List<CompletableFuture<Void>> publish(ObjectEvents.Event e, Origin origin) {
        List<Destination> ds = destinations(e.bucket());
        if (ds.isEmpty()) return List.of();
        Bucket b = buckets.find(e.bucket()).orElse(null);
        QueueDelivery.Sender sender = sender(e.bucket(), b == null ? origin.accountId() : b.accountId());
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (Destination d : ds) {
            if (d.kind().equals("Queue") && d.matches(e.name(), e.key())) {
                sends.add(deliver(d, eventMessage(origin, b, e, d), sender));
            }
        }
        return sends;
    }

    /**
     * Returns once every send completed (each failure was logged by {@link #deliver}), or after
     * {@link #DELIVERY_WAIT_SECONDS}.
     */
    private static void awaitDelivered(List<CompletableFuture<Void>> sends) {
        if (sends.isEmpty()) return;
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(DELIVERY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            // the write stands without its event, as on AWS when a queue is gone
        } catch (TimeoutException e) {
            LOG.warn("S3 event notifications not durable after {} s; answering without waiting longer", DELIVERY_WAIT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Destination> destinations(String bucket) {
        return cache.computeIfAbsent(bucket, b -> configs.read(b, BucketConfigOperations.NOTIFICATION)
                .map(doc -> destinations(BucketConfigXml.read(doc))).orElse(List.of()));
    }

    /** After a configuration was put: S3's test event to each queue; the other kinds are only stored. */
    private List<CompletableFuture<Void>> configured(RequestContext ctx, String bucket) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        QueueDelivery.Sender sender = sender(bucket, buckets.find(bucket).map(Bucket::accountId).orElse(ctx.accountId()));
        for (Destination d : destinations(bucket)) {
            if (!d.kind().equals("Queue")) {
                LOG.warn("S3 bucket {}: event notifications to {} {} are stored but never delivered"
                        + " (awsemu has no SNS or Lambda)", bucket, d.kind(), d.arn());
                continue;
            }
            sends.add(deliver(d, json(g -> {
                g.writeStartObject();
                g.writeStringField("Service", "Amazon S3");
                g.writeStringField("Event", "s3:TestEvent");
                g.writeStringField("Time", Timestamps.iso8601(clock.instant()));
                g.writeStringField("Bucket", bucket);
                g.writeStringField("RequestId", ctx.requestId());
                g.writeStringField("HostId", ctx.requestId());
                g.writeEndObject();
            }), sender));
        }
        return sends;
    }

    /** S3 sending from {@code bucket}, owned by {@code account}: what the queue's policy is asked about. */
    static QueueDelivery.Sender sender(String bucket, String account) {
        return new QueueDelivery.Sender(S3_PRINCIPAL, SENDER, "arn:aws:s3:::" + bucket, account);
    }

    private CompletableFuture<Void> deliver(Destination d, String body, QueueDelivery.Sender sender) {
        Optional<QueueDelivery> q = queues.get();
        if (q.isEmpty()) {
            LOG.warn("S3 event for {} not delivered: SQS is not running", d.arn());
            return CompletableFuture.completedFuture(null);
        }
        return q.get().send(d.arn(), body, sender).whenComplete((ok, failure) -> {
            if (failure != null) LOG.warn("S3 event notification to {} not delivered: {}", d.arn(), failure.toString());
        });
    }

    /** @param b the event's bucket, or null when it is gone already */
    private String eventMessage(Origin origin, Bucket b, ObjectEvents.Event e, Destination d) {
        String region = b == null ? origin.region() : b.region();
        String owner = CanonicalUser.of(b == null ? origin.accountId() : b.accountId()).id();
        Instant now = origin.time() != null ? origin.time() : clock.instant();
        return json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            g.writeStartObject();
            g.writeStringField("eventVersion", "2.1");
            g.writeStringField("eventSource", "aws:s3");
            g.writeStringField("awsRegion", region);
            g.writeStringField("eventTime", Timestamps.iso8601(now));
            g.writeStringField("eventName", e.name());
            g.writeObjectFieldStart("userIdentity");
            g.writeStringField("principalId", origin.principalId());
            g.writeEndObject();
            g.writeObjectFieldStart("requestParameters");
            g.writeStringField("sourceIPAddress", origin.sourceIp());
            g.writeEndObject();
            g.writeObjectFieldStart("responseElements");
            g.writeStringField("x-amz-request-id", origin.requestId());
            g.writeStringField("x-amz-id-2", origin.requestId());
            g.writeEndObject();
            g.writeObjectFieldStart("s3");
            g.writeStringField("s3SchemaVersion", "1.0");
            g.writeStringField("configurationId", d.id() == null ? "" : d.id());
            g.writeObjectFieldStart("bucket");
            g.writeStringField("name", e.bucket());
            g.writeObjectFieldStart("ownerIdentity");
            g.writeStringField("principalId", owner);
            g.writeEndObject();
            g.writeStringField("arn", "arn:aws:s3:::" + e.bucket());
            g.writeEndObject();
            g.writeObjectFieldStart("object");
            g.writeStringField("key", ObjectKeys.formEncoded(e.key()));
            if (e.size() >= 0) g.writeNumberField("size", e.size());
            if (e.etag() != null) g.writeStringField("eTag", e.etag());
            if (e.versionId() != null) g.writeStringField("versionId", e.versionId());
            g.writeStringField("sequencer", String.format("%016X", sequencer.incrementAndGet()));
            g.writeEndObject();
            g.writeEndObject();
            if (e.restore() != null) {
                g.writeObjectFieldStart("glacierEventData");
                g.writeObjectFieldStart("restoreEventData");
                g.writeStringField("lifecycleRestorationExpiryTime", Timestamps.iso8601(e.restore().expiry()));
                g.writeStringField("lifecycleRestoreStorageClass", e.restore().storageClass());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Writer w) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
