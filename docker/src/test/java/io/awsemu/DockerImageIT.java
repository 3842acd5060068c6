package io.awsemu;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds the image from the jar this build just packaged (on a base made from Debian's packages,
 * nothing pulled) and runs docker/smoke-test.sh: health, a bucket from the host's AWS CLI, a new
 * container on the same volume finds it. Needs a Docker engine (.ci/install-docker.sh starts one);
 * skipped with the reason otherwise.
 */
class DockerImageIT {
    static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void imageBuildsStartsAndKeepsDataAcrossContainers() throws Exception {
        Assumptions.assumeTrue(run(30, "docker", "info") == 0,
                "no Docker engine answers here (run .ci/install-docker.sh); the image is not tested");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/aws")),
                "Debian's AWS CLI (/usr/bin/aws) is missing; apt-get install awscli");
        assertTrue(Files.exists(MODULE.resolve("target/awsemu.jar")), "the jar is packaged before integration tests");
        assertEquals(0, run(1500, "bash", MODULE.resolve("build-image.sh").toString()), "docker/build-image.sh failed");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder smoke = new ProcessBuilder("bash", MODULE.resolve("smoke-test.sh").toString()).inheritIO();
        smoke.environment().put("AWSEMU_SMOKE_PORT", Integer.toString(port));
        smoke.environment().put("SMOKE_SQS", "1");
        smoke.environment().put("SMOKE_S3_OBJECT", "1");
        Process p = smoke.start();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "smoke test timed out");
        assertEquals(0, p.exitValue(), "docker/smoke-test.sh failed (its output is above)");
    }

    private static int run(int timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
