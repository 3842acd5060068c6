package io.awsemu.core.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.error.CommonErrors;
import io.awsemu.core.http.AwsResponse;
import io.awsemu.core.http.HttpRequestHead;
import io.awsemu.core.model.OperationModel;
import io.awsemu.core.model.ServiceModel;
import io.awsemu.core.protocol.Protocol;
import io.awsemu.core.protocol.ProtocolCodec;
import io.awsemu.core.protocol.ProtocolQuirks;
import io.awsemu.core.protocol.RequiredMembers;
import io.awsemu.core.protocol.xml.XmlShapeWriter;
import io.awsemu.core.service.RequestContext;
import io.awsemu.core.xml.XmlWriter;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Query protocol (SQS Query, SimpleDB, RDS) and, with {@code ec2 = true}, its EC2 variant:
 * capitalised {@code queryName}s, {@code X.N} lists, no result wrapper, {@code <requestId>} first,
 * and the {@code <Response><Errors>} envelope.
 */
public class QueryCodec implements ProtocolCodec {
    public static final String CONTENT_TYPE = "text/xml";
    private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final ServiceModel model;
    private final ProtocolQuirks quirks;
    private final boolean ec2;

    public QueryCodec(ServiceModel model, ProtocolQuirks quirks, boolean ec2) {
        this.model = model;
        this.quirks = quirks == null ? ProtocolQuirks.NONE : quirks;
        this.ec2 = ec2;
    }

    @Override
    public Protocol protocol() { return ec2 ? Protocol.EC2 : Protocol.QUERY; }

    public ServiceModel model() { return model; }

    @Override
    public String operationName(HttpRequestHead head, Map<String, List<String>> params) {
        List<String> action = params.get("Action");
        if (action == null || action.isEmpty() || action.get(0).isEmpty()) throw CommonErrors.missingAction();
        String name = action.get(0);
        return model.operation(name) != null ? name : null;
    }

    @Override
    public ObjectNode parseInput(String operation, HttpRequestHead head, Map<String, List<String>> params, byte[] body) {
        OperationModel op = op(operation);
        ObjectNode tree = op.input() == null ? JsonNodeFactory.instance.objectNode()
                : new QueryInputParser(ec2, quirks.adjustParams(operation, params)).parseStructure(op.input(), "");
        tree = quirks.adjustInput(operation, head, tree);
        if (op.input() != null && quirks.checkRequiredMembers(operation)) RequiredMembers.check(op.input(), tree, (m, n) -> QueryInputParser.keyName(ec2, m, n));
        return tree;
    }

    @Override
    public AwsResponse writeOutput(String operation, JsonNode output, RequestContext ctx) {
        OperationModel op = op(operation);
        XmlWriter w = XmlWriter.document();
        w.start(operation + "Response", namespace(ctx));
        if (ec2) {
            w.element("requestId", ctx.requestId());
            if (op.output() != null) XmlShapeWriter.writeMembers(w, op.output(), output, quirks.siblingAttributeMembers());
        } else {
            if (op.output() != null) {
                if (op.resultWrapper() != null) {
                    w.start(op.resultWrapper());
                    XmlShapeWriter.writeMembers(w, op.output(), output, quirks.siblingAttributeMembers());
                    w.end();
                } else {
                    XmlShapeWriter.writeMembers(w, op.output(), output, quirks.siblingAttributeMembers());
                }
            }
            w.start("ResponseMetadata").element("RequestId", ctx.requestId());
            for (Map.Entry<String, String> e : quirks.responseMetadata(operation, ctx).entrySet()) w.element(e.getKey(), e.getValue());
            w.end();
        }
        w.end();
        return AwsResponse.of(200, CONTENT_TYPE, w.toBytes()).header("x-amzn-RequestId", ctx.requestId());
    }

    @Override
    public AwsResponse writeError(AwsException e, RequestContext ctx) {
        String code = quirks.errorCode(protocol(), e);
        XmlWriter w = XmlWriter.document();
        if (ec2 || quirks.ec2StyleErrors()) {
            w.start("Response").start("Errors").start("Error")
                    .element("Code", code).element("Message", e.getMessage());
            extras(w, e);
            w.end().end().element("RequestID", ctx.requestId()).end();
        } else {
            w.start("ErrorResponse", namespace(ctx)).start("Error")
                    .element("Type", e.senderFault() ? "Sender" : "Receiver")
                    .element("Code", code).element("Message", e.getMessage());
            extras(w, e);
            w.end().element("RequestId", ctx.requestId()).end();
        }
        AwsResponse r = AwsResponse.of(e.httpStatus(), CONTENT_TYPE, w.toBytes()).header("x-amzn-RequestId", ctx.requestId());
        for (Map.Entry<String, String> h : e.headers().entrySet()) r.header(h.getKey(), h.getValue());
        return r;
    }

    private static void extras(XmlWriter w, AwsException e) {
        for (Map.Entry<String, String> x : e.extra().entrySet()) w.element(x.getKey(), x.getValue());
    }

    /**
     * The answer's namespace: the service's quirk for the request's {@code Version}; EC2 by default
     * answers in the namespace of the version asked for ({@code http://ec2.amazonaws.com/doc/2010-08-31/}).
     */
    String namespace(RequestContext ctx) {
        String modelNs = model.xmlNamespace();
        String version = ctx == null ? null : ctx.apiVersion();
        if (ec2 && modelNs != null) {
            String base = modelNs.endsWith("/") ? modelNs : modelNs + "/"; // the EC2 model drops the trailing slash AWS sends
            if (version != null && API_VERSION.matcher(version).matches() && !version.equals(model.apiVersion()))
                base = base.replace(model.apiVersion(), version);
            modelNs = base;
        }
        return quirks.xmlNamespace(modelNs, version);
    }

    private OperationModel op(String operation) {
        OperationModel op = model.operation(operation);
        if (op == null) throw new IllegalArgumentException("not an operation of this model: " + operation);
        return op;
    }
}
