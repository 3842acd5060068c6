package io.awsemu.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * A do-nothing SQS endpoint (JSON protocol) for SqsBench: canned answers with the MD5s the SDK
 * checks, no queue behind them. What the client reaches against it is the client-bound ceiling.
 * The JDK's HTTP server (Netty stays in core's http package, as the architecture test demands).
 */
final class NullSqsServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "message body";

    static void serve(int port) throws Exception {
        // without TCP_NODELAY the headers and the body meet Nagle and delayed ACKs: 40 ms a call
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", NullSqsServer::handle);
        server.start();
        Thread.currentThread().join();
    }

    private static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            if (target == null) target = "";
            String op = target.substring(target.indexOf('.') + 1);
            JsonNode in;
            try (InputStream body = ex.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                in = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            }
            ObjectNode out = JSON.createObjectNode();
            switch (op) {
                case "CreateQueue", "GetQueueUrl" -> out.put("QueueUrl", "http://127.0.0.1/000000000000/" + in.path("QueueName").asText("bench"));
                case "SendMessage" -> {
                    out.put("MessageId", UUID.randomUUID().toString());
                    out.put("MD5OfMessageBody", md5(in.path("MessageBody").asText()));
                }
                case "SendMessageBatch" -> {
                    ArrayNode ok = out.putArray("Successful");
                    for (JsonNode e : in.path("Entries")) {
                        ObjectNode r = ok.addObject();
                        r.put("Id", e.path("Id").asText());
                        r.put("MessageId", UUID.randomUUID().toString());
                        r.put("MD5OfMessageBody", md5(e.path("MessageBody").asText()));
                    }
                    out.putArray("Failed");
                }
                case "ReceiveMessage" -> {
                    ArrayNode ms = out.putArray("Messages");
                    int n = in.path("MaxNumberOfMessages").asInt(1);
                    for (int i = 0; i < n; i++) {
                        ObjectNode m = ms.addObject();
                        m.put("MessageId", UUID.randomUUID().toString());
                        m.put("ReceiptHandle", UUID.randomUUID().toString());
                        m.put("MD5OfBody", MD5_BODY);
                        m.put("Body", BODY);
                    }
                }
                case "DeleteMessageBatch" -> {
                    ArrayNode ok = out.putArray("Successful");
                    for (JsonNode e : in.path("Entries")) ok.addObject().put("Id", e.path("Id").asText());
                    out.putArray("Failed");
                }
                default -> { }
            }
            byte[] body = JSON.writeValueAsBytes(out);
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static final String MD5_BODY = md5(BODY);

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private NullSqsServer() {}
}
