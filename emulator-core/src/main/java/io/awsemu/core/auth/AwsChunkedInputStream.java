package io.awsemu.core.auth;

import io.awsemu.core.checksum.HmacSha256;
import io.awsemu.core.checksum.NativeDigests;
import io.awsemu.core.error.AwsBodyException;
import io.awsemu.core.error.AwsException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an aws-chunked body ({@code hex-size[;chunk-signature=sig]\r\n data \r\n ... 0...\r\n trailers \r\n})
 * and, when given a signing chain, verifies every chunk signature and the trailer signature as the
 * bytes pass. Data is passed through, never held back (a small read-ahead buffer only spares the byte-wise
 * framing reads a request-body read each): a chunk's signature is checked before anything
 * after it (or EOF) is handed out, so a consumer that commits only at EOF never commits a bad body.
 * A body that stops before its zero-length terminating chunk is refused (IncompleteBody).
 */
final class AwsChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 4096;
    private static final int MIN_CHUNK = 8192;

    /** The SigV4 chunk-signature chain; null for unsigned or unverified streams. */
    static final class Chain {
        final String accessKeyId;
        final HmacSha256 signingKey;
        final String amzDate;
        final String scope;
        String previous;

        Chain(String accessKeyId, HmacSha256 signingKey, String amzDate, String scope, String seed) {
            this.accessKeyId = accessKeyId;
            this.signingKey = signingKey;
            this.amzDate = amzDate;
            this.scope = scope;
            this.previous = seed;
        }

        void verifyChunk(String dataSha256, String provided) throws AwsBodyException {
            String sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                    + Signing.EMPTY_SHA256 + "\n" + dataSha256;
            check(sts, provided);
        }

        void verifyTrailer(String canonicalTrailers, String provided) throws AwsBodyException {
            String sts = "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                    + Signing.sha256Hex(canonicalTrailers);
            check(sts, provided);
        }

        private void check(String sts, String provided) throws AwsBodyException {
            String expected = SigV4.sign(signingKey, sts);
            if (!Signing.sameSignature(expected, provided)) {
                throw new AwsBodyException(AuthErrors.chunkSignatureDoesNotMatch(accessKeyId, sts, provided));
            }
            previous = expected;
        }
    }

    private enum State { HEADER, DATA, DONE }

    private final InputStream in;
    private final Chain chain;
    private final boolean signedFraming;
    private final boolean trailers;
    private final Map<String, String> trailersOut;
    private final long decodedLength;
    private MessageDigest digest;

    private State state = State.HEADER;
    private long remaining;
    private long decoded;
    private int chunkNumber;
    private long lastDataChunkSize = -1;
    private String chunkSignature;
    private AwsBodyException failure;

    /**
     * @param chain          verify signatures along this chain; null to decode only
     * @param signedFraming  the body is STREAMING-AWS4-HMAC-SHA256-*: chunk headers carry signatures
     * @param trailers       trailer headers follow the terminating chunk
     * @param decodedLength  x-amz-decoded-content-length, or -1 when not given
     */
    AwsChunkedInputStream(InputStream in, Chain chain, boolean signedFraming, boolean trailers,
                          Map<String, String> trailersOut, long decodedLength) {
        // chunk headers, CRLFs and trailers are read a byte at a time: through a buffer, not one request-body
        // read (a monitor, a queue look-up) per byte; a large read still goes straight to the body
        this.in = new BufferedInputStream(in, 8192);
        this.chain = chain;
        this.signedFraming = signedFraming;
        this.trailers = trailers;
        this.trailersOut = trailersOut;
        this.decodedLength = decodedLength;
        this.digest = chain != null ? NativeDigests.sha256() : null;
        if (chain != null && decodedLength >= NativeDigests.BULK_BYTES) NativeDigests.bulkAhead();
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
        if (len == 0) return 0;
        try {
            while (true) {
                if (state == State.DONE) return -1;
                if (state == State.HEADER) {
                    readChunkHeader();
                    continue;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) throw fail(AuthErrors.incompleteBody());
                if (digest != null) digest.update(b, off, n);
                remaining -= n;
                decoded = chain != null ? NativeDigests.hashed(decoded, n) : decoded + n;
                if (decodedLength >= 0 && decoded > decodedLength) throw fail(AuthErrors.incompleteBodyLength());
                if (remaining == 0) endOfChunkData();
                return n;
            }
        } catch (AwsBodyException e) {
            failure = e;
            throw e;
        }
    }

    private AwsBodyException fail(AwsException e) {
        failure = new AwsBodyException(e);
        return failure;
    }

    private void endOfChunkData() throws IOException {
        expectCrlf();
        if (chain != null) {
            chain.verifyChunk(Signing.hex(digest.digest()), chunkSignature);
            digest = NativeDigests.upgrade(digest); // the rest of a long body need not wait for the next one
        }
        state = State.HEADER;
    }

    private void expectCrlf() throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr < 0 || lf < 0) throw fail(AuthErrors.incompleteBody());
        if (cr != '\r' || lf != '\n') throw fail(AuthErrors.incompleteBody());
    }

    private void readChunkHeader() throws IOException {
        String line = readLine();
        if (line == null) throw fail(AuthErrors.incompleteBody());
        int semi = line.indexOf(';');
        String sizeHex = (semi < 0 ? line : line.substring(0, semi)).trim();
        long size = parseHex(sizeHex);
        if (size < 0) throw fail(AuthErrors.incompleteBody());
        chunkSignature = null;
        if (semi >= 0) {
            for (String ext : line.substring(semi + 1).split(";")) {
                String e = ext.trim();
                if (e.startsWith("chunk-signature=")) chunkSignature = e.substring("chunk-signature=".length()).trim();
            }
        }
        if (signedFraming && chain != null && chunkSignature == null) throw fail(AuthErrors.incompleteBody());
        chunkNumber++;
        // AWS refuses a short chunk that is not the last data chunk (s3proxy and MinIO do the same).
        if (signedFraming && size > 0 && lastDataChunkSize >= 0 && lastDataChunkSize < MIN_CHUNK) {
            throw fail(AuthErrors.invalidChunkSize(chunkNumber - 1, lastDataChunkSize));
        }
        if (size > 0) {
            lastDataChunkSize = size;
            remaining = size;
            state = State.DATA;
            return;
        }
        if (chain != null) chain.verifyChunk(Signing.EMPTY_SHA256, chunkSignature);
        readTrailers();
        if (decodedLength >= 0 && decoded != decodedLength) throw fail(AuthErrors.incompleteBodyLength());
        state = State.DONE;
    }

    private void readTrailers() throws IOException {
        StringBuilder canonical = new StringBuilder();
        String trailerSignature = null;
        while (true) {
            String line = readLine();
            if (line == null) {
                // Without trailers, a sender may stop right after the final chunk's CRLF.
                if (!trailers || canonical.length() > 0 || trailerSignature != null) break;
                throw fail(AuthErrors.incompleteBody());
            }
            if (line.isEmpty()) break;
            int colon = line.indexOf(':');
            if (colon <= 0) throw fail(AuthErrors.malformedTrailer());
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSignature = value;
            } else {
                canonical.append(name).append(':').append(value).append('\n');
                if (trailersOut != null) trailersOut.put(name, value);
            }
        }
        if (trailers && chain != null) {
            if (trailerSignature == null) throw fail(AuthErrors.malformedTrailer());
            chain.verifyTrailer(canonical.toString(), trailerSignature);
        }
    }

    /** One CRLF-terminated line, or null at EOF before any byte. Bounded, so a hostile header cannot grow memory. */
    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder(80);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (sb.length() == 0) return null;
                throw fail(AuthErrors.incompleteBody());
            }
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') throw fail(AuthErrors.incompleteBody());
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) throw fail(AuthErrors.incompleteBody());
            sb.append((char) c);
        }
    }

    private static long parseHex(String s) {
        if (s.isEmpty() || s.length() > 15) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }

    @Override
    public void close() throws IOException { in.close(); }
}
