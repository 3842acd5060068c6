package io.awsemu.core.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Is a Docker Engine reachable? Asks {@code GET /_ping} over the configured Unix socket. Run off the
 * event loop; the answer is cached for the health endpoint and for services that need a runtime.
 */
public final class DockerProbe {
    private final String dockerHost;
    private volatile Status last = new Status(false, "not checked yet");

    public record Status(boolean reachable, String detail) {}

    public DockerProbe(String dockerHost) {
        this.dockerHost = dockerHost;
    }

    public Status last() { return last; }

    public String socketPath() {
        return dockerHost.startsWith("unix://") ? dockerHost.substring("unix://".length()) : null;
    }

    public Status check() {
        String path = socketPath();
        Status s;
        if (path == null) {
            s = new Status(false, "only unix:// Docker hosts are supported, not " + dockerHost);
        } else if (!Files.exists(Path.of(path))) {
            s = new Status(false, "no Docker socket at " + path);
        } else {
            s = ping(path);
        }
        last = s;
        return s;
    }

    private static Status ping(String path) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (ch.read(buf) >= 0 && buf.hasRemaining()) {
                // HTTP/1.0: the engine closes when done
            }
            String answer = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            if (answer.startsWith("HTTP/1.") && answer.contains(" 200 ")) {
                return new Status(true, "Docker Engine answers at " + path);
            }
            return new Status(false, "Docker socket " + path + " answered: "
                    + answer.lines().findFirst().orElse("(nothing)"));
        } catch (IOException e) {
            return new Status(false, "Docker socket " + path + ": " + e.getMessage());
        }
    }
}
