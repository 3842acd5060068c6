package io.awsemu.core.http.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import io.netty.util.concurrent.EventExecutor;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A response body whose next piece is read on a reader thread while the event loop writes this one.
 * Before, the event loop read each 1 MiB piece from the blob store itself and the socket ran dry
 * meanwhile; now the read overlaps the send, and the event loop never waits on the store.
 * Memory stays bounded: at most one piece is read ahead of the one being written.
 * <p>
 * All state belongs to the event loop; the reader thread only fills the next piece from {@code source}
 * (one read at a time, so the source needs no locking) and hands it back through the event loop.
 */
final class PrefetchingChunkedInput implements ChunkedInput<ByteBuf> {
    private final LengthChunkedInput source;
    private final Executor readers;
    private final EventExecutor loop;
    private final ByteBufAllocator alloc;
    private final Runnable resume;
    private ByteBuf ready;
    private Throwable failure;
    private boolean reading;
    private boolean closed;
    private long read;
    private long handedOut;
    /** For a source of unknown length: its end was reached (what was read before it may still be {@link #ready}). */
    private boolean sourceEnded;

    /**
     * {@code first}: the first piece, read from {@code source} already (off the event loop); the next is read once
     * the writer takes it. Call on the channel's event loop; {@code resume} is the chunked writer's
     * {@code resumeTransfer}, called when a piece it asked for has arrived.
     */
    PrefetchingChunkedInput(LengthChunkedInput source, ByteBuf first, Executor readers, ChannelHandlerContext ctx,
                            Runnable resume) {
        this.source = source;
        this.readers = readers;
        this.loop = ctx.executor();
        this.alloc = ctx.alloc();
        this.resume = resume;
        this.ready = first;
        this.read = first.readableBytes();
        this.sourceEnded = source.isEndOfInput();
    }

    @Override
    public boolean isEndOfInput() {
        return source.length() < 0 ? sourceEnded && ready == null : handedOut >= source.length();
    }

    private boolean allRead() {
        return source.length() < 0 ? sourceEnded : read >= source.length();
    }

    /** The piece read ahead, or null (the writer then waits for {@code resume}) while it is still being read. */
    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        if (failure != null) throw failure instanceof Exception e ? e : new IOException(failure);
        if (isEndOfInput()) return null;
        ByteBuf piece = ready;
        if (piece == null) {
            readAhead();
            return null;
        }
        ready = null;
        handedOut += piece.readableBytes();
        readAhead();
        return piece;
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    private void readAhead() {
        if (reading || closed || ready != null || failure != null || allRead()) return;
        reading = true;
        try {
            readers.execute(this::readOne);
        } catch (RejectedExecutionException e) {
            reading = false;
            failure = new IOException("the server is shutting down", e);
        }
    }

    /** Reader thread. */
    private void readOne() {
        ByteBuf piece = null;
        Throwable error = null;
        boolean end = false;
        try {
            piece = source.readChunk(alloc);
            end = source.isEndOfInput();
        } catch (Throwable t) {
            error = t;
        }
        ByteBuf p = piece;
        Throwable err = error;
        boolean ended = end;
        try {
            loop.execute(() -> arrived(p, err, ended));
        } catch (RejectedExecutionException e) {
            // the event loop is gone (shutdown): nobody will write or close this, so do both here
            if (p != null) p.release();
            closeSource();
        }
    }

    /** Event loop. */
    private void arrived(ByteBuf piece, Throwable error, boolean ended) {
        reading = false;
        sourceEnded = ended;
        if (closed) {
            if (piece != null) piece.release();
            closeSource();
            return;
        }
        if (error != null) {
            failure = error;
        } else if (piece != null) { // null: a source of unknown length ended on a piece boundary
            ready = piece;
            read += piece.readableBytes();
        }
        resume.run();
    }

    /** The writer is done with this body (sent, failed, or the connection closed): free what is held. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (ready != null) {
            ready.release();
            ready = null;
        }
        // a read in flight still uses the source; arrived() closes it when that read is back
        if (!reading) closeSource();
    }

    private void closeSource() {
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            // the source is a store stream; nothing more to free, and nobody is waiting on it
        }
    }

    @Override
    public long length() {
        return source.length();
    }

    @Override
    public long progress() {
        return handedOut;
    }
}
