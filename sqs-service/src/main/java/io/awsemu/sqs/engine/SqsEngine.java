package io.awsemu.sqs.engine;

import io.awsemu.core.concurrent.Background;
import io.awsemu.sqs.SqsErrors;
import io.awsemu.sqs.store.QueueStore;
import io.awsemu.sqs.store.QueueStore.QueueRow;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The queue engine both protocols share. State lives in memory (one monitor per queue); every change
 * is queued to the {@link QueueStore} under that monitor, and the *Async methods return the write's
 * future so that the caller acknowledges only committed changes (the store group-commits them). Times
 * are epoch millis from the injected clock.
 */
public final class SqsEngine {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final long DEDUP_WINDOW_MS = 5 * 60_000L;
    private static final long PURGE_INTERVAL_MS = 60_000L;
    /** A deleted queue's name cannot be used again for this long (QueueDeletedRecently). */
    static final long DELETED_NAME_WAIT_MS = 60_000L;

    private final QueueStore store;
    private final Clock clock;
    private final ConcurrentHashMap<QueueKey, Queue> queues = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    /** Names deleted recently, with the deletion time. */
    private final ConcurrentHashMap<QueueKey, Long> deletedAt = new ConcurrentHashMap<>();
    /** Told whenever a queue may have new visible messages (long polls wake on it). */
    private volatile Consumer<Queue> onAvailable = q -> {};

    public record SendRequest(String body, Integer delaySeconds, Map<String, MessageAttribute> attributes,
                              String traceHeader, String groupId, String dedupId, String senderId) {}

    public record SendResult(String messageId, String md5OfBody, String md5OfAttributes,
                             String md5OfSystemAttributes, String sequenceNumber) {}

    /** A message as one receive delivered it (a snapshot: the message may change afterwards). */
    public record Delivery(String messageId, String receiptHandle, String body, Map<String, MessageAttribute> attributes,
                           String md5OfBody, String md5OfAttributes, Map<String, String> systemAttributes) {}

    /**
     * AWS's quota of in-flight messages per queue (standard, and FIFO since November 2024): at it, a short-poll
     * receive of a standard queue is OverLimit, and any other receive gets nothing until messages are deleted or
     * become visible again.
     */
    public static final int MAX_IN_FLIGHT = 120_000;

    /** The in-flight quota per queue: {@link #MAX_IN_FLIGHT}, or a small one in tests. */
    private final int maxInFlight;

    /**
     * Where a receive reads the bodies it delivers that are not held ({@link SqsMessage#HELD_BODY_CHARS}): a
     * receive runs on the event loop, and a store read may wait for the disk.
     */
    private final Executor bodyReads;

    /** An engine that reads stored bodies on the receiving thread (tests). */
    public SqsEngine(QueueStore store, Clock clock) {
        this(store, clock, Runnable::run);
    }

    /** @param bodyReads where receives read the large bodies they deliver: never the event loop */
    public SqsEngine(QueueStore store, Clock clock, Executor bodyReads) {
        this(store, clock, MAX_IN_FLIGHT, bodyReads);
    }

    /** @param maxInFlight the in-flight quota per queue ({@link #MAX_IN_FLIGHT}; tests use a small one) */
    SqsEngine(QueueStore store, Clock clock, int maxInFlight) {
        this(store, clock, maxInFlight, Runnable::run);
    }

    SqsEngine(QueueStore store, Clock clock, int maxInFlight, Executor bodyReads) {
        this.store = store;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
        this.bodyReads = r -> Background.executeOrRun(bodyReads, r); // a saturated pool: on the completing thread
        long maxSeq = 0;
        Map<Long, List<SqsMessage>> stored = store.loadMessages();
        for (List<SqsMessage> ms : stored.values()) for (SqsMessage m : ms) maxSeq = Math.max(maxSeq, m.seq);
        for (QueueRow r : store.loadQueues()) {
            Queue q = new Queue(r.id(), new QueueKey(r.account(), r.region(), r.name()), r.createdAt(), r.modifiedAt(),
                    r.attributes(), r.tags(), r.sequence(), r.lastPurgeAt());
            for (SqsMessage m : stored.getOrDefault(r.id(), List.of())) {
                q.add(m);
                m.bodyStored();
            }
            // dedup ids outlive their messages (a deleted message's id still deduplicates for 5 minutes)
            for (QueueStore.DedupRow d : store.loadDedup(r.id(), now())) {
                q.dedup.put(d.key(), new Queue.Dedup(d.messageId(), d.sequenceNumber(), d.expiresAt()));
            }
            queues.put(q.key, q);
        }
        seq.set(maxSeq);
        for (QueueStore.DeletedQueue d : store.loadDeletedQueues(now() - DELETED_NAME_WAIT_MS)) {
            deletedAt.put(new QueueKey(d.account(), d.region(), d.name()), d.deletedAt());
        }
    }

