package io.awsemu.sqs.engine;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * One message with its delivery state. Mutable, guarded by its queue's monitor; every change is
 * queued to the store (see {@link SqsEngine}).
 */
public final class SqsMessage {
    /** The id in UUID form as two longs (see {@link Ids}); {@link #idText} holds an id in any other form. */
    private final long idHi, idLo;
    private final String idText;
    /** Send order inside the queue (FIFO order, paging of peeks). */
    public final long seq;
    /**
     * The body, or null once it is kept only in the store: a body of {@link #HELD_BODY_CHARS} chars or more leaves
     * memory when its record is written ({@link #bodyStored}), and is read back for each receive. A queue of large
     * messages then holds ~200 bytes per message in the heap, not the bodies (up to 1 MiB each).
     */
    private String body;
    public static final int HELD_BODY_CHARS = 1024;
    public final Map<String, MessageAttribute> attributes;
    /** The AWSTraceHeader system attribute, or null. */
    public final String traceHeader;
    public final long sentAt;
    public final String senderId;
    public final String groupId;
    public final String dedupId;
    public final String sequenceNumber;
    public final String deadLetterSourceArn;
    public long visibleAt;
    public int receiveCount;
    public long firstReceiveAt;
    /** The nonce of the latest receipt handle; null until first received. */
    public String receipt;
    /** Sent but not yet committed: not delivered until the store has it (a FIFO group waits behind it). */
    public boolean pending;
    /**
     * MD5 of the body (as two longs: 16 bytes here against 80 for its hex string) and of the attributes,
     * computed once (every receive answers with them).
     */
    private long md5Hi, md5Lo;
    private boolean md5Known;
    private String md5OfAttributes;

    /** A message whose id is read back (the store, tests): kept as two longs when it is in UUID form. */
    public SqsMessage(String id, long seq, String body, Map<String, MessageAttribute> attributes, String traceHeader,
                      long sentAt, String senderId, String groupId, String dedupId, String sequenceNumber,
                      String deadLetterSourceArn, long visibleAt, int receiveCount, long firstReceiveAt, String receipt) {
        this(Ids.hi(id), Ids.lo(id), Ids.canonical(id) ? null : Objects.requireNonNull(id, "id"), seq, body, attributes,
                traceHeader, sentAt, senderId, groupId, dedupId, sequenceNumber, deadLetterSourceArn, visibleAt,
                receiveCount, firstReceiveAt, receipt);
    }

    /** {@code idText} null: the id is the UUID {@code idHi}, {@code idLo}. */
    SqsMessage(long idHi, long idLo, String idText, long seq, String body, Map<String, MessageAttribute> attributes,
               String traceHeader, long sentAt, String senderId, String groupId, String dedupId, String sequenceNumber,
               String deadLetterSourceArn, long visibleAt, int receiveCount, long firstReceiveAt, String receipt) {
        this.idHi = idHi;
        this.idLo = idLo;
        this.idText = idText;
        this.seq = seq;
        this.body = body;
        this.attributes = attributes == null ? Map.of() : attributes;
        this.traceHeader = traceHeader;
        this.sentAt = sentAt;
        this.senderId = senderId;
        this.groupId = groupId;
        this.dedupId = dedupId;
        this.sequenceNumber = sequenceNumber;
        this.deadLetterSourceArn = deadLetterSourceArn;
        this.visibleAt = visibleAt;
        this.receiveCount = receiveCount;
        this.firstReceiveAt = firstReceiveAt;
        this.receipt = receipt;
    }

    /** The body if it is held in memory, else null: {@code SqsEngine.body} reads it from the store. */
    public String heldBody() { return body; }

    /** The message's record is written: a large body is read from the store from now on. */
    void bodyStored() {
        if (body != null && body.length() >= HELD_BODY_CHARS) body = null;
    }

    /** The MessageId (made anew from its two longs: a few dozen ns, against 80 bytes held per message). */
    public String id() {
        return idText != null ? idText : Ids.format(idHi, idLo);
    }

    long idHi() { return idHi; }

    long idLo() { return idLo; }

    /** The id when it is not in UUID form, else null. */
    String idText() { return idText; }

    /** Records the body's MD5 digest where the sender already computed it. */
    void md5OfBody(byte[] digest) {
        ByteBuffer b = ByteBuffer.wrap(digest);
        md5Hi = b.getLong(0);
        md5Lo = b.getLong(8);
        md5Known = true;
    }

    /** The body's MD5 in hex, or null while it is not known (a message loaded at start, until its first receive). */
    String md5OfBodyIfKnown() {
        if (!md5Known) return null;
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(md5Hi).concat(hex.toHexDigits(md5Lo));
    }

    /** {@code body}: this message's body (held or read back), hashed the first time when its digest is not known. */
    public String md5OfBody(String body) {
        if (!md5Known) md5OfBody(Md5s.bodyDigest(body));
        return md5OfBodyIfKnown();
    }

    /** Null when the message has no attributes. */
    public String md5OfAttributes() {
        if (attributes.isEmpty()) return null;
        String v = md5OfAttributes;
        if (v == null) md5OfAttributes = v = Md5s.attributes(attributes);
        return v;
    }

    public boolean inFlight(long now) { return receipt != null && visibleAt > now; }

    public boolean delayed(long now) { return receipt == null && visibleAt > now; }

    public boolean visible(long now) { return !pending && visibleAt <= now; }

    /**
     * A copy for a new queue (dead-letter move, move task): same id, body and sent time, fresh delivery state;
     * {@code body} is this message's, read from the store if it is not held.
     */
    SqsMessage movedTo(long newSeq, String sourceArn, long now, String body) {
        SqsMessage m = new SqsMessage(idHi, idLo, idText, newSeq, body, attributes, traceHeader, sentAt, senderId, groupId,
                dedupId, sequenceNumber, sourceArn, now, 0, 0, null);
        if (md5Known) {
            m.md5Hi = md5Hi;
            m.md5Lo = md5Lo;
            m.md5Known = true;
        }
        return m;
    }
}
