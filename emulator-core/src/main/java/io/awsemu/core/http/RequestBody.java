package io.awsemu.core.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A request body as a service sees it: already decoded (aws-chunked framing removed) and verified
 * while it is read (payload hash, chunk signatures, trailer). Reading it may throw
 * {@link io.awsemu.core.error.AwsBodyException}; whoever stores it must then abort and rethrow.
 *
 * <p>Aggregated bodies (everything but S3 object data) are fully in memory and capped; streamed ones
 * are read from the socket with back-pressure, once.
 */
public interface RequestBody {
    /** Decoded length when known (Content-Length or x-amz-decoded-content-length), else -1. */
    long contentLength();

    /** The decoded body. A streamed body can be opened once. */
    InputStream stream() throws IOException;

    /** The whole body; for a streamed body reads it all (use only where the size is capped). */
    byte[] bytes() throws IOException;

    /** Trailing headers of an aws-chunked body (lower-case names); complete once the stream hit EOF. */
    default Map<String, String> trailers() { return Map.of(); }

    /** True when the body is streamed from the socket rather than aggregated. */
    default boolean streamed() { return false; }

    RequestBody EMPTY = of(new byte[0]);

    static RequestBody of(byte[] bytes) {
        return new RequestBody() {
            @Override public long contentLength() { return bytes.length; }
            @Override public InputStream stream() { return new ByteArrayInputStream(bytes); }
            @Override public byte[] bytes() { return bytes; }
        };
    }
}
