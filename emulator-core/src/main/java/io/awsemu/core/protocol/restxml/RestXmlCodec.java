package io.awsemu.core.protocol.restxml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.Headers;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.http.ResponseBody;
import io.awsemu.core.model.Member;
import io.awsemu.core.model.OperationModel;
import io.awsemu.core.model.ServiceModel;
import io.awsemu.core.model.Shape;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.protocol.ProtocolCodec;
import io.awsemu.core.protocol.ProtocolQuirks;
import io.awsemu.core.protocol.RequiredMembers;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.protocol.xml.XmlShapeReader;
import io.awsemu.core.protocol.xml.XmlShapeWriter;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.SafeXml;
import io.awsemu.core.xml.XmlWriter;
import org.w3c.dom.Document;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Model-routed REST-XML (CloudFront): routes by method + {@code requestUri} template (required query
 * keys included, most specific first), binds uri/querystring/header/headers/payload members, answers
 * with header members, the model's {@code responseCode} and an XML payload.
 *
 * <p>Old API versions ({@code /2010-11-01/distribution}) are the same operations: a request whose
 * first path segment is another date is routed as if it carried the model's version, and answers in
 * that version's XML namespace.
 */
public final class RestXmlCodec implements ProtocolCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern DATE_SEGMENT = Pattern.compile("^/(\\d{4}-\\d{2}-\\d{2})(/.*)?$");
    public static final String CONTENT_TYPE = "text/xml";

    private record Route(UriTemplate template, String method, OperationModel op) {}

    private final ServiceModel model;
    private final ProtocolQuirks quirks;
    private final List<Route> routes = new ArrayList<>();
    private final String defaultNamespace;

    public RestXmlCodec(ServiceModel model, ProtocolQuirks quirks) {
        this.model = model;
        this.quirks = quirks == null ? ProtocolQuirks.NONE : quirks;
        String ns = model.xmlNamespace();
        for (OperationModel op : model.operations().values()) {
            routes.add(new Route(new UriTemplate(op.requestUri()), op.httpMethod(), op));
            if (ns == null) ns = payloadNamespace(op.input());
        }
        routes.sort(Comparator.comparingInt((Route r) -> -r.template.specificity()));
        // CloudFront's metadata has no xmlNamespace; its request payloads carry it on the member.
        this.defaultNamespace = ns;
    }

    private static String payloadNamespace(Shape in) {
        if (in == null || in.payload() == null) return null;
        Member m = in.member(in.payload());
        return m == null ? null : m.xmlNamespace();
    }

    @Override
    public Protocol protocol() { return Protocol.REST_XML; }

    @Override
    public String operationName(HttpRequestHead head, Map<String, List<String>> params) {
        Route r = route(head, params);
        return r == null ? null : r.op.name();
    }

    @Override
    public AwsException unknownOperation(HttpRequestHead head, Map<String, List<String>> params) {
        return new AwsException("InvalidURI", 404, "Could not parse the specified URI: " + head.method() + " " + head.rawPath());
    }

    private Route route(HttpRequestHead head, Map<String, List<String>> params) {
        String path = modelPath(head.rawPath());
        Map<String, List<String>> q = params != null ? params : head.query();
        for (Route r : routes) {
            if (!r.method.equalsIgnoreCase(head.method())) continue;
            if (r.template.match(path, q) != null) return r;
        }
        return null;
    }

    /** {@code /2010-11-01/x} as {@code /2020-05-31/x}: old versions are a path-prefix alias. */
    private String modelPath(String rawPath) {
        var m = DATE_SEGMENT.matcher(rawPath);
        if (m.matches() && !m.group(1).equals(model.apiVersion())) {
            return "/" + model.apiVersion() + (m.group(2) == null ? "" : m.group(2));
        }
        return rawPath;
    }

    /** The API version the request's path names, else the model's. */
    private String requestVersion(HttpRequestHead head) {
        if (head == null) return model.apiVersion();
        var m = DATE_SEGMENT.matcher(head.rawPath());
        return m.matches() ? m.group(1) : model.apiVersion();
    }

    @Override
    public ObjectNode parseInput(String operation, HttpRequestHead head, Map<String, List<String>> params, byte[] body) {
        OperationModel op = op(operation);
        ObjectNode tree = F.objectNode();
        Shape in = op.input();
        if (in != null) {
            Map<String, List<String>> q = params != null ? params : head.query();
            Map<String, String> labels = new UriTemplate(op.requestUri()).match(modelPath(head.rawPath()), q);
            if (labels == null) labels = Map.of();
            boolean hasBodyMembers = false;
            for (Map.Entry<String, Member> e : in.members().entrySet()) {
                Member m = e.getValue();
                String wire = m.wireName(e.getKey());
                JsonNode v = null;
                switch (m.location()) {
                    case URI -> { String s = labels.get(wire); if (s != null) v = XmlShapeReader.scalar(m.shape(), s, wire); }
                    case QUERYSTRING -> v = queryValue(m, wire, q, in);
                    case HEADER -> { String s = head.header(wire); if (s != null) v = headerScalar(m, s, wire); }
                    case HEADERS -> {
                        ObjectNode map = F.objectNode();
                        String prefix = wire.toLowerCase(Locale.ROOT);
                        for (Map.Entry<String, String> h : head.headers()) {
                            String n = h.getKey().toLowerCase(Locale.ROOT);
                            if (n.startsWith(prefix)) map.put(h.getKey().substring(prefix.length()), h.getValue());
                        }
                        if (!map.isEmpty()) v = map;
                    }
                    case STATUS_CODE -> { }
                    case BODY -> {
                        if (e.getKey().equals(in.payload())) v = payload(m, body);
                        else hasBodyMembers = true;
                    }
                }
                if (v != null) tree.set(e.getKey(), v);
            }
            if (hasBodyMembers && in.payload() == null && body != null && body.length > 0) {
                Document d = parseXml(body);
                ObjectNode b = XmlShapeReader.readStructure(d.getDocumentElement(), in);
                b.fields().forEachRemaining(x -> tree.set(x.getKey(), x.getValue()));
            }
        }
        ObjectNode adjusted = quirks.adjustInput(operation, head, tree);
        if (in != null) {
            if (in.payload() != null && in.required().contains(in.payload()) && adjusted.get(in.payload()) == null)
                throw new AwsException("MissingBody", 400, "This operation requires a body. Ensure that the body is present and the Content-Type header is set.");
            RequiredMembers.check(in, adjusted, (m, n) -> m.wireName(n));
        }
        return adjusted;
    }

    private JsonNode queryValue(Member m, String wire, Map<String, List<String>> q, Shape in) {
        Shape s = m.shape();
        if (s.isMap()) {
            // a querystring map takes every parameter no other member binds
            ObjectNode map = F.objectNode();
            for (Map.Entry<String, List<String>> e : q.entrySet()) {
                boolean bound = false;
                for (Member o : in.members().values()) if (o.location() == Member.Location.QUERYSTRING && o != m && e.getKey().equals(o.locationName())) bound = true;
                if (!bound && !e.getValue().isEmpty()) map.put(e.getKey(), e.getValue().get(0));
            }
            return map.isEmpty() ? null : map;
        }
        List<String> vals = q.get(wire);
        if (vals == null || vals.isEmpty()) return null;
        if (s.isList()) {
            ArrayNode a = F.arrayNode();
            for (String v : vals) a.add(XmlShapeReader.scalar(s.listMember().shape(), v, wire));
            return a;
        }
        return XmlShapeReader.scalar(s, vals.get(0), wire);
    }

    private static JsonNode headerScalar(Member m, String raw, String wire) {
        if (m.shape().type() == Shape.Type.TIMESTAMP) {
            try { return F.textNode(Timestamps.parse(raw).toString()); }
            catch (IllegalArgumentException e) { throw new AwsException("InvalidArgument", 400, "Invalid date in header " + wire + "."); }
        }
        return XmlShapeReader.scalar(m.shape(), raw, wire);
    }

    private JsonNode payload(Member m, byte[] body) {
        if (body == null || body.length == 0) return null;
        Shape s = m.shape();
        if (s.type() == Shape.Type.BLOB) return F.textNode(Base64.getEncoder().encodeToString(body));
        if (s.type() == Shape.Type.STRING) return F.textNode(new String(body, StandardCharsets.UTF_8));
        Document d = parseXml(body);
        return XmlShapeReader.readValue(d.getDocumentElement(), m);
    }

    private static Document parseXml(byte[] body) {
        try {
            return SafeXml.parse(body);
        } catch (SafeXml.MalformedXmlException e) {
            throw new AwsException("MalformedXML", 400, true,
                    "The XML you provided was not well-formed or did not validate against our published schema.", e);
        }
    }

    @Override
    public AwsResponse writeOutput(String operation, JsonNode output, RequestContext ctx) {
        OperationModel op = op(operation);
        Shape out = op.output();
        int status = op.responseCode();
        Headers headers = new Headers();
        ResponseBody body = ResponseBody.EMPTY;
        if (out != null && output != null && output.isObject()) {
            String ns = namespace(ctx);
            for (Map.Entry<String, Member> e : out.members().entrySet()) {
                Member m = e.getValue();
                JsonNode v = output.get(e.getKey());
                if (v == null || v.isNull()) continue;
                switch (m.location()) {
                    case HEADER -> headers.set(m.wireName(e.getKey()), headerText(m, v));
                    case HEADERS -> v.fields().forEachRemaining(h -> headers.set(m.wireName("") + h.getKey(), h.getValue().asText()));
                    case STATUS_CODE -> status = v.asInt();
                    default -> { }
                }
            }
            if (out.payload() != null) {
                Member p = out.member(out.payload());
                JsonNode v = output.get(out.payload());
                if (v != null && !v.isNull()) {
                    switch (p.shape().type()) {
                        case BLOB -> body = new ResponseBody.Bytes(v instanceof BinaryNode b ? b.binaryValue() : Base64.getDecoder().decode(v.asText()));
                        case STRING -> body = new ResponseBody.Bytes(v.asText().getBytes(StandardCharsets.UTF_8));
                        default -> {
                            XmlWriter w = XmlWriter.document();
                            String rootNs = p.xmlNamespace() != null ? versioned(p.xmlNamespace(), ctx) : ns;
                            XmlShapeWriter.writeValue(w, p.wireName(out.payload()), p, v, rootNs);
                            body = new ResponseBody.Bytes(w.toBytes());
                            headers.set("Content-Type", CONTENT_TYPE);
                        }
                    }
                }
            } else if (hasBodyMembers(out)) {
                XmlWriter w = XmlWriter.document();
                w.start(out.locationName() != null ? out.locationName() : operation + "Result", ns);
                XmlShapeWriter.writeMembers(w, out, output);
                w.end();
                body = new ResponseBody.Bytes(w.toBytes());
                headers.set("Content-Type", CONTENT_TYPE);
            }
        }
        headers.set("x-amzn-RequestId", ctx.requestId());
        return new AwsResponse(status, headers, body);
    }

    private static boolean hasBodyMembers(Shape s) {
        for (Member m : s.members().values()) if (m.location() == Member.Location.BODY) return true;
        return false;
    }

    private static String headerText(Member m, JsonNode v) {
        if (m.shape().type() == Shape.Type.TIMESTAMP) {
            String f = m.timestampFormat();
            return Timestamps.format(Timestamps.fromNode(v), f == null ? "rfc822" : f);
        }
        return XmlShapeWriter.scalarText(m, v);
    }

    @Override
    public AwsResponse writeError(AwsException e, RequestContext ctx) {
        XmlWriter w = XmlWriter.document();
        w.start("ErrorResponse", namespace(ctx)).start("Error")
                .element("Type", e.senderFault() ? "Sender" : "Receiver")
                .element("Code", quirks.errorCode(Protocol.REST_XML, e))
                .element("Message", e.getMessage());
        for (Map.Entry<String, String> x : e.extra().entrySet()) w.element(x.getKey(), x.getValue());
        w.end().element("RequestId", ctx.requestId()).end();
        AwsResponse r = AwsResponse.of(e.httpStatus(), CONTENT_TYPE, w.toBytes()).header("x-amzn-RequestId", ctx.requestId());
        for (Map.Entry<String, String> h : e.headers().entrySet()) r.header(h.getKey(), h.getValue());
        return r;
    }

    private String namespace(RequestContext ctx) {
        String version = requestVersion(ctx == null ? null : ctx.request());
        return quirks.xmlNamespace(versioned(defaultNamespace, ctx), version);
    }

    /** The model namespace with the version the request's path asked for. */
    private String versioned(String ns, RequestContext ctx) {
        if (ns == null) return null;
        String version = requestVersion(ctx == null ? null : ctx.request());
        return version.equals(model.apiVersion()) ? ns : ns.replace(model.apiVersion(), version);
    }

    private OperationModel op(String operation) {
        OperationModel op = model.operation(operation);
        if (op == null) throw new IllegalArgumentException("not an operation of this model: " + operation);
        return op;
    }

}
