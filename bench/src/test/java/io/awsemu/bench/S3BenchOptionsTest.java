package io.awsemu.bench;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3Bench's argument parsing, its table and the image flags it reads; the bench itself runs from bench/run. */
class S3BenchOptionsTest {

    @Test
    void defaults() {
        S3Bench.Options o = S3Bench.Options.parse();
        assertEquals(List.of("awsemu", "s3proxy", "s3mock", "null"), o.targets());
        assertEquals(List.of("small", "large", "multipart", "list"), o.workloads());
        assertEquals(List.of(4, 10, 3, 64, 3, 1024, 64, 10_000, 5), List.of(o.threads(), o.seconds(), o.warmupSeconds(),
                o.largeMib(), o.largeRuns(), o.multipartMib(), o.partMib(), o.listKeys(), o.listRuns()));
        assertEquals(Path.of("bench/s3-peers/target/s3proxy.jar"), o.s3proxyJar());
        assertEquals(null, o.awsemuFlags());
    }

    @Test
    void explicitValues() {
        S3Bench.Options o = S3Bench.Options.parse("--targets", "s3mock,awsemu,s3mock", "--workloads", "list", "--threads", "2",
                "--warmup", "0", "--multipart-mib", "100", "--part-mib", "5", "--awsemu-flags", " -Xmx64m ");
        assertEquals(List.of("s3mock", "awsemu"), o.targets());
        assertEquals(List.of("list"), o.workloads());
        assertEquals(2, o.threads());
        assertEquals(0, o.warmupSeconds());
        assertEquals(100, o.multipartMib());
        assertEquals("-Xmx64m", o.awsemuFlags());
    }

    @Test
    void clientWarmupIsTheSameWorkloadsMadeSmallAgainstTheNullEndpoint() {
        S3Bench.Options w = S3Bench.Options.parse("--workloads", "small,list", "--warmup", "2").clientWarmup();
        assertEquals(List.of("null"), w.targets());
        assertEquals(List.of("small", "list"), w.workloads());
        assertEquals(List.of(2, 0, 1, 64, 64, 2000, 1), List.of(w.seconds(), w.warmupSeconds(), w.largeRuns(),
                w.partMib(), w.multipartMib(), w.listKeys(), w.listRuns()));
    }

    @Test
    void externalEndpointsReplaceTheStartedServersButKeepTheCeiling() {
        S3Bench.Options o = S3Bench.Options.parse("--endpoint", "mine=http://localhost:4566", "--endpoint", "minio=http://h:9000");
        assertEquals(List.of("mine", "minio", "null"), o.targets());
        assertEquals(URI.create("http://h:9000"), o.endpoints().get("minio"));
        assertEquals(List.of("mine"), S3Bench.Options.parse("--targets", "awsemu", "--endpoint", "mine=http://x:1").targets());
    }

