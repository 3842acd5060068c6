package io.awsemu.sqs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Queue URLs in every shape clients send: http://localhost:4566/000000000000/q,
 * http://sqs.us-east-1.localhost:4566/..., https://sqs.us-east-1.amazonaws.com/..., or the bare path.
 * Only the last two path segments (account, name) matter.
 */
public final class QueueUrls {
    private QueueUrls() {}

    private static final Pattern PATH = Pattern.compile("^/(\\d{12})/([A-Za-z0-9_-]{1,80}(?:\\.fifo)?)/?$");

    public record Parsed(String account, String name) {}

    public static boolean isQueuePath(String path) {
        return path != null && PATH.matcher(path).matches();
    }

    /** The account and name a URL names, or null when it names no queue. */
    public static Parsed parse(String url) {
        if (url == null) return null;
        String path = url;
        int scheme = url.indexOf("://");
        if (scheme >= 0) {
            int slash = url.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : url.substring(slash);
        }
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        Matcher m = PATH.matcher(path);
        return m.matches() ? new Parsed(m.group(1), m.group(2)) : null;
    }

    /** The URL returned to clients: the configured host name and the port the request came in on. */
    public static String build(String hostname, int port, String account, String name) {
        return "http://" + hostname + (port > 0 && port != 80 ? ":" + port : "") + "/" + account + "/" + name;
    }
}
