package io.awsemu.core.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs a python script with Debian's boto 2 ({@code /usr/bin/python3}, package python3-boto) or boto3 (python3-boto3)
 * against the emulator. Skips the test, with the reason, when the module is not installed.
 */
public final class Boto2 {
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private Boto2() {}

    /**
     * Runs {@code resource} from {@code owner}'s test resources with the port as its argument and
     * asserts it exited 0. {@code module} is the boto 2 module the script needs ("boto", "boto.sdb").
     */
    public static ProcessResult run(Class<?> owner, String resource, int port, String module) throws Exception {
        return run(owner, resource, port, module, "Debian's python3-boto (boto 2)", Map.of());
    }

    /**
     * As {@link #run(Class, String, int, String)} with Debian's boto3 (python3-boto3); the script may import
     * {@code boto3_checks} (this test-jar's {@code /python/boto3_checks.py}).
     */
    public static ProcessResult boto3(Class<?> owner, String resource, int port) throws Exception {
        Path lib = Files.createTempDirectory("awsemu-python");
        Path checks = lib.resolve("boto3_checks.py");
        try (InputStream in = Boto2.class.getResourceAsStream("/python/boto3_checks.py")) {
            Files.copy(in, checks);
            return run(owner, resource, port, "boto3", "Debian's python3-boto3", Map.of("PYTHONPATH", lib.toString(),
                    "PYTHONDONTWRITEBYTECODE", "1"));
        } finally {
            Files.deleteIfExists(checks);
            Files.deleteIfExists(lib);
        }
    }

    private static ProcessResult run(Class<?> owner, String resource, int port, String module, String what,
                                     Map<String, String> env) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), PYTHON + " is not installed");
        assumeTrue(ProcessResult.run(List.of(PYTHON.toString(), "-c", "import " + module), Map.of()).exit() == 0,
                what + " is not installed");
        Path script = Path.of(owner.getResource(resource).toURI());
        Map<String, String> all = new HashMap<>(env);
        all.putAll(Map.of("BOTO_CONFIG", "/dev/null", "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
        ProcessResult r = ProcessResult.run(List.of(PYTHON.toString(), script.toString(), Integer.toString(port)), all);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }
}