    @Test
    void anEndpointStartedByHandCanNameItsProcess() {
        S3Bench.Options o = S3Bench.Options.parse("--endpoint", "awsemu=http://h:1", "--endpoint-pid", "awsemu=4242");
        assertEquals(4242L, o.pids().get("awsemu"));
        assertEquals(Map.of(), S3Bench.Options.parse().pids());
        assertEquals("--endpoint-pid needs NAME=PID, got 4242",
                assertThrows(IllegalArgumentException.class, () -> S3Bench.Options.parse("--endpoint-pid", "4242")).getMessage());
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("--targets: unknown name minio (one of [awsemu, s3proxy, s3mock, null])",
                assertThrows(IllegalArgumentException.class, () -> S3Bench.Options.parse("--targets", "minio")).getMessage());
        assertEquals("--endpoint needs NAME=http://host:port, got localhost:4566",
                assertThrows(IllegalArgumentException.class, () -> S3Bench.Options.parse("--endpoint", "localhost:4566")).getMessage());
        assertEquals("--part-mib must be at least 5 (S3's minimum part size)",
                assertThrows(IllegalArgumentException.class, () -> S3Bench.Options.parse("--part-mib", "4")).getMessage());
        assertEquals("--seconds needs a positive integer, got 0",
                assertThrows(IllegalArgumentException.class, () -> S3Bench.Options.parse("--seconds", "0")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> S3Bench.Options.parse("--warmup", "-1"));
        assertThrows(IllegalArgumentException.class, () -> S3Bench.Options.parse("--multipart-mib", "10", "--part-mib", "16"));
        assertThrows(IllegalArgumentException.class, () -> S3Bench.Options.parse("--workloads", ","));
        assertThrows(IllegalArgumentException.class, () -> S3Bench.Options.parse("--list-keys"));
    }

    @Test
    void tableShowsEveryTargetAndAwsemusRatios() {
        Map<String, Map<String, S3Bench.Cell>> r = new LinkedHashMap<>();
        r.put("awsemu", Map.of("put4k", S3Bench.Cell.of(3000), "mpup", S3Bench.Cell.note("n/a (NotImplemented)")));
        r.put("s3proxy", Map.of("put4k", S3Bench.Cell.of(1000), "mpup", S3Bench.Cell.of(50.25)));
        r.put("null", Map.of("put4k", S3Bench.Cell.of(4000), "mpup", S3Bench.Cell.of(400)));
        String t = S3Bench.table(S3Bench.Options.parse(), r);
        assertTrue(t.startsWith("| workload | awsemu | s3proxy | null ceiling | awsemu / s3proxy | awsemu / ceiling |\n"
                + "|---|---:|---:|---:|---:|---:|\n"
                + "| PUT 4 KiB, 4 threads (ops/s) | 3000 | 1000 | 4000 | 3.00× | 0.75× |\n"
                + "| multipart upload 1024 MiB (MiB/s) | n/a (NotImplemented) | 50.3 | 400 | - | - |\n"), t);
    }

    @Test
    void imageFlagsComeFromTheDockerfile() throws Exception {
        Path f = Files.createTempFile("Dockerfile", "");
        try {
            Files.writeString(f, "FROM x\nENV A=1 \\\n    AWSEMU_JVM_DEFAULTS=\"-Xms16m -XX:+UseSerialGC\" \\\n    B=2\n");
            assertEquals("-Xms16m -XX:+UseSerialGC", S3Bench.imageFlags(f));
            Files.writeString(f, "FROM x\n");
            assertThrows(IllegalStateException.class, () -> S3Bench.imageFlags(f));
        } finally {
            Files.delete(f);
        }
        assertTrue(S3Bench.imageFlags(Path.of("../docker/Dockerfile")).contains("-XX:+UseSerialGC"));
    }

    @Test
    void theImagesMallocSettingComesFromItsEnvNotFromAComment() throws Exception {
        Path f = Files.createTempFile("Dockerfile", "");
        try {
            Files.writeString(f, "FROM x\n# MALLOC_ARENA_MAX=9: why\nENV A=1 \\\n    MALLOC_ARENA_MAX=2\n");
            assertEquals(java.util.Map.of("MALLOC_ARENA_MAX", "2"), S3Bench.imageEnv(f));
            Files.writeString(f, "FROM x\n# MALLOC_ARENA_MAX=9\n");
            assertEquals(java.util.Map.of(), S3Bench.imageEnv(f));
        } finally {
            Files.delete(f);
        }
        assertEquals("2", S3Bench.imageEnv(Path.of("../docker/Dockerfile")).get("MALLOC_ARENA_MAX"));
    }

    @Test
    void reasonsAreShort() {
        assertEquals("error: IllegalStateException: boom", S3Bench.reason(new IllegalStateException("boom")));
        assertEquals(70, S3Bench.reason(new IllegalStateException("x".repeat(200))).length());
        assertEquals(3.0, S3Bench.mibPerSecond(3L << 20, 1_000_000_000L).value(), 1e-9);
    }
}
