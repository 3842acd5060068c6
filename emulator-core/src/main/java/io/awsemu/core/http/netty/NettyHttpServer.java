package io.awsemu.core.http.netty;

import io.awsemu.core.concurrent.Background;
import io.awsemu.core.server.RequestDispatcher;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The one HTTP/1.1 port. Netty stays inside this package. */
public final class NettyHttpServer implements AutoCloseable {

    /** Request and buffering limits. */
    public record Limits(int maxInitialLine, int maxHeaderSize, long maxAggregatedBody,
                         int streamHighWater, int streamLowWater, int responseChunkSize, int idleSeconds) {
        /** Responses go out in 1 MiB pieces, the blob store's chunk size, so each piece is one direct read. */
        public static Limits defaults(long maxAggregatedBody) {
            return new Limits(16 * 1024, 64 * 1024, maxAggregatedBody, 1024 * 1024, 256 * 1024, 1024 * 1024, 300);
        }
    }

    /** Counts requests in flight, so shutdown can wait for them. */
    public static final class Tracker {
        private final AtomicInteger inFlight = new AtomicInteger();
        private final java.util.concurrent.CountDownLatch firstAnswer = new java.util.concurrent.CountDownLatch(1);
        void begin() { inFlight.incrementAndGet(); }
        void end() {
            inFlight.decrementAndGet();
            firstAnswer.countDown();   // a no-op after the first
        }
        public int inFlight() { return inFlight.get(); }
    }

    private final EventLoopGroup group;
    private final ExecutorService bodyReaders;
    private final Channel serverChannel;
    private final Tracker tracker;
    /** Set once by {@link #serve}; the event loop reads it when it accepts, which it does only after that. */
    private final AtomicReference<RequestDispatcher> dispatcher;

    private NettyHttpServer(EventLoopGroup group, ExecutorService bodyReaders, Channel serverChannel, Tracker tracker,
                            AtomicReference<RequestDispatcher> dispatcher) {
        this.group = group;
        this.bodyReaders = bodyReaders;
        this.serverChannel = serverChannel;
        this.tracker = tracker;
        this.dispatcher = dispatcher;
    }

    /**
     * Threads that read response bodies from the stores one piece ahead of the event loop's writes.
     * A response has at most one read in flight, so the queue is bounded by the open responses.
     */
    private static ExecutorService bodyReaders(int threads) {
        return Background.idlePool("awsemu-body-read", threads, 30);
    }

    /**
     * Loads the classes a first connection needs (codec, handlers, allocator) without binding
     * anything. The emulator calls it while its stores open on another thread, so the JVM's class
     * loading for the front end overlaps with RocksDB's and H2's.
     */
    public static void preloadClasses() {
        new HttpServerCodec(new HttpDecoderConfig());
        new FlowControlHandler();
        new IdleStateHandler(0, 0, 1, TimeUnit.SECONDS);
        new ChunkedWriteHandler();
        io.netty.buffer.ByteBufAllocator.DEFAULT.buffer(16).release();
        new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
        NioIoHandler.newFactory();
        new ServerBootstrap();
    }

    /**
     * Binds the port but accepts no connection until {@link #serve}: a client that connects before then
     * waits in the kernel's accept backlog, and its request is answered once the services are bound. The
     * emulator listens while its stores open, so the event loops' and the bind's start-up is off the
     * critical path, and a port already in use fails the start at once.
     */
    public static NettyHttpServer listen(String bindAddress, int port, Limits limits) throws InterruptedException {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        ExecutorService readers = bodyReaders(threads);
        Tracker tracker = new Tracker();
        AtomicReference<RequestDispatcher> dispatcher = new AtomicReference<>();
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.AUTO_READ, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            HttpDecoderConfig cfg = new HttpDecoderConfig()
                                    .setMaxInitialLineLength(limits.maxInitialLine())
                                    .setMaxHeaderSize(limits.maxHeaderSize())
                                    .setMaxChunkSize(256 * 1024)
                                    .setValidateHeaders(true);
                            ch.pipeline()
                                    .addLast("http", new HttpServerCodec(cfg))
                                    .addLast("flow", new FlowControlHandler())
                                    .addLast("idle", new IdleStateHandler(0, 0, limits.idleSeconds(), TimeUnit.SECONDS))
                                    .addLast("chunked", new ChunkedWriteHandler())
                                    .addLast("frontend", new FrontEndHandler(dispatcher.get(), limits, tracker, readers));
                        }
                    });
            Channel ch = b.bind(new InetSocketAddress(bindAddress, port)).sync().channel();
            return new NettyHttpServer(group, readers, ch, tracker, dispatcher);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            readers.shutdownNow();
            if (e instanceof InterruptedException || e instanceof RuntimeException) throw e;
            // a failed bind (port in use, address not local) arrives here undeclared: Netty's sync()
            // rethrows the channel's IOException as it is
            throw new IllegalStateException("cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Starts accepting connections (once); each is served by {@code dispatcher}. */
    public void serve(RequestDispatcher dispatcher) {
        if (!this.dispatcher.compareAndSet(null, dispatcher)) throw new IllegalStateException("already serving");
        serverChannel.config().setAutoRead(true);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public int inFlight() {
        return tracker.inFlight();
    }

    /** Waits until the first request was answered (or the time is up); true if it was. */
    public boolean awaitFirstAnswer(long timeout, TimeUnit unit) throws InterruptedException {
        return tracker.firstAnswer.await(timeout, unit);
    }

    /** Stops accepting connections; requests in flight go on. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        bodyReaders.shutdownNow();
    }
}
