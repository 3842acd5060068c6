package io.awsemu.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class AwsEmulatorExtensionTest {

    @RegisterExtension
    static AwsEmulatorExtension one = AwsEmulatorExtension.builder().services("s3").build();

    @RegisterExtension
    static AwsEmulatorExtension two = AwsEmulatorExtension.builder().services("s3").build();

    @Test
    void twoExtensionsInOneJvmGetDifferentPortsAndSeparateData() {
        assertNotEquals(one.port(), two.port());
        try (S3Client a = one.s3Client(); S3Client b = two.s3Client()) {
            a.createBucket(r -> r.bucket("only-in-one"));
            assertEquals(List.of("only-in-one"), a.listBuckets().buckets().stream().map(Bucket::name).toList());
            assertEquals(List.of(), b.listBuckets().buckets());
            a.deleteBucket(r -> r.bucket("only-in-one"));
        }
    }

    @Test
    void persistentExtensionKeepsABucketOverRestartAndDeletesItsDataDirAfterwards() {
        TestExecutionSummary s = run(LifecycleSamples.PersistentStatic.class);
        assertEquals(1, s.getTestsSucceededCount(), failures(s));
        assertEquals(1, LifecycleSamples.dataDirs.size());
        Path dir = LifecycleSamples.dataDirs.get(0);
        assertFalse(Files.exists(dir), dir + " should be deleted after the class");
        assertFalse(LifecycleSamples.extensions.get(0).isRunning());
    }

    @Test
    void instanceFieldStartsOneServerPerTestAndStopsItAfterEach() {
        TestExecutionSummary s = run(LifecycleSamples.InstanceField.class);
        assertEquals(2, s.getTestsSucceededCount(), failures(s));
        List<AwsEmulatorExtension> seen = LifecycleSamples.extensions;
        assertEquals(2, seen.size());
        assertNotSame(seen.get(0), seen.get(1));
        // each test saw an empty server although the other created a bucket: fresh per test
        seen.forEach(e -> assertFalse(e.isRunning()));
    }

    @Test
    void instanceFieldWithPerClassLifecycleStartsOnce() {
        TestExecutionSummary s = run(LifecycleSamples.InstanceFieldPerClass.class);
        assertEquals(2, s.getTestsSucceededCount(), failures(s));
        assertSame(LifecycleSamples.extensions.get(0), LifecycleSamples.extensions.get(1));
        assertEquals(LifecycleSamples.ports.get(0), LifecycleSamples.ports.get(1));
        assertFalse(LifecycleSamples.extensions.get(0).isRunning());
    }

    @Test
    void nestedClassesShareTheOuterServerWhichStopsOnlyAtTheEnd() {
        TestExecutionSummary s = run(LifecycleSamples.StaticWithNested.class);
        assertEquals(3, s.getTestsSucceededCount(), failures(s));
        assertEquals(3, LifecycleSamples.ports.size());
        assertEquals(1, LifecycleSamples.ports.stream().distinct().count(), LifecycleSamples.ports.toString());
        assertFalse(LifecycleSamples.extensions.get(0).isRunning());
    }

    @Test
    void startAndCloseWithoutJunitDeleteTheTemporaryDirectory() {
        AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3").persistent().build().start();
        Path dir = emu.dataDir();
        try {
            assertTrue(Files.isDirectory(dir.resolve("blobs")), "RocksDB lives under the temporary directory");
        } finally {
            emu.close();
        }
        assertFalse(Files.exists(dir));
        assertFalse(emu.isRunning());
        emu.close(); // idempotent
        // and it can start again, in a fresh directory
        try (AwsEmulatorExtension again = emu.start()) {
            assertNotEquals(dir, again.dataDir());
            assertEquals(List.of(), LifecycleSamples.bucketNames(again));
        }
    }

    @Test
    void aGivenDataDirIsKeptAndReopened(@TempDir Path dir) {
        Path data = dir.resolve("data");
        try (AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3").dataDir(data).build().start();
             S3Client s3 = emu.s3Client()) {
            assertEquals(data, emu.dataDir());
            s3.createBucket(b -> b.bucket("in-my-dir"));
        }
        assertTrue(Files.isDirectory(data), "a directory the user chose is not deleted");
        try (AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3").dataDir(data).build().start()) {
            assertEquals(List.of("in-my-dir"), LifecycleSamples.bucketNames(emu));
        }
    }

    @Test
    void inMemoryRestartStartsEmptyOnTheSamePort() {
        try (AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3").build().start();
             S3Client s3 = emu.s3Client()) {
            s3.createBucket(b -> b.bucket("gone-after-restart"));
            int port = emu.port();
            emu.restart();
            assertEquals(port, emu.port());
            assertNull(emu.dataDir());
            assertEquals(List.of(), s3.listBuckets().buckets());
        }
    }

    @Test
    void fixedPortRegionAndCredentials() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3").port(port)
                .region("eu-west-1").credentials("AKIAJUNITEXAMPLE", "s3cr3t").build().start()) {
            assertEquals(port, emu.port());
            assertEquals("http://127.0.0.1:" + port, emu.endpoint().toString());
            assertEquals(Region.EU_WEST_1, emu.region());
            assertEquals("eu-west-1", emu.server().config().region());
            assertEquals("AKIAJUNITEXAMPLE", emu.credentials().resolveCredentials().accessKeyId());
            assertEquals("s3cr3t", emu.credentials().resolveCredentials().secretAccessKey());
            try (S3Client s3 = emu.s3Client()) {
                s3.createBucket(b -> b.bucket("eu-bucket"));
                assertEquals(List.of("eu-bucket"), s3.listBuckets().buckets().stream().map(Bucket::name).toList());
            }
            // the server holds this pair, so a wrong secret for the same key is refused
            try (S3Client bad = emu.s3ClientBuilder()
                    .credentialsProvider(() -> AwsBasicCredentials.create("AKIAJUNITEXAMPLE", "wrong")).build()) {
                S3Exception e = assertThrows(S3Exception.class, bad::listBuckets);
                assertEquals(403, e.statusCode());
                assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
            }
        }
    }

    @Test
    void propertiesReachTheServer() {
        try (AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3")
                .property("awsemu.auth", "off").property("maxBody", "1024").build().start()) {
            assertEquals("off", emu.server().config().get(io.awsemu.core.server.EmulatorConfig.Key.AUTH));
            assertEquals("1024", emu.server().config().get(io.awsemu.core.server.EmulatorConfig.Key.MAX_BODY));
            // auth off: any secret passes
            try (S3Client s3 = emu.s3ClientBuilder()
                    .credentialsProvider(() -> AwsBasicCredentials.create("test", "anything")).build()) {
                assertEquals(List.of(), s3.listBuckets().buckets());
            }
        }
    }

    @Test
    void badOptionsFailEarly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AwsEmulatorExtension.builder().property("awsemu.nope", "1"));
        assertEquals("unknown awsemu setting 'awsemu.nope'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AwsEmulatorExtension.builder().port(70000));
        assertThrows(IllegalArgumentException.class, () -> AwsEmulatorExtension.builder().credentials("a:b", "c"));
        assertThrows(IllegalArgumentException.class, () -> AwsEmulatorExtension.builder().services());
    }

    @Test
    void aServiceMissingFromTheClasspathIsNamedWithItsArtifact() {
        AwsEmulatorExtension emu = AwsEmulatorExtension.builder().services("s3", "ec2").build();
        IllegalStateException e = assertThrows(IllegalStateException.class, emu::start);
        assertTrue(e.getMessage().contains("[ec2]") && e.getMessage().contains("io.awsemu:ec2-service"), e.getMessage());
        assertFalse(emu.isRunning());
    }

    @Test
    void accessorsBeforeStartExplainWhatToDo() {
        AwsEmulatorExtension emu = AwsEmulatorExtension.builder().build();
        IllegalStateException e = assertThrows(IllegalStateException.class, emu::endpoint);
        assertTrue(e.getMessage().contains("@RegisterExtension"), e.getMessage());
        assertThrows(IllegalStateException.class, emu::s3Client);
        assertThrows(IllegalStateException.class, emu::restart);
    }

    /** The extension must load and serve S3 when the SQS SDK jar is absent; sqsClient() names the jar. */
    @Test
    void worksWithoutTheSqsSdkOnTheClasspath() throws Exception {
        URL main = AwsEmulatorExtension.class.getProtectionDomain().getCodeSource().getLocation();
        URL test = NoSqsSdkDriver.class.getProtectionDomain().getCodeSource().getLocation();
        try (HidingLoader loader = new HidingLoader(new URL[] {main, test}, getClass().getClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("software.amazon.awssdk.services.sqs.SqsClient", false, loader));
            Class<?> driver = loader.loadClass(NoSqsSdkDriver.class.getName());
            assertSame(loader, driver.getClassLoader());
            @SuppressWarnings("unchecked")
            Supplier<String> d = (Supplier<String>) driver.getConstructor().newInstance();
            assertEquals("buckets=1;sqsError=sqsClient() needs software.amazon.awssdk:sqs on the test classpath "
                    + "(emulator-junit declares the AWS SDK v2 jars optional)", d.get());
        }
    }

    /** Child-first for io.awsemu.junit, hides the SQS SDK, everything else from the parent. */
    private static final class HidingLoader extends URLClassLoader {
        HidingLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("software.amazon.awssdk.services.sqs.")) throw new ClassNotFoundException(name);
                if (name.startsWith("io.awsemu.junit.")) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) c = findClass(name);
                    if (resolve) resolveClass(c);
                    return c;
                }
                return super.loadClass(name, resolve);
            }
        }

        @Override
        public URL getResource(String name) {
            return name.startsWith("software/amazon/awssdk/services/sqs/") ? null : super.getResource(name);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return name.startsWith("software/amazon/awssdk/services/sqs/") ? null : super.getResourceAsStream(name);
        }
    }

    private static TestExecutionSummary run(Class<?> sample) {
        LifecycleSamples.reset();
        LauncherDiscoveryRequest request = org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(sample)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary s) {
        StringWriter w = new StringWriter();
        s.printFailuresTo(new PrintWriter(w), 30);
        return w.toString();
    }
}
