package io.awsemu.core.auth;

import io.awsemu.core.error.AwsBodyException;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: sign with the SDK's own signers, then turn the signed request into what the front end hands us. */
final class Wire {
    private Wire() {}

    static final String AK = "AKIDEXAMPLE";
    static final String SK = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static Credentials creds() {
        return Credentials.of(List.of(AK + ":" + SK + ":111122223333", "test:test"), "000000000000");
    }

    static Authenticator auth(AuthMode mode) { return new Authenticator(mode, creds(), CLOCK); }

    static Authenticator auth(AuthMode mode, Instant now) {
        return new Authenticator(mode, creds(), Clock.fixed(now, ZoneOffset.UTC));
    }

    /** What the SDK v2 signer produces, with its payload bytes (chunk-encoded when asked). */
    record Signed(SdkHttpRequest request, byte[] body) {
        HttpRequestHead head() { return Wire.head(request); }
    }

    static Signed signV4(SdkHttpFullRequest req, byte[] body, String service, String region, Instant at,
                         Consumer<software.amazon.awssdk.http.auth.spi.signer.SignRequest.Builder<software.amazon.awssdk.identity.spi.AwsCredentialsIdentity>> extra) {
        SignedRequest s = AwsV4HttpSigner.create().sign(b -> {
            b.request(req)
                    .identity(AwsBasicCredentials.create(AK, SK))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
            if (body != null) b.payload(ContentStreamProvider.fromByteArray(body));
            boolean s3 = service.equals("s3");
            b.putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, !s3);
            b.putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, !s3);
            if (extra != null) extra.accept(b);
        });
        byte[] out = null;
        if (s.payload().isPresent()) out = readAll(s.payload().get().newStream());
        return new Signed(s.request(), out);
    }

    static HttpRequestHead head(SdkHttpRequest r) {
        Headers h = new Headers();
        r.headers().forEach((k, vs) -> vs.forEach(v -> h.add(k, v)));
        if (!h.contains("Host")) {
            int port = r.port();
            boolean std = (port == 80 && r.protocol().equals("http")) || (port == 443 && r.protocol().equals("https"));
            h.add("Host", std ? r.host() : r.host() + ":" + port);
        }
        URI uri = r.getUri();
        String raw = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) raw += "?" + uri.getRawQuery();
        return new HttpRequestHead(r.method().name(), raw, h, null, null);
    }

    static HttpRequestHead head(String method, String uri, Headers h) {
        return new HttpRequestHead(method, uri, h, null, null);
    }

    /** A copy of {@code head} with one header replaced (null removes it). */
    static HttpRequestHead withHeader(HttpRequestHead head, String name, String value) {
        Headers h = new Headers();
        for (Map.Entry<String, String> e : head.headers()) if (!e.getKey().equalsIgnoreCase(name)) h.add(e.getKey(), e.getValue());
        if (value != null) h.add(name, value);
        return new HttpRequestHead(head.method(), head.uri(), h, null, null);
    }

    static HttpRequestHead withUri(HttpRequestHead head, String method, String uri) {
        return new HttpRequestHead(method, uri, head.headers(), null, null);
    }

    static SdkHttpFullRequest.Builder request(SdkHttpMethod method, String url) {
        return SdkHttpFullRequest.builder().method(method).uri(URI.create(url));
    }

    static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drains the stream and returns the AWS error it ends with. */
    static AwsException bodyError(InputStream in) {
        AwsBodyException e = assertThrows(AwsBodyException.class, () -> {
            try (in) {
                in.transferTo(OutputStreamSink.INSTANCE);
            }
        });
        return e.error();
    }

    static AwsException error(Runnable r) {
        return assertThrows(AwsException.class, r::run);
    }

    static void assertError(String code, int status, Runnable r) {
        AwsException e = error(r);
        assertEquals(code, e.code(), () -> "message: " + e.getMessage());
        assertEquals(status, e.httpStatus());
    }

    static void assertBodyError(String code, int status, InputStream in) {
        AwsException e = bodyError(in);
        assertEquals(code, e.code(), () -> "message: " + e.getMessage());
        assertEquals(status, e.httpStatus());
    }

    static byte[] drain(InputStream in) {
        try {
            return readAll(in);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof AwsBodyException b) fail("unexpected " + b.error());
            throw e;
        }
    }

    static InputStream bytes(byte[] b) { return new ByteArrayInputStream(b); }

    static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();
        @Override public void write(int b) {}
        @Override public void write(byte[] b, int off, int len) {}
    }
}
