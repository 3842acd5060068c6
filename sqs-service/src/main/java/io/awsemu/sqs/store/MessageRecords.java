package io.awsemu.sqs.store;

import io.awsemu.sqs.engine.MessageAttribute;
import io.awsemu.sqs.engine.SqsMessage;
import io.awsemu.sqs.store.QueueStore.DedupRow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys and values of the SQS records ({@link RecordsQueueStore}). A key is a one-byte kind, the queue
 * id (8 bytes, big-endian) and, for messages, the seq (8 bytes, big-endian), so a scan returns each
 * queue's messages in send order:
 * <pre>
 *   'm' queue seq        the message as sent (id, body, attributes, system attributes); never rewritten
 *   'v' queue seq        its delivery state (visible at, receive count, first receive, receipt): a
 *                        receive rewrites these ~30 bytes, not the message
 *   'f' queue dedupKey   a FIFO deduplication entry (message id, sequence number, expiry)
 *   's' queue            the FIFO sequence counter
 *   'p' queue            the last purge time
 * </pre>
 * Strings are a varint of (UTF-8 length + 1), 0 for null, then the bytes.
 */
final class MessageRecords {
    static final byte MESSAGE = 'm', DELIVERY = 'v', DEDUP = 'f', SEQUENCE = 's', PURGE = 'p';
    private static final byte VERSION = 1;

    private MessageRecords() {}

    static byte[] key(byte kind, long queueId) {
        return ByteBuffer.allocate(9).put(kind).putLong(queueId).array();
    }

    static byte[] key(byte kind, long queueId, long seq) {
        return ByteBuffer.allocate(17).put(kind).putLong(queueId).putLong(seq).array();
    }

    static byte[] dedupKey(long queueId, String dedupKey) {
        byte[] k = dedupKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(9 + k.length).put(DEDUP).putLong(queueId).put(k).array();
    }

    static byte kind(byte[] key) { return key[0]; }

    static long queueId(byte[] key) { return ByteBuffer.wrap(key, 1, 8).getLong(); }

    static long seq(byte[] key) { return ByteBuffer.wrap(key, 9, 8).getLong(); }

    static String dedupKeyOf(byte[] key) { return new String(key, 9, key.length - 9, StandardCharsets.UTF_8); }

    static byte[] longValue(long v) { return ByteBuffer.allocate(8).putLong(v).array(); }

    static long longOf(byte[] v) { return ByteBuffer.wrap(v).getLong(); }

    // ---- values ------------------------------------------------------------------------------

    static byte[] message(SqsMessage m) {
        String body = m.heldBody();
        if (body == null) throw new IllegalStateException("message " + m.id() + " is stored already: its body is not held");
        Out o = new Out(64 + body.length() * 3 / 2);
        o.b(VERSION).str(m.id()).str(body).i64(m.sentAt).str(m.traceHeader).str(m.senderId).str(m.groupId)
                .str(m.dedupId).str(m.sequenceNumber).str(m.deadLetterSourceArn).var(m.attributes.size());
        for (Map.Entry<String, MessageAttribute> e : m.attributes.entrySet()) {
            MessageAttribute a = e.getValue();
            o.str(e.getKey()).str(a.dataType()).str(a.stringValue()).bytes(a.binaryValue());
        }
        return o.done();
    }

    static byte[] delivery(SqsMessage m) {
        return delivery(m.visibleAt, m.receiveCount, m.firstReceiveAt, m.receipt);
    }

    static byte[] delivery(long visibleAt, int receiveCount, long firstReceiveAt, String receipt) {
        return new Out(40).b(VERSION).i64(visibleAt).var(receiveCount).i64(firstReceiveAt).str(receipt).done();
    }

    /** The body of a message record, without decoding the rest. */
    static String body(byte[] message) {
        In in = new In(message);
        in.version();
        in.str(); // the id
        return in.str();
    }

