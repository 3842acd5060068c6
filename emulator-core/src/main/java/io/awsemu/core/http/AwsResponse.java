package io.awsemu.core.http;

import java.nio.charset.StandardCharsets;

/**
 * A protocol-level response: status, headers, body. Codecs and raw handlers build it; the front end
 * writes it. A {@code Content-Length} header set explicitly with an empty body is kept (HEAD answers).
 */
public final class AwsResponse {
    private final int status;
    private final Headers headers;
    private final ResponseBody body;

    public AwsResponse(int status, Headers headers, ResponseBody body) {
        this.status = status;
        this.headers = headers == null ? new Headers() : headers;
        this.body = body == null ? ResponseBody.EMPTY : body;
    }

    public static AwsResponse of(int status, String contentType, byte[] bytes) {
        Headers h = new Headers();
        if (contentType != null) h.set("Content-Type", contentType);
        return new AwsResponse(status, h, new ResponseBody.Bytes(bytes));
    }

    public static AwsResponse of(int status, String contentType, String text) {
        return of(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public static AwsResponse empty(int status) {
        return new AwsResponse(status, new Headers(), ResponseBody.EMPTY);
    }

    public int status() { return status; }
    public Headers headers() { return headers; }
    public ResponseBody body() { return body; }

    public AwsResponse header(String name, String value) {
        if (value != null) headers.set(name, value);
        return this;
    }
}
