package io.awsemu.core.xml;

import io.awsemu.core.error.AwsException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class SafeXmlTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void parsesPlainXmlWithNamespaces() throws Exception {
        Document d = SafeXml.parse(b("<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>a</Key><Value>1 &amp; 2</Value></Tag></TagSet></Tagging>"));
        var root = d.getDocumentElement();
        assertEquals("Tagging", SafeXml.localName(root));
        var tag = SafeXml.child(SafeXml.child(root, "TagSet"), "Tag");
        assertEquals("1 & 2", SafeXml.text(SafeXml.child(tag, "Value")));
        assertEquals(1, SafeXml.children(SafeXml.child(root, "TagSet")).size());
    }

    @Test
    void refusesExternalEntities() {
        assertThrows(SafeXml.MalformedXmlException.class, () -> SafeXml.parse(b(
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>")));
    }

    @Test
    void refusesBillionLaughs() {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            s.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) s.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            s.append("\">");
        }
        s.append("]><lolz>&lol9;</lolz>");
        assertThrows(SafeXml.MalformedXmlException.class, () -> SafeXml.parse(b(s.toString())));
    }

    @Test
    void refusesXInclude() throws Exception {
        // XInclude is off: the include element stays an ordinary element and nothing is read from disk
        Document d = SafeXml.parse(b("<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></r>"));
        assertEquals("include", SafeXml.localName(SafeXml.children(d.getDocumentElement()).get(0)));
        assertFalse(d.getDocumentElement().getTextContent().contains("root:"));
    }

    @Test
    void malformedXmlForS3() {
        AwsException e = assertThrows(AwsException.class, () -> SafeXml.parseOrMalformedXml(b("<a><b></a>")));
        assertEquals("MalformedXML", e.code());
        assertEquals(400, e.httpStatus());
        assertEquals("MalformedXML", assertThrows(AwsException.class, () -> SafeXml.parseOrMalformedXml(new byte[0])).code());
    }
}
