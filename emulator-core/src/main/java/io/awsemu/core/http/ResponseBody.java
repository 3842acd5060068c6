package io.awsemu.core.http;

import java.io.IOException;
import java.io.InputStream;

/** What goes out after the headers: nothing, a small byte array, or a stream of known length. */
public sealed interface ResponseBody {
    record Empty() implements ResponseBody {}

    record Bytes(byte[] bytes) implements ResponseBody {}

    /**
     * A body streamed to the socket while it is writable. {@code source} is opened once, on the
     * channel's thread, after the headers are written; it must not block for long (RocksDB chunk reads
     * are fine; waiting on another request is not).
     */
    record Stream(long length, StreamSource source) implements ResponseBody {}

    @FunctionalInterface
    interface StreamSource {
        InputStream open() throws IOException;
    }

    ResponseBody EMPTY = new Empty();
}
