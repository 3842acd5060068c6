package io.awsemu.s3.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An account's S3 identity: a 64-hex canonical user id, as AWS's look, stable per account, and a
 * display name. Grants and Owner elements use it.
 */
public record CanonicalUser(String id, String displayName) {

    public static CanonicalUser of(String accountId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("awsemu-canonical-user:" + accountId).getBytes(StandardCharsets.UTF_8));
            return new CanonicalUser(HexFormat.of().formatHex(d), "awsemu-" + accountId);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
