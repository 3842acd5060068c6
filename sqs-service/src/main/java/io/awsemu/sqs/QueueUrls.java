package io.awsemu.sqs;

/**
 * Queue URLs in every shape clients send: http://localhost:4566/000000000000/q,
 * http://sqs.us-east-1.localhost:4566/..., https://sqs.us-east-1.amazonaws.com/..., or the bare path.
 * Only the last two path segments (account, name) matter.
 */
public final class QueueUrls {
    private QueueUrls() {}

    private static final int ACCOUNT = 12;
    private static final int MAX_NAME = 80;

    public record Parsed(String account, String name) {}

    public static boolean isQueuePath(String path) {
        return path != null && nameEnd(path) > 0;
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
        int end = nameEnd(path);
        return end < 0 ? null : new Parsed(path.substring(1, 1 + ACCOUNT), path.substring(2 + ACCOUNT, end));
    }

    /**
     * Where the queue name ends if {@code path} is {@code /<12 digits>/<name>[/]}, the name being 1 to 80 of
     * {@code [A-Za-z0-9_-]} and maybe {@code .fifo}; else -1. (By hand: a regular expression here was 1 % of
     * the server's CPU under load, for every SQS request.)
     */
    private static int nameEnd(String path) {
        int n = path.length();
        if (n < ACCOUNT + 3 || path.charAt(0) != '/' || path.charAt(ACCOUNT + 1) != '/') return -1;
        for (int i = 1; i <= ACCOUNT; i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') return -1;
        }
        int start = ACCOUNT + 2;
        int i = start;
        while (i < n && nameChar(path.charAt(i))) i++;
        if (i == start || i - start > MAX_NAME) return -1;
        if (path.startsWith(".fifo", i)) i += 5;
        int end = i;
        if (i < n && path.charAt(i) == '/') i++;
        return i == n ? end : -1;
    }

    private static boolean nameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** The URL returned to clients: the configured host name and the port the request came in on. */
    public static String build(String hostname, int port, String account, String name) {
        return "http://" + hostname + (port > 0 && port != 80 ? ":" + port : "") + "/" + account + "/" + name;
    }
}
