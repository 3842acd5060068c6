package io.awsemu.core.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A finished child process (AWS CLI, python): exit code and both outputs, for exact assertions. */
public record ProcessResult(List<String> command, int exit, String stdout, String stderr) {

    public static ProcessResult run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile("awsemu-it", ".out");
        Path err = Files.createTempFile("awsemu-it", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new ProcessResult(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The {@code name=value} lines of stdout, in order (what the boto 2 scripts print). */
    public Map<String, String> keyValues() {
        Map<String, String> got = new java.util.LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) got.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return got;
    }

    @Override
    public String toString() {
        return command + " -> exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