    /**
     * {@code delivery} null: as sent, never received. A body of 3 × {@link SqsMessage#HELD_BODY_CHARS} bytes or more
     * (so of that many chars or more) is not decoded: the message is loaded without it, and it is read from the
     * store when needed. (Shorter bodies are decoded; the engine drops those of that many chars or more.)
     */
    static SqsMessage decode(long seq, byte[] message, byte[] delivery) {
        In in = new In(message);
        in.version();
        String id = in.str(), body = in.strUnlessAtLeast(3 * SqsMessage.HELD_BODY_CHARS);
        long sentAt = in.i64();
        String trace = in.str(), sender = in.str(), group = in.str(), dedupId = in.str(), seqNo = in.str(), dlq = in.str();
        int n = in.var();
        Map<String, MessageAttribute> attrs = n == 0 ? Map.of() : new LinkedHashMap<>();
        for (int i = 0; i < n; i++) attrs.put(in.str(), new MessageAttribute(in.str(), in.str(), in.bytes()));
        long visibleAt = sentAt, firstReceiveAt = 0;
        int receiveCount = 0;
        String receipt = null;
        if (delivery != null) {
            In d = new In(delivery);
            d.version();
            visibleAt = d.i64();
            receiveCount = d.var();
            firstReceiveAt = d.i64();
            receipt = d.str();
        }
        return new SqsMessage(id, seq, body, attrs, trace, sentAt, sender, group, dedupId, seqNo, dlq,
                visibleAt, receiveCount, firstReceiveAt, receipt);
    }

    static byte[] dedup(DedupRow d) {
        return new Out(64).b(VERSION).str(d.messageId()).str(d.sequenceNumber()).i64(d.expiresAt()).done();
    }

    static DedupRow dedup(String key, byte[] v) {
        In in = new In(v);
        in.version();
        return new DedupRow(key, in.str(), in.str(), in.i64());
    }

    // ---- encoding ----------------------------------------------------------------------------

    private static final class Out {
        private byte[] buf;
        private int n;

        Out(int capacity) { buf = new byte[Math.max(16, capacity)]; }

        private void room(int more) {
            if (n + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }

        Out b(byte v) {
            room(1);
            buf[n++] = v;
            return this;
        }

        Out var(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                buf[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[n++] = (byte) v;
            return this;
        }

        Out i64(long v) {
            room(8);
            for (int s = 56; s >= 0; s -= 8) buf[n++] = (byte) (v >>> s);
            return this;
        }

        Out bytes(byte[] v) {
            if (v == null) return var(0);
            var(v.length + 1L);
            room(v.length);
            System.arraycopy(v, 0, buf, n, v.length);
            n += v.length;
            return this;
        }

        Out str(String s) {
            return bytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
        }

        byte[] done() { return n == buf.length ? buf : Arrays.copyOf(buf, n); }
    }

    private static final class In {
        private final byte[] buf;
        private int p;

        In(byte[] buf) { this.buf = buf; }

        void version() {
            byte v = buf[p++];
            if (v != VERSION) throw new IllegalStateException("SQS record of unknown version " + v);
        }

        int var() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = buf[p++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) return (int) v;
            }
        }

        long i64() {
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (buf[p++] & 0xFF);
            return v;
        }

        byte[] bytes() {
            int len = var();
            if (len == 0) return null;
            byte[] v = Arrays.copyOfRange(buf, p, p + len - 1);
            p += len - 1;
            return v;
        }

        /** As {@link #str}, but null (and skipped) when its UTF-8 form is {@code bytes} long or more. */
        String strUnlessAtLeast(int bytes) {
            int at = p, len = var();
            if (len - 1 < bytes) {
                p = at;
                return str();
            }
            p += len - 1;
            return null;
        }

        String str() {
            int len = var();
            if (len == 0) return null;
            String s = new String(buf, p, len - 1, StandardCharsets.UTF_8);
            p += len - 1;
            return s;
        }
    }
}
