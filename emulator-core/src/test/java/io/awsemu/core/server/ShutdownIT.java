package io.awsemu.core.server;

import io.awsemu.core.testing.EmulatorProcess;
import io.awsemu.core.testing.TestFiles;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM lets in-flight requests finish, then closes the stores so the next start opens them. */
class ShutdownIT {
    @Test
    void sigtermDrainsInFlightRequestsAndReleasesTheDataDir() throws Exception {
        Path dir = Files.createTempDirectory("awsemu-shutdown-");
        HttpClient http = HttpClient.newHttpClient();
        try (EmulatorProcess p = EmulatorProcess.start(dir, Map.of("services", "echo", "auth", "off"))) {
            CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(p.endpoint() + "/echo/sleep?ms=1500")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // SIGTERM only once the request is in a worker (a fixed pause lost the race on a loaded machine)
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!p.output().contains("echo: sleeping 1500 ms")) {
                if (System.nanoTime() > deadline) throw new AssertionError("the request never reached a worker:\n" + p.output());
                Thread.sleep(20);
            }
            int exit = p.stop();
            HttpResponse<String> r = slow.get();
            assertEquals(200, r.statusCode(), "the in-flight request was cut off:\n" + p.output());
            assertEquals("slept", r.body());
            assertEquals(143, exit, "SIGTERM exit code");
            assertTrue(p.output().contains("awsemu stopped"), "no clean stop in the log:\n" + p.output());

            p.restart();   // RocksDB's lock and H2's file were released
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create(p.endpoint() + "/_awsemu/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }
}
