package io.awsemu.simpledb.engine;

/**
 * The documented limits ("Limits" in the Developer Guide). Configurable so tests and small
 * installations can reach the per-account and per-domain ones.
 *
 * @param maxDomains           domains per account and region (AWS default 250)
 * @param maxDomainAttributes  name/value pairs per domain (1 billion)
 * @param maxDomainBytes       raw bytes per domain: item names, attribute names and values (10 GB)
 */
public record SimpleDbLimits(int maxDomains, long maxDomainAttributes, long maxDomainBytes) {
    public static final int MAX_PAIRS_PER_ITEM = 256;
    public static final int MAX_SUBMITTED_ATTRIBUTES = 256;
    public static final int MAX_NAME_BYTES = 1024;
    public static final int MAX_BATCH_ITEMS = 25;
    public static final int MAX_LIST_DOMAINS = 100;
    public static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    public static SimpleDbLimits defaults() {
        return new SimpleDbLimits(250, 1_000_000_000L, 10L * 1024 * 1024 * 1024);
    }

    /** Defaults, overridden by {@code awsemu.sdb.maxDomains} / {@code AWSEMU_SDB_MAX_DOMAINS}. */
    public static SimpleDbLimits fromEnvironment() {
        String v = System.getProperty("awsemu.sdb.maxDomains", System.getenv("AWSEMU_SDB_MAX_DOMAINS"));
        SimpleDbLimits d = defaults();
        if (v == null || v.isBlank()) return d;
        try {
            return new SimpleDbLimits(Integer.parseInt(v.trim()), d.maxDomainAttributes(), d.maxDomainBytes());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("awsemu.sdb.maxDomains must be a whole number, not '" + v + "'");
        }
    }
}
