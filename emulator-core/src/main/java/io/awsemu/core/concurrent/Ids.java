package io.awsemu.core.concurrent;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** AWS-looking identifiers. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** A request id as the Query/JSON services send it: a UUID. */
    public static String requestId() {
        // a version-4 UUID from ThreadLocalRandom: UUID.randomUUID's shared SecureRandom is locked and,
        // under C1, slow, and a request id needs no cryptographic strength
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** S3's x-amz-id-2: 64 random bytes, base64. */
    public static String s3HostId() {
        byte[] b = new byte[48];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** {@code prefix-} plus 17 lower-case hex digits (i-, vol-, snap-, sg-, ami-, r-, ...). */
    public static String ec2Style(String prefix) {
        byte[] b = new byte[9];
        ThreadLocalRandom.current().nextBytes(b);
        return prefix + "-" + HexFormat.of().formatHex(b).substring(0, 17);
    }

    /** Random bytes for tokens and secrets. */
    public static byte[] secureBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
