package io.awsemu.core.http.netty;

import io.awsemu.core.http.RequestBody;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A request body read from the socket by a worker thread while the event loop fills it. Back-pressure:
 * above {@code high} buffered bytes the channel stops reading ({@code autoRead=false}); once the
 * worker drained below {@code low} reading resumes. Memory per upload stays bounded by {@code high}
 * plus one socket read.
 */
final class StreamingRequestBody implements RequestBody {
    private final Channel channel;
    private final long contentLength;
    private final int high;
    private final int low;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long buffered;
    private boolean ended;
    private boolean paused;
    private IOException failure;
    private boolean opened;
    private boolean closedByReader;

    StreamingRequestBody(Channel channel, long contentLength, int high, int low) {
        this.channel = channel;
        this.contentLength = contentLength;
        this.high = high;
        this.low = low;
    }

    /** Event loop: a piece of content arrived (retained by the caller for us). */
    void offer(ByteBuf buf) {
        boolean pause;
        synchronized (this) {
            if (closedByReader || failure != null) {
                buf.release();
                return;
            }
            queue.add(buf);
            buffered += buf.readableBytes();
            pause = buffered >= high && !paused;
            if (pause) paused = true;
            notifyAll();
        }
        if (pause) channel.config().setAutoRead(false);
    }

    /** Event loop: the last content arrived. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** Event loop: the connection broke before the body was complete. */
    void fail(IOException e) {
        synchronized (this) {
            if (failure == null) failure = e;
            notifyAll();
        }
    }

    /** True once everything the client sent has been received. */
    synchronized boolean complete() { return ended; }

    @Override
    public long contentLength() { return contentLength; }

    @Override
    public boolean streamed() { return true; }

    @Override
    public synchronized InputStream stream() throws IOException {
        if (opened) throw new IOException("a streamed request body can be read once");
        opened = true;
        return new In();
    }

    @Override
    public byte[] bytes() throws IOException {
        try (InputStream in = stream()) {
            return in.readAllBytes();
        }
    }

    /** Releases whatever is still queued (response written, or the connection closed). */
    void discard() {
        synchronized (this) {
            closedByReader = true;
            for (ByteBuf b : queue) b.release();
            queue.clear();
            buffered = 0;
            notifyAll();
        }
    }

    private void resumeIfDrained() {
        boolean resume = false;
        synchronized (this) {
            if (paused && buffered <= low) {
                paused = false;
                resume = true;
            }
        }
        if (resume) channel.eventLoop().execute(() -> {
            // once the body ended the connection must stay paused until the answer is written
            if (!complete()) channel.config().setAutoRead(true);
        });
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int n;
            synchronized (StreamingRequestBody.this) {
                while (queue.isEmpty() && !ended && failure == null && !closedByReader) {
                    try {
                        StreamingRequestBody.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while reading the request body");
                    }
                }
                if (queue.isEmpty()) {
                    if (failure != null) throw failure;
                    if (closedByReader) throw new IOException("request body discarded");
                    return -1;
                }
                ByteBuf head = queue.peek();
                n = Math.min(len, head.readableBytes());
                head.readBytes(b, off, n);
                if (!head.isReadable()) {
                    queue.poll();
                    head.release();
                }
                buffered -= n;
            }
            resumeIfDrained();
            return n;
        }

        @Override
        public int available() {
            synchronized (StreamingRequestBody.this) {
                ByteBuf head = queue.peek();
                return head == null ? 0 : head.readableBytes();
            }
        }

        @Override
        public void close() {
            // the front end releases unread buffers once the response is written
        }
    }
}
