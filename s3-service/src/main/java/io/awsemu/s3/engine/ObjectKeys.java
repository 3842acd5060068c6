package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Keys as S3 orders them: UTF-8 bytes, compared unsigned. */
public final class ObjectKeys {
    private ObjectKeys() {}

    public static final int MAX_KEY_BYTES = 1024;

    /**
     * The key form-URL-encoded as S3's event records and inventory lists show it: a space is '+', slashes are kept.
     */
    public static String formEncoded(String key) {
        return java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8).replace("%2F", "/");
    }

    public static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    public static String string(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** KeyTooLongError beyond 1024 UTF-8 bytes, as AWS. */
    public static void check(String key) {
        int n = bytes(key).length;
        if (n > MAX_KEY_BYTES) throw S3Errors.keyTooLongError(n, MAX_KEY_BYTES);
    }

    /** The smallest key greater than {@code k}: k followed by a zero byte. */
    public static byte[] after(byte[] k) {
        return Arrays.copyOf(k, k.length + 1);
    }

    /**
     * The smallest byte string greater than every string starting with {@code prefix}, or null when
     * there is none (empty prefix or all 0xFF): the range end of a prefix scan.
     */
    public static byte[] successor(byte[] prefix) {
        int i = prefix.length - 1;
        while (i >= 0 && prefix[i] == (byte) 0xFF) i--;
        if (i < 0) return null;
        byte[] s = Arrays.copyOf(prefix, i + 1);
        s[i]++;
        return s;
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    public static boolean startsWith(byte[] k, byte[] prefix) {
        return k.length >= prefix.length && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
    }
}
