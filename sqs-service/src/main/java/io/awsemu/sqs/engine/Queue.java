package io.awsemu.sqs.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.core.policy.AccessPolicy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One queue's in-memory state. Every field is guarded by the queue's own monitor; the engine queues
 * each change's store write under that monitor (so the store applies them in this order) and answers
 * the client once the write has committed; a sent message is not delivered before then.
 */
public final class Queue {
    public final long id;
    public final QueueKey key;
    private final boolean fifo;
    public final long createdAt;
    long modifiedAt;
    final Map<String, String> attributes;
    final Map<String, String> tags;
    /** Messages in send order. */
    final MessageLog messages = new MessageLog();
    final MessageIndex byId = new MessageIndex();
    /**
     * FIFO only: how many messages each message group holds, and the messages received at least once (the only
     * ones that can be in flight). A receive finds the blocked groups among the latter and stops looking once every
     * group is blocked, instead of walking the whole queue.
     */
    final Map<String, Integer> groupSizes = new HashMap<>();
    final Set<SqsMessage> received = new HashSet<>();
    /** Standard queues: how many messages held were received at least once (those that can be in flight). */
    private int receivedOnce;
    /**
     * Standard queues: every message held whose seq is below {@code hiddenBelow} stays invisible until
     * {@code hiddenUntil} at least. A receive that walked those messages and could take none of them (or took
     * them) records this, so that the next receives start past them instead of walking a long in-flight head
     * again: receiving N messages without deleting them was quadratic. A visibility change lowers the bound
     * ({@link #visibilityChanged}), a message added below it drops the hint, and a receive after
     * {@code hiddenUntil} walks from the head and records it anew.
     */
    long hiddenBelow, hiddenUntil;
    /** FIFO deduplication: scope key -> (message id, sequence number, expiry). */
    final Map<String, Dedup> dedup = new LinkedHashMap<>();
    /** ReceiveRequestAttemptId -> the messages that attempt got. */
    final Map<String, Attempt> attempts = new HashMap<>();
    final List<Runnable> waiters = new ArrayList<>();
    long sequence;
    long lastPurgeAt;
    /** When retention expiry last scanned the queue. */
    long expireCheckedAt = Long.MIN_VALUE / 2;
    /** No message held was sent before this (a lower bound: removals leave it; the expiry scan makes it exact). */
    long oldestSentAt = Long.MAX_VALUE;
    boolean deleted;
    /** The parsed Policy attribute, and the attribute value it was parsed from (compared by identity). */
    private String policyText;
    private AccessPolicy policy;

    record Dedup(String messageId, String sequenceNumber, long expiresAt) {}

    record Attempt(List<String> messageIds, List<String> receipts, long expiresAt) {}

    public Queue(long id, QueueKey key, long createdAt, long modifiedAt, Map<String, String> attributes,
                 Map<String, String> tags, long sequence, long lastPurgeAt) {
        this.id = id;
        this.key = key;
        this.fifo = key.name().endsWith(".fifo");
        this.createdAt = createdAt;
        this.modifiedAt = modifiedAt;
        this.attributes = new LinkedHashMap<>(attributes);
        this.tags = new LinkedHashMap<>(tags);
        this.sequence = sequence;
        this.lastPurgeAt = lastPurgeAt;
    }

    public boolean fifo() { return fifo; }

    public String arn() { return key.arn(); }

    synchronized Map<String, String> attributesCopy() { return new LinkedHashMap<>(attributes); }

    /** One attribute, without copying the map (a send reads two). */
    synchronized String attribute(String name) { return attributes.get(name); }

    /** The queue's policy, or null when it has none. */
    public synchronized AccessPolicy policy() {
        String text = attributes.get("Policy");
        if (text == null || text.isEmpty()) return null;
        if (text != policyText) { // a new value replaced the map entry
            try {
                policy = QueuePolicy.parse(text);
            } catch (AwsException e) {
                policy = null; // stored before policies were validated: it grants and denies nothing
            }
            policyText = text;
        }
        return policy;
    }

    synchronized Map<String, String> tagsCopy() { return new LinkedHashMap<>(tags); }

    synchronized long lastPurgeAt() { return lastPurgeAt; }

    synchronized long sequence() { return sequence; }

    synchronized long modifiedAt() { return modifiedAt; }

    int intAttr(String name) {
        String v = attributes.get(name);
        return v == null ? 0 : Integer.parseInt(v);
    }

    void add(SqsMessage m) {
        if (m.sentAt < oldestSentAt) oldestSentAt = m.sentAt;
        if (m.seq < hiddenBelow) hiddenUntil = 0;
        messages.add(m);
        byId.put(m);
        if (fifo) {
            groupSizes.merge(m.groupId, 1, Integer::sum);
            if (m.receipt != null) received.add(m);
        } else if (m.receipt != null) {
            receivedOnce++;
        }
    }

    void remove(SqsMessage m) {
        if (!messages.remove(m)) return;
        byId.remove(m);
        if (!fifo) {
            if (m.receipt != null) receivedOnce--;
            return;
        }
        groupSizes.computeIfPresent(m.groupId, (g, n) -> n == 1 ? null : n - 1);
        received.remove(m);
    }

    /** Whether the hidden run a receive recorded still holds at {@code t} (never for FIFO queues). */
    boolean hidesHead(long t) {
        return !fifo && t < hiddenUntil;
    }

    /** The messages a walk at {@code t} must look at: those past the hidden run while it holds, else all. */
    Iterable<SqsMessage> unhidden(long t) {
        return hidesHead(t) ? messages.from(hiddenBelow) : messages;
    }

    /** {@code m}'s visibility timeout was changed: it may become visible before the hidden messages' bound. */
    void visibilityChanged(SqsMessage m) {
        if (m.seq < hiddenBelow && m.visibleAt < hiddenUntil) hiddenUntil = m.visibleAt;
    }

    /** {@code m} is being received: called before it gets its new receipt. */
    void receiving(SqsMessage m) {
        if (fifo) received.add(m);
        else if (m.receipt == null) receivedOnce++;
    }

    /** How many messages held were received at least once: no more than that can be in flight. */
    int receivedOnce() {
        return fifo ? received.size() : receivedOnce;
    }

    /** Every message goes (a purge, the queue's deletion). */
    void clear() {
        messages.clear();
        byId.clear();
        groupSizes.clear();
        received.clear();
        receivedOnce = 0;
        hiddenBelow = hiddenUntil = 0;
    }
}
