package io.awsemu.core.server;

import io.awsemu.core.auth.AuthMode;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Configuration, read once: system property {@code awsemu.<key>}, else environment variable
 * {@code AWSEMU_<KEY>} (camelCase keys also as {@code AWSEMU_CAMEL_CASE}), else the default. Every key
 * is listed in {@link Key} and in docs/configuration.md (a test keeps the two in step).
 */
public final class EmulatorConfig {

    /** Every setting, its default and what it means. */
    public enum Key {
        PORT("port", "4566", "TCP port all services listen on"),
        BIND_ADDRESS("bindAddress", "127.0.0.1", "address to bind; the Docker image sets 0.0.0.0"),
        DATA_DIR("dataDir", "~/.awsemu/data", "where RocksDB (`blobs/`: object bytes and SQS messages) and H2 (`meta.mv.db`) keep data; :memory: keeps nothing"),
        AUTH("auth", "known", "off, known or strict: which signatures are verified (see below)"),
        CREDENTIALS("credentials", "test:test:000000000000",
                "comma-separated accessKey:secretKey[:accountId] pairs that are verified"),
        DEFAULT_ACCOUNT("defaultAccount", "000000000000", "account of unknown keys and anonymous requests"),
        REGION("region", "us-east-1", "region of requests that carry none (SigV2, anonymous)"),
        SERVICES("services", "s3,sqs,ec2,sdb,rds,cloudfront", "services to start (botocore ids)"),
        HOSTNAME("hostname", "localhost", "host name put into returned URLs (SQS queue URLs, S3 Location)"),
        DOMAIN("domain", "localhost", "base domain for virtual hosts (bucket.s3.DOMAIN); amazonaws.com always works too"),
        WORKERS("workers", "0", "handler threads; 0 means 4 per core, at least 16"),
        MAX_QUEUED("maxQueued", "1024", "requests waiting for a worker before answering SlowDown/ServiceUnavailable"),
        MAX_BODY("maxBody", "16777216", "cap in bytes on an aggregated (non-streamed) request body"),
        SHUTDOWN_GRACE("shutdownGraceMillis", "10000", "how long SIGTERM waits for in-flight requests"),
        DOCKER_HOST("dockerHost", "unix:///var/run/docker.sock", "Docker Engine socket used for EC2 and RDS"),
        NATIVE_DIR("nativeDir", "~/.awsemu/native",
                "where RocksDB's native library is extracted once and loaded from at each start; empty: a new temp file each start"),
        NATIVE_DIGESTS("nativeDigests", "auto",
                "auto: SHA-256/MD5/SHA-1 of large bodies from the bundled native library (Amazon Corretto Crypto"
                        + " Provider), loaded in the background after the first body of 1 MiB or more (or 8 MiB of smaller"
                        + " bodies together), in a JVM limited to C1 (the image) on Linux x86-64; Java digests until then and elsewhere. off: Java digests only"),
        META_TEMPLATE("metaTemplate", "",
                "an H2 metadata file with every service's schema already migrated, copied into a data dir that has"
                        + " none yet (the image makes one at build time); empty: the first start runs the migrations"),
        S3_LIFECYCLE_SWEEP_MINUTES("s3.lifecycleSweepMinutes", "60",
                "minutes between S3 lifecycle sweeps (expirations and transitions, read from the clock); 0 turns the"
                        + " schedule off. `POST /_aws/s3/lifecycle[?now=<ISO instant>]` runs one at once and answers"
                        + " `{\"expired\":n,\"transitioned\":m}`"),
        S3_PUBLISH_STORE_MILLIS("s3.publishStoreMillis", "100",
                "milliseconds a PutObject's publish may wait before the metadata database is stored; until then"
                        + " its record in the publish log (RocksDB's write-ahead log) is what makes it survive kill -9,"
                        + " and a start replays it. Longer: more PUTs share one store");

        public final String key;
        public final String defaultValue;
        public final String description;

        Key(String key, String defaultValue, String description) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        public String property() { return "awsemu." + key; }

        public String envVar() {
            return "AWSEMU_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
        }
    }

    public static final String MEMORY = ":memory:";

