package org.jinku.adapter.legacysoap.internal.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.jinku.adapter.legacysoap.internal.Evs;
import org.jinku.adapter.legacysoap.internal.LegacyFault;

class RpcWriterTest {

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soapenv:Envelope "
            + "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            + "xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\"><soapenv:Body>";
    private static final String OPEN = "<ns1:opResponse soapenv:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\" "
            + "xmlns:ns1=\"urn:jinku:legacy-voucher\">";
    private static final String CLOSE = "</ns1:opResponse></soapenv:Body></soapenv:Envelope>";

    private static String response(ReturnType type, Object value) {
        return new String(RpcWriter.response("op", type, value), StandardCharsets.UTF_8);
    }

    /** The XML must be well-formed: parsed back with the JDK's DOM (namespace-aware). */
    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return d.getDocumentElement();
    }

    @Test
    void simpleReturns() {
        assertEquals(HEAD + OPEN + "<opReturn xsi:type=\"soapenc:string\">财政 &lt;a&gt; &amp; &quot;b&quot; x&#13;\ny"
                + "</opReturn>" + CLOSE, response(ReturnType.STRING, "财政 <a> & \"b\" x\r\ny"));
        assertEquals(HEAD + OPEN + "<opReturn xsi:type=\"xsd:int\">-7</opReturn>" + CLOSE, response(ReturnType.INT, -7));
        assertEquals(HEAD + OPEN + "<opReturn xsi:type=\"soapenc:base64Binary\">AAH/</opReturn>" + CLOSE,
                response(ReturnType.BASE64, new byte[] {0, 1, -1}));
        assertEquals(HEAD + OPEN + CLOSE, response(ReturnType.VOID, "ignored"));
        assertEquals(HEAD + OPEN + "<opReturn xsi:nil=\"true\"/>" + CLOSE, response(ReturnType.STRING, null));
        assertEquals(HEAD + OPEN + "<opReturn xsi:type=\"soapenc:string\">😀]]&gt;</opReturn>" + CLOSE,
                response(ReturnType.STRING, "😀]]>"));
    }

    @Test
    void mapsAsApacheSoapMaps() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("V001", new Object[] {"0", 5, null});
        m.put("V002", new String[] {"a"});
        m.put("s", "t");
        m.put("n", null);
        String xml = response(ReturnType.MAP, m);
        assertEquals(HEAD + OPEN + "<opReturn xsi:type=\"ns2:Map\" xmlns:ns2=\"http://xml.apache.org/xml-soap\">"
                + "<item><key xsi:type=\"soapenc:string\">V001</key><value xsi:type=\"soapenc:Array\" "
                + "soapenc:arrayType=\"xsd:anyType[3]\"><item xsi:type=\"soapenc:string\">0</item>"
                + "<item xsi:type=\"xsd:int\">5</item><item xsi:nil=\"true\"/></value></item>"
                + "<item><key xsi:type=\"soapenc:string\">V002</key><value xsi:type=\"soapenc:Array\" "
                + "soapenc:arrayType=\"soapenc:string[1]\"><item xsi:type=\"soapenc:string\">a</item></value></item>"
                + "<item><key xsi:type=\"soapenc:string\">s</key><value xsi:type=\"soapenc:string\">t</value></item>"
                + "<item><key xsi:type=\"soapenc:string\">n</key><value xsi:nil=\"true\"/></item>"
                + "</opReturn>" + CLOSE, xml);
        parse(xml);
        assertEquals(HEAD + OPEN + "<opReturn xsi:type=\"ns2:Map\" xmlns:ns2=\"http://xml.apache.org/xml-soap\">"
                + "</opReturn>" + CLOSE, response(ReturnType.MAP, Map.of()));
    }

    @Test
    void aFaultAsAxisWritesIt() throws Exception {
        String xml = new String(RpcWriter.fault(new LegacyFault(Evs.ARGUMENT_COUNT, "readVoucher takes 5 <args>")),
                StandardCharsets.UTF_8);
        assertEquals(HEAD + "<soapenv:Fault><faultcode>soapenv:Server.userException</faultcode><faultstring>"
                + "java.lang.Exception: EVS100#参数不合法: readVoucher takes 5 &lt;args&gt;</faultstring></soapenv:Fault>"
                + "</soapenv:Body></soapenv:Envelope>", xml);
        Element env = parse(xml);
        assertEquals("Envelope", env.getLocalName());
        // A reason quoting what the client sent may hold any character: the fault is still written.
        String odd = new String(RpcWriter.fault(new LegacyFault(Evs.MALFORMED_REQUEST, "bad \u0001 \uD800")),
                StandardCharsets.UTF_8);
        assertTrue(odd.contains("bad \uFFFD \uFFFD</faultstring>"), odd);
        parse(odd);
    }

    @Test
    void whatXmlCannotCarryIsRefusedNotWritten() {
        LegacyFault f = assertThrows(LegacyFault.class, () -> RpcWriter.response("op", ReturnType.STRING, "a\u0000b"));
        assertEquals(Evs.INTERNAL, f.evs());
        assertTrue(f.getMessage().contains("U+0000"), f.getMessage());
        assertThrows(LegacyFault.class, () -> RpcWriter.response("op", ReturnType.STRING, "\uDC00"));
        assertThrows(LegacyFault.class, () -> RpcWriter.response("op", ReturnType.MAP, Map.of("k\u0007", "v")));
    }

    @Test
    void aValueThatDoesNotSuitTheTypeIsABug() {
        assertThrows(IllegalArgumentException.class, () -> RpcWriter.response("op", ReturnType.INT, "1"));
        assertThrows(IllegalArgumentException.class, () -> RpcWriter.response("op", ReturnType.STRING, 1));
        assertThrows(IllegalArgumentException.class, () -> RpcWriter.response("op", ReturnType.MAP, Map.of(1, "v")));
        assertThrows(IllegalArgumentException.class, () -> RpcWriter.response("op", ReturnType.MAP,
                Map.of("k", new Object[] {new Object[0]})));
        assertThrows(IllegalArgumentException.class, () -> RpcWriter.response("op", ReturnType.MAP, Map.of("k", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> RpcWriter.response("a b", ReturnType.VOID, null));
    }
}
