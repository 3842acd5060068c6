package io.awsemu.core.storage.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.util.Environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RocksDbLibraryTest {
    @TempDir
    Path cache;

    @Test
    void extractsOnceAndReusesTheCopy() throws Exception {
        Path dir = RocksDbLibrary.extracted(cache);
        assertNotNull(dir, "the rocksdbjni jar on the test class path holds this platform's library");
        Path lib = dir.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
        assertTrue(Files.size(lib) > 1_000_000, "a whole library, not a stub: " + Files.size(lib));
        FileTime old = FileTime.fromMillis(0);
        Files.setLastModifiedTime(lib, old);

        assertEquals(dir, RocksDbLibrary.extracted(cache));
        assertEquals(old, Files.getLastModifiedTime(lib), "a complete copy is not written again");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(lib), s.toList(), "no temp file left behind");
        }
    }

    @Test
    void replacesATruncatedCopy() throws Exception {
        Path dir = RocksDbLibrary.extracted(cache);
        Path lib = dir.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
        long size = Files.size(lib);
        Files.write(lib, new byte[100]);

        assertEquals(dir, RocksDbLibrary.extracted(cache));
        assertEquals(size, Files.size(lib));
    }

    @Test
    void theCLibraryIsReadFromTheProcessMappings(@TempDir Path dir) throws Exception {
        Path glibc = dir.resolve("glibc");
        Files.writeString(glibc, """
                55d0c8a4b000-55d0c8a4c000 r--p 00000000 fe:00 1 /usr/lib/jvm/java-17/bin/java
                7f9953860000-7f9953886000 r--p 00000000 fe:00 2 /usr/lib/x86_64-linux-gnu/libc.so.6
                7f9953a87000-7f9953a89000 r--p 00000000 fe:00 3 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
                """);
        Path musl = dir.resolve("musl");
        Files.writeString(musl, """
                7f2c1a000000-7f2c1a014000 r--p 00000000 08:01 4 /lib/ld-musl-x86_64.so.1
                """);
        Path neither = dir.resolve("neither");
        Files.writeString(neither, "7f2c1a000000-7f2c1a014000 r--p 00000000 08:01 4 /opt/x.so\n");
        assertEquals(Boolean.FALSE, RocksDbLibrary.muslFromMappings(glibc));
        assertEquals(Boolean.TRUE, RocksDbLibrary.muslFromMappings(musl));
        assertEquals(null, RocksDbLibrary.muslFromMappings(neither));
        assertEquals(null, RocksDbLibrary.muslFromMappings(dir.resolve("absent")));
        // this JVM's own answer agrees with RocksDB's (which the test JVM may have asked already)
        assertEquals(Environment.isMuslLibc(), RocksDbLibrary.muslFromMappings(Path.of("/proc/self/maps")));
    }
}
