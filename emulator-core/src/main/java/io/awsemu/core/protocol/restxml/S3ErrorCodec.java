package io.awsemu.core.protocol.restxml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.checksum.Sha256;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.protocol.ProtocolCodec;
import io.awsemu.core.protocol.ProtocolQuirks;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * S3's side of REST-XML when there is no model: only the error envelope
 * {@code <Error><Code/><Message/>extra…<RequestId/><HostId/></Error>} with {@code x-amz-request-id}
 * and {@code x-amz-id-2}. A HEAD request's error has the status and headers but no body, as S3 does.
 * S3 routes and writes its own answers; the parse/write methods are not for it.
 */
public final class S3ErrorCodec implements ProtocolCodec {
    public static final String CONTENT_TYPE = "application/xml";
    private final ProtocolQuirks quirks;

    public S3ErrorCodec(ProtocolQuirks quirks) {
        this.quirks = quirks == null ? ProtocolQuirks.NONE : quirks;
    }

    @Override
    public Protocol protocol() { return Protocol.REST_XML; }

    @Override
    public String operationName(HttpRequestHead head, Map<String, List<String>> params) {
        throw new UnsupportedOperationException("S3 is routed by its own table");
    }

    @Override
    public ObjectNode parseInput(String operation, HttpRequestHead head, Map<String, List<String>> params, byte[] body) {
        throw new UnsupportedOperationException("S3 parses its own requests");
    }

    @Override
    public AwsResponse writeOutput(String operation, JsonNode output, RequestContext ctx) {
        throw new UnsupportedOperationException("S3 writes its own answers");
    }

    @Override
    public AwsResponse writeError(AwsException e, RequestContext ctx) {
        String hostId = hostId(ctx.requestId());
        Headers h = new Headers();
        h.set("x-amz-request-id", ctx.requestId());
        h.set("x-amz-id-2", hostId);
        for (Map.Entry<String, String> x : e.headers().entrySet()) h.set(x.getKey(), x.getValue());
        boolean head = ctx.request() != null && "HEAD".equalsIgnoreCase(ctx.request().method());
        if (head) return new AwsResponse(e.httpStatus(), h, ResponseBody.EMPTY);
        XmlWriter w = XmlWriter.document();
        w.start("Error").element("Code", quirks.errorCode(Protocol.REST_XML, e)).element("Message", e.getMessage());
        for (Map.Entry<String, String> x : e.extra().entrySet()) w.element(x.getKey(), x.getValue());
        w.element("RequestId", ctx.requestId()).element("HostId", hostId).end();
        h.set("Content-Type", CONTENT_TYPE);
        return new AwsResponse(e.httpStatus(), h, new ResponseBody.Bytes(w.toBytes()));
    }

    /**
     * An id-2 that looks like S3's (base64) and is stable per request id, so logs can pair them. Every S3
     * answer carries one: {@link Sha256#newDigest()} skips the JCA provider lookup of
     * {@code MessageDigest.getInstance}, which was 7 % of a small GET's worker time.
     */
    public static String hostId(String requestId) {
        byte[] d = Sha256.newDigest().digest(requestId.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(d);
    }
}
