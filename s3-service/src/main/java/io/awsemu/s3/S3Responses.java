package io.awsemu.s3;

import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.protocol.restxml.S3ErrorCodec;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;

/** Response building shared by S3 handlers: the namespace, content type and request-id headers. */
public final class S3Responses {
    private S3Responses() {}

    public static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    public static AwsResponse xml(RequestContext ctx, XmlWriter xml) {
        Headers h = headers(ctx);
        h.set("Content-Type", "application/xml");
        return new AwsResponse(200, h, new ResponseBody.Bytes(xml.toBytes()));
    }

    public static AwsResponse empty(RequestContext ctx, int status) {
        Headers h = headers(ctx);
        h.set("Content-Length", "0");
        return new AwsResponse(status, h, ResponseBody.EMPTY);
    }

    private static Headers headers(RequestContext ctx) {
        Headers h = new Headers();
        h.set("x-amz-request-id", ctx.requestId());
        h.set("x-amz-id-2", hostId(ctx.requestId()));
        return h;
    }

    /** A stable x-amz-id-2 derived from the request id: base64 like AWS's, and greppable back to it. */
    public static String hostId(String requestId) {
        return S3ErrorCodec.hostId(requestId);
    }
}
