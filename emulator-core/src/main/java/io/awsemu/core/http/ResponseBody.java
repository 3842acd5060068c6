package io.awsemu.core.http;

import java.io.IOException;
import java.io.InputStream;

/** What goes out after the headers: nothing, a small byte array, or a stream (of known length, or sent chunked). */
public sealed interface ResponseBody {
    record Empty() implements ResponseBody {}

    record Bytes(byte[] bytes) implements ResponseBody {}

    /**
     * A body streamed to the socket while it is writable. {@code source} is opened once, and its first
     * piece (1 MiB; the whole body when it is no longer) read, before the headers are written, on the
     * thread that answered (a worker; a body-read thread for an answer made on the event loop): a source
     * that cannot be opened or read gets an error response instead. Later pieces are read on a body-read
     * thread, one ahead of the socket. It must not wait on another request.
     * <p>
     * {@code length} {@link #UNKNOWN_LENGTH}: the body is what the source gives until its end, sent with
     * {@code Transfer-Encoding: chunked} (a Content-Length only when the first read finds it empty); each piece is
     * what the source has ready, read until it is full or {@link InputStream#available()} is 0, so a source that
     * makes its bytes as it is read decides how much work one piece is.
     */
    record Stream(long length, StreamSource source) implements ResponseBody {
        public static final long UNKNOWN_LENGTH = -1;

        public Stream {
            if (length < 0 && length != UNKNOWN_LENGTH) throw new IllegalArgumentException("length " + length);
        }

        public boolean lengthKnown() {
            return length != UNKNOWN_LENGTH;
        }
    }

    @FunctionalInterface
    interface StreamSource {
        InputStream open() throws IOException;
    }

    ResponseBody EMPTY = new Empty();
}
