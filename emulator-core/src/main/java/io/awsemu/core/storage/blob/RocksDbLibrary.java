package io.awsemu.core.storage.blob;

import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;

/**
 * Loads RocksDB's JNI library from a cache directory, extracted from the jar once. RocksDB's own
 * loader inflates the 17 MB library into a new temp file at every start: about 0.15 s of CPU on a
 * cold start (the largest single item before the port opens), and 17 MB left in the temp dir by
 * every {@code kill -9}. The cached copy sits in a subdirectory named after the jar entry's CRC, so
 * another RocksDB version never loads a stale library; it is written to a temp name and moved into
 * place, so a crash or a concurrent start never leaves a half-written one. Any failure falls back
 * to RocksDB's own loader.
 */
public final class RocksDbLibrary {
    private static final Logger log = LoggerFactory.getLogger(RocksDbLibrary.class);

    private RocksDbLibrary() {}

    /** Loads the library, from (and if needed into) {@code cacheDir}; null uses RocksDB's loader. */
    public static void load(Path cacheDir) {
        answerMuslQuestion();
        if (cacheDir != null) {
            try {
                Path dir = extracted(cacheDir);
                if (dir != null) {
                    RocksDB.loadLibrary(List.of(dir.toString()));
                    return;
                }
            } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                log.debug("RocksDB library not loaded from {} ({}); extracting it to a temp file", cacheDir, e.toString());
            }
        }
        RocksDB.loadLibrary();
    }

    /**
     * RocksDB picks its library's name by asking whether the C library is musl, and unless
     * {@code ROCKSDB_MUSL_LIBC} says so it finds out by running {@code sh -c "ldd /usr/bin/env | grep
     * -q musl"}: a process spawned on every start (~30 ms of a cold start's wall time here). The answer
     * is given to it from this process's own mappings instead: the C library the JVM runs on is the
     * one the JNI library must be built for. When they tell nothing (no {@code /proc}), or RocksDB's
     * field is not there (another version), RocksDB asks as before.
     */
    static void answerMuslQuestion() {
        if (System.getenv("ROCKSDB_MUSL_LIBC") != null) return;
        Boolean musl = muslFromMappings(Path.of("/proc/self/maps"));
        if (musl == null) return;
        try {
            java.lang.reflect.Field f = Environment.class.getDeclaredField("MUSL_LIBC");
            if (f.getType() != Boolean.class || !java.lang.reflect.Modifier.isStatic(f.getModifiers())) return;
            f.setAccessible(true);
            if (f.get(null) == null) f.set(null, musl);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("RocksDB asks for itself whether the C library is musl ({})", e.toString());
        }
    }

    /** True when the mapped C library is musl's, false when it is glibc's, null when the file tells neither. */
    static Boolean muslFromMappings(Path maps) {
        try (java.util.stream.Stream<String> lines = Files.lines(maps)) {
            boolean[] seen = new boolean[2];   // musl, glibc
            lines.forEach(l -> {
                if (l.contains("/ld-musl-") || l.contains("/libc.musl-")) seen[0] = true;
                else if (l.endsWith("/libc.so.6") || l.contains("/libc-2.")) seen[1] = true;
            });
            return seen[0] == seen[1] ? null : seen[0];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The directory that holds this jar's library under its load name; null when the jar has none. */
    static Path extracted(Path cacheDir) throws IOException {
        String resource = Environment.getJniLibraryFileName("rocksdb");
        URL url = RocksDB.class.getClassLoader().getResource(resource);
        if (url == null) return null;
        URLConnection conn = url.openConnection();
        if (!(conn instanceof JarURLConnection jar)) return null;
        ZipEntry entry = jar.getJarEntry();
        if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) return null;
        Path dir = cacheDir.resolve(String.format(Locale.ROOT, "rocksdbjni-%08x-%d", entry.getCrc(), entry.getSize()));
        // the name RocksDB.loadLibrary(paths) looks for in each path
        Path lib = dir.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
        if (Files.isRegularFile(lib) && Files.size(lib) == entry.getSize()) return dir;
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "extracting-", ".tmp");
        try {
            try (InputStream in = conn.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.size(tmp) != entry.getSize()) throw new IOException("extracted " + Files.size(tmp) + " bytes of " + entry.getSize());
            // temp files are private; the library is no secret, and an image's runtime user reads what its build wrote
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return dir;
    }
}
