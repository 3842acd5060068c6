package io.awsemu.core.http.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Streams exactly {@code length} bytes of an InputStream in full-size chunks, or, for a length of -1, all of it: each
 * chunk what the source has ready (read until the chunk is full or {@link InputStream#available()} says nothing more
 * is), so a source that makes its bytes as it goes is sent as it makes them; the read that finds the end returns
 * null rather than an empty chunk. (Netty's ChunkedStream
 * sizes chunks by {@code available()}, which its own look-ahead turns into one byte per chunk.)
 * A source that ends early fails the write, so the connection closes instead of hanging a client
 * waiting for the promised Content-Length. A source that is also a {@link ReadableByteChannel} fills
 * a direct buffer itself (the blob store reads chunks straight into it), with no heap copy between.
 */
final class LengthChunkedInput implements ChunkedInput<ByteBuf> {
    private final InputStream in;
    private final long length;
    private final int chunkSize;
    /** What one read of a source of unknown length asks for beyond what it says is ready. */
    private static final int UNKNOWN_LENGTH_READ = 8 * 1024;
    private long sent;
    private boolean ended;

    LengthChunkedInput(InputStream in, long length, int chunkSize) {
        this.in = in;
        this.length = length;
        this.chunkSize = chunkSize;
    }

    @Override
    public boolean isEndOfInput() {
        return length < 0 ? ended : sent >= length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        if (isEndOfInput()) return null;
        if (length < 0) return readToEnd(allocator);
        int want = (int) Math.min(chunkSize, length - sent);
        boolean channel = in instanceof ReadableByteChannel;
        ByteBuf buf = channel ? allocator.directBuffer(want) : allocator.buffer(want);
        boolean ok = false;
        try {
            if (channel && buf.nioBufferCount() == 1) {
                ByteBuffer target = buf.nioBuffer(0, want);
                while (target.hasRemaining()) {
                    if (((ReadableByteChannel) in).read(target) < 0) throw ended(sent + target.position());
                }
                buf.writerIndex(want);
            }
            while (buf.writerIndex() < want) {
                int n = buf.writeBytes(in, want - buf.writerIndex());
                if (n < 0) throw ended(sent + buf.writerIndex());
            }
            sent += want;
            ok = true;
            return buf;
        } finally {
            if (!ok) buf.release();
        }
    }

    /**
     * A chunk of a source of unknown length: what it has ready, up to a full chunk (null at its end). The buffer grows
     * with what is read (a source such as S3 Select's events makes tens of KiB at a time) rather than taking a whole
     * chunk up front.
     */
    private ByteBuf readToEnd(ByteBufAllocator allocator) throws IOException {
        ByteBuf buf = allocator.buffer(Math.min(chunkSize, UNKNOWN_LENGTH_READ), chunkSize);
        boolean ok = false;
        try {
            while (buf.writerIndex() < chunkSize) {
                int want = Math.min(chunkSize - buf.writerIndex(), Math.max(in.available(), UNKNOWN_LENGTH_READ));
                if (buf.writeBytes(in, want) < 0) {
                    ended = true;
                    break;
                }
                if (in.available() <= 0) break;
            }
            sent += buf.readableBytes();
            ok = buf.isReadable();
            return ok ? buf : null;
        } finally {
            if (!ok) buf.release();
        }
    }

    private EOFException ended(long at) {
        return new EOFException("response body ended after " + at + " of " + length + " bytes");
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return sent;
    }
}
