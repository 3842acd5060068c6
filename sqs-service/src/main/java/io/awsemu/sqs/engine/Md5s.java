package io.awsemu.sqs.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digests SQS returns and SDKs verify: MD5 of the body's UTF-8, and of the attributes encoded as
 * AWS documents (names sorted; each name, type and value length-prefixed, big-endian 4 bytes; a
 * transport byte 1 for string values, 2 for binary).
 */
public final class Md5s {
    private Md5s() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String body(String body) {
        return hex(bodyDigest(body));
    }

    static byte[] bodyDigest(String body) {
        return md5().digest(utf8(body));
    }

    /** Null for no attributes (the member is then omitted). */
    public static String attributes(Map<String, MessageAttribute> attrs) {
        if (attrs == null || attrs.isEmpty()) return null;
        MessageDigest md = md5();
        for (Map.Entry<String, MessageAttribute> e : new TreeMap<>(attrs).entrySet()) {
            MessageAttribute a = e.getValue();
            lengthPrefixed(md, utf8(e.getKey()));
            lengthPrefixed(md, utf8(a.dataType()));
            if (a.stringValue() != null) {
                md.update((byte) 1);
                lengthPrefixed(md, utf8(a.stringValue()));
            } else {
                md.update((byte) 2);
                lengthPrefixed(md, a.binaryValue() == null ? new byte[0] : a.binaryValue());
            }
        }
        return hex(md.digest());
    }

    private static void lengthPrefixed(MessageDigest md, byte[] b) {
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    /** One digest per thread, reset by each {@code digest()}: looking the algorithm up per message showed in profiles. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static MessageDigest md5() {
        MessageDigest md = MD5.get();
        md.reset();
        return md;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
