package io.awsemu.core.xml;

import io.awsemu.core.error.AwsException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A hardened XML reader for request bodies (CloudFront, S3). DOCTYPE declarations are refused
 * outright, which closes external entities, XXE and billion-laughs in one rule; XInclude and
 * external schema/DTD access are off as well. Request bodies here are small and capped, so DOM is fine.
 */
public final class SafeXml {
    private SafeXml() {}

    /** Malformed or unsafe XML; {@link #malformedXml(MalformedXmlException)} gives S3's error. */
    public static final class MalformedXmlException extends Exception {
        public MalformedXmlException(String message, Throwable cause) { super(message, cause); }
    }

    private static final DocumentBuilderFactory FACTORY = newFactory();

    private static DocumentBuilderFactory newFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK XML parser cannot be hardened", e);
        }
        return f;
    }

    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override public void warning(SAXParseException e) {}
        @Override public void error(SAXParseException e) throws SAXException { throw e; }
        @Override public void fatalError(SAXParseException e) throws SAXException { throw e; }
    };

    /** Parses {@code body} into a DOM document; any DTD, entity trick or syntax error is refused. */
    public static Document parse(byte[] body) throws MalformedXmlException {
        if (body == null || body.length == 0) throw new MalformedXmlException("empty XML body", null);
        try {
            DocumentBuilder b = FACTORY.newDocumentBuilder(); // builders are not thread-safe; the factory is
            b.setErrorHandler(QUIET);
            b.setEntityResolver((publicId, systemId) -> { throw new SAXException("external entities are not allowed"); });
            return b.parse(new InputSource(new ByteArrayInputStream(body)));
        } catch (SAXException | IOException e) {
            throw new MalformedXmlException(e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For S3 callers: parse or throw S3's {@code MalformedXML} 400. */
    public static Document parseOrMalformedXml(byte[] body) {
        try {
            return parse(body);
        } catch (MalformedXmlException e) {
            throw malformedXml(e);
        }
    }

    /** S3's error for a body that is not well-formed XML or not the expected document. */
    public static AwsException malformedXml(MalformedXmlException cause) {
        return new AwsException("MalformedXML", 400, true,
                "The XML you provided was not well-formed or did not validate against our published schema", cause);
    }

    /** Child elements of {@code parent}, in document order. */
    public static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }

    /** The first child element called {@code localName}, or null. */
    public static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(localName(e))) return e;
        }
        return null;
    }

    /** Local name whether or not the element was namespaced. */
    public static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }

    /** The element's text content, or null when the element is null. */
    public static String text(Element e) {
        return e == null ? null : e.getTextContent();
    }
}
