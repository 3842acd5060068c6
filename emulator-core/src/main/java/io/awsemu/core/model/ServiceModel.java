package io.awsemu.core.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A botocore-format service model ({@code metadata} / {@code operations} / {@code shapes}), read once
 * with Jackson's streaming parser. {@code documentation} (most of the 3 MB of EC2) is skipped
 * without being materialised, so loading stays cheap enough to do lazily on first use.
 */
public final class ServiceModel {
    private final String apiVersion;
    private final String protocol;
    private final String jsonVersion;
    private final String targetPrefix;
    private final String signingName;
    private final String endpointPrefix;
    private final String serviceId;
    private final String xmlNamespace;
    private final boolean awsQueryCompatible;
    private final Map<String, OperationModel> operations;
    private final Map<String, Shape> shapes;

    private ServiceModel(Map<String, Object> meta, Map<String, OperationModel> operations, Map<String, Shape> shapes) {
        this.apiVersion = (String) meta.get("apiVersion");
        this.protocol = (String) meta.get("protocol");
        this.jsonVersion = (String) meta.get("jsonVersion");
        this.targetPrefix = (String) meta.get("targetPrefix");
        this.endpointPrefix = (String) meta.get("endpointPrefix");
        String sn = (String) meta.get("signingName");
        this.signingName = sn != null ? sn : endpointPrefix;
        this.serviceId = (String) meta.get("serviceId");
        this.xmlNamespace = (String) meta.get("xmlNamespace");
        this.awsQueryCompatible = meta.containsKey("awsQueryCompatible");
        this.operations = Collections.unmodifiableMap(operations);
        this.shapes = Collections.unmodifiableMap(shapes);
    }

