package io.awsemu.core.auth;

import io.awsemu.core.checksum.NativeDigests;
import io.awsemu.core.error.AwsBodyException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Passes a plain body through and, at EOF, hands its SHA-256 to a check that may refuse the body. */
final class PayloadHashInputStream extends FilterInputStream {
    interface EofCheck {
        void check(String sha256Hex) throws AwsBodyException;
    }

    private final MessageDigest digest = NativeDigests.sha256();
    private long hashed;
    private final EofCheck check;
    private boolean checked;
    private AwsBodyException failure;

    PayloadHashInputStream(InputStream in, EofCheck check) {
        super(in);
        this.check = check;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) throw failure;
        int n = in.read(b, off, len);
        if (n > 0) {
            hashed = NativeDigests.hashed(hashed, n);
            digest.update(b, off, n);
        } else if (n < 0 && !checked) {
            checked = true;
            try {
                check.check(Signing.hex(digest.digest()));
            } catch (AwsBodyException e) {
                failure = e;
                throw e;
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be hashed.
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) break;
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() { return false; }
}
