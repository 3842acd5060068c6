package io.awsemu.sqs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QueueUrlsTest {
    /** The rule the hand-written parser implements, as the regular expression it replaced. */
    private static final Pattern RULE = Pattern.compile("^/(\\d{12})/([A-Za-z0-9_-]{1,80}(?:\\.fifo)?)/?$");

    @Test
    void everyUrlShapeNamesItsQueue() {
        for (String url : List.of("http://localhost:4566/000000000000/q", "http://sqs.us-east-1.localhost:4566/000000000000/q",
                "https://sqs.us-east-1.amazonaws.com/000000000000/q", "/000000000000/q", "/000000000000/q/",
                "http://localhost:4566/000000000000/q?x=1")) {
            assertEquals(new QueueUrls.Parsed("000000000000", "q"), QueueUrls.parse(url), url);
        }
        assertEquals(new QueueUrls.Parsed("123456789012", "a-b_C9.fifo"), QueueUrls.parse("/123456789012/a-b_C9.fifo"));
        assertEquals("x".repeat(80) + ".fifo", QueueUrls.parse("/123456789012/" + "x".repeat(80) + ".fifo").name());
        for (String bad : List.of("/12345678901/q", "/1234567890123/q", "/123456789012/", "/123456789012//", "/123456789012/q//",
                "/123456789012/q.fifo.fifo", "/123456789012/q.fif", "/123456789012/q\n", "/12345678901a/q", "/123456789012/" + "x".repeat(81),
                "/123456789012/q/r", "123456789012/q", "/١٢٣٤٥٦٧٨٩٠١٢/q", "http://h/")) {
            assertNull(QueueUrls.parse(bad), bad);
        }
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomPaths() {
        Random r = new Random(42);
        String alphabet = "01234567890abcXYZ_-./\n\u0661"; // no "?": parse drops a query, the rule does not
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder("/");
            for (int d = 0; d < 12; d++) b.append(r.nextInt(20) == 0 ? alphabet.charAt(r.nextInt(alphabet.length())) : (char) ('0' + r.nextInt(10)));
            if (r.nextInt(20) != 0) b.append('/');
            int len = r.nextInt(10) == 0 ? 78 + r.nextInt(5) : r.nextInt(6);
            for (int c = 0; c < len; c++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            if (r.nextBoolean()) b.append(".fifo");
            if (r.nextBoolean()) b.append('/');
            paths.add(b.toString());
        }
        for (String p : paths) {
            Matcher m = RULE.matcher(p);
            QueueUrls.Parsed expected = m.matches() ? new QueueUrls.Parsed(m.group(1), m.group(2)) : null;
            assertEquals(expected, QueueUrls.parse(p), p);
            assertEquals(expected != null, QueueUrls.isQueuePath(p), p);
        }
    }
}
