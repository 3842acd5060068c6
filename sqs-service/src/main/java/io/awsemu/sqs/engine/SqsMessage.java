package io.awsemu.sqs.engine;

import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * One message with its delivery state. Mutable, guarded by its queue's monitor; every change is
 * queued to the store (see {@link SqsEngine}).
 */
public final class SqsMessage {
    /** The id in UUID form as two longs (see {@link MessageIds}); {@link #idText} holds any other id. */
    private final long idHi, idLo;
    private final String idText;
    /** Send order inside the queue (FIFO order, paging of peeks). */
    public final long seq;
    public final String body;
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

    public SqsMessage(String id, long seq, String body, Map<String, MessageAttribute> attributes, String traceHeader,
                      long sentAt, String senderId, String groupId, String dedupId, String sequenceNumber,
                      String deadLetterSourceArn, long visibleAt, int receiveCount, long firstReceiveAt, String receipt) {
        if (MessageIds.canonical(id)) {
            this.idHi = MessageIds.hi(id);
            this.idLo = MessageIds.lo(id);
            this.idText = null;
        } else {
            this.idHi = this.idLo = 0;
            this.idText = Objects.requireNonNull(id, "id");
        }
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

    /** The MessageId (made anew from its two longs: a few dozen ns, against 80 bytes held per message). */
    public String id() {
        return idText != null ? idText : MessageIds.format(idHi, idLo);
    }

    long idHi() { return idHi; }

    long idLo() { return idLo; }

    /** The id when it is not in UUID form, else null. */
    String idText() { return idText; }

    /** Records the body's MD5 (32 hex digits) where the sender already computed it. */
    void md5OfBody(String md5) {
        md5Hi = HexFormat.fromHexDigitsToLong(md5, 0, 16);
        md5Lo = HexFormat.fromHexDigitsToLong(md5, 16, 32);
        md5Known = true;
    }

    public String md5OfBody() {
        if (!md5Known) md5OfBody(Md5s.body(body));
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(md5Hi).concat(hex.toHexDigits(md5Lo));
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

    /** A copy for a new queue (dead-letter move, move task): same id, body and sent time, fresh delivery state. */
    public SqsMessage movedTo(long newSeq, String sourceArn, long now) {
        return new SqsMessage(id(), newSeq, body, attributes, traceHeader, sentAt, senderId, groupId, dedupId,
                sequenceNumber, sourceArn, now, 0, 0, null);
    }
}
