package io.awsemu.core.checksum;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * HMAC-SHA256 under one key, made once and used many times (a SigV4 signing key: every request's
 * signature and every aws-chunked chunk's). The padded inner and outer keys are hashed once, here,
 * so a MAC of a short message costs two compressions fewer than a fresh {@code Mac}. In a JVM limited
 * to C1 it runs on {@link Sha256}, since the JDK's SHA-256 code is slow there; elsewhere on a
 * pre-initialized JDK {@code Mac}, cloned per use. Thread-safe: nothing mutable is shared.
 */
public final class HmacSha256 {
    private static final int BLOCK = 64;

    private final int[] inner;
    private final int[] outer;
    private final Mac prototype;

    public HmacSha256(byte[] key) {
        this(key, Sha256.c1Only());
    }

    HmacSha256(byte[] key, boolean onSha256) {
        if (onSha256) {
            byte[] k = key.length > BLOCK ? new Sha256().digest(key) : key;
            inner = padded(k, (byte) 0x36);
            outer = padded(k, (byte) 0x5c);
            prototype = null;
        } else {
            inner = null;
            outer = null;
            try {
                prototype = Mac.getInstance("HmacSHA256");
                prototype.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JDK lacks HmacSHA256", e);
            }
        }
    }

    private static int[] padded(byte[] key, byte pad) {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) block[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
        Sha256 d = new Sha256();
        d.update(block);
        return d.midState();
    }

    public byte[] mac(byte[] data) {
        if (prototype != null) {
            try {
                return ((Mac) prototype.clone()).doFinal(data);
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }
        Sha256 d = new Sha256();
        d.resume(inner, BLOCK);
        d.update(data);
        byte[] innerHash = d.digest();
        d.resume(outer, BLOCK);
        d.update(innerHash);
        return d.digest();
    }
}
