package io.awsemu.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A do-nothing SQS endpoint (JSON protocol) for SqsBench: canned answers with the MD5s the SDK
 * checks, no queue behind them. What the client reaches against it is the client-bound ceiling.
 */
final class NullSqsServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "message body";

    static void serve(int port) throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(2 << 20), new Handler());
                    }
                }).bind("127.0.0.1", port).sync().channel().closeFuture().sync();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
            String target = req.headers().get("X-Amz-Target", "");
            String op = target.substring(target.indexOf('.') + 1);
            JsonNode in = req.content().readableBytes() == 0 ? JSON.createObjectNode()
                    : JSON.readTree((java.io.InputStream) new ByteBufInputStream(req.content()));
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
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-amz-json-1.0");
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            res.headers().set("x-amzn-RequestId", UUID.randomUUID().toString());
            ctx.writeAndFlush(res);
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
