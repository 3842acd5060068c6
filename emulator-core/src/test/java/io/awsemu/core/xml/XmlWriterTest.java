package io.awsemu.core.xml;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class XmlWriterTest {
    @Test
    void escapesTextAndAttributesAsXml10() {
        String raw = "a<b>&\"c\"\r\n\td\u0001e\uFFFEf\u00e9\u4e2d";
        String xml = XmlWriter.fragment().start("E").attribute("v", raw).text(raw).end().toString();
        assertEquals("<E v=\"a&lt;b&gt;&amp;&quot;c&quot;&#13;&#10;&#9;d&#1;e&#65534;f\u00e9\u4e2d\">"
                + "a&lt;b&gt;&amp;\"c\"&#13;\n\td&#1;e&#65534;f\u00e9\u4e2d</E>", xml);
    }

    @Test
    void plainTextAndEmptyTextPassUnchanged() {
        assertEquals("<K>list/000001</K><K></K><K>&amp;</K><K>x&amp;</K><K>&amp;x</K>", XmlWriter.fragment()
                .element("K", "list/000001").element("K", "").element("K", "&").element("K", "x&").element("K", "&x")
                .toString());
    }
}
