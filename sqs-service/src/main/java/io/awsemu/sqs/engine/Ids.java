package io.awsemu.sqs.engine;

import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Message ids and receipt nonces. They must be unique, not unguessable: {@link UUID#randomUUID()} draws on
 * the shared {@code NativePRNG} (a lock and a read of /dev/urandom per id), which was 1.4 % of the server's
 * CPU under batch sends and an eighth of a receive's. {@link ThreadLocalRandom} has no shared state.
 */
final class Ids {
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {}

    /** A version 4 (random) UUID, as SQS's MessageId looks. */
    static String messageId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(msb, lsb).toString();
    }

    /** 32 hex digits, new for every delivery of a message. */
    static String receiptNonce() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextLong());
    }
}
