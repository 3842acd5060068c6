package io.awsemu.core.http.netty;

import io.awsemu.core.concurrent.Ids;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.error.CommonErrors;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.RequestBody;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.server.Exchange;
import io.awsemu.core.server.RequestDispatcher;
import io.awsemu.core.server.RouteDecision;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's requests, one at a time: the head is routed and pre-authenticated here on the
 * event loop; the body is either streamed to the worker with back-pressure or aggregated under a
 * hard cap; the answer comes back from the worker and is written here. Reading pauses while a
 * request is being answered, so pipelined requests wait in the {@code FlowControlHandler}.
 */
final class FrontEndHandler extends ChannelInboundHandlerAdapter {
    /**
     * A body that would be streamed (object data) but is no larger than this is gathered first, like any
     * other body, and dispatched whole: it takes one or two reads, and a worker waiting on the stream for
     * them costs more than the copy.
     */
    private static final long SMALL_STREAMED_BODY = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(FrontEndHandler.class);

    /** A Date header value and the epoch second it names. */
    private record DateHeader(long second, String value) {}

    /** The current second's Date header: formatting one per response was 5 % of the event loop (SQS). */
    private static volatile DateHeader dateHeader = new DateHeader(-1, "");

    static String httpDate() {
        long now = System.currentTimeMillis() / 1000;
        DateHeader d = dateHeader;
        if (d.second() != now) dateHeader = d = new DateHeader(now, Timestamps.rfc1123(Instant.ofEpochSecond(now)));
        return d.value();
    }

    private final RequestDispatcher dispatcher;
    private final NettyHttpServer.Limits limits;
    private final NettyHttpServer.Tracker tracker;
    private final Executor bodyReaders;
    private Current current;

    /** The most of an answered request's body read and dropped to keep its connection. */
    static final long DRAIN_LIMIT = 1 << 20;
    static final long LINGER_IDLE_MS = 2_000;
    static final long LINGER_MAX_MS = 30_000;

    FrontEndHandler(RequestDispatcher dispatcher, NettyHttpServer.Limits limits, NettyHttpServer.Tracker tracker,
                    Executor bodyReaders) {
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.tracker = tracker;
        this.bodyReaders = bodyReaders;
    }

    /** The request in progress on this connection. */
    private final class Current implements Exchange, ChannelFutureListener {
        final ChannelHandlerContext ctx;
        final HttpRequestHead head;
        final String requestId = Ids.requestId();
        final Instant receivedAt = Instant.now();
        final boolean keepAlive;
        final boolean isHead;
        RouteDecision decision;
        StreamingRequestBody stream;
        CompositeByteBuf aggregate;
        boolean discarding;      // answered before the body's end: drop the rest as it arrives
        boolean lingering;       // ...and close once it ends, or once the client stops sending
        long length = -1;        // Content-Length, -1 when chunked or absent
        long received;           // body bytes that arrived so far
        boolean expectContinue;  // the client waits for 100 Continue before sending the body
        boolean continueSent;
        AwsResponse early;       // an early answer held until a body-less request's end marker arrives
        FirstPiece earlyFirst;   // ...and its stream body's first piece, read already
        boolean bodyComplete;
        boolean responded;
        boolean closeAfterWrite;

        Current(ChannelHandlerContext ctx, HttpRequest req, HttpRequestHead head) {
            this.ctx = ctx;
            this.head = head;
            this.keepAlive = HttpUtil.isKeepAlive(req);
            this.isHead = req.method().name().equals("HEAD");
        }

        @Override public HttpRequestHead head() { return head; }
        @Override public String requestId() { return requestId; }
        @Override public Instant receivedAt() { return receivedAt; }
        @Override public java.util.concurrent.Executor eventLoop() { return ctx.executor(); }

        /**
         * A stream body is opened and its first piece read before the answer goes to the event loop: here, on the
         * worker that answered, or on a body-read thread for an answer made on the event loop. The event loop never
         * reads the store.
         */
        @Override
        public void respond(AwsResponse response) {
            boolean stream = response.body() instanceof ResponseBody.Stream && !isHead;
            if (ctx.executor().inEventLoop()) {
                if (!stream) {
                    write(this, response);
                    return;
                }
                try {
                    bodyReaders.execute(() -> respond(response));
                } catch (RejectedExecutionException e) {
                    write(this, dispatcher.errorResponse(decision == null ? null : decision.service(), this,
                            CommonErrors.internalFailure(new IOException("the server is shutting down", e))));
                }
                return;
            }
            FirstPiece first = stream
                    ? FirstPiece.read((ResponseBody.Stream) response.body(), limits.responseChunkSize(), ctx.alloc()) : null;
            try {
                ctx.executor().execute(() -> write(this, response, first));
            } catch (RejectedExecutionException e) {
                if (first != null) first.release(); // the event loop is gone (shutdown): nobody will write this
                throw e;
            }
        }

