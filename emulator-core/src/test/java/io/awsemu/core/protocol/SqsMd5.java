package io.awsemu.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** SQS's MD5s, which both SDKs verify on SendMessage/ReceiveMessage: the tests must answer them right. */
final class SqsMd5 {
    private SqsMd5() {}

    static String ofBody(String body) {
        return md5(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Over the canonical tree's MessageAttributes map (names sorted; length-prefixed fields). */
    static String ofAttributes(JsonNode attrs) {
        List<String> names = new ArrayList<>();
        attrs.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String n : names) {
            JsonNode a = attrs.get(n);
            put(out, n.getBytes(StandardCharsets.UTF_8));
            put(out, a.get("DataType").asText().getBytes(StandardCharsets.UTF_8));
            if (a.has("StringValue")) {
                out.write(1);
                put(out, a.get("StringValue").asText().getBytes(StandardCharsets.UTF_8));
            } else {
                out.write(2);
                put(out, Base64.getDecoder().decode(a.get("BinaryValue").asText()));
            }
        }
        return md5(out.toByteArray());
    }

    private static void put(ByteArrayOutputStream out, byte[] b) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
