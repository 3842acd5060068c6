package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Version ids as S3 shows them: 32 URL-safe characters, or "null" for the null version. */
public final class VersionIds {
    private VersionIds() {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{32}");

    public static String next() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** InvalidArgument for an id no version could have (S3 answers so for ids it cannot decode). */
    public static String check(String versionId) {
        if (versionId == null || versionId.equals("null") || SHAPE.matcher(versionId).matches()) return versionId;
        throw S3Errors.invalidArgument("Invalid version id specified", "versionId", versionId);
    }
}
