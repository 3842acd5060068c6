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
}