    /** Waits for a store write; its failure surfaces as the caller's exception. */
    private static void await(CompletableFuture<Void> write) {
        try {
            write.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    public void onAvailable(Consumer<Queue> listener) {
        this.onAvailable = listener;
    }

    private long now() { return clock.millis(); }

    // ---------------------------------------------------------------- queues

    public Queue createQueue(QueueKey key, Map<String, String> requested, Map<String, String> tags) {
        boolean fifo = key.name().endsWith(".fifo");
        String base = fifo ? key.name().substring(0, key.name().length() - 5) : key.name();
        if (!NAME.matcher(base).matches() || key.name().length() > 80) {
            throw SqsErrors.invalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        Map<String, String> attrs = QueueAttributes.defaults(fifo);
        Map<String, String> given = new LinkedHashMap<>();
        if (requested != null) {
            for (Map.Entry<String, String> e : requested.entrySet()) {
                given.put(e.getKey(), QueueAttributes.validate(e.getKey(), e.getValue(), fifo, true));
            }
        }
        if (fifo && !"true".equals(given.getOrDefault("FifoQueue", "true"))) {
            throw SqsErrors.invalidAttributeValue("FifoQueue", null);
        }
        if (!fifo && requested != null && requested.containsKey("FifoQueue")) {
            throw SqsErrors.invalidAttributeValue("FifoQueue", "The name of a FIFO queue must end with the .fifo suffix.");
        }
        if (given.containsKey("RedrivePolicy")) given.put("RedrivePolicy", redrivePolicy(key, given.get("RedrivePolicy")));
        attrs.putAll(given);
        synchronized (queues) {
            Queue existing = queues.get(key);
            if (existing != null) {
                Map<String, String> current = existing.attributesCopy();
                for (Map.Entry<String, String> e : given.entrySet()) {
                    if (!e.getValue().equals(current.get(e.getKey()))) throw SqsErrors.queueNameExists(e.getKey());
                }
                return existing;
            }
            long t = now();
            Long gone = deletedAt.get(key);
            if (gone != null) {
                if (t - gone < DELETED_NAME_WAIT_MS) throw SqsErrors.queueDeletedRecently();
                deletedAt.remove(key, gone);
            }
            Map<String, String> tagMap = tags == null ? Map.of() : tags;
            long id = store.insertQueue(new QueueRow(0, key.account(), key.region(), key.name(), t, t, attrs, tagMap, 0, 0));
            Queue q = new Queue(id, key, t, t, attrs, tagMap, 0, 0);
            queues.put(key, q);
            return q;
        }
    }

    public Queue queue(QueueKey key) {
        Queue q = queues.get(key);
        if (q == null) throw SqsErrors.queueDoesNotExist();
        return q;
    }

    public Queue queueByArn(String arn) {
        QueueKey k = QueueKey.fromArn(arn);
        return k == null ? null : queues.get(k);
    }

    public void deleteQueue(Queue q) {
        List<Runnable> waiting;
        CompletableFuture<Void> written;
        synchronized (queues) {
            synchronized (q) {
                if (q.deleted) throw SqsErrors.queueDoesNotExist();
                long t = now();
                written = store.deleteQueue(q.id, q.messages.seqs(), new QueueStore.DeletedQueue(q.key.account(), q.key.region(), q.key.name(), t));
                deletedAt.put(q.key, t);
                q.deleted = true;
                q.clear();
                waiting = new ArrayList<>(q.waiters);
                q.waiters.clear();
            }
            queues.remove(q.key, q);
        }
        waiting.forEach(Runnable::run);
        await(written);
    }

    /** Queues of an account and region whose names start with {@code prefix}, sorted by name. */
    public List<Queue> listQueues(String account, String region, String prefix) {
        List<Queue> out = new ArrayList<>();
        for (Queue q : queues.values()) {
            if (q.key.account().equals(account) && q.key.region().equals(region)
                    && (prefix == null || q.key.name().startsWith(prefix))) {
                out.add(q);
            }
        }
        out.sort((a, b) -> a.key.name().compareTo(b.key.name()));
        return out;
    }

    /** The queue's ReceiveMessageWaitTimeSeconds (no counting, unlike getAttributes). */
    public int receiveWaitTimeSeconds(Queue q) {
        synchronized (q) {
            checkLive(q);
            return q.intAttr("ReceiveMessageWaitTimeSeconds");
        }
    }

    public Map<String, String> getAttributes(Queue q, Collection<String> names) {
        Set<String> wanted = new HashSet<>();
        boolean all = false;
        if (names != null) {
            for (String n : names) {
                if ("All".equals(n)) all = true;
                else if (QueueAttributes.SETTABLE.contains(n) || QueueAttributes.READ_ONLY.contains(n)) wanted.add(n);
                else throw SqsErrors.invalidAttributeName(n);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        synchronized (q) {
            checkLive(q);
            long t = now();
            expire(q, t);
            int visible = 0, inFlight = 0, delayed = 0;
            for (SqsMessage m : q.messages) {
                if (m.inFlight(t)) inFlight++;
                else if (m.delayed(t)) delayed++;
                else visible++;
            }
            values.put("QueueArn", q.arn());
            values.put("ApproximateNumberOfMessages", String.valueOf(visible));
            values.put("ApproximateNumberOfMessagesNotVisible", String.valueOf(inFlight));
            values.put("ApproximateNumberOfMessagesDelayed", String.valueOf(delayed));
            values.put("CreatedTimestamp", String.valueOf(q.createdAt / 1000));
            values.put("LastModifiedTimestamp", String.valueOf(q.modifiedAt / 1000));
            values.putAll(q.attributes);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : QueueAttributes.ALL_ORDER) {
            if ((all || wanted.contains(n)) && values.containsKey(n)) out.put(n, values.get(n));
        }
        return out;
    }

    public void setAttributes(Queue q, Map<String, String> requested) {
        Map<String, String> given = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : requested.entrySet()) {
            given.put(e.getKey(), QueueAttributes.validate(e.getKey(), e.getValue(), q.fifo(), false));
        }
        if (given.containsKey("RedrivePolicy")) given.put("RedrivePolicy", redrivePolicy(q.key, given.get("RedrivePolicy")));
        synchronized (q) {
            checkLive(q);
            Map<String, String> attrs = new LinkedHashMap<>(q.attributes);
            for (Map.Entry<String, String> e : given.entrySet()) {
                // an empty Policy/RedrivePolicy removes it, as AWS does
                if (e.getValue().isEmpty() && !QueueAttributes.defaults(q.fifo()).containsKey(e.getKey())) attrs.remove(e.getKey());
                else attrs.put(e.getKey(), e.getValue());
            }
            long t = now();
            store.updateQueue(row(q, attrs, q.tags, t));
            q.attributes.clear();
            q.attributes.putAll(attrs);
            q.modifiedAt = t;
        }
    }

    /** Validates a RedrivePolicy and returns it normalised to AWS's form. */
    private String redrivePolicy(QueueKey self, String json) {
        if (json.isEmpty()) return json;
        String target = RedrivePolicy.targetArn(json);
        Integer max = RedrivePolicy.maxReceiveCount(json);
        if (target == null || max == null) {
            throw SqsErrors.invalidParameterValue("Value " + json + " for parameter RedrivePolicy is invalid. Reason: "
                    + "Redrive policy is not a valid JSON map or is missing deadLetterTargetArn or maxReceiveCount.");
        }
        if (max < 1 || max > 1000) {
            throw SqsErrors.invalidParameterValue("Value " + json + " for parameter RedrivePolicy is invalid. Reason: "
                    + "Invalid value for maxReceiveCount: " + max + ", valid values are from 1 to 1000 both inclusive.");
        }
        QueueKey dlq = QueueKey.fromArn(target);
        if (dlq == null || !queues.containsKey(dlq)) {
            throw SqsErrors.invalidParameterValue("Value " + json + " for parameter RedrivePolicy is invalid. Reason: "
                    + "Dead letter target does not exist.");
        }
        if (dlq.name().endsWith(".fifo") != self.name().endsWith(".fifo")) {
            throw SqsErrors.invalidParameterValue("Value " + json + " for parameter RedrivePolicy is invalid. Reason: "
                    + "Dead-letter queue must be the same type of queue as the source.");
        }
        return "{\"deadLetterTargetArn\":\"" + target + "\",\"maxReceiveCount\":" + max + "}";
    }

    public void tag(Queue q, Map<String, String> tags) {
        synchronized (q) {
            checkLive(q);
            Map<String, String> t = new LinkedHashMap<>(q.tags);
            t.putAll(tags);
            if (t.size() > 50) throw SqsErrors.invalidParameterValue("Too many tags added for queue " + q.key.name() + ".");
            store.updateQueue(row(q, q.attributes, t, q.modifiedAt));
            q.tags.clear();
            q.tags.putAll(t);
        }
    }

    public void untag(Queue q, Collection<String> keys) {
        synchronized (q) {
            checkLive(q);
            Map<String, String> t = new LinkedHashMap<>(q.tags);
            keys.forEach(t::remove);
            store.updateQueue(row(q, q.attributes, t, q.modifiedAt));
            q.tags.clear();
            q.tags.putAll(t);
        }
    }

    public Map<String, String> tags(Queue q) {
        synchronized (q) {
            checkLive(q);
            return new LinkedHashMap<>(q.tags);
        }
    }

    /** Queues whose RedrivePolicy names {@code dlq} as target, sorted by name. */
    public List<Queue> deadLetterSources(Queue dlq) {
        return deadLetterSources(dlq.arn());
    }

    /** Queues whose RedrivePolicy names {@code dlqArn} as target, sorted by name. */
    public List<Queue> deadLetterSources(String dlqArn) {
        List<Queue> out = new ArrayList<>();
        for (Queue q : queues.values()) {
            String rp = q.attributesCopy().get("RedrivePolicy");
            if (rp != null && dlqArn.equals(RedrivePolicy.targetArn(rp))) out.add(q);
        }
        out.sort((a, b) -> a.key.name().compareTo(b.key.name()));
        return out;
    }

    public void purge(Queue q, String queueUrl) {
        CompletableFuture<Void> written;
        synchronized (q) {
            checkLive(q);
            long t = now();
            if (q.lastPurgeAt > 0 && t - q.lastPurgeAt < PURGE_INTERVAL_MS) throw SqsErrors.purgeQueueInProgress(queueUrl);
            written = store.purge(q.id, q.messages.seqs(), t);
            q.clear();
            q.lastPurgeAt = t;
        }
        await(written);
    }

    private static QueueRow row(Queue q, Map<String, String> attrs, Map<String, String> tags, long modifiedAt) {
        return new QueueRow(q.id, q.key.account(), q.key.region(), q.key.name(), q.createdAt, modifiedAt, attrs, tags,
                q.sequence, q.lastPurgeAt);
    }

    private static void checkLive(Queue q) {
        if (q.deleted) throw SqsErrors.queueDoesNotExist();
    }

    // ---------------------------------------------------------------- messages

    /** Validates a message without sending it; the size counts body and attributes. */
    public void validate(Queue q, SendRequest r) {
        if (r.body() == null || r.body().isEmpty()) throw SqsErrors.missingParameter("MessageBody");
        if (!validChars(r.body())) throw SqsErrors.invalidMessageContents();
        int max = Integer.parseInt(q.attribute("MaximumMessageSize"));
        if (size(r) > max) throw SqsErrors.messageTooLong(max);
        if (r.attributes() != null) {
            if (r.attributes().size() > 10) {
                throw SqsErrors.invalidParameterValue("Number of message attributes [" + r.attributes().size()
                        + "] exceeds the allowed maximum [10].");
            }
            for (Map.Entry<String, MessageAttribute> e : r.attributes().entrySet()) validateAttribute(e.getKey(), e.getValue());
        }
        if (r.delaySeconds() != null && (r.delaySeconds() < 0 || r.delaySeconds() > 900)) {
            throw SqsErrors.invalidParameterValue("DelaySeconds", r.delaySeconds(), "must be between 0 and 900, if provided.");
        }
        if (q.fifo()) {
            if (r.groupId() == null || r.groupId().isEmpty()) throw SqsErrors.missingParameter("MessageGroupId");
            if (r.delaySeconds() != null && r.delaySeconds() > 0) {
                throw SqsErrors.invalidParameterValue("DelaySeconds", r.delaySeconds(),
                        "The request include parameter that is not valid for this queue type.");
            }
            if (r.dedupId() == null && !"true".equals(q.attribute("ContentBasedDeduplication"))) {
                throw SqsErrors.invalidParameterValue("The queue should either have ContentBasedDeduplication enabled "
                        + "or MessageDeduplicationId provided explicitly");
            }
            checkId("MessageGroupId", r.groupId());
            if (r.dedupId() != null) checkId("MessageDeduplicationId", r.dedupId());
        } else if (r.dedupId() != null) {
            throw SqsErrors.invalidParameterValue("MessageDeduplicationId", r.dedupId(),
                    "The request includes a parameter that is not valid for this queue type.");
        }
    }

    private static void checkId(String param, String v) {
        if (v.length() > 128 || !v.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw SqsErrors.invalidParameterValue(param, v, param + " can only include alphanumeric and punctuation characters. 1 to 128 in length.");
        }
    }

    private static void validateAttribute(String name, MessageAttribute a) {
        if (name.isEmpty() || name.length() > 256 || name.startsWith("AWS.") || name.startsWith("Amazon.")
                || name.startsWith(".") || name.endsWith(".") || name.contains("..")
                || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
            throw SqsErrors.invalidParameterValue("Message (user) attribute name '" + name + "' is invalid.");
        }
        String type = a.dataType();
        if (type == null || type.isEmpty()) {
            throw SqsErrors.invalidParameterValue("The message attribute '" + name + "' must contain non-empty message attribute type.");
        }
        String base = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;
        switch (base) {
            case "String", "Number" -> {
                if (a.stringValue() == null || a.stringValue().isEmpty()) {
                    throw SqsErrors.invalidParameterValue("The message attribute '" + name
                            + "' with type '" + base + "' must use field 'String'.");
                }
                if (base.equals("Number")) {
                    try {
                        new java.math.BigDecimal(a.stringValue().trim());
                    } catch (NumberFormatException e) {
                        throw SqsErrors.invalidParameterValue("Can't cast the value of message (user) attribute '" + name + "' to a number.");
                    }
                }
            }
            case "Binary" -> {
                if (a.binaryValue() == null) {
                    throw SqsErrors.invalidParameterValue("The message attribute '" + name
                            + "' with type 'Binary' must use field 'Binary'.");
                }
            }
            default -> throw SqsErrors.invalidParameterValue("The type of message (user) attribute '" + name
                    + "' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
        }
    }

    public static int size(SendRequest r) {
        int n = r.body() == null ? 0 : r.body().getBytes(StandardCharsets.UTF_8).length;
        if (r.attributes() != null) for (Map.Entry<String, MessageAttribute> e : r.attributes().entrySet()) n += e.getValue().size(e.getKey());
        return n;
    }

    static boolean validChars(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF))) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    public SendResult send(Queue q, SendRequest r) {
        validate(q, r);
        return sendValidated(q, List.of(r)).join().get(0);
    }

    /**
     * Sends already validated messages in one durable write. The future completes once they are
     * committed; until then they are not delivered.
     */
    public CompletableFuture<List<SendResult>> sendValidated(Queue q, List<SendRequest> requests) {
        List<SendResult> results = new ArrayList<>();
        List<SqsMessage> sent;
        Map<String, Queue.Dedup> claimed;
        CompletableFuture<Void> written;
        synchronized (q) {
            checkLive(q);
            long t = now();
            List<SqsMessage> fresh = new ArrayList<>();
            long sequence = q.sequence;
            Map<String, Queue.Dedup> newDedup = new LinkedHashMap<>();
            if (q.fifo()) expireDedup(q, t);
            List<QueueStore.DedupRow> dedupRows = new ArrayList<>();
            for (SendRequest r : requests) {
                byte[] bodyDigest = Md5s.bodyDigest(r.body());
                String md5Body = Md5s.hex(bodyDigest);
                String md5Attrs = Md5s.attributes(r.attributes());
                String md5Sys = r.traceHeader() == null ? null
                        : Md5s.attributes(Map.of("AWSTraceHeader", new MessageAttribute("String", r.traceHeader(), null)));
                if (q.fifo()) {
                    String dedupId = r.dedupId() != null ? r.dedupId() : sha256(r.body());
                    String key = dedupKey(q, r.groupId(), dedupId);
                    Queue.Dedup seen = newDedup.containsKey(key) ? newDedup.get(key) : q.dedup.get(key);
                    if (seen != null) {
                        // a duplicate inside the window is accepted and answered with the original's id
                        results.add(new SendResult(seen.messageId(), md5Body, md5Attrs, md5Sys, seen.sequenceNumber()));
                        continue;
                    }
                    sequence++;
                    String seqNo = String.format("%020d", sequence);
                    SqsMessage m = new SqsMessage(Ids.messageIdHi(), Ids.messageIdLo(), null, seq.incrementAndGet(), r.body(),
                            copy(r.attributes()), r.traceHeader(), t, r.senderId(), r.groupId(), dedupId, seqNo, null,
                            t, 0, 0, null);
                    m.md5OfBody(bodyDigest);
                    String id = m.id();
                    newDedup.put(key, new Queue.Dedup(id, seqNo, t + DEDUP_WINDOW_MS));
                    dedupRows.add(new QueueStore.DedupRow(key, id, seqNo, t + DEDUP_WINDOW_MS));
                    fresh.add(m);
                    results.add(new SendResult(id, md5Body, md5Attrs, md5Sys, seqNo));
                } else {
                    int delay = r.delaySeconds() != null ? r.delaySeconds() : q.intAttr("DelaySeconds");
                    SqsMessage m = new SqsMessage(Ids.messageIdHi(), Ids.messageIdLo(), null, seq.incrementAndGet(), r.body(),
                            copy(r.attributes()), r.traceHeader(), t, r.senderId(), null, null, null, null,
                            t + delay * 1000L, 0, 0, null);
                    m.md5OfBody(bodyDigest);
                    fresh.add(m);
                    results.add(new SendResult(m.id(), md5Body, md5Attrs, md5Sys, null));
                }
            }
            if (q.fifo() && fresh.size() > 0) {
                // FIFO queues apply the queue's DelaySeconds too (per message delays are refused)
                int delay = q.intAttr("DelaySeconds");
                for (SqsMessage m : fresh) m.visibleAt = t + delay * 1000L;
            }
            for (SqsMessage m : fresh) m.pending = true;
            written = store.insertMessages(q.id, fresh, sequence, dedupRows, t);
            q.sequence = sequence;
            fresh.forEach(q::add);
            q.dedup.putAll(newDedup);
            sent = fresh;
            claimed = newDedup;
        }
        return written.handle((v, failure) -> {
            synchronized (q) {
                if (failure != null) {
                    // not stored, not acknowledged: forget the messages and their dedup ids
                    sent.forEach(q::remove);
                    claimed.forEach((k, d) -> q.dedup.remove(k, d));
                } else {
                    for (SqsMessage m : sent) {
                        m.pending = false;
                        m.bodyStored();
                    }
                }
            }
            if (failure != null) {
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            if (!sent.isEmpty()) onAvailable.accept(q);
            return results;
        });
    }


    private static Map<String, MessageAttribute> copy(Map<String, MessageAttribute> m) {
        return m == null || m.isEmpty() ? Map.of() : new LinkedHashMap<>(m);
    }

    private static String dedupKey(Queue q, String groupId, String dedupId) {
        return "messageGroup".equals(q.attributes.get("DeduplicationScope")) ? groupId + "\u0000" + dedupId : dedupId;
    }

    private static void expireDedup(Queue q, long t) {
        q.dedup.values().removeIf(d -> d.expiresAt() <= t);
        q.attempts.values().removeIf(a -> a.expiresAt() <= t);
    }

    private static String sha256(String body) {
        try {
            return Md5s.hex(java.security.MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops messages older than the retention period (lazily, when the queue is next looked at). */
    private void expire(Queue q, long t) {
        // a scan of every message, so at most once a second per queue (retention is at least 60 s)
        if (t - q.expireCheckedAt < 1000 && t >= q.expireCheckedAt) return;
        q.expireCheckedAt = t;
        long retention = Long.parseLong(q.attributes.get("MessageRetentionPeriod")) * 1000L;
        if (q.oldestSentAt > t - retention) return; // nothing held is that old: no scan (retention is days by default)
        List<SqsMessage> gone = new ArrayList<>();
        long oldest = Long.MAX_VALUE;
        for (SqsMessage m : q.messages) {
            if (m.sentAt + retention <= t) gone.add(m);
            else oldest = Math.min(oldest, m.sentAt);
        }
        q.oldestSentAt = oldest; // exact again: messages moved in keep their first SentTimestamp, so seq order is not age order
        if (gone.isEmpty()) return;
        List<Long> seqs = new ArrayList<>();
        for (SqsMessage m : gone) seqs.add(m.seq);
        store.deleteMessages(q.id, seqs); // ordered before any later write of this queue
        gone.forEach(q::remove);
    }

    /**
     * Receives up to {@code max} messages and makes them invisible for the visibility timeout. Messages
     * past the queue's maxReceiveCount go to its dead-letter queue instead.
     */
    public List<Delivery> receive(Queue q, int max, Integer visibilityTimeout, String attemptId) {
        Received r = receiveAsync(q, max, visibilityTimeout, attemptId);
        await(r.written());
        return r.deliveries();
    }

    /**
     * How many more messages {@code q} may put in flight before its quota, or {@code max} when that is more. The
     * messages received at least once bound the in-flight count from above and are counted as they come and go;
     * only near the quota are the in-flight ones counted.
     */
    private int inFlightRoom(Queue q, long t, int max) {
        if ((long) q.receivedOnce() + max <= maxInFlight) return max;
        int n = 0;
        for (SqsMessage m : q.fifo() ? q.received : q.messages) if (m.inFlight(t)) n++;
        return maxInFlight - n;
    }

    /**
     * What a receive delivered, and the write of its delivery state (answer after it completes). The deliveries are
     * final once {@code written} completes: bodies read from the store are filled in by then, and a message whose
     * record went meanwhile is taken out (before, only whether the list is empty may be read).
     */
    public record Received(List<Delivery> deliveries, CompletableFuture<Void> written) {}

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** A receive that may wait for messages (a long poll, or one of its later attempts): never OverLimit. */
    public Received receiveAsync(Queue q, int max, Integer visibilityTimeout, String attemptId) {
        return receiveAsync(q, max, visibilityTimeout, attemptId, false);
    }

    /**
     * @param shortPoll a receive that does not wait: on a standard queue at the in-flight quota it is OverLimit
     *                  (a long poll, and any FIFO receive, gets no messages instead, as on AWS)
     */
    public Received receiveAsync(Queue q, int max, Integer visibilityTimeout, String attemptId, boolean shortPoll) {
        List<Delivery> out = new ArrayList<>();
        List<Unread> unread = new ArrayList<>();
        CompletableFuture<Void> written;
        List<SqsMessage> toDlq = new ArrayList<>();
        Supplier<CompletableFuture<Void>> deadLetters = null;
        Queue dlq = null;
        synchronized (q) {
            checkLive(q);
            long t = now();
            expire(q, t);
            if (q.fifo()) expireDedup(q, t);
            if (attemptId != null && q.fifo()) {
                List<Unread> retried = new ArrayList<>();
                List<Delivery> again = retry(q, attemptId, t, retried);
                if (again != null) return received(q, again, retried, DONE);
            }
            max = Math.min(max, inFlightRoom(q, t, max));
            if (max <= 0) {
                if (shortPoll && !q.fifo()) throw SqsErrors.overLimit("The maximum number of in flight messages ("
                        + maxInFlight + ") has been reached for this queue.");
                return new Received(List.of(), DONE);
            }
            int vt = visibilityTimeout != null ? visibilityTimeout : q.intAttr("VisibilityTimeout");
            String rp = q.attributes.get("RedrivePolicy");
            Integer maxReceives = rp == null ? null : RedrivePolicy.maxReceiveCount(rp);
            if (maxReceives != null) {
                dlq = queueByArn(RedrivePolicy.targetArn(rp));
                if (dlq == null) maxReceives = null;
            }
            Set<String> blockedGroups = new HashSet<>();
            if (q.fifo()) {
                for (SqsMessage m : q.received) if (m.inFlight(t)) blockedGroups.add(m.groupId);
            }
            List<SqsMessage> taken = new ArrayList<>();
            // standard queues: start past the messages a receive found hidden (Queue.hiddenBelow), and extend that
            // run through the messages this walk finds hidden or takes for a visibility timeout
            boolean skip = q.hidesHead(t);
            boolean hiding = !q.fifo();
            long hideBelow = skip ? q.hiddenBelow : 0, hideUntil = skip ? q.hiddenUntil : Long.MAX_VALUE;
            for (SqsMessage m : q.unhidden(t)) {
                if (taken.size() >= max) break;
                if (q.fifo() && blockedGroups.size() >= q.groupSizes.size()) break; // every group waits
                if (q.fifo() && blockedGroups.contains(m.groupId)) continue;
                if (hiding) hideBelow = m.seq + 1;
                if (!m.visible(t)) {
                    // a group's later messages wait behind an earlier one that is not yet visible
                    if (q.fifo()) blockedGroups.add(m.groupId);
                    if (hiding && m.pending) { // visible once its send commits, not at a time
                        hideBelow = m.seq;
                        hiding = false;
                    } else if (hiding) {
                        hideUntil = Math.min(hideUntil, m.visibleAt);
                    }
                    continue;
                }
                if (maxReceives != null && m.receiveCount >= maxReceives) {
                    toDlq.add(m);
                    continue;
                }
                taken.add(m);
                if (hiding && vt > 0) {
                    hideUntil = Math.min(hideUntil, t + vt * 1000L);
                } else if (hiding) {
                    hideBelow = m.seq;
                    hiding = false;
                }
            }
            if (!q.fifo()) {
                q.hiddenBelow = hideBelow;
                q.hiddenUntil = hideUntil;
            }
            if (!toDlq.isEmpty()) {
                // their places in the dead-letter queue are taken here, in this queue's order
                long[] seqs = new long[toDlq.size()];
                String[] held = new String[toDlq.size()];
                boolean allHeld = true;
                for (int i = 0; i < seqs.length; i++) {
                    seqs[i] = seq.incrementAndGet();
                    held[i] = toDlq.get(i).heldBody();
                    allHeld &= held[i] != null;
                }
                toDlq.forEach(q::remove);
                Queue from = q, to = dlq;
                List<SqsMessage> leaving = toDlq;
                long at = t;
                Supplier<CompletableFuture<Void>> move = () -> moveToDeadLetters(from, to, leaving, seqs, held, at);
                // a body not held is read from the store, never on this thread (an event loop)
                deadLetters = allHeld ? move : () -> CompletableFuture.supplyAsync(move, bodyReads).thenCompose(f -> f);
            }
            List<String> receipts = new ArrayList<>();
            for (SqsMessage m : taken) {
                q.receiving(m);
                m.receipt = Ids.receiptNonce();
                m.receiveCount++;
                if (m.firstReceiveAt == 0) m.firstReceiveAt = t;
                m.visibleAt = t + vt * 1000L;
                receipts.add(m.receipt);
            }
            written = store.updateDelivery(q.id, taken);
            for (SqsMessage m : taken) out.add(delivery(q, m, out.size(), unread));
            if (attemptId != null && q.fifo() && !taken.isEmpty()) {
                List<String> ids = new ArrayList<>();
                taken.forEach(m -> ids.add(m.id()));
                q.attempts.put(attemptId, new Queue.Attempt(ids, receipts, t + DEDUP_WINDOW_MS));
            }
        }
        // answered once the dead-letter move is written too, so that the moved messages are in their queue by then
        if (deadLetters != null) written = CompletableFuture.allOf(written, deadLetters.get());
        return received(q, out, unread, written);
    }

    /**
     * Writes the messages a receive took out of {@code from} past its maxReceiveCount into its dead-letter queue
     * {@code to}, each at its seq, with its held body or the one read from the store (a message whose record is gone
     * by then went with its queue), then adds them there.
     */
    private CompletableFuture<Void> moveToDeadLetters(Queue from, Queue to, List<SqsMessage> leaving, long[] seqs, String[] held,
                                                      long t) {
        List<SqsMessage> moved = new ArrayList<>();
        List<Long> fromSeqs = new ArrayList<>();
        for (int i = 0; i < seqs.length; i++) {
            SqsMessage m = leaving.get(i);
            String body = held[i] != null ? held[i] : store.readBody(from.id, m.seq);
            if (body == null) continue;
            moved.add(m.movedTo(seqs[i], from.arn(), t, body));
            fromSeqs.add(m.seq);
        }
        CompletableFuture<Void> written = store.moveMessages(from.id, to.id, fromSeqs, moved);
        storedThen(written, to, moved);
        synchronized (to) {
            if (!to.deleted) moved.forEach(to::add);
        }
        onAvailable.accept(to);
        return written;
    }

    /** A delivery whose body is not held: {@link #readBodies} fills it in at {@code index} of the answer. */
    private record Unread(int index, SqsMessage message) {}

    /** The answer: complete once the delivery state is written and the bodies not held are read, on {@link #bodyReads}. */
    private Received received(Queue q, List<Delivery> out, List<Unread> unread, CompletableFuture<Void> written) {
        if (unread.isEmpty()) return new Received(out, written);
        return new Received(out, written.thenRunAsync(() -> readBodies(q, out, unread), bodyReads));
    }

    /**
     * Reads the bodies a receive delivers from the store. A message whose record is gone by then (purged, expired, or
     * received again and deleted) leaves the answer, as if the receive had not found it.
     */
    private void readBodies(Queue q, List<Delivery> out, List<Unread> unread) {
        boolean gone = false;
        for (Unread u : unread) {
            String body = store.readBody(q.id, u.message().seq);
            if (body == null) {
                out.set(u.index(), null);
                gone = true;
                continue;
            }
            String md5;
            synchronized (q) {
                md5 = u.message().md5OfBodyIfKnown();
            }
            if (md5 == null) { // hashed here, not under the monitor
                byte[] digest = Md5s.bodyDigest(body);
                synchronized (q) {
                    u.message().md5OfBody(digest);
                }
                md5 = Md5s.hex(digest);
            }
            Delivery d = out.get(u.index());
            out.set(u.index(), new Delivery(d.messageId(), d.receiptHandle(), body, d.attributes(), md5,
                    d.md5OfAttributes(), d.systemAttributes()));
        }
        if (gone) out.removeIf(Objects::isNull);
    }

    /** A FIFO receive retried with the same attempt id gets the same messages while they stay in flight. */
    private List<Delivery> retry(Queue q, String attemptId, long t, List<Unread> unread) {
        Queue.Attempt a = q.attempts.get(attemptId);
        if (a == null) return null;
        List<Delivery> out = new ArrayList<>();
        for (int i = 0; i < a.messageIds().size(); i++) {
            SqsMessage m = q.byId.get(a.messageIds().get(i));
            if (m == null || !a.receipts().get(i).equals(m.receipt) || !m.inFlight(t)) return null;
            out.add(delivery(q, m, out.size(), unread));
        }
        return out;
    }

    /** The body of {@code m}, a message of {@code q}, read from the store if it is not held. Under {@code q}'s monitor. */
    private String body(Queue q, SqsMessage m) {
        String body = bodyOrNull(q, m);
        if (body == null) throw new IllegalStateException("the record of message " + m.id() + " in " + q.arn() + " is missing");
        return body;
    }

    /** The body of a message {@link #peek} returned, or null if it was deleted since. */
    public String peekBody(Queue q, SqsMessage m) {
        synchronized (q) {
            return bodyOrNull(q, m);
        }
    }

    /** The held body, else the stored one; null when the message is not stored (anymore). */
    private String bodyOrNull(Queue q, SqsMessage m) {
        String held = m.heldBody();
        return held != null ? held : store.readBody(q.id, m.seq);
    }

    /**
     * Once the moved messages' records are written, their large bodies leave memory. Called holding no queue's
     * monitor: a write done on the submitting thread is complete already, and the step runs here and now.
     */
    private static void storedThen(CompletableFuture<Void> written, Queue target, List<SqsMessage> moved) {
        written.thenRun(() -> {
            synchronized (target) {
                moved.forEach(SqsMessage::bodyStored);
            }
        });
    }

    /** {@code m} as delivered; a body not held is left null and added to {@code unread}, for {@link #readBodies}. */
    private Delivery delivery(Queue q, SqsMessage m, int index, List<Unread> unread) {
        Map<String, String> sys = new LinkedHashMap<>();
        sys.put("SenderId", m.senderId == null ? q.key.account() : m.senderId);
        sys.put("ApproximateFirstReceiveTimestamp", String.valueOf(m.firstReceiveAt));
        sys.put("ApproximateReceiveCount", String.valueOf(m.receiveCount));
        sys.put("SentTimestamp", String.valueOf(m.sentAt));
        if (m.traceHeader != null) sys.put("AWSTraceHeader", m.traceHeader);
        if (m.groupId != null) sys.put("MessageGroupId", m.groupId);
        if (m.dedupId != null) sys.put("MessageDeduplicationId", m.dedupId);
        if (m.sequenceNumber != null) sys.put("SequenceNumber", m.sequenceNumber);
        if (m.deadLetterSourceArn != null) sys.put("DeadLetterQueueSourceArn", m.deadLetterSourceArn);
        String id = m.id(), body = m.heldBody();
        if (body == null) unread.add(new Unread(index, m));
        return new Delivery(id, ReceiptHandles.encode(q.key.name(), id, m.receipt), body, m.attributes,
                body == null ? null : m.md5OfBody(body), m.md5OfAttributes(), sys);
    }

    /** The earliest time a message of {@code q} becomes visible, or -1 if none is waiting. */
    public long nextVisibleAt(Queue q) {
        synchronized (q) {
            long t = now();
            // the messages below Queue.hiddenBelow are hidden until hiddenUntil at least: an early answer only wakes
            // the poll for a receive that finds nothing and records the exact time
            long next = q.hidesHead(t) && q.hiddenUntil != Long.MAX_VALUE ? q.hiddenUntil : -1; // MAX_VALUE: none hidden
            for (SqsMessage m : q.unhidden(t)) {
                if (!m.pending && m.visibleAt > t && (next < 0 || m.visibleAt < next)) next = m.visibleAt;
            }
            return next;
        }
    }

    /** Deletes the message a receipt handle names; an old handle or a gone message is accepted silently. */
    public void deleteMessage(Queue q, String receiptHandle) {
        await(deleteMessageAsync(q, receiptHandle));
    }

    /** Deletes now (in memory); the future completes when the deletion is committed. */
    public CompletableFuture<Void> deleteMessageAsync(Queue q, String receiptHandle) {
        ReceiptHandles.Parsed h = ReceiptHandles.parse(receiptHandle);
        if (h == null || !h.queueName().equals(q.key.name())) throw SqsErrors.receiptHandleIsInvalid(receiptHandle);
        CompletableFuture<Void> written;
        synchronized (q) {
            checkLive(q);
            SqsMessage m = q.byId.get(h.messageId());
            if (m == null || !h.nonce().equals(m.receipt)) return DONE;
            written = store.deleteMessages(q.id, List.of(m.seq));
            q.remove(m);
        }
        if (q.fifo()) onAvailable.accept(q);
        return written;
    }

    /** What DeleteMessageBatch did: per entry null (deleted or stale) or its error; one write for all. */
    public record BatchDeleted(List<io.awsemu.core.error.AwsException> errors, CompletableFuture<Void> written) {}

    /** Deletes several messages with one store write (DeleteMessageBatch). */
    public BatchDeleted deleteMessages(Queue q, List<String> receiptHandles) {
        List<io.awsemu.core.error.AwsException> errors = new ArrayList<>();
        List<ReceiptHandles.Parsed> parsed = new ArrayList<>();
        for (String handle : receiptHandles) {
            ReceiptHandles.Parsed h = ReceiptHandles.parse(handle);
            boolean ok = h != null && h.queueName().equals(q.key.name());
            parsed.add(ok ? h : null);
            errors.add(ok ? null : SqsErrors.receiptHandleIsInvalid(handle));
        }
        CompletableFuture<Void> written;
        boolean any = false;
        synchronized (q) {
            checkLive(q);
            List<Long> seqs = new ArrayList<>();
            for (ReceiptHandles.Parsed h : parsed) {
                if (h == null) continue;
                SqsMessage m = q.byId.get(h.messageId());
                if (m == null || !h.nonce().equals(m.receipt)) continue;
                seqs.add(m.seq);
                q.remove(m);
                any = true;
            }
            written = store.deleteMessages(q.id, seqs);
        }
        if (any && q.fifo()) onAvailable.accept(q);
        return new BatchDeleted(errors, written);
    }

    public void changeVisibility(Queue q, String receiptHandle, int timeout) {
        await(changeVisibilityAsync(q, receiptHandle, timeout));
    }

    public CompletableFuture<Void> changeVisibilityAsync(Queue q, String receiptHandle, int timeout) {
        ReceiptHandles.Parsed h = ReceiptHandles.parse(receiptHandle);
        if (h == null || !h.queueName().equals(q.key.name())) throw SqsErrors.receiptHandleIsInvalid(receiptHandle);
        if (timeout < 0 || timeout > 43_200) {
            throw SqsErrors.invalidParameterValue("VisibilityTimeout", timeout, "Must be >= 0 and <= 43200, if provided.");
        }
        CompletableFuture<Void> written;
        synchronized (q) {
            checkLive(q);
            long t = now();
            SqsMessage m = q.byId.get(h.messageId());
            if (m == null || !h.nonce().equals(m.receipt)) throw SqsErrors.receiptHandleIsInvalid(receiptHandle);
            if (!m.inFlight(t)) throw SqsErrors.messageNotInflight();
            m.visibleAt = t + timeout * 1000L;
            q.visibilityChanged(m);
            written = store.updateDelivery(q.id, List.of(m));
        }
        if (timeout == 0) onAvailable.accept(q);
        return written;
    }

    /** Every message with its state, without changing anything (the developer peek endpoint). */
    public List<SqsMessage> peek(Queue q) {
        synchronized (q) {
            checkLive(q);
            return q.messages.toList();
        }
    }

    /** What one step of a redrive did. {@code missingTarget}: messages whose destination queue is gone stayed. */
    public record Redriven(int moved, int missingTarget) {}

    /** Messages of {@code q} that are not in flight (what a move task would move). */
    public int movable(Queue q) {
        synchronized (q) {
            checkLive(q);
            long t = now();
            int n = 0;
            for (SqsMessage m : q.messages) if (!m.inFlight(t) && !m.pending) n++;
            return n;
        }
    }

    /**
     * Moves up to {@code limit} messages not in flight from a dead-letter queue to {@code destination},
     * or back to the queue each came from when it is null, oldest first. The move is ordered before
     * any later write; the returned future completes when it is committed.
     */
    public Redriven redrive(Queue source, Queue destination, int limit) {
        Map<Queue, List<SqsMessage>> byTarget = new LinkedHashMap<>();
        Map<Queue, CompletableFuture<Void>> written = new HashMap<>();
        int missing = 0, n = 0;
        synchronized (source) {
            checkLive(source);
            long t = now();
            expire(source, t);
            for (SqsMessage m : source.messages) {
                if (n >= limit) break;
                if (m.inFlight(t) || m.pending) continue;
                Queue target = destination != null ? destination : queueByArn(m.deadLetterSourceArn);
                if (target == null || target == source || target.deleted) {
                    missing++;
                    continue;
                }
                byTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(m);
                n++;
            }
            for (Map.Entry<Queue, List<SqsMessage>> e : byTarget.entrySet()) {
                List<SqsMessage> moved = new ArrayList<>();
                List<Long> from = new ArrayList<>();
                for (SqsMessage m : e.getValue()) {
                    moved.add(m.movedTo(seq.incrementAndGet(), null, t, body(source, m)));
                    from.add(m.seq);
                }
                written.put(e.getKey(), store.moveMessages(source.id, e.getKey().id, from, moved));
                e.getValue().forEach(source::remove);
                e.setValue(moved);
            }
        }
        for (Map.Entry<Queue, List<SqsMessage>> e : byTarget.entrySet()) {
            // not under the source's monitor: a write done on this thread runs storedThen's step (the target's monitor) now
            storedThen(written.get(e.getKey()), e.getKey(), e.getValue());
            synchronized (e.getKey()) {
                if (!e.getKey().deleted) e.getValue().forEach(e.getKey()::add);
            }
            onAvailable.accept(e.getKey());
        }
        return new Redriven(n, missing);
    }

    // ---------------------------------------------------------------- long-poll waiters

    /** Registers a one-shot callback run when the queue may have new messages (or is deleted). */
    public void await(Queue q, Runnable wake) {
        synchronized (q) {
            if (q.deleted) {
                wake.run();
                return;
            }
            q.waiters.add(wake);
        }
    }

    public void cancelAwait(Queue q, Runnable wake) {
        synchronized (q) {
            q.waiters.remove(wake);
        }
    }

    /** Runs and clears the queue's waiters. */
    public void wakeWaiters(Queue q) {
        List<Runnable> w;
        synchronized (q) {
            if (q.waiters.isEmpty()) return;
            w = new ArrayList<>(q.waiters);
            q.waiters.clear();
        }
        w.forEach(Runnable::run);
    }

    public static byte[] base64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
