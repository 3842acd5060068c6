package io.awsemu.sqs.engine;

import java.util.UUID;

/** Message ids in UUID form (lowercase, dashed: what {@link UUID#toString()} writes) as two longs and back. */
final class MessageIds {
    private MessageIds() {}

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

    /** The high 64 bits of a {@link #canonical} id. */
    static long hi(String id) {
        return (hex(id, 0, 8) << 32) | (hex(id, 9, 13) << 16) | hex(id, 14, 18);
    }

    /** The low 64 bits of a {@link #canonical} id. */
    static long lo(String id) {
        return (hex(id, 19, 23) << 48) | hex(id, 24, 36);
    }

    static String format(long hi, long lo) {
        return new UUID(hi, lo).toString();
    }

    private static long hex(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) v = (v << 4) | Character.digit(s.charAt(i), 16);
        return v;
    }
}
