package io.awsemu.core.auth;

import java.util.Locale;

/** How much of a request's signature is checked (setting {@code awsemu.auth}). */
public enum AuthMode {
    /** Accept everything; the key and scope still give the account and region. */
    OFF,
    /** Verify requests signed with a configured key; accept unknown keys and anonymous requests. */
    KNOWN,
    /** Like KNOWN, but unknown keys and unsigned non-S3 requests are rejected. */
    STRICT;

    public static AuthMode parse(String s) {
        if (s == null || s.isBlank()) return KNOWN;
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "off": return OFF;
            case "known": return KNOWN;
            case "strict": return STRICT;
            default: throw new IllegalArgumentException("awsemu.auth must be off, known or strict, not '" + s + "'");
        }
    }
}
