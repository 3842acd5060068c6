package io.awsemu.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argument parsing and the small statistics helpers only; the benches themselves run from bench/run. */
class BenchOptionsTest {

    @Test
    void coldStartDefaults() {
        ColdStartBench.Options o = ColdStartBench.Options.parse();
        assertEquals(Path.of("docker/target/awsemu.jar"), o.jar());
        assertEquals(5, o.runs());
        assertEquals(10, o.idleSeconds());
        assertTrue(o.memoryRun());
        assertEquals(ColdStartBench.DEFAULT_CONFIGS, o.configs());
    }

    @Test
    void coldStartExplicitFlagSetsReplaceTheDefaults() {
        ColdStartBench.Options o = ColdStartBench.Options.parse("--jar", "/x/a.jar", "--runs", "3", "--idle", "4",
                "--flags", " -XX:+UseSerialGC ", "--cds", "-Xms16m", "--no-memory");
        assertEquals(Path.of("/x/a.jar"), o.jar());
        assertEquals(3, o.runs());
        assertEquals(4, o.idleSeconds());
        assertEquals(false, o.memoryRun());
        assertEquals(List.of(new ColdStartBench.Config("-XX:+UseSerialGC", false), new ColdStartBench.Config("-Xms16m", true)),
                o.configs());
        assertEquals("-Xms16m +AppCDS", o.configs().get(1).label());
        assertEquals("(JVM defaults)", new ColdStartBench.Config("", false).label());
    }

    @Test
    void coldStartJavaAndASecondJarApplyToTheFlagSetsAfterThem() {
        String j25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
        ColdStartBench.Options o = ColdStartBench.Options.parse("--jar", "a.jar", "--cds", "-Xms16m",
                "--java", j25, "--aot", "-Xms16m", "--jar", "b.jar", "--flags", "");
        assertEquals(Path.of("a.jar"), o.jar());
        assertEquals(List.of(new ColdStartBench.Config(null, null, "-Xms16m", ColdStartBench.Archive.CDS),
                        new ColdStartBench.Config(j25, null, "-Xms16m", ColdStartBench.Archive.AOT),
                        new ColdStartBench.Config(j25, Path.of("b.jar"), "", ColdStartBench.Archive.NONE)),
                o.configs());
        assertEquals("-Xms16m +AOT cache [temurin-25-jdk-amd64]", o.configs().get(1).label());
        assertEquals("(JVM defaults) [temurin-25-jdk-amd64] [b.jar]", o.configs().get(2).label());
        assertEquals("java", ColdStartBench.Config.jdkName("java"));
    }

    @Test
    void coldStartRejectsBadArguments() {
        assertEquals("--runs needs a positive integer, got 0",
                assertThrows(IllegalArgumentException.class, () -> ColdStartBench.Options.parse("--runs", "0")).getMessage());
        assertEquals("--jar needs a value",
                assertThrows(IllegalArgumentException.class, () -> ColdStartBench.Options.parse("--jar")).getMessage());
        assertEquals("unknown argument: --fast",
                assertThrows(IllegalArgumentException.class, () -> ColdStartBench.Options.parse("--fast")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ColdStartBench.Options.parse("--idle", "2"));
    }

    @Test
    void simpleDbOptions() {
        SimpleDbBench.Options d = SimpleDbBench.Options.parse();
        assertNull(d.endpoint());
        assertEquals(List.of(4, 10, 100_000, 50), List.of(d.threads(), d.seconds(), d.items(), d.runs()));
        SimpleDbBench.Options o = SimpleDbBench.Options.parse("http://localhost:4566", "--threads", "2", "--items", "10");
        assertEquals("http://localhost:4566", o.endpoint());
        assertEquals(2, o.threads());
        assertEquals(10, o.items());
        assertEquals("http://h:1", SimpleDbBench.Options.parse("--endpoint", "http://h:1").endpoint());
        assertThrows(IllegalArgumentException.class, () -> SimpleDbBench.Options.parse("localhost:4566"));
        assertThrows(IllegalArgumentException.class, () -> SimpleDbBench.Options.parse("--seconds", "x"));
    }

    @Test
    void statistics() {
        assertEquals(2.0, ColdStartBench.median(List.of(1.0, 2.0, 3.0)));
        assertEquals(2.5, ColdStartBench.median(List.of(1.0, 2.0, 3.0, 4.0)));
        assertEquals(3L, ColdStartBench.medianLong(List.of(5L, 1L, 3L)));
        long[] ns = new long[100];
        for (int i = 0; i < 100; i++) ns[i] = (i + 1) * 1_000_000L;
        assertEquals(50.0, SimpleDbBench.pct(ns, 50));
        assertEquals(99.0, SimpleDbBench.pct(ns, 99));
        assertEquals(List.of("-a", "-b"), ColdStartBench.split("  -a   -b "));
        assertEquals(List.of(), ColdStartBench.split(" "));
    }
}