        /** The answer is written (or failed): the request itself is the listener, no object per write. */
        @Override
        public void operationComplete(io.netty.channel.ChannelFuture future) {
            tracker.end();
            if (future.isSuccess() && closeAfterWrite && !bodyComplete) {
                linger(this);
            } else if (closeAfterWrite || !future.isSuccess()) {
                ctx.close();
            } else if (bodyComplete) {
                complete(this);
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) onHead(ctx, req);
            if (msg instanceof HttpContent content) onContent(ctx, content);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest req) {
        if (current != null) {
            log.error("a request arrived while {} was still in flight; closing the connection", current.head);
            ctx.close();
            return;
        }
        if (req.decoderResult().isFailure()) {
            writeRaw(ctx, HttpResponseStatus.BAD_REQUEST, "Bad request: " + req.decoderResult().cause().getMessage(), true);
            return;
        }
        Headers headers = new Headers();
        for (Map.Entry<String, String> e : req.headers()) headers.add(e.getKey(), e.getValue());
        HttpRequestHead head = new HttpRequestHead(req.method().name(), req.uri(), headers,
                (InetSocketAddress) ctx.channel().remoteAddress(), (InetSocketAddress) ctx.channel().localAddress());
        Current c = new Current(ctx, req, head);
        current = c;
        tracker.begin();

        String expect = req.headers().get(HttpHeaderNames.EXPECT);
        long length = HttpUtil.getContentLength(req, -1L);
        c.length = length;
        boolean hasBody = length > 0 || HttpUtil.isTransferEncodingChunked(req);
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            answerEarly(c, plain(417, "Expectation Failed"), hasBody);
            return;
        }
        c.expectContinue = expect != null && hasBody;
        RouteDecision d = dispatcher.route(head);
        c.decision = d;
        if (d.failed()) {
            answerEarly(c, dispatcher.errorResponse(d.service(), c, d.error()), hasBody);
            return;
        }
        if (!d.streamBody() && length > limits.maxAggregatedBody()) {
            answerEarly(c, dispatcher.errorResponse(d.service(), c,
                    CommonErrors.requestEntityTooLarge(limits.maxAggregatedBody())), true);
            return;
        }
        // Continue before the handler runs, not when it first reads: S3 itself holds it back for an
        // answer it can give from the head, but HttpURLConnection (the SDK's UrlConnectionHttpClient)
        // then loses that answer's body, and so its error code
        if (c.expectContinue) sendContinue(c);
        if (d.streamBody() && (length < 0 || length > SMALL_STREAMED_BODY)) {
            c.stream = new StreamingRequestBody(ctx.channel(), length, limits.streamHighWater(), limits.streamLowWater());
            dispatcher.dispatch(c, d, c.stream);
        } else {
            c.aggregate = ctx.alloc().compositeBuffer(1024);
        }
    }

    /** Event loop: tells a waiting client to send the body. */
    private void sendContinue(Current c) {
        c.continueSent = true;
        c.ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }

