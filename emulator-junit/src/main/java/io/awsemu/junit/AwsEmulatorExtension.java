package io.awsemu.junit;

import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.core.server.EmulatorServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the emulator in this JVM for a test class, on a free port, with data in memory by default:
 * <pre>
 * {@literal @}RegisterExtension
 * static AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3", "sqs").build();
 *
 * S3Client s3 = emu.s3Client();
 * </pre>
 * As a {@code static} field the server starts before all tests and stops after them. As an instance
 * field it starts before the first test that sees it and stops after that test (with
 * {@code @TestInstance(PER_CLASS)}: after all tests). {@link #start()} and {@link #close()} also
 * work without JUnit.
 *
 * <p>The services come from the test classpath (add {@code io.awsemu:s3-service} etc.); the SDK v2
 * jars are optional: the SDK-typed methods ({@link #region()}, {@link #credentials()}, the client
 * methods) need only the SDK jar of what they return, and answer a clear
 * {@link IllegalStateException} naming the missing artifact otherwise. The classes
 * {@link S3Clients} and {@link SqsClients} hold the client code, so this class loads without them.
 */
public final class AwsEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {

    private final Map<String, String> properties;
    private final Set<String> requiredServices;
    private final Path fixedDataDir;
    private final boolean temporaryDataDir;
    private final String regionName;
    private final String accessKey;
    private final String secretKey;

    private EmulatorServer server;
    private Path dataDir;
    /** Unique id of the JUnit context that started the server; only that context's end stops it. */
    private String owner;

    private AwsEmulatorExtension(Builder b) {
        this.properties = new LinkedHashMap<>(b.properties);
        this.requiredServices = b.services == null ? Set.of()
                : EmulatorConfig.of(Map.of("services", String.join(",", b.services))).services();
        this.fixedDataDir = b.dataDir;
        this.temporaryDataDir = b.persistent;
        this.regionName = b.region;
        this.accessKey = b.accessKey;
        this.secretKey = b.secretKey;
    }

    public static Builder builder() { return new Builder(); }

    /** Options; every setter returns the builder. The last of {@code inMemory/persistent/dataDir} wins. */
    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private List<String> services;
        private Path dataDir;
        private boolean persistent;
        private int port;
        private String region = "us-east-1";
        private String accessKey = "test";
        private String secretKey = "test";

        private Builder() {}

        /** Services to start (botocore ids: s3, sqs, ec2, sdb, rds, cloudfront); default every one on the classpath. */
        public Builder services(String... ids) {
            if (ids.length == 0) throw new IllegalArgumentException("services() needs at least one service id");
            services = List.of(ids);
            return this;
        }

        /** Data in memory, gone when the server stops (the default). */
        public Builder inMemory() {
            dataDir = null;
            persistent = false;
            return this;
        }

        /** Data in a fresh temporary directory, kept across {@link #restart()}, deleted when the server stops. */
        public Builder persistent() {
            dataDir = null;
            persistent = true;
            return this;
        }

        /** Data in this directory (created if missing), left in place afterwards. */
        public Builder dataDir(Path dir) {
            dataDir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
            persistent = false;
            return this;
        }

        /** TCP port; 0 (the default) takes a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not 0..65535");
            this.port = port;
            return this;
        }

        /** Region the clients use and the server assumes for requests that carry none; default us-east-1. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * Key pair the clients sign with (default {@code test}/{@code test}). The server's
         * {@code credentials} setting is set to the same pair, so signatures are verified.
         */
        public Builder credentials(String accessKey, String secretKey) {
            if (accessKey == null || accessKey.isEmpty() || accessKey.contains(":") || accessKey.contains(","))
                throw new IllegalArgumentException("access key must be non-empty without ':' or ','");
            if (secretKey == null || secretKey.isEmpty() || secretKey.contains(":") || secretKey.contains(","))
                throw new IllegalArgumentException("secret key must be non-empty without ':' or ','");
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        /**
         * Any emulator setting, by its key ({@code auth}, {@code maxBody}, ...) or property name
         * ({@code awsemu.auth}); see docs/configuration.md. Wins over what the other options derive,
         * except {@code port}, {@code dataDir} and {@code services}, which have options of their own.
         */
        public Builder property(String key, String value) {
            Objects.requireNonNull(value, "value");
            String k = key.startsWith("awsemu.") ? key.substring("awsemu.".length()) : key;
            EmulatorConfig.Key found = null;
            for (EmulatorConfig.Key c : EmulatorConfig.Key.values()) if (c.key.equals(k)) found = c;
            if (found == null) throw new IllegalArgumentException("unknown awsemu setting '" + key + "'");
            switch (found) {
                case PORT: return port(Integer.parseInt(value.trim()));
                case DATA_DIR: return EmulatorConfig.MEMORY.equals(value.trim()) ? inMemory() : dataDir(Path.of(value.trim()));
                case SERVICES: return services(value.split(","));
                case REGION: return region(value.trim());
                default: properties.put(k, value);
            }
            return this;
        }

        public AwsEmulatorExtension build() {
            Map<String, String> p = new LinkedHashMap<>();
            // defaults that suit tests: loopback only, and whatever services the classpath offers
            p.put("bindAddress", "127.0.0.1");
            p.put("region", region);
            p.put("credentials", accessKey + ":" + secretKey);
            p.put("shutdownGraceMillis", "2000");
            p.putAll(properties);
            p.put("port", Integer.toString(port));
            if (services != null) p.put("services", String.join(",", services));
            Builder copy = new Builder();
            copy.properties.putAll(p);
            copy.services = services;
            copy.dataDir = dataDir;
            copy.persistent = persistent;
            copy.region = region;
            copy.accessKey = accessKey;
            copy.secretKey = secretKey;
            return new AwsEmulatorExtension(copy);
        }
    }

    // ---- JUnit lifecycle ----

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    /** Instance fields get no beforeAll (unless PER_CLASS): start here, once. */
    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    private void startFor(ExtensionContext context) {
        if (server != null) return;
        start();
        owner = context.getUniqueId();
    }

    private void stopFor(ExtensionContext context) {
        // a nested class or a test method of a class-level start is not the owner: keep running
        if (owner != null && owner.equals(context.getUniqueId())) close();
    }

    // ---- lifecycle without JUnit ----

    /** Starts the server unless it runs already. */
    public synchronized AwsEmulatorExtension start() {
        if (server != null) return this;
        owner = null;
        try {
            if (fixedDataDir != null) dataDir = fixedDataDir;
            else if (temporaryDataDir) dataDir = Files.createTempDirectory("awsemu-junit-");
            else dataDir = null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary data directory", e);
        }
        server = launch(properties.get("port"));
        return this;
    }

    private EmulatorServer launch(String port) {
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put("port", port);
        p.put("dataDir", dataDir == null ? EmulatorConfig.MEMORY : dataDir.toString());
        EmulatorServer s;
        try {
            s = EmulatorServer.start(EmulatorConfig.of(p));
        } catch (RuntimeException | Error e) {
            deleteTemporaryDataDir();
            throw e;
        }
        List<String> missing = new ArrayList<>(requiredServices);
        missing.removeAll(s.serviceIds());
        if (!missing.isEmpty()) {
            s.close();
            deleteTemporaryDataDir();
            throw new IllegalStateException("service(s) " + missing + " not found on the classpath: add "
                    + missing.stream().map(AwsEmulatorExtension::artifactOf).toList()
                    + " (test scope), or io.awsemu's all-in-one distribution");
        }
        return s;
    }

    private static String artifactOf(String serviceId) {
        return "io.awsemu:" + (serviceId.equals("sdb") ? "simpledb" : serviceId) + "-service";
    }

    /**
     * Stops and starts the server on the same port and data directory. With {@link Builder#persistent()}
     * or {@link Builder#dataDir(Path)} the data survives; in memory it does not. Clients built before
     * keep working (same endpoint).
     */
    public synchronized void restart() {
        EmulatorServer s = requireRunning();
        int port = s.port();
        s.close();
        server = null;
        try {
            server = launch(Integer.toString(port));
        } catch (RuntimeException | Error e) {
            dataDir = null;
            owner = null;
            throw e;
        }
    }

    /** Stops the server and deletes a {@link Builder#persistent()} data directory. Idempotent. */
    @Override
    public synchronized void close() {
        EmulatorServer s = server;
        server = null;
        owner = null;
        try {
            if (s != null) s.close();
        } finally {
            deleteTemporaryDataDir();
            dataDir = null;
        }
    }

    private void deleteTemporaryDataDir() {
        if (temporaryDataDir && dataDir != null) TempDirs.deleteRecursively(dataDir);
    }

    // ---- what tests use ----

    public synchronized boolean isRunning() { return server != null; }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() { return requireRunning().endpoint(); }

    public int port() { return requireRunning().port(); }

    /** The data directory in use; null in memory. */
    public synchronized Path dataDir() {
        requireRunning();
        return dataDir;
    }

    public String regionName() { return regionName; }

    public String accessKey() { return accessKey; }

    public String secretKey() { return secretKey; }

    /** The SDK v2 region (needs {@code software.amazon.awssdk:regions}). */
    public Region region() {
        SdkSupport.require("software.amazon.awssdk.regions.Region", "software.amazon.awssdk:regions", "region()");
        return SdkSupport.region(regionName);
    }

    /** Static credentials of the configured pair (needs {@code software.amazon.awssdk:auth}). */
    public AwsCredentialsProvider credentials() {
        SdkSupport.require("software.amazon.awssdk.auth.credentials.AwsCredentialsProvider",
                "software.amazon.awssdk:auth", "credentials()");
        return SdkSupport.credentials(accessKey, secretKey);
    }

    /**
     * An S3 client builder aimed at this server: endpoint, region, credentials, path-style on, and the
     * URL-connection HTTP client when it is on the classpath (else the SDK's default).
     * Needs {@code software.amazon.awssdk:s3}.
     */
    public S3ClientBuilder s3ClientBuilder() {
        SdkSupport.require("software.amazon.awssdk.services.s3.S3Client", "software.amazon.awssdk:s3", "s3ClientBuilder()");
        return S3Clients.builder(this);
    }

    /** {@code s3ClientBuilder().build()}; the caller closes it. */
    public S3Client s3Client() {
        SdkSupport.require("software.amazon.awssdk.services.s3.S3Client", "software.amazon.awssdk:s3", "s3Client()");
        return S3Clients.client(this);
    }

    /** An SQS client builder aimed at this server. Needs {@code software.amazon.awssdk:sqs}. */
    public SqsClientBuilder sqsClientBuilder() {
        SdkSupport.require("software.amazon.awssdk.services.sqs.SqsClient", "software.amazon.awssdk:sqs", "sqsClientBuilder()");
        return SqsClients.builder(this);
    }

    /** {@code sqsClientBuilder().build()}; the caller closes it. */
    public SqsClient sqsClient() {
        SdkSupport.require("software.amazon.awssdk.services.sqs.SqsClient", "software.amazon.awssdk:sqs", "sqsClient()");
        return SqsClients.client(this);
    }

    /** The embedded server, for what the accessors above do not cover. */
    public EmulatorServer server() { return requireRunning(); }

    private synchronized EmulatorServer requireRunning() {
        if (server == null)
            throw new IllegalStateException("the emulator is not running: register the extension with "
                    + "@RegisterExtension (static for one server per class), or call start()");
        return server;
    }

    @Override
    public String toString() {
        EmulatorServer s;
        synchronized (this) { s = server; }
        return "AwsEmulatorExtension[" + (s == null ? "stopped" : s.endpoint() + " " + s.serviceIds()) + "]";
    }
}
