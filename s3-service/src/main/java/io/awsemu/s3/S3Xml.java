package io.awsemu.s3;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads S3 request bodies (small configuration documents) into a tiny element tree. DTDs and external
 * entities are off, so a body cannot read files or expand entities. Kept in this one class so it can
 * move onto core's {@code SafeXml} when that exists.
 */
public final class S3Xml {
    private S3Xml() {}

    private static final XMLInputFactory FACTORY = hardened();

    private static XMLInputFactory hardened() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    /** An element: local name (namespace ignored, as S3 does), trimmed text (unless parsed keeping it), children in order. */
    public record Element(String name, String text, List<Element> children) {
        public Element child(String local) {
            for (Element c : children) if (c.name.equals(local)) return c;
            return null;
        }

        /** Text of the first child called {@code local}, or null. */
        public String childText(String local) {
            Element c = child(local);
            return c == null ? null : c.text;
        }
    }

    /** {@code true} or {@code false} in any case, as S3 reads a boolean element; MalformedXML otherwise. */
    public static boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) return true;
        if (text.equalsIgnoreCase("false")) return false;
        throw S3Errors.malformedXml();
    }

    /** The document's root; MalformedXML when the body is not well-formed XML or has a DTD. */
    public static Element parse(byte[] body) {
        return parse(body, true);
    }

    /** As {@link #parse}, with each element's text as sent, not trimmed (S3 Select's delimiters may be whitespace). */
    public static Element parseKeepingText(byte[] body) {
        return parse(body, false);
    }

    private static Element parse(byte[] body, boolean trim) {
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.DTD || ev == XMLStreamConstants.ENTITY_REFERENCE) {
                        throw S3Errors.malformedXml();
                    }
                    if (ev == XMLStreamConstants.START_ELEMENT) return element(r, trim);
                }
                throw S3Errors.malformedXml();
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw S3Errors.malformedXml();
        }
    }

    private static Element element(XMLStreamReader r, boolean trim) throws XMLStreamException {
        String name = r.getLocalName();
        StringBuilder text = new StringBuilder();
        List<Element> children = new ArrayList<>();
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> children.add(element(r, trim));
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(r.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    return new Element(name, trim ? text.toString().trim() : text.toString(), List.copyOf(children));
                }
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> throw S3Errors.malformedXml();
                default -> { }
            }
        }
    }
}