    /**
     * Event loop: the answer went out with {@code Connection: close} while the body was still coming.
     * Closing at once would make the kernel reset the connection over the unread bytes, and a reset
     * can destroy the answer before the client reads it; so the output side is shut, the rest is read
     * and dropped, and the connection closes when the body ends, the client closes, or it stops
     * sending for {@link #LINGER_IDLE_MS}, at most {@link #LINGER_MAX_MS} in all.
     */
    private void linger(Current c) {
        ChannelHandlerContext ctx = c.ctx;
        if (!(ctx.channel() instanceof io.netty.channel.socket.SocketChannel sc) || !sc.isActive()) {
            ctx.close();
            return;
        }
        c.lingering = true;
        sc.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) ctx.close();
        });
        sc.config().setAutoRead(true);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(LINGER_MAX_MS);
        scheduleLingerCheck(c, c.received, deadline);
    }

    private void scheduleLingerCheck(Current c, long receivedBefore, long deadline) {
        c.ctx.executor().schedule(() -> {
            if (!c.ctx.channel().isActive()) return;
            if (c.received == receivedBefore || System.nanoTime() - deadline > 0) c.ctx.close();
            else scheduleLingerCheck(c, c.received, deadline);
        }, LINGER_IDLE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Answers from the head alone: at once when a body is coming that we will not read (see
     * {@link #write} for what becomes of it); a body-less request at its end marker.
     */
    private void answerEarly(Current c, AwsResponse r, boolean hasBody) {
        c.discarding = true;
        if (hasBody) write(c, r);
        else c.early = r;
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        Current c = current;
        if (c == null) return;                      // content of a request we already answered and closed
        boolean last = content instanceof LastHttpContent;
        c.received += content.content().readableBytes();
        if (c.discarding) {
            if (last && c.lingering) {
                c.bodyComplete = true;
                c.ctx.close();
                return;
            }
            if (last) {
                c.bodyComplete = true;
                if (c.early != null) write(c, c.early, c.earlyFirst);
                else finishBody(c);
            }
            return;
        }
        ByteBuf buf = content.content();
        if (c.stream != null) {
            if (buf.isReadable()) c.stream.offer(buf.retain());
            if (last) {
                c.stream.end();
                finishBody(c);
            }
            return;
        }
        if (buf.isReadable()) {
            if (c.aggregate.readableBytes() + buf.readableBytes() > limits.maxAggregatedBody()) {
                c.aggregate.release();
                c.aggregate = null;
                c.discarding = true;
                // the last piece itself went over: nothing more comes that the answer could wait for
                if (last) c.bodyComplete = true;
                write(c, dispatcher.errorResponse(c.decision.service(), c,
                        CommonErrors.requestEntityTooLarge(limits.maxAggregatedBody())));
                return;
            }
            c.aggregate.addComponent(true, buf.retain());
        }
        if (last) {
            byte[] bytes = ByteBufUtil.getBytes(c.aggregate);
            c.aggregate.release();
            c.aggregate = null;
            finishBody(c);
            dispatcher.dispatch(c, c.decision, RequestBody.of(bytes));
        }
    }

    /** The whole body is in: hold further reads until this request is answered. */
    private void finishBody(Current c) {
        c.bodyComplete = true;
        if (c.responded) {
            complete(c);
        } else {
            c.ctx.channel().config().setAutoRead(false);
        }
    }

    private void write(Current c, AwsResponse r) {
        write(c, r, null);
    }

    /** {@code first}: the stream body's first piece, read already on the worker that answered; else null. */
    private void write(Current c, AwsResponse r, FirstPiece first) {
        if (c.responded || current != c) {
            if (first != null) first.release();
            return;
        }
        ChannelHandlerContext ctx = c.ctx;
        // the handler answered without reading everything (an error): release what is queued
        if (c.stream != null) c.stream.discard();
        if (!c.bodyComplete) {
            // the rest is dropped as it arrives
            c.discarding = true;
            if (c.aggregate != null) {
                c.aggregate.release();
                c.aggregate = null;
            }
            ctx.channel().config().setAutoRead(true);          // the stream may have paused reading
            boolean held = c.expectContinue && !c.continueSent;  // it may never come
            if (!held && c.length >= 0 && c.length - c.received <= DRAIN_LIMIT && ctx.channel().isActive()) {
                // a small rest on its way: answer at its end, and the connection stays usable. Not now:
                // an answer right behind 100 Continue can land in the client's read of that 100, and
                // HttpURLConnection throws away what that read buffered past it, then waits forever
                c.early = r;
                c.earlyFirst = first;
                return;
            }
        }
        c.responded = true;
        // a body still coming (large, of unknown length, or held back) is read to its end after the
        // answer and the connection closed, see linger
        boolean close = !c.keepAlive || !ctx.channel().isActive() || !c.bodyComplete;
        c.early = null;
        c.earlyFirst = null;
        if (first == null && r.body() instanceof ResponseBody.Stream s && !c.isHead) {
            // not an answer through respond (which reads it off the event loop): none has a stream body today
            first = FirstPiece.read(s, limits.responseChunkSize(), ctx.alloc());
        }
        send(c, r, close, first);
    }

    /**
     * A stream body opened and its first piece (the whole body when it fits in one) read, off the event loop (by the
     * worker that answered, see {@link Current#respond}); or why that failed.
     */
    private record FirstPiece(LengthChunkedInput source, ByteBuf piece, Exception failure) {
        static FirstPiece read(ResponseBody.Stream s, int chunkSize, ByteBufAllocator alloc) {
            InputStream in = null;
            try {
                in = s.source().open();
                LengthChunkedInput source = new LengthChunkedInput(in, s.length(), chunkSize);
                ByteBuf piece = s.length() == 0 ? null : source.readChunk(alloc);
                return new FirstPiece(source, piece != null ? piece : Unpooled.EMPTY_BUFFER, null);
            } catch (Exception e) {
                if (in != null) closeQuietly(in);
                return new FirstPiece(null, null, e);
            }
        }

        boolean whole() {
            return source.isEndOfInput();
        }

        /** The write will not happen: free what was read. */
        void release() {
            if (piece != null) piece.release();
            closeSource();
        }

        /** Closes the store stream (done with it: read whole, or not to be written). */
        void closeSource() {
            if (source == null) return;
            try {
                source.close();
            } catch (IOException | RuntimeException e) {
                // a store stream; nothing more to free
            }
        }
    }

    /** Writes the answer, its stream body's first piece read already ({@code first}, null for any other body). */
    private void send(Current c, AwsResponse r, boolean close, FirstPiece first) {
        ChannelHandlerContext ctx = c.ctx;
        HttpResponseStatus status = HttpResponseStatus.valueOf(r.status());
        ResponseBody body = r.body();
        if (first != null && first.failure() != null) {
            log.error("request {}: could not open the response body", c.requestId, first.failure());
            r = dispatcher.errorResponse(c.decision == null ? null : c.decision.service(), c,
                    CommonErrors.internalFailure(first.failure()));
            status = HttpResponseStatus.valueOf(r.status());
            body = r.body();
            first = null;
        }
        HttpResponse resp;
        if (first != null && first.whole()) {
            // one piece: head and body in one write and one flush, not through the chunked writer
            ByteBuf small = first.piece();
            first.closeSource();
            resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, small);
            try {
                copyHeaders(r.headers(), resp);
            } catch (RuntimeException e) {
                small.release();
                throw e;
            }
            resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, small.readableBytes());
            first = null;
        } else if (first != null) {
            resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
            try {
                copyHeaders(r.headers(), resp);
            } catch (RuntimeException e) {
                first.release();
                throw e;
            }
            ResponseBody.Stream stream = (ResponseBody.Stream) body;
            if (stream.lengthKnown()) resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, stream.length());
            else resp.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else {
            byte[] bytes = body instanceof ResponseBody.Bytes b && !c.isHead ? b.bytes() : new byte[0];
            FullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
            copyHeaders(r.headers(), full);
            if (!full.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                long len = bytes.length;
                if (c.isHead && body instanceof ResponseBody.Bytes b) len = b.bytes().length;
                if (c.isHead && body instanceof ResponseBody.Stream s && s.lengthKnown()) len = s.length();
                if (r.status() != 204 && r.status() != 304 || len > 0) full.headers().set(HttpHeaderNames.CONTENT_LENGTH, len);
            }
            resp = full;
        }
        if (!resp.headers().contains(HttpHeaderNames.DATE)) {
            resp.headers().set(HttpHeaderNames.DATE, httpDate());
        }
        if (close) resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        else if (!c.keepAlive) resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (log.isDebugEnabled()) {
            log.debug("{} {} -> {} ({} ms)", c.head.method(), c.head.uri(), r.status(),
                    java.time.Duration.between(c.receivedAt, Instant.now()).toMillis());
        }

        c.closeAfterWrite = close;
        io.netty.channel.ChannelFuture f;
        if (first != null) {
            ctx.write(resp);
            ChunkedWriteHandler chunked = ctx.pipeline().get(ChunkedWriteHandler.class);
            f = ctx.writeAndFlush(new HttpChunkedInput(new PrefetchingChunkedInput(first.source(), first.piece(),
                    bodyReaders, ctx, chunked::resumeTransfer)));
        } else {
            f = ctx.writeAndFlush(resp);
        }
        f.addListener(c);
    }

    /** Answered and fully read: the connection may take the next request. */
    private void complete(Current c) {
        if (current != c || !c.responded || !c.bodyComplete) return;
        current = null;
        if (c.ctx.channel().isActive()) {
            // turning auto-read on issues the read itself; an extra read() would make the flow-control
            // handler hand over one more queued message even after the next request paused reading again
            c.ctx.channel().config().setAutoRead(true);
        }
    }

    private static void copyHeaders(Headers from, HttpResponse to) {
        io.netty.handler.codec.http.HttpHeaders h = to.headers();
        from.forEachValue(h::add);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing a response body failed", e);
        }
    }

    private static AwsResponse plain(int status, String text) {
        return AwsResponse.of(status, "text/plain", text);
    }

    private void writeRaw(ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean close) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text, java.nio.charset.StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        if (close) r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Current c = current;
        if (c != null) {
            if (c.stream != null) {
                c.stream.fail(new IOException("connection closed before the request body was complete"));
                c.stream.discard();
            }
            if (c.aggregate != null) {
                c.aggregate.release();
                c.aggregate = null;
            }
            if (c.earlyFirst != null) {
                c.earlyFirst.release();
                c.earlyFirst = null;
            }
            if (!c.responded) {
                c.responded = true;   // nobody to answer; keeps the tracker honest
                tracker.end();
            }
            current = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && current == null) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) log.warn("connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

}
