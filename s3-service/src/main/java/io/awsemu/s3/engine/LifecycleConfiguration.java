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
 * date and the transitions of current objects are carried out by {@link LifecycleSweeper}; the noncurrent-version,
 * delete-marker and incomplete-upload actions are handed to {@link LifecycleActions}.
 */
public record LifecycleConfiguration(List<Rule> rules) {
    public static final int MAX_RULES = 1000;

    /** The storage classes a transition may go to, in the order S3 moves objects along (never back). */
    static final List<String> WATERFALL = List.of("STANDARD", "STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA",
            "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE");
    /** Below this size (128 KB) an object transitions only as the bucket's minimum-size setting allows. */
    public static final long SMALL_OBJECT = 128 * 1024;
    /** x-amz-transition-default-minimum-object-size: small objects transition to no class. */
    public static final String ALL_CLASSES_128K = "all_storage_classes_128K";
    /** x-amz-transition-default-minimum-object-size: small objects transition to GLACIER and DEEP_ARCHIVE only. */
    public static final String VARIES_BY_CLASS = "varies_by_storage_class";

    /**
     * Where a class stands in {@link #WATERFALL} (REDUCED_REDUNDANCY with STANDARD), or -1 for a class lifecycle
     * never moves an object out of.
     */
    public static int rank(String storageClass) {
        return "REDUCED_REDUNDANCY".equals(storageClass) ? 0 : WATERFALL.indexOf(storageClass);
    }

    /**
     * A Transition (a current object's: {@code days} after creation or on {@code date}) or a
     * NoncurrentVersionTransition ({@code days} after the version became noncurrent, keeping the newest
     * {@code newerNoncurrentVersions} where they are) to {@code storageClass}.
     */
    public record Transition(boolean noncurrent, Integer days, Instant date, String storageClass,
                             Integer newerNoncurrentVersions) {
        /** When a current object written at {@code lastModified} is due: as {@link Rule#expiresAt}. */
        public Instant dueAt(Instant lastModified) {
            return date != null ? date : nextMidnight(lastModified.plus(days, ChronoUnit.DAYS));
        }
    }

    /**
     * Whether an object of {@code size} may transition to {@code storageClass}: the rule's own size filter decides
     * when it has one, else the bucket's minimum-size setting ({@link #ALL_CLASSES_128K} or {@link #VARIES_BY_CLASS}).
     */
    public static boolean sizeAllows(Filter filter, long size, String storageClass, String minimumSize) {
        if (filter.sizeGreaterThan() != null || filter.sizeLessThan() != null || size >= SMALL_OBJECT) return true;
        return VARIES_BY_CLASS.equals(minimumSize) && (storageClass.equals("GLACIER") || storageClass.equals("DEEP_ARCHIVE"));
    }

    private static Instant nextMidnight(Instant t) {
        Instant midnight = t.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        return midnight.equals(t) ? t : midnight.plus(1, ChronoUnit.DAYS);
    }

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
     * @param transitions               the Transition and NoncurrentVersionTransition actions
     */
    public record Rule(String id, boolean enabled, Filter filter, Integer expirationDays, Instant expirationDate,
                       Boolean expiredObjectDeleteMarker, Integer noncurrentDays, Integer newerNoncurrentVersions,
                       Integer abortAfterDays, List<Transition> transitions) {
        public Rule {
            transitions = List.copyOf(transitions);
        }

        /**
         * The class a current object of {@code storageClass} written at {@code lastModified} is due to go to at
         * {@code now}: the furthest along of the due transitions that is past its class, or null.
         */
        public String transitionDue(String storageClass, Instant lastModified, Instant now) {
            int from = rank(storageClass);
            String to = null;
            for (Transition t : transitions) {
                if (t.noncurrent() || from < 0 || rank(t.storageClass()) <= from || now.isBefore(t.dueAt(lastModified))) {
                    continue;
                }
                if (to == null || rank(t.storageClass()) > rank(to)) to = t.storageClass();
            }
            return to;
        }

        /** When an object written at {@code lastModified} expires under this rule, or null if it never does. */
        public Instant expiresAt(Instant lastModified) {
            if (expirationDate != null) return expirationDate;
            if (expirationDays == null) return null;
            // AWS: creation time plus the days, rounded up to the next midnight UTC
            return nextMidnight(lastModified.plus(expirationDays, ChronoUnit.DAYS));
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
            for (Transition t : r.transitions()) check(t);
            if (r.expirationDays() == null && r.expirationDate() == null && r.expiredObjectDeleteMarker() == null
                    && r.noncurrentDays() == null && r.abortAfterDays() == null && r.transitions().isEmpty()) {
                throw S3Errors.invalidRequest("At least one action needs to be specified in a rule");
            }
        }
    }

    /** AWS's checks of one transition: InvalidArgument for days below 0 (below 30 to an infrequent-access class). */
    private static void check(Transition t) {
        if (rank(t.storageClass()) < 1) throw S3Errors.malformedXml();
        String field = t.noncurrent() ? "NoncurrentDays" : "Days";
        String action = t.noncurrent() ? "NoncurrentVersionTransition" : "Transition";
        if (t.days() != null && t.days() < 0) {
            throw S3Errors.invalidArgument("'" + field + "' in " + action + " action must be nonnegative", field,
                    t.days().toString());
        }
        if (t.days() != null && t.days() < 30
                && (t.storageClass().equals("STANDARD_IA") || t.storageClass().equals("ONEZONE_IA"))) {
            throw S3Errors.invalidArgument("'" + field + "' in " + action + " action must be greater than or equal to 30"
                    + " for storageClass '" + t.storageClass() + "'", field, t.days().toString());
        }
        if (t.date() != null && !t.date().equals(t.date().truncatedTo(ChronoUnit.DAYS))) {
            throw S3Errors.invalidArgument("'Date' must be at midnight GMT", "Date", t.date().toString());
        }
        if (t.newerNoncurrentVersions() != null && t.newerNoncurrentVersions() <= 0) {
            throw S3Errors.invalidArgument("'NewerNoncurrentVersions' in NoncurrentVersionTransition action must be a"
                    + " positive integer", "NewerNoncurrentVersions", t.newerNoncurrentVersions().toString());
        }
    }
}
