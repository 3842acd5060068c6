package io.awsemu.core.protocol;

import io.awsemu.core.model.ServiceModel;
import io.awsemu.core.protocol.json.AwsJsonCodec;
import io.awsemu.core.protocol.query.QueryCodec;
import io.awsemu.core.protocol.restxml.RestXmlCodec;
import io.awsemu.core.protocol.restxml.S3ErrorCodec;

/** Builds the codec for one (protocol, model, quirks) triple. Codecs are immutable and thread-safe. */
public final class ProtocolCodecs {
    private ProtocolCodecs() {}

    /**
     * @param model the service's model; null only for {@link Protocol#REST_XML} without a model (S3),
     *              which yields a codec that only writes S3's error envelope
     */
    public static ProtocolCodec create(Protocol protocol, ServiceModel model, ProtocolQuirks quirks) {
        ProtocolQuirks q = quirks == null ? ProtocolQuirks.NONE : quirks;
        if (model == null) {
            if (protocol != Protocol.REST_XML) throw new IllegalArgumentException(protocol + " needs a model");
            return new S3ErrorCodec(q);
        }
        return switch (protocol) {
            case QUERY -> new QueryCodec(model, q, false);
            case EC2 -> new QueryCodec(model, q, true);
            case JSON_1_0, JSON_1_1 -> new AwsJsonCodec(protocol, model, q);
            case REST_XML -> new RestXmlCodec(model, q);
        };
    }

    /** The protocol a botocore model declares ("query", "ec2", "json" + jsonVersion, "rest-xml"). */
    public static Protocol protocolOf(ServiceModel model) {
        return switch (model.protocol()) {
            case "query" -> Protocol.QUERY;
            case "ec2" -> Protocol.EC2;
            case "json" -> "1.1".equals(model.jsonVersion()) ? Protocol.JSON_1_1 : Protocol.JSON_1_0;
            case "rest-xml" -> Protocol.REST_XML;
            default -> throw new IllegalArgumentException("unsupported protocol " + model.protocol());
        };
    }
}
