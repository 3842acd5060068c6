package io.awsemu.core.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small, fast XML builder for responses: elements in the order written, text escaped for XML 1.0
 * (characters XML cannot carry are written as character references, as S3 does for keys).
 *
 * <pre>
 * XmlWriter w = XmlWriter.document();
 * w.start("ListAllMyBucketsResult", "http://s3.amazonaws.com/doc/2006-03-01/")
 *  .start("Buckets").start("Bucket").element("Name", name).end().end().end();
 * byte[] body = w.toBytes();
 * </pre>
 */
public final class XmlWriter {
    private final StringBuilder sb = new StringBuilder(256);
    private final Deque<String> open = new ArrayDeque<>();
    private boolean tagOpen;

    private XmlWriter(boolean declaration) {
        if (declaration) sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    /** A document starting with the XML declaration. */
    public static XmlWriter document() { return new XmlWriter(true); }

    /** A fragment without declaration. */
    public static XmlWriter fragment() { return new XmlWriter(false); }

    public XmlWriter start(String name) {
        closeTag();
        sb.append('<').append(name);
        open.push(name);
        tagOpen = true;
        return this;
    }

    public XmlWriter start(String name, String xmlns) {
        start(name);
        if (xmlns != null) attribute("xmlns", xmlns);
        return this;
    }

    /** An attribute on the element just started. */
    public XmlWriter attribute(String name, String value) {
        if (!tagOpen) throw new IllegalStateException("attribute outside a start tag");
        sb.append(' ').append(name).append("=\"");
        escape(value, true);
        sb.append('"');
        return this;
    }

    public XmlWriter text(String text) {
        closeTag();
        escape(text, false);
        return this;
    }

    public XmlWriter end() {
        String name = open.pop();
        if (tagOpen) {
            sb.append("></").append(name).append('>');
            tagOpen = false;
        } else {
            sb.append("</").append(name).append('>');
        }
        return this;
    }

    /** {@code <name>text</name>}; nothing at all when {@code text} is null. */
    public XmlWriter element(String name, String text) {
        if (text == null) return this;
        return start(name).text(text).end();
    }

    public XmlWriter element(String name, long value) {
        return element(name, Long.toString(value));
    }

    public XmlWriter element(String name, boolean value) {
        return element(name, Boolean.toString(value));
    }

    /** Inserts already-serialized XML (a fragment from another writer). */
    public XmlWriter raw(String xml) {
        closeTag();
        sb.append(xml);
        return this;
    }

    private void closeTag() {
        if (tagOpen) {
            sb.append('>');
            tagOpen = false;
        }
    }

    private void escape(String s, boolean attr) {
        // runs of plain characters are appended whole: a listing escapes thousands of keys and values
        int n = s.length();
        int plain = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0xFFFE && c != '<' && c != '>' && c != '&' && (c != '"' || !attr)) continue;
            if (!attr && (c == '\n' || c == '\t')) continue;
            sb.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append("&#").append((int) c).append(';'); // CR, and TAB/LF in attributes
            }
        }
        if (plain == 0) sb.append(s);
        else sb.append(s, plain, n);
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) throw new IllegalStateException("unclosed elements: " + open);
        return sb.toString();
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }
}
