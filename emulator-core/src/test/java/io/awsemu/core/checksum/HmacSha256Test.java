package io.awsemu.core.checksum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/** Both ways of {@link HmacSha256} against RFC 4231 and the JDK's Mac, across key and message lengths. */
class HmacSha256Test {

    private static byte[] jdk(byte[] key, byte[] data) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        return m.doFinal(data);
    }

    @Test
    void rfc4231TestCase2() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        for (boolean onSha256 : new boolean[] {true, false}) {
            assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                    HexFormat.of().formatHex(new HmacSha256(key, onSha256).mac(data)));
        }
    }

    @Test
    void matchesTheJdkForEveryKeyAndMessageLengthEdge() throws Exception {
        Random r = new Random(11);
        for (int keyLen : new int[] {1, 32, 63, 64, 65, 131}) {
            byte[] key = new byte[keyLen];
            r.nextBytes(key);
            HmacSha256 own = new HmacSha256(key, true);
            HmacSha256 cloned = new HmacSha256(key, false);
            for (int len = 0; len <= 200; len++) {
                byte[] data = new byte[len];
                r.nextBytes(data);
                byte[] expected = jdk(key, data);
                assertArrayEquals(expected, own.mac(data), "key " + keyLen + ", length " + len);
                assertArrayEquals(expected, cloned.mac(data), "key " + keyLen + ", length " + len + " (JDK)");
            }
        }
    }
}
