package io.awsemu.s3.engine;

import io.awsemu.core.error.AwsException;
import io.awsemu.s3.S3AccessErrors;

import java.time.Instant;

/**
 * The Object Lock state of one object version: a retention (mode and retain-until date, both null for
 * none) and a legal hold ("ON", "OFF", or null when it was never set). The rules of what a retention
 * allows live here, free of the wire and the store.
 */
public record ObjectLock(String mode, Instant retainUntil, String legalHold) {
    public static final String GOVERNANCE = "GOVERNANCE";
    public static final String COMPLIANCE = "COMPLIANCE";
    public static final ObjectLock NONE = new ObjectLock(null, null, null);

    public ObjectLock {
        if ((mode == null) != (retainUntil == null)) throw new IllegalArgumentException("mode and date go together");
    }

    public boolean hasRetention() {
        return mode != null;
    }

    public boolean legalHoldOn() {
        return "ON".equals(legalHold);
    }

    /** A retention whose date has not passed at {@code now}. */
    public boolean retained(Instant now) {
        return mode != null && retainUntil.isAfter(now);
    }

    /** Whether anything keeps this version from being removed at {@code now} (with or without the governance bypass). */
    public boolean protects(Instant now, boolean bypassGovernance) {
        if (legalHoldOn()) return true;
        if (!retained(now)) return false;
        return mode.equals(COMPLIANCE) || !bypassGovernance;
    }

    /** Deleting this version for good: AccessDenied under a legal hold or a retention the caller cannot bypass. */
    public void checkDelete(Instant now, boolean bypassGovernance) {
        if (protects(now, bypassGovernance)) throw objectLocked();
    }

    public ObjectLock withRetention(String mode, Instant retainUntil) {
        return new ObjectLock(mode, retainUntil, legalHold);
    }

    public ObjectLock withLegalHold(String status) {
        return new ObjectLock(mode, retainUntil, status);
    }

    /**
     * PutObjectRetention's rules against this (the current) state at {@code now}: a COMPLIANCE retention
     * in force may only be kept or extended, in COMPLIANCE mode; a GOVERNANCE one may be extended or turned
     * into COMPLIANCE, and shortened, removed or changed otherwise only with the bypass. A retention whose
     * date has passed no longer binds.
     *
     * @param newMode  null (with {@code newUntil}) to remove the retention
     * @return the new state
     */
    public ObjectLock changeRetention(String newMode, Instant newUntil, Instant now, boolean bypassGovernance) {
        if (retained(now)) {
            boolean keepsOrExtends = newMode != null && !newUntil.isBefore(retainUntil);
            if (mode.equals(COMPLIANCE)) {
                if (!keepsOrExtends || !newMode.equals(COMPLIANCE)) throw objectLocked();
            } else if (!keepsOrExtends && !bypassGovernance) {
                throw objectLocked();
            }
        }
        return withRetention(newMode, newUntil);
    }

    /** AWS's answer to a change Object Lock forbids. */
    public static AwsException objectLocked() {
        return S3AccessErrors.accessDenied("Access Denied because object protected by object lock.");
    }

    /** GOVERNANCE or COMPLIANCE; anything else is null. */
    public static String mode(String s) {
        return GOVERNANCE.equals(s) || COMPLIANCE.equals(s) ? s : null;
    }
}
