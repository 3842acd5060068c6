package io.awsemu.core.protocol.xml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.awsemu.core.error.AwsException;
import io.awsemu.core.model.Member;
import io.awsemu.core.model.Shape;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.xml.SafeXml;
import org.w3c.dom.Element;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads an XML element into a canonical tree by the model (the inverse of {@link XmlShapeWriter}). */
public final class XmlShapeReader {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private XmlShapeReader() {}

    public static ObjectNode readStructure(Element e, Shape shape) {
        ObjectNode out = F.objectNode();
        List<Element> kids = SafeXml.children(e);
        for (Map.Entry<String, Member> en : shape.members().entrySet()) {
            Member m = en.getValue();
            if (m.location() != Member.Location.BODY) continue;
            String name = m.xmlAttribute() ? m.wireName(en.getKey()) : XmlShapeWriter.elementName(m, en.getKey());
            if (m.xmlAttribute()) {
                String local = name.contains(":") ? name.substring(name.indexOf(':') + 1) : name;
                String a = e.hasAttribute(name) ? e.getAttribute(name) : attributeByLocalName(e, local);
                if (a != null) out.set(en.getKey(), scalar(m.shape(), a, name));
                continue;
            }
            Shape s = m.shape();
            if ((s.isList() || s.isMap()) && m.flattened()) {
                ArrayNode arr = F.arrayNode();
                ObjectNode map = F.objectNode();
                boolean any = false;
                for (Element k : kids) {
                    if (!name.equals(SafeXml.localName(k))) continue;
                    any = true;
                    if (s.isList()) { JsonNode v = readValue(k, s.listMember()); if (v != null) arr.add(v); }
                    else readEntry(k, s, map);
                }
                if (any) out.set(en.getKey(), s.isList() ? arr : map);
                continue;
            }
            Element k = null;
            for (Element c : kids) if (name.equals(SafeXml.localName(c))) { k = c; break; }
            if (k == null) continue;
            JsonNode v = readValue(k, m);
            if (v != null) out.set(en.getKey(), v);
        }
        return out;
    }

    public static JsonNode readValue(Element e, Member ref) {
        Shape s = ref.shape();
        switch (s.type()) {
            case STRUCTURE: return readStructure(e, s);
            case LIST: {
                ArrayNode a = F.arrayNode();
                for (Element c : SafeXml.children(e)) { JsonNode v = readValue(c, s.listMember()); if (v != null) a.add(v); }
                return a;
            }
            case MAP: {
                ObjectNode m = F.objectNode();
                for (Element c : SafeXml.children(e)) readEntry(c, s, m);
                return m;
            }
            default: return scalar(s, e.getTextContent(), SafeXml.localName(e));
        }
    }

    private static void readEntry(Element entry, Shape map, ObjectNode out) {
        Element k = SafeXml.child(entry, map.mapKey().wireName("key"));
        Element v = SafeXml.child(entry, map.mapValue().wireName("value"));
        if (k == null) return;
        JsonNode val = v == null ? null : readValue(v, map.mapValue());
        if (val != null) out.set(k.getTextContent(), val);
    }

    private static String attributeByLocalName(Element e, String local) {
        var attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            var a = attrs.item(i);
            String n = a.getLocalName() != null ? a.getLocalName() : a.getNodeName();
            if (local.equals(n)) return a.getNodeValue();
        }
        return null;
    }

    /** A scalar from text; a value that does not fit the shape is the REST protocol's 400. */
    public static JsonNode scalar(Shape s, String raw, String name) {
        String t = raw == null ? "" : raw.trim();
        try {
            return switch (s.type()) {
                case BOOLEAN -> {
                    String b = t.toLowerCase(Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) throw new IllegalArgumentException();
                    yield F.booleanNode(b.equals("true"));
                }
                case INTEGER -> F.numberNode(Integer.parseInt(t));
                case LONG -> F.numberNode(Long.parseLong(t));
                case DOUBLE, FLOAT -> F.numberNode(Double.parseDouble(t));
                case BIGDECIMAL -> F.numberNode(new BigDecimal(t));
                case TIMESTAMP -> F.textNode(Timestamps.parse(t).toString());
                case BLOB -> { Base64.getMimeDecoder().decode(t); yield F.textNode(t); }
                default -> F.textNode(raw == null ? "" : raw);
            };
        } catch (IllegalArgumentException e) {
            throw new AwsException("InvalidArgument", 400, "Value (" + raw + ") for " + name + " is invalid.");
        }
    }
}
