package io.awsemu.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's AWS CLI ({@code /usr/bin/aws}, not a pyenv shim) against the emulator on loopback, with
 * key {@code test} and nothing of the user's own configuration, credentials, pager or instance
 * metadata leaking in. Each call first skips the test (a JUnit assumption, with the reason) when
 * the CLI is not installed; CI installs it.
 * <pre>
 * static ProcessResult aws(String... args) throws Exception { return AwsCli.on(emu.port()).run(args); }
 * </pre>
 */
public final class AwsCli {
    public static final Path AWS = Path.of("/usr/bin/aws");

    private final int port;
    private final String secret;
    private final Path config;
    private final List<String> options;

    private AwsCli(int port, String secret, Path config, List<String> options) {
        this.port = port;
        this.secret = secret;
        this.config = config;
        this.options = options;
    }

    /** The CLI against {@code http://127.0.0.1:port} with key {@code test}/{@code test} in us-east-1. */
    public static AwsCli on(int port) {
        return new AwsCli(port, "test", null, List.of());
    }

    /** The same CLI signing with another secret key (for signature errors). */
    public AwsCli secret(String secretKey) {
        return new AwsCli(port, secretKey, config, options);
    }

    /** The same CLI reading {@code file} as its config ({@code AWS_CONFIG_FILE}), e.g. for {@code s3 =} settings. */
    public AwsCli config(Path file) {
        return new AwsCli(port, secret, file, options);
    }

    /**
     * The same CLI with {@code aws s3} transfer settings written to a config file in {@code dir}: files
     * above {@code threshold} go up in {@code 8MB} parts, and come down in ranged GETs.
     */
    public AwsCli multipartThreshold(Path dir, String threshold) throws java.io.IOException {
        Path file = dir.resolve("config-" + threshold);
        java.nio.file.Files.writeString(file, "[default]\ns3 =\n  multipart_threshold = " + threshold
                + "\n  multipart_chunksize = 8MB\n");
        return config(file);
    }

    /** The same CLI with global options put before every command, e.g. {@code "--output", "text"}. */
    public AwsCli options(String... globalOptions) {
        List<String> o = new ArrayList<>(options);
        o.addAll(List.of(globalOptions));
        return new AwsCli(port, secret, config, List.copyOf(o));
    }

    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(AWS), "Debian's AWS CLI (" + AWS + ") is not installed; apt-get install awscli");
    }

    /** The environment every call gets: only what is set here reaches the CLI's configuration chain. */
    public Map<String, String> environment() {
        return Map.of(
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", secret, "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_CONFIG_FILE", config == null ? "/nonexistent/awsemu-config" : config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/awsemu-credentials",
                "AWS_PAGER", "", "AWS_EC2_METADATA_DISABLED", "true");
    }

    /** Runs {@code aws --endpoint-url http://127.0.0.1:port [options] args...}; exit code and output for assertions. */
    public ProcessResult run(String... args) throws Exception {
        assumeInstalled();
        List<String> cmd = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", "http://127.0.0.1:" + port));
        cmd.addAll(options);
        cmd.addAll(List.of(args));
        return ProcessResult.run(cmd, environment());
    }

    /** {@link #run} and assert it exited 0. */
    public ProcessResult ok(String... args) throws Exception {
        ProcessResult r = run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }
}
