package io.awsemu.core.server;

import io.awsemu.core.auth.AuthMode;
import io.awsemu.core.auth.Authenticator;
import io.awsemu.core.auth.Credentials;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.netty.NettyHttpServer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The port is bound while the stores open ({@link NettyHttpServer#listen}), but a request that arrives
 * then is answered only once the server serves: never by a half-started emulator, never refused.
 */
class ListenBeforeServeTest {
    @Test
    void aClientThatConnectsBeforeServeIsAnsweredAfterIt() throws Exception {
        EmulatorConfig config = EmulatorConfig.of(Map.of("port", "0", "dataDir", ":memory:"));
        ExecutorService workers = Executors.newFixedThreadPool(2);
        NettyHttpServer http = NettyHttpServer.listen("127.0.0.1", 0, NettyHttpServer.Limits.defaults(1 << 20));
        try (Socket s = new Socket("127.0.0.1", http.port())) {
            s.getOutputStream().write("GET /_awsemu/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(500);
            InputStream in = s.getInputStream();
            assertThrows(SocketTimeoutException.class, in::read, "nothing is answered before serve");

            RequestDispatcher dispatcher = new RequestDispatcher(List.of(),
                    new Authenticator(AuthMode.KNOWN, Credentials.fromConfig(config), Clock.systemUTC()), config, workers,
                    ex -> AwsResponse.of(200, "application/json", "{\"status\":\"running\"}".getBytes(StandardCharsets.UTF_8)));
            http.serve(dispatcher);
            s.setSoTimeout(10_000);
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            assertTrue(answer.endsWith("{\"status\":\"running\"}"), answer);
            assertThrows(IllegalStateException.class, () -> http.serve(dispatcher));
        } finally {
            http.close();
            workers.shutdownNow();
        }
        assertEquals(0, http.inFlight());
    }

    @Test
    void aPortInUseFailsTheStartAndReleasesTheDataDir(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> settings = Map.of("port", String.valueOf(taken.getLocalPort()),
                    "bindAddress", "127.0.0.1", "dataDir", dir.toString());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmulatorServer.start(EmulatorConfig.of(settings)).close());
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
        // the stores that opened meanwhile are closed again: the data dir can be used
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (EmulatorServer s = EmulatorServer.start(EmulatorConfig.of(Map.of("port", "0",
                    "bindAddress", "127.0.0.1", "dataDir", dir.toString())))) {
                assertTrue(s.port() > 0);
                return;
            } catch (RuntimeException busy) {
                if (System.nanoTime() > deadline) throw busy;
                Thread.sleep(50);
            }
        }
    }
}
