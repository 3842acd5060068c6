package io.awsemu.junit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test classes that {@link AwsEmulatorExtensionTest} runs through the JUnit launcher, to watch the
 * extension from outside its lifecycle. Not matched by surefire's {@code *Test} pattern on purpose.
 */
final class LifecycleSamples {
    private LifecycleSamples() {}

    /** What the samples saw while they ran; reset by the test that launches them. */
    static final List<Path> dataDirs = new CopyOnWriteArrayList<>();
    static final List<AwsEmulatorExtension> extensions = new CopyOnWriteArrayList<>();
    static final List<Integer> ports = new CopyOnWriteArrayList<>();

    static void reset() {
        dataDirs.clear();
        extensions.clear();
        ports.clear();
    }

    static List<String> bucketNames(AwsEmulatorExtension emu) {
        try (S3Client s3 = emu.s3Client()) {
            return s3.listBuckets().buckets().stream().map(Bucket::name).toList();
        }
    }

    static class PersistentStatic {
        @RegisterExtension
        static AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3").persistent().build();

        @Test
        void bucketSurvivesRestart() {
            Path dir = emu.dataDir();
            assertNotNull(dir);
            assertTrue(Files.isDirectory(dir), dir + " exists while running");
            dataDirs.add(dir);
            extensions.add(emu);
            int port = emu.port();
            try (S3Client s3 = emu.s3Client()) {
                s3.createBucket(b -> b.bucket("kept-bucket"));
                emu.restart();
                // the same client still works: same port after the restart
                assertEquals(port, emu.port());
                assertEquals(List.of("kept-bucket"), s3.listBuckets().buckets().stream().map(Bucket::name).toList());
            }
            assertEquals(dir, emu.dataDir());
        }
    }

    static class InstanceField {
        @RegisterExtension
        AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3").build();

        @Test
        void first() { record(); }

        @Test
        void second() { record(); }

        private void record() {
            assertTrue(emu.isRunning());
            extensions.add(emu);
            ports.add(emu.port());
            assertEquals(List.of(), bucketNames(emu));
            try (S3Client s3 = emu.s3Client()) {
                s3.createBucket(b -> b.bucket("per-test"));
            }
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class InstanceFieldPerClass {
        @RegisterExtension
        AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3").build();

        @Test
        void first() { record(); }

        @Test
        void second() { record(); }

        private void record() {
            assertTrue(emu.isRunning());
            extensions.add(emu);
            ports.add(emu.port());
        }
    }

    static class StaticWithNested {
        @RegisterExtension
        static AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3").build();

        @Test
        void outer() {
            extensions.add(emu);
            ports.add(emu.port());
        }

        @Nested
        class Inner {
            @Test
            void inner() {
                assertTrue(emu.isRunning());
                ports.add(emu.port());
            }
        }

        @Nested
        class Later {
            @Test
            void stillRunningAfterTheFirstNestedClass() {
                assertTrue(emu.isRunning());
                ports.add(emu.port());
            }
        }
    }
}
