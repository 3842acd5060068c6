package io.awsemu.s3.engine;

import io.awsemu.s3.S3Errors;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bucket's lifecycle rules, validated as PutBucketLifecycleConfiguration does. Expiration by days and
 * date is carried out by {@link LifecycleSweeper}; the noncurrent-version, delete-marker and
 * incomplete-upload actions are stored and handed to {@link LifecycleActions}.
 */
public record LifecycleConfiguration(List<Rule> rules) {
    public static final int MAX_RULES = 1000;

    /**
     * Which objects a rule applies to; each member null (or empty) when not set.
     *
     * @param tags every one of them must be on the object
     */
    public record Filter(String prefix, Map<String, String> tags, Long sizeGreaterThan, Long sizeLessThan) {
        public static final Filter ALL = new Filter(null, Map.of(), null, null);

        public boolean matches(String key, long size, Map<String, String> objectTags) {
            if (prefix != null && !key.startsWith(prefix)) return false;
            if (sizeGreaterThan != null && size <= sizeGreaterThan) return false;
            if (sizeLessThan != null && size >= sizeLessThan) return false;
            for (Map.Entry<String, String> t : tags.entrySet()) {
                if (!t.getValue().equals(objectTags.get(t.getKey()))) return false;
            }
            return true;
        }

        public String prefixOrEmpty() {
            return prefix == null ? "" : prefix;
        }
    }

    /**
     * @param expirationDays            Expiration/Days or null
     * @param expirationDate            Expiration/Date or null
     * @param expiredObjectDeleteMarker Expiration/ExpiredObjectDeleteMarker or null
     * @param noncurrentDays            NoncurrentVersionExpiration/NoncurrentDays or null
     * @param newerNoncurrentVersions   NoncurrentVersionExpiration/NewerNoncurrentVersions or null
     * @param abortAfterDays            AbortIncompleteMultipartUpload/DaysAfterInitiation or null
     * @param hasTransitions            Transition/NoncurrentVersionTransition present (stored, not acted on)
     */
    public record Rule(String id, boolean enabled, Filter filter, Integer expirationDays, Instant expirationDate,
                       Boolean expiredObjectDeleteMarker, Integer noncurrentDays, Integer newerNoncurrentVersions,
                       Integer abortAfterDays, boolean hasTransitions) {

        /** When an object written at {@code lastModified} expires under this rule, or null if it never does. */
        public Instant expiresAt(Instant lastModified) {
            if (expirationDate != null) return expirationDate;
            if (expirationDays == null) return null;
            // AWS: creation time plus the days, rounded up to the next midnight UTC
            Instant plus = lastModified.plus(expirationDays, ChronoUnit.DAYS);
            Instant midnight = plus.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
            return midnight.equals(plus) ? plus : midnight.plus(1, ChronoUnit.DAYS);
        }
    }

    public LifecycleConfiguration {
        rules = List.copyOf(rules);
        if (rules.isEmpty() || rules.size() > MAX_RULES) throw S3Errors.malformedXml();
        Set<String> ids = new HashSet<>();
        for (Rule r : rules) {
            if (r.id() != null) {
                if (r.id().length() > 255) {
                    throw S3Errors.invalidArgument("ID length should not exceed allowed limit of 255", "ID", r.id());
                }
                if (!ids.add(r.id())) {
                    throw S3Errors.invalidArgument("Rule ID must be unique. Found same ID for more than one rule",
                            "ID", r.id());
                }
            }
            if (r.expirationDays() != null && r.expirationDays() <= 0) {
                throw S3Errors.invalidArgument("'Days' for Expiration action must be a positive integer",
                        "Days", r.expirationDays().toString());
            }
            if (r.expirationDate() != null
                    && !r.expirationDate().equals(r.expirationDate().truncatedTo(ChronoUnit.DAYS))) {
                throw S3Errors.invalidArgument("'Date' must be at midnight GMT", "Date", r.expirationDate().toString());
            }
            if (r.noncurrentDays() != null && r.noncurrentDays() <= 0) {
                throw S3Errors.invalidArgument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a"
                        + " positive integer", "NoncurrentDays", r.noncurrentDays().toString());
            }
            if (r.abortAfterDays() != null && r.abortAfterDays() <= 0) {
                throw S3Errors.invalidArgument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be"
                        + " a positive integer", "DaysAfterInitiation", r.abortAfterDays().toString());
            }
            if (r.abortAfterDays() != null && !r.filter().tags().isEmpty()) {
                throw S3Errors.invalidRequest("Tag-based filter cannot be used with AbortIncompleteMultipartUpload action");
            }
            if (Boolean.TRUE.equals(r.expiredObjectDeleteMarker()) && !r.filter().tags().isEmpty()) {
                throw S3Errors.invalidRequest("ExpiredObjectDeleteMarker cannot be specified with tags.");
            }
            Filter f = r.filter();
            if (f.sizeGreaterThan() != null && f.sizeGreaterThan() < 0
                    || f.sizeLessThan() != null && f.sizeLessThan() <= 0) {
                throw S3Errors.invalidArgument("'ObjectSizeGreaterThan' and 'ObjectSizeLessThan' must be non-negative"
                        + " and 'ObjectSizeLessThan' greater than zero", "ObjectSize", null);
            }
            if (f.sizeGreaterThan() != null && f.sizeLessThan() != null && f.sizeGreaterThan() >= f.sizeLessThan()) {
                throw S3Errors.invalidArgument("ObjectSizeGreaterThan must be less than ObjectSizeLessThan in And"
                        + " operator", "ObjectSizeGreaterThan", f.sizeGreaterThan().toString());
            }
            if (r.expirationDays() == null && r.expirationDate() == null && r.expiredObjectDeleteMarker() == null
                    && r.noncurrentDays() == null && r.abortAfterDays() == null && !r.hasTransitions()) {
                throw S3Errors.invalidRequest("At least one action needs to be specified in a rule");
            }
        }
    }
}
