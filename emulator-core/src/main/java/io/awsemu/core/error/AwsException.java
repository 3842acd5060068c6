package io.awsemu.core.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception every service throws for an AWS error. The protocol codec renders it into
 * the wire envelope (Query, EC2, JSON, REST-XML) with the request id. Always created fresh by a
 * factory named after the error shape (e.g. {@code S3Errors.noSuchBucket(bucket)}), so it can
 * carry the resource it is about.
 */
public class AwsException extends RuntimeException {
    private final String code;
    private final int httpStatus;
    private final boolean senderFault;
    private final Map<String, String> extra;
    private final Map<String, String> headers;

    public AwsException(String code, int httpStatus, String message) {
        this(code, httpStatus, httpStatus < 500, message, null);
    }

    public AwsException(String code, int httpStatus, boolean senderFault, String message, Throwable cause) {
        super(message, cause, false, cause != null);
        this.code = code;
        this.httpStatus = httpStatus;
        this.senderFault = senderFault;
        this.extra = new LinkedHashMap<>();
        this.headers = new LinkedHashMap<>();
    }

    /** Extra elements rendered inside the error body, in insertion order (S3's BucketName, Key, ...). */
    public AwsException with(String name, String value) {
        if (value != null) extra.put(name, value);
        return this;
    }

    /** Extra response headers (e.g. S3's x-amz-delete-marker on a 404 for a delete marker). */
    public AwsException header(String name, String value) {
        if (value != null) headers.put(name, value);
        return this;
    }

    public String code() { return code; }
    public int httpStatus() { return httpStatus; }
    public boolean senderFault() { return senderFault; }
    public Map<String, String> extra() { return Collections.unmodifiableMap(extra); }
    public Map<String, String> headers() { return Collections.unmodifiableMap(headers); }

    @Override
    public String toString() {
        return "AwsException[" + code + " " + httpStatus + ": " + getMessage() + "]";
    }
}
