package io.awsemu.core.http.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams exactly {@code length} bytes of an InputStream in full-size chunks. (Netty's ChunkedStream
 * sizes chunks by {@code available()}, which its own look-ahead turns into one byte per chunk.)
 * A source that ends early fails the write, so the connection closes instead of hanging a client
 * waiting for the promised Content-Length.
 */
final class LengthChunkedInput implements ChunkedInput<ByteBuf> {
    private final InputStream in;
    private final long length;
    private final int chunkSize;
    private long sent;

    LengthChunkedInput(InputStream in, long length, int chunkSize) {
        this.in = in;
        this.length = length;
        this.chunkSize = chunkSize;
    }

    @Override
    public boolean isEndOfInput() {
        return sent >= length;
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
        int want = (int) Math.min(chunkSize, length - sent);
        ByteBuf buf = allocator.buffer(want);
        boolean ok = false;
        try {
            while (buf.writerIndex() < want) {
                int n = buf.writeBytes(in, want - buf.writerIndex());
                if (n < 0) throw new EOFException("response body ended after " + (sent + buf.writerIndex())
                        + " of " + length + " bytes");
            }
            sent += want;
            ok = true;
            return buf;
        } finally {
            if (!ok) buf.release();
        }
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
