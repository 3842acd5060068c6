package io.awsemu.sqs.engine;

import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Message ids and receipt nonces. They must be unique, not unguessable: {@link UUID#randomUUID()} draws on
 * the shared {@code NativePRNG} (a lock and a read of /dev/urandom per id), which was 1.4 % of the server's
 * CPU under batch sends and an eighth of a receive's. {@link ThreadLocalRandom} has no shared state.
 *
 * <p>A message id is a version 4 UUID, as SQS's MessageId looks, held as two longs (a message keeps those,
 * not the 36-character string) and written out in UUID form (lowercase, dashed: what
 * {@link UUID#toString()} writes).
 */
final class Ids {
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {}

    /** The high half of a new message id (version 4). */
    static long messageIdHi() {
        return (ThreadLocalRandom.current().nextLong() & ~0xF000L) | 0x4000L;
    }

    /** The low half of a new message id (IETF variant). */
    static long messageIdLo() {
        return (ThreadLocalRandom.current().nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    }

    static String format(long hi, long lo) {
        return new UUID(hi, lo).toString();
    }

    /** True when {@code id} is exactly how {@link #format} writes some pair of longs. */
    static boolean canonical(String id) {
        if (id == null || id.length() != 36) return false;
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    /** The high 64 bits of a {@link #canonical} id, 0 for any other. */
    static long hi(String id) {
        return canonical(id) ? (hex(id, 0, 8) << 32) | (hex(id, 9, 13) << 16) | hex(id, 14, 18) : 0;
    }

    /** The low 64 bits of a {@link #canonical} id, 0 for any other. */
    static long lo(String id) {
        return canonical(id) ? (hex(id, 19, 23) << 48) | hex(id, 24, 36) : 0;
    }

    /** 32 hex digits, new for every delivery of a message. */
    static String receiptNonce() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextLong());
    }

    private static long hex(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) v = (v << 4) | Character.digit(s.charAt(i), 16);
        return v;
    }
}
