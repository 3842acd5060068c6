package io.awsemu.core.error;

import java.io.IOException;

/**
 * Thrown from a request body stream when the body itself is wrong (bad chunk signature, missing
 * terminating chunk, payload hash mismatch, checksum mismatch). It is an {@link IOException} so it
 * can leave {@link java.io.InputStream#read}; whoever writes the body aborts and rethrows {@link #error()}.
 */
public final class AwsBodyException extends IOException {
    private final AwsException error;

    public AwsBodyException(AwsException error) {
        super(error.getMessage());
        this.error = error;
    }

    public AwsException error() { return error; }
}
