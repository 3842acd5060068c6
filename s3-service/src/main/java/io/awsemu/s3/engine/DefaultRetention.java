package io.awsemu.s3.engine;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A bucket's Object Lock default retention (its configuration's {@code Rule/DefaultRetention}): the mode and
 * period every new version gets unless its write names a retention of its own. Exactly one of {@code days}
 * and {@code years} is positive.
 */
public record DefaultRetention(String mode, int days, int years) {
    public DefaultRetention {
        if (ObjectLock.mode(mode) == null) throw new IllegalArgumentException("mode " + mode);
        if ((days > 0) == (years > 0) || days < 0 || years < 0) throw new IllegalArgumentException("period");
    }

    /** The retain-until date of a version created at {@code created}: that instant plus the period. */
    public Instant until(Instant created) {
        if (days > 0) return created.plus(java.time.Duration.ofDays(days));
        return created.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
    }

    /** As stored beside the bucket: "MODE Nd" or "MODE Ny". */
    public String encode() {
        return mode + " " + (days > 0 ? days + "d" : years + "y");
    }

    public static DefaultRetention decode(String s) {
        String[] p = s.trim().split(" ");
        int n = Integer.parseInt(p[1].substring(0, p[1].length() - 1));
        return p[1].endsWith("d") ? new DefaultRetention(p[0], n, 0) : new DefaultRetention(p[0], 0, n);
    }
}
