package io.awsemu.s3.select.parquet;

import java.io.EOFException;
import java.io.IOException;

/** Random access to the object's bytes (positioned reads; the object is in a blob store). */
public interface RandomAccessSource {
    long size();

    /** Reads exactly len bytes at position, or throws (EOFException past the end). */
    void readFully(long position, byte[] b, int off, int len) throws IOException;

    /** An object held in memory (tests, small objects). */
    static RandomAccessSource of(byte[] bytes) {
        return new RandomAccessSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void readFully(long position, byte[] b, int off, int len) throws IOException {
                if (position < 0 || len < 0 || position + len > bytes.length) throw new EOFException("read past the end at " + position);
                System.arraycopy(bytes, (int) position, b, off, len);
            }
        };
    }
}
