package io.awsemu.core.protocol.xml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import io.awsemu.core.model.Member;
import io.awsemu.core.model.Shape;
import io.awsemu.core.protocol.Timestamps;
import io.awsemu.core.xml.XmlWriter;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Serializes a canonical tree into XML by the model's rules, as botocore's XML parsers read it back:
 * element names from {@code locationName} (else the member name), lists wrapped in {@code <member>}
 * (or the list member's locationName, EC2's {@code item}) unless flattened, maps as
 * {@code entry/key/value}. Shared by Query, EC2 and REST-XML; absent or null members are omitted.
 */
public final class XmlShapeWriter {
    private XmlShapeWriter() {}

    /** Writes the members of {@code shape} from {@code node} into the element currently open in {@code w}. */
    public static void writeMembers(XmlWriter w, Shape shape, JsonNode node) {
        writeMembers(w, shape, node, Map.of());
    }

    /**
     * As {@link #writeMembers(XmlWriter, Shape, JsonNode)}; {@code siblingAttributes} maps a member
     * name to {@code "Sibling@attr"}: that member becomes an attribute of its sibling's element
     * (see {@code ProtocolQuirks.siblingAttributeMembers}).
     */
    public static void writeMembers(XmlWriter w, Shape shape, JsonNode node, Map<String, String> siblingAttributes) {
        if (node == null || !node.isObject()) return;
        for (Map.Entry<String, Member> e : shape.members().entrySet()) {
            Member m = e.getValue();
            if (m.xmlAttribute() || m.location() != Member.Location.BODY) continue;
            if (siblingAttributes.containsKey(e.getKey())) continue;
            JsonNode v = node.get(e.getKey());
            if (v == null || v.isNull() || v.isMissingNode()) continue;
            String[] attr = null;
            for (Map.Entry<String, String> a : siblingAttributes.entrySet()) {
                if (!a.getValue().startsWith(e.getKey() + "@")) continue;
                JsonNode av = node.get(a.getKey());
                if (av != null && !av.isNull()) attr = new String[] {a.getValue().substring(e.getKey().length() + 1), av.asText()};
            }
            writeValue(w, elementName(m, e.getKey()), m, v, null, siblingAttributes, attr);
        }
    }

    /** The element a structure member is written as (botocore's {@code _member_key_name}). */
    public static String elementName(Member m, String memberName) {
        Shape s = m.shape();
        if (s.isList() && m.flattened() && s.listMember().locationName() != null) return s.listMember().locationName();
        return m.wireName(memberName);
    }

    /** Writes {@code <name>value</name>} for one reference, recursing into containers. */
    public static void writeValue(XmlWriter w, String name, Member ref, JsonNode v) {
        writeValue(w, name, ref, v, null);
    }

    /** As {@link #writeValue(XmlWriter, String, Member, JsonNode)} with an xmlns on the element (payload roots). */
    public static void writeValue(XmlWriter w, String name, Member ref, JsonNode v, String xmlns) {
        writeValue(w, name, ref, v, xmlns, Map.of(), null);
    }

    private static void writeValue(XmlWriter w, String name, Member ref, JsonNode v, String xmlns,
                                   Map<String, String> siblingAttributes, String[] attr) {
        Shape s = ref.shape();
        switch (s.type()) {
            case STRUCTURE -> {
                w.start(name, xmlns);
                for (Map.Entry<String, Member> e : s.members().entrySet()) {
                    if (!e.getValue().xmlAttribute()) continue;
                    JsonNode a = v.get(e.getKey());
                    if (a != null && !a.isNull()) w.attribute(e.getValue().wireName(e.getKey()), scalarText(e.getValue(), a));
                }
                writeMembers(w, s, v, siblingAttributes);
                w.end();
            }
            case LIST -> {
                Member item = s.listMember();
                if (ref.flattened()) {
                    for (JsonNode x : iterable(v)) if (!x.isNull()) writeValue(w, name, item, x, null, siblingAttributes, null);
                } else {
                    w.start(name, xmlns);
                    String itemName = item.wireName("member");
                    for (JsonNode x : iterable(v)) if (!x.isNull()) writeValue(w, itemName, item, x, null, siblingAttributes, null);
                    w.end();
                }
            }
            case MAP -> {
                String kName = s.mapKey().wireName("key"), vName = s.mapValue().wireName("value");
                boolean flat = ref.flattened();
                if (!flat) w.start(name, xmlns);
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue() == null || e.getValue().isNull()) continue;
                    w.start(flat ? name : "entry");
                    w.element(kName, e.getKey());
                    writeValue(w, vName, s.mapValue(), e.getValue(), null, siblingAttributes, null);
                    w.end();
                }
                if (!flat) w.end();
            }
            default -> {
                w.start(name, xmlns);
                if (attr != null) w.attribute(attr[0], attr[1]);
                w.text(scalarText(ref, v));
                w.end();
            }
        }
    }

    private static Iterable<JsonNode> iterable(JsonNode v) {
        if (v.isArray()) return v;
        return java.util.List.of(v); // a single value where a list was expected: write it as one item
    }

    /** The text of a scalar for XML (and Query/REST headers): ISO timestamps, base64 blobs, plain numbers. */
    public static String scalarText(Member ref, JsonNode v) {
        Shape s = ref.shape();
        return switch (s.type()) {
            case TIMESTAMP -> Timestamps.format(Timestamps.fromNode(v), ref.timestampFormat());
            case BLOB -> v instanceof BinaryNode b ? Base64.getEncoder().encodeToString(b.binaryValue()) : v.asText();
            case DOUBLE, FLOAT, BIGDECIMAL -> v.isNumber() ? plain(v) : v.asText();
            default -> v.asText();
        };
    }

    private static String plain(JsonNode v) {
        if (v.isIntegralNumber()) return v.asText();
        double d = v.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) return v.asText();
        // Double.toString gives 2.19907E-5; AWS (and boto 2's parsers) expect plain decimals.
        return new BigDecimal(v.asText()).stripTrailingZeros().toPlainString();
    }
}
