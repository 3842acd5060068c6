package io.awsemu.s3;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The engine knows nothing of the wire or of JDBC; the store knows nothing of the wire. */
class S3ArchitectureTest {
    static final Path MAIN = Path.of("src/main/java/io/awsemu/s3");

    static List<String> violations(String pkg, List<String> forbidden) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream()
                            .filter(l -> l.startsWith("import "))
                            .filter(l -> forbidden.stream().anyMatch(l::contains))
                            .map(l -> f.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void engineIsPureJava() throws IOException {
        assertEquals(List.of(), violations("engine",
                List.of("io.netty", "io.awsemu.core.http", "io.awsemu.core.protocol", "io.awsemu.core.xml", "java.sql",
                        "io.awsemu.s3.store.H2", "io.awsemu.s3.S3Router", "io.awsemu.s3.S3Target")));
    }

    @Test
    void storeHasNoWire() throws IOException {
        assertEquals(List.of(), violations("store",
                List.of("io.netty", "io.awsemu.core.http", "io.awsemu.core.protocol", "io.awsemu.core.xml", "io.awsemu.s3.S3")));
    }
}