    private final Map<Key, String> values;

    private EmulatorConfig(Map<Key, String> values) {
        this.values = values;
    }

    /** From system properties and the environment. */
    public static EmulatorConfig fromEnvironment() {
        return fromEnvironment(Map.of());
    }

    /** From system properties and the environment, then {@code overrides} (keys as in {@link Key#key}). */
    public static EmulatorConfig fromEnvironment(Map<String, String> overrides) {
        Map<Key, String> v = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            String s = System.getProperty(k.property());
            if (s == null) s = System.getenv(k.envVar());
            if (s == null) s = System.getenv("AWSEMU_" + k.key.toUpperCase(Locale.ROOT));
            if (s != null) v.put(k, s.trim());
        }
        overrides.forEach((key, value) -> v.put(byKey(key), value));
        return new EmulatorConfig(v);
    }

    /** Only defaults and {@code overrides}; ignores the environment (tests). */
    public static EmulatorConfig of(Map<String, String> overrides) {
        Map<Key, String> v = new LinkedHashMap<>();
        overrides.forEach((key, value) -> v.put(byKey(key), value));
        return new EmulatorConfig(v);
    }

    public EmulatorConfig with(String key, String value) {
        Map<Key, String> v = new LinkedHashMap<>(values);
        v.put(byKey(key), value);
        return new EmulatorConfig(v);
    }

    private static Key byKey(String key) {
        for (Key k : Key.values()) if (k.key.equals(key)) return k;
        throw new IllegalArgumentException("unknown awsemu setting '" + key + "'");
    }

    public String get(Key k) {
        return values.getOrDefault(k, k.defaultValue);
    }

    public int getInt(Key k) {
        String s = get(k);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k.property() + " must be a whole number, not '" + s + "'");
        }
    }

    public long getLong(Key k) {
        String s = get(k);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k.property() + " must be a whole number, not '" + s + "'");
        }
    }

    public int port() { return getInt(Key.PORT); }
    public String bindAddress() { return get(Key.BIND_ADDRESS); }
    public String region() { return get(Key.REGION); }
    public String defaultAccount() { return get(Key.DEFAULT_ACCOUNT); }
    public String hostname() { return get(Key.HOSTNAME); }
    public String domain() { return get(Key.DOMAIN); }

    public boolean inMemory() { return MEMORY.equals(get(Key.DATA_DIR)); }

    /** The data directory, with a leading ~ expanded; null for {@code :memory:}. */
    public Path dataDir() {
        return inMemory() ? null : expandHome(get(Key.DATA_DIR));
    }

    /** Where RocksDB's native library is cached, with a leading ~ expanded; null when blank. */
    public Path nativeDir() {
        String d = get(Key.NATIVE_DIR);
        return d.isBlank() ? null : expandHome(d.strip());
    }

    /** The metadata template ({@link Key#META_TEMPLATE}), with a leading ~ expanded; null when blank. */
    public Path metaTemplate() {
        String t = get(Key.META_TEMPLATE);
        return t.isBlank() ? null : expandHome(t.strip());
    }

    private static Path expandHome(String d) {
        if (d.equals("~") || d.startsWith("~/")) d = System.getProperty("user.home") + d.substring(1);
        return Path.of(d).toAbsolutePath();
    }

    public Set<String> services() {
        return Arrays.stream(get(Key.SERVICES).split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .map(s -> s.equals("simpledb") ? "sdb" : s)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** {@code awsemu.auth}: how much of a request's signature is checked. */
    public AuthMode authMode() {
        return AuthMode.parse(get(Key.AUTH));
    }

    public int workers() {
        int w = getInt(Key.WORKERS);
        return w > 0 ? w : Math.max(16, Runtime.getRuntime().availableProcessors() * 4);
    }

    public List<String> credentialEntries() {
        return Arrays.stream(get(Key.CREDENTIALS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Every setting with its effective value, for the health endpoint and the start-up log. */
    public Map<String, String> effective() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            String v = get(k);
            if (k == Key.CREDENTIALS) v = v.replaceAll(":[^:,]+(:|,|$)", ":***$1");
            m.put(k.key, v);
        }
        return m;
    }
}
