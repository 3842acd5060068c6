package io.awsemu.sqs.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Receipt handles: opaque base64 of queue name, message id and the receive's nonce. */
public final class ReceiptHandles {
    private ReceiptHandles() {}

    public record Parsed(String queueName, String messageId, String nonce) {}

    public static String encode(String queueName, String messageId, String nonce) {
        return Base64.getEncoder().encodeToString((queueName + " " + messageId + " " + nonce).getBytes(StandardCharsets.UTF_8));
    }

    public static Parsed parse(String handle) {
        if (handle == null || handle.isEmpty()) return null;
        try {
            String s = new String(Base64.getDecoder().decode(handle), StandardCharsets.UTF_8);
            String[] p = s.split(" ");
            return p.length == 3 ? new Parsed(p[0], p[1], p[2]) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
