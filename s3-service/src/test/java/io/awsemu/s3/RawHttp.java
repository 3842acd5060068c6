package io.awsemu.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A bare HTTP/1.1 exchange on loopback with any Host header and method (website hosts, OPTIONS). */
final class RawHttp {
    private RawHttp() {}

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** @param headers name, value, name, value, ... */
    static Response send(int port, String method, String host, String path, String... headers) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append("\r\nConnection: close\r\n");
            for (int i = 0; i < headers.length; i += 2) req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> h = new LinkedHashMap<>();
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int c = l.indexOf(':');
                h.merge(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim(), (a, b) -> a + ", " + b);
            }
            String body = "";
            if (!method.equals("HEAD")) {
                if (h.containsKey("content-length")) {
                    body = new String(in.readNBytes(Integer.parseInt(h.get("content-length"))), StandardCharsets.UTF_8);
                } else if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
                        b.write(in.readNBytes(n));
                        line(in);
                    }
                    body = b.toString(StandardCharsets.UTF_8);
                }
            }
            return new Response(status, h, body);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') if (c != '\r') b.write(c);
        return b.toString(StandardCharsets.UTF_8);
    }
}
