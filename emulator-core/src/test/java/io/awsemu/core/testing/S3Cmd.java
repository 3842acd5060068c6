package io.awsemu.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's s3cmd ({@code /usr/bin/s3cmd}) against the emulator on loopback: path-style requests to
 * {@code 127.0.0.1:port}, plain HTTP, key {@code test}/{@code test}, signed with SigV4 (s3cmd's
 * default) or, after {@link #signatureV2()}, SigV2. Every call gets a configuration file of its own
 * in a temporary directory that is also its {@code HOME}, so no {@code ~/.s3cfg} leaks in. Each call
 * first skips the test (a JUnit assumption, with the reason) when s3cmd is not installed; CI installs it.
 * <pre>
 * S3Cmd.on(emu.port()).signatureV2().ok("mb", "s3://bucket");
 * </pre>
 */
public final class S3Cmd {
    public static final Path S3CMD = Path.of("/usr/bin/s3cmd");

    private final int port;
    private final boolean v2;
    private final String secret;

    private S3Cmd(int port, boolean v2, String secret) {
        this.port = port;
        this.v2 = v2;
        this.secret = secret;
    }

    /** SigV4 in us-east-1 with key {@code test}/{@code test}. */
    public static S3Cmd on(int port) {
        return new S3Cmd(port, false, "test");
    }

    /** The same, signing with SigV2 ({@code signature_v2 = True}, what {@code --signature-v2} sets). */
    public S3Cmd signatureV2() {
        return new S3Cmd(port, true, secret);
    }

    /** The same, signing with another secret key (for signature errors). */
    public S3Cmd secret(String secretKey) {
        return new S3Cmd(port, v2, secretKey);
    }

    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(S3CMD), "Debian's s3cmd (" + S3CMD + ") is not installed; apt-get install s3cmd");
    }

    /** The configuration file's text. */
    public String config() {
        return String.join("\n",
                "[default]",
                "access_key = test",
                "secret_key = " + secret,
                "host_base = 127.0.0.1:" + port,
                // no %(bucket)s in host_bucket: path-style requests
                "host_bucket = 127.0.0.1:" + port,
                "bucket_location = us-east-1",
                "use_https = False",
                "signature_v2 = " + (v2 ? "True" : "False"),
                "progress_meter = False",
                "");
    }

    /** Runs {@code s3cmd -c <config> args...}; exit code and output for assertions. */
    public ProcessResult run(String... args) throws Exception {
        assumeInstalled();
        Path home = Files.createTempDirectory("awsemu-s3cmd");
        try {
            Path config = Files.writeString(home.resolve("s3cfg"), config());
            List<String> cmd = new ArrayList<>(List.of(S3CMD.toString(), "-c", config.toString()));
            cmd.addAll(List.of(args));
            return ProcessResult.run(cmd, Map.of("HOME", home.toString(), "LC_ALL", "C.UTF-8", "PYTHONIOENCODING", "utf-8"));
        } finally {
            TestFiles.deleteRecursively(home);
        }
    }

    /** {@link #run} and assert it exited 0. */
    public ProcessResult ok(String... args) throws Exception {
        ProcessResult r = run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }
}