    /** Loads {@code classpathResource} (e.g. {@code awsemu/models/sqs-2012-11-05-model.json}) from {@code loader}. */
    public static ServiceModel load(String classpathResource, ClassLoader loader) {
        ClassLoader cl = loader != null ? loader : ServiceModel.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(classpathResource)) {
            if (in == null) throw new IllegalArgumentException("model not on the classpath: " + classpathResource);
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + classpathResource, e);
        }
    }

    public static ServiceModel parse(InputStream in) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            return new Reader(p).read();
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    public String apiVersion() { return apiVersion; }
    /** botocore protocol: query, ec2, json, rest-xml, rest-json. */
    public String protocol() { return protocol; }
    public String jsonVersion() { return jsonVersion; }
    public String targetPrefix() { return targetPrefix; }
    /** signingName, else endpointPrefix. */
    public String signingName() { return signingName; }
    public String endpointPrefix() { return endpointPrefix; }
    /** May be null (SimpleDB's model has none). */
    public String serviceId() { return serviceId; }
    public String xmlNamespace() { return xmlNamespace; }
    public boolean awsQueryCompatible() { return awsQueryCompatible; }
    public Map<String, OperationModel> operations() { return operations; }
    public OperationModel operation(String name) { return operations.get(name); }
    public Map<String, Shape> shapes() { return shapes; }
    public Shape shape(String name) { return shapes.get(name); }

    // ------------------------------------------------------------------ streaming reader

    private static final class Reader {
        private final JsonParser p;
        private final Map<String, Object> meta = new HashMap<>();
        private final Map<String, RawShape> rawShapes = new LinkedHashMap<>();
        private final List<RawOp> rawOps = new ArrayList<>();
        private final List<Member> refs = new ArrayList<>();

        Reader(JsonParser p) { this.p = p; }

        ServiceModel read() throws IOException {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "metadata" -> readMetadata();
                    case "operations" -> { while (p.nextToken() == JsonToken.FIELD_NAME) { String n = p.currentName(); p.nextToken(); rawOps.add(readOp(n)); } }
                    case "shapes" -> { while (p.nextToken() == JsonToken.FIELD_NAME) { String n = p.currentName(); p.nextToken(); rawShapes.put(n, readShape(n)); } }
                    default -> p.skipChildren();
                }
            }
            Map<String, Shape> shapes = new LinkedHashMap<>(rawShapes.size() * 2);
            for (RawShape r : rawShapes.values()) shapes.put(r.name, r.build());
            for (Member m : refs) {
                m.shape = shapes.get(m.shapeName);
                if (m.shape == null) throw new IllegalStateException("model references unknown shape " + m.shapeName);
            }
            Map<String, OperationModel> ops = new LinkedHashMap<>(rawOps.size() * 2);
            for (RawOp o : rawOps) {
                List<Shape> errors = new ArrayList<>(o.errors.size());
                for (String e : o.errors) { Shape s = shapes.get(e); if (s != null) errors.add(s); }
                ops.put(o.key, new OperationModel(o.key, o.method, o.requestUri, o.responseCode,
                        o.input == null ? null : shapes.get(o.input), o.output == null ? null : shapes.get(o.output),
                        o.resultWrapper, o.inputLocationName, o.inputXmlNamespace, List.copyOf(errors)));
            }
            return new ServiceModel(meta, ops, shapes);
        }

        private void readMetadata() throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_STRING) meta.put(f, p.getText());
                else { meta.put(f, Boolean.TRUE); p.skipChildren(); } // awsQueryCompatible: {}, protocols: [...]
            }
        }

        private RawOp readOp(String key) throws IOException {
            RawOp o = new RawOp();
            o.key = key;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "http" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String h = p.currentName();
                            p.nextToken();
                            switch (h) {
                                case "method" -> o.method = p.getText();
                                case "requestUri" -> o.requestUri = p.getText();
                                case "responseCode" -> o.responseCode = p.getIntValue();
                                default -> p.skipChildren();
                            }
                        }
                    }
                    case "input" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String h = p.currentName();
                            p.nextToken();
                            switch (h) {
                                case "shape" -> o.input = p.getText();
                                case "locationName" -> o.inputLocationName = p.getText();
                                case "xmlNamespace" -> o.inputXmlNamespace = readNamespace();
                                default -> p.skipChildren();
                            }
                        }
                    }
                    case "output" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String h = p.currentName();
                            p.nextToken();
                            switch (h) {
                                case "shape" -> o.output = p.getText();
                                case "resultWrapper" -> o.resultWrapper = p.getText();
                                default -> p.skipChildren();
                            }
                        }
                    }
                    case "errors" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String h = p.currentName();
                                p.nextToken();
                                if (h.equals("shape")) o.errors.add(p.getText());
                                else p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return o;
        }

        private RawShape readShape(String name) throws IOException {
            RawShape s = new RawShape();
            s.name = name;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "type" -> s.type = p.getText();
                    case "members" -> {
                        s.members = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String m = p.currentName();
                            p.nextToken();
                            s.members.put(m, readRef(m));
                        }
                    }
                    case "required" -> { s.required = new LinkedHashSet<>(); while (p.nextToken() != JsonToken.END_ARRAY) s.required.add(p.getText()); }
                    case "member" -> s.member = readRef(null);
                    case "key" -> s.key = readRef(null);
                    case "value" -> s.value = readRef(null);
                    case "flattened" -> s.flattened = p.getValueAsBoolean();
                    case "locationName" -> s.locationName = p.getText();
                    case "xmlNamespace" -> s.xmlNamespace = readNamespace();
                    case "timestampFormat" -> s.timestampFormat = p.getText();
                    case "payload" -> s.payload = p.getText();
                    case "enum" -> { s.enumValues = new ArrayList<>(); while (p.nextToken() != JsonToken.END_ARRAY) s.enumValues.add(p.getText()); }
                    case "min" -> s.min = t.isNumeric() ? p.getLongValue() : null;
                    case "max" -> s.max = t.isNumeric() ? p.getLongValue() : null;
                    case "exception" -> s.exception = p.getValueAsBoolean();
                    case "error" -> {
                        String code = null; int status = 400; boolean sender = true;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String h = p.currentName();
                            p.nextToken();
                            switch (h) {
                                case "code" -> code = p.getText();
                                case "httpStatusCode" -> status = p.getIntValue();
                                case "senderFault" -> sender = p.getValueAsBoolean();
                                default -> p.skipChildren();
                            }
                        }
                        s.error = new Shape.ErrorInfo(code, status, sender);
                    }
                    default -> p.skipChildren(); // documentation, pattern, sensitive, deprecated, ...
                }
            }
            return s;
        }

        private Member readRef(String memberName) throws IOException {
            String shape = null, locationName = null, queryName = null, ns = null, tsf = null;
            Member.Location location = null;
            boolean flattened = false, attr = false, idem = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "shape" -> shape = p.getText();
                    case "locationName" -> locationName = p.getText();
                    case "location" -> location = switch (p.getText()) {
                        case "uri" -> Member.Location.URI;
                        case "querystring" -> Member.Location.QUERYSTRING;
                        case "header" -> Member.Location.HEADER;
                        case "headers" -> Member.Location.HEADERS;
                        case "statusCode" -> Member.Location.STATUS_CODE;
                        default -> Member.Location.BODY;
                    };
                    case "queryName" -> queryName = p.getText();
                    case "flattened" -> flattened = p.getValueAsBoolean();
                    case "xmlNamespace" -> ns = readNamespace();
                    case "xmlAttribute" -> attr = p.getValueAsBoolean();
                    case "timestampFormat" -> tsf = p.getText();
                    case "idempotencyToken" -> idem = p.getValueAsBoolean();
                    default -> p.skipChildren();
                }
            }
            Member m = new Member(memberName, shape, locationName, location, queryName, flattened, ns, attr, tsf, idem);
            refs.add(m);
            return m;
        }

        /** {"uri": "..."} or a bare string. */
        private String readNamespace() throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) return p.getText();
            String uri = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String h = p.currentName();
                p.nextToken();
                if (h.equals("uri")) uri = p.getText();
                else p.skipChildren();
            }
            return uri;
        }

        private static void expect(JsonToken got, JsonToken want) throws IOException {
            if (got != want) throw new IOException("model: expected " + want + " but got " + got);
        }
    }

    private static final class RawOp {
        String key, method = "POST", requestUri = "/", input, output, resultWrapper, inputLocationName, inputXmlNamespace;
        int responseCode = 200;
        final List<String> errors = new ArrayList<>(4);
    }

    private static final class RawShape {
        String name, type, locationName, xmlNamespace, timestampFormat, payload;
        Map<String, Member> members;
        Set<String> required;
        Member member, key, value;
        boolean flattened, exception;
        List<String> enumValues;
        Long min, max;
        Shape.ErrorInfo error;

        Shape build() {
            Shape.Type t = switch (type == null ? "structure" : type) {
                case "structure" -> Shape.Type.STRUCTURE;
                case "list" -> Shape.Type.LIST;
                case "map" -> Shape.Type.MAP;
                case "integer" -> Shape.Type.INTEGER;
                case "long" -> Shape.Type.LONG;
                case "boolean" -> Shape.Type.BOOLEAN;
                case "double" -> Shape.Type.DOUBLE;
                case "float" -> Shape.Type.FLOAT;
                case "timestamp" -> Shape.Type.TIMESTAMP;
                case "blob" -> Shape.Type.BLOB;
                case "bigdecimal" -> Shape.Type.BIGDECIMAL;
                default -> Shape.Type.STRING; // string, character
            };
            return new Shape(name, t, members, required, member, key, value, flattened, locationName,
                    xmlNamespace, timestampFormat, payload, enumValues, min, max, exception, error);
        }
    }
}
