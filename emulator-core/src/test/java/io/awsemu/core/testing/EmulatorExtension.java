package io.awsemu.core.testing;

import io.awsemu.core.server.EmulatorConfig;
import io.awsemu.core.server.EmulatorServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts an in-process emulator on a free port for a test class:
 * <pre>
 * {@literal @}RegisterExtension static EmulatorExtension emu = EmulatorExtension.builder().services("s3").build();
 * </pre>
 * Data lives in memory unless {@link Builder#persistent()} asks for a temporary directory (then
 * {@link #restart()} reopens the same data).
 */
public final class EmulatorExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> properties;
    private final boolean persistent;
    private EmulatorServer server;
    private Path dataDir;

    private EmulatorExtension(Map<String, String> properties, boolean persistent) {
        this.properties = properties;
        this.persistent = persistent;
    }

    public static Builder builder() { return new Builder(); }

    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private boolean persistent;

        private Builder() {
            properties.put("port", "0");
            properties.put("bindAddress", "127.0.0.1");
            properties.put("dataDir", EmulatorConfig.MEMORY);
        }

        public Builder services(String... ids) { properties.put("services", String.join(",", ids)); return this; }
        public Builder property(String key, String value) { properties.put(key, value); return this; }
        /** Keep data in a temporary directory so {@link #restart()} finds it again. */
        public Builder persistent() { persistent = true; return this; }
        public EmulatorExtension build() { return new EmulatorExtension(new LinkedHashMap<>(properties), persistent); }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (persistent) {
            dataDir = Files.createTempDirectory("awsemu-test-");
            properties.put("dataDir", dataDir.toString());
        }
        server = EmulatorServer.start(EmulatorConfig.of(properties));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) server.close();
        if (dataDir != null) TestFiles.deleteRecursively(dataDir);
    }

    /** Closes and starts the server again on the same port and data. */
    public void restart() {
        int port = server.port();
        server.close();
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put("port", Integer.toString(port));
        server = EmulatorServer.start(EmulatorConfig.of(p));
    }

    public URI endpoint() { return server.endpoint(); }
    public int port() { return server.port(); }
    public String region() { return server.config().region(); }
    public EmulatorServer server() { return server; }
    public Path dataDir() { return dataDir; }
}
