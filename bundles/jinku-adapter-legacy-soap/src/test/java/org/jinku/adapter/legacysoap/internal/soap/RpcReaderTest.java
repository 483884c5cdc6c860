package org.jinku.adapter.legacysoap.internal.soap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.jinku.adapter.legacysoap.internal.Evs;
import org.jinku.adapter.legacysoap.internal.LegacyFault;

/** Requests written out as text, shaped as Axis 1.4 and other SOAP 1.1 clients send them. */
class RpcReaderTest {

    private static final String ENV = "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
    private static final String ENC = "xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\"";
    private static final String STYLE = "soapenv:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"";

    private static RpcCall read(String xml) {
        return RpcReader.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(String inside) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope " + ENV + "><soapenv:Body>" + inside
                + "</soapenv:Body></soapenv:Envelope>";
    }

    private static LegacyFault refused(Evs evs, String xml) {
        LegacyFault f = assertThrows(LegacyFault.class, () -> read(xml));
        assertEquals(evs, f.evs(), f.getMessage());
        return f;
    }

    // ---------------------------------------------------------------- what Axis sends

    /** As Axis 1.4 sends {@code call.invoke(new Object[]{"001", "210000", 2024, "5201", 100})}: multiRefs after the call. */
    @Test
    void axisStringsAndForwardMultiRefInts() {
        RpcCall call = read(body("<readVoucher " + STYLE + ">"
                + "<arg0 xsi:type=\"soapenc:string\" " + ENC + ">001</arg0>"
                + "<arg1 xsi:type=\"soapenc:string\" " + ENC + ">210000</arg1>"
                + "<arg2 href=\"#id0\"/>"
                + "<arg3 xsi:type=\"soapenc:string\" " + ENC + ">5201</arg3>"
                + "<arg4 href=\"#id1\"/>"
                + "</readVoucher>"
                + "<multiRef id=\"id1\" soapenc:root=\"0\" " + STYLE + " xsi:type=\"soapenc:int\" " + ENC + ">100</multiRef>"
                + "<multiRef id=\"id0\" soapenc:root=\"0\" " + STYLE + " xsi:type=\"xsd:int\" " + ENC + ">2024</multiRef>"));
        assertEquals("readVoucher", call.operation());
        assertEquals(List.of(new RpcValue("soapenc:string", "001"), new RpcValue("soapenc:string", "210000"),
                new RpcValue("xsd:int", "2024"), new RpcValue("soapenc:string", "5201"),
                new RpcValue("soapenc:int", "100")), call.args());
    }

    /** Axis names a String[]'s items after the parameter, not {@code item}. */
    @Test
    void axisStringArray() {
        RpcCall call = read(body("<confirmVoucher " + STYLE + ">"
                + "<arg0 soapenc:arrayType=\"soapenc:string[3]\" xsi:type=\"soapenc:Array\" " + ENC + ">"
                + "<arg0 xsi:type=\"soapenc:string\">V001</arg0><arg0 xsi:type=\"soapenc:string\" xsi:nil=\"true\"/>"
                + "<arg0 xsi:type=\"soapenc:string\">&#x51ED;&#x8BC1;3</arg0></arg0></confirmVoucher>"));
        RpcValue a = call.args().get(0);
        assertEquals("soapenc:Array", a.xsiType());
        assertArrayEquals(new Object[] {new RpcValue("soapenc:string", "V001"), new RpcValue("soapenc:string", null),
                new RpcValue("soapenc:string", "凭证3")}, (Object[]) a.value());
    }

    @Test
    void everyRequestAxisSentParses() throws IOException {
        for (String op : List.of("readVoucher", "confirmVoucher", "confirmVoucher-named", "confirmVoucher-wsdl",
                "sendData", "echo")) {
            try (InputStream in = getClass().getResourceAsStream("/axis/" + op + ".xml")) {
                RpcCall call = RpcReader.read(in.readAllBytes());
                assertEquals(op.replaceAll("-.*", ""), call.operation());
                assertTrue(!call.args().isEmpty(), op);
            }
        }
    }

    @Test
    void base64InBothNamespacesIsDecoded() {
        RpcCall call = read(body("<sendData>"
                + "<a xsi:type=\"soapenc:base64Binary\" " + ENC + ">AAEC/w==</a>"
                + "<b xsi:type=\"xsd:base64Binary\">\n  AAEC\n  /w==\n</b>"
                + "<c xsi:type=\"soapenc:base64\" " + ENC + "></c></sendData>"));
        assertArrayEquals(new byte[] {0, 1, 2, -1}, (byte[]) call.args().get(0).value());
        assertArrayEquals(new byte[] {0, 1, 2, -1}, (byte[]) call.args().get(1).value());
        assertArrayEquals(new byte[0], (byte[]) call.args().get(2).value());
        LegacyFault f = refused(Evs.ARGUMENT_TYPE, body("<sendData><a xsi:type=\"xsd:base64Binary\">AA*=</a></sendData>"));
        assertTrue(f.getMessage().contains("<a> (line 1) is xsd:base64Binary but its text is not base64"), f.getMessage());
    }

    @Test
    void nilInEveryDialect() {
        RpcCall call = read(body("<op><a xsi:type=\"xsd:string\" xsi:nil=\"true\"/><b xsi:nil=\"1\"/>"
                + "<c xmlns:x99=\"http://www.w3.org/1999/XMLSchema-instance\" x99:null=\"1\"/><d xsi:nil=\"false\"/>"
                + "<e href=\"#n\"/></op><multiRef id=\"n\" soapenc:root=\"0\" " + ENC + " xsi:nil=\"true\"/>"));
        assertEquals(new RpcValue("xsd:string", null), call.args().get(0));
        assertNull(call.args().get(1).value());
        assertNull(call.args().get(2).value());
        assertEquals(new RpcValue(null, ""), call.args().get(3));
        assertNull(call.args().get(4).value());
    }

    /** Other toolkits: other prefixes, a namespaced operation, pretty printing, a Header, the 1999 schema. */
    @Test
    void prefixesAreResolvedByNamespaceAndWhitespaceIsNoArgument() {
        RpcCall call = read("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- a comment -->
                <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
                    xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"
                    xmlns:xsi="http://www.w3.org/1999/XMLSchema-instance" xmlns:s="http://www.w3.org/1999/XMLSchema">
                  <SOAP-ENV:Header>
                    <t:Trace xmlns:t="urn:x" SOAP-ENV:mustUnderstand="0">ignored</t:Trace>
                  </SOAP-ENV:Header>
                  <SOAP-ENV:Body>
                    <m:readVoucher xmlns:m="urn:AsspService"
                        SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
                      <certID xsi:type="s:string"> 001 </certID>
                      <admDivCode xsi:type="SOAP-ENC:string">210000</admDivCode>
                      <stYear xmlns:q="http://www.w3.org/2001/XMLSchema" xsi:type="q:int">2024</stYear>
                      <vtCode>5201</vtCode>
                      <maxCount xsi:type="s:int"><![CDATA[100]]></maxCount>
                    </m:readVoucher>
                  </SOAP-ENV:Body>
                </SOAP-ENV:Envelope>
                """);
        assertEquals("readVoucher", call.operation());
        assertEquals(List.of(new RpcValue("xsd:string", " 001 "), new RpcValue("soapenc:string", "210000"),
                new RpcValue("xsd:int", "2024"), new RpcValue(null, "5201"), new RpcValue("xsd:int", "100")),
                call.args());
    }

    @Test
    void arraysWithItemsByHrefAndItemTypesFromArrayType() {
        RpcCall call = read(body("<op " + ENC + ">"
                + "<nos soapenc:arrayType=\"xsd:string[3]\"><item>A</item><item href=\"#i1\"/><item/></nos>"
                + "<ints href=\"#arr\"/></op>"
                + "<multiRef id=\"i1\" soapenc:root=\"0\" " + ENC + ">B</multiRef>"
                + "<multiRef id=\"arr\" soapenc:root=\"0\" " + ENC + " xsi:type=\"soapenc:Array\" soapenc:arrayType=\"xsd:anyType[2]\">"
                + "<item xsi:type=\"xsd:int\">1</item><item href=\"#i1\"/></multiRef>"));
        assertEquals("soapenc:Array", call.args().get(0).xsiType());
        assertArrayEquals(new Object[] {new RpcValue("xsd:string", "A"), new RpcValue("xsd:string", "B"),
                new RpcValue("xsd:string", "")}, (Object[]) call.args().get(0).value());
        assertArrayEquals(new Object[] {new RpcValue("xsd:int", "1"), new RpcValue("xsd:anyType", "B")},
                (Object[]) call.args().get(1).value());
    }

    @Test
    void anOperationWithoutArguments() {
        assertEquals(new RpcCall("ping", List.of()), read(body("<ping " + STYLE + "/>")));
        assertEquals(new RpcCall("ping", List.of()), read(body("\n  <ping>\n  </ping>\n")));
    }

    @Test
    void surrogatePairReferencesAreJoined() {
        // Axis 1.4 writes 𠀀 (U+20000) as two references, hexadecimal; others write decimal.
        RpcCall call = read(body("<op><a>&#x6536;&#xD840;&#xDC00;&#xD869;&#xDEA5;</a><b>&#55357;&#56832;x</b>"
                + "<c>&#x20000;</c></op>"));
        assertEquals("收𠀀𪚥", call.args().get(0).value());
        assertEquals("😀x", call.args().get(1).value());
        assertEquals("𠀀", call.args().get(2).value());
        // A lone surrogate is no character: still refused.
        refused(Evs.MALFORMED_REQUEST, body("<op><a>&#xD840;x</a></op>"));
        refused(Evs.MALFORMED_REQUEST, body("<op><a>&#xDC00;&#xD840;</a></op>"));
    }

    @Test
    void otherEncodingsAreDecoded() {
        String xml = body("<op><a xsi:type=\"xsd:string\">财政局</a></op>").replace("UTF-8", "GBK");
        assertEquals("财政局", RpcReader.read(xml.getBytes(Charset.forName("GBK"))).args().get(0).value());
    }

    // ---------------------------------------------------------------- refused

    @Test
    void doctypesAreRefusedSoNoEntityIsEverResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<soapenv:Envelope " + ENV + "><soapenv:Body><op><a>&x;</a></op></soapenv:Body></soapenv:Envelope>";
        assertTrue(refused(Evs.MALFORMED_REQUEST, xxe).getMessage().contains("DOCTYPE declarations are not allowed"));
        String lol = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
                + "<soapenv:Envelope " + ENV + "><soapenv:Body><op><a>&lol2;</a></op></soapenv:Body></soapenv:Envelope>";
        refused(Evs.MALFORMED_REQUEST, lol);
        String external = "<!DOCTYPE soapenv:Envelope SYSTEM \"http://127.0.0.1:1/x.dtd\">" + body("<op/>");
        refused(Evs.MALFORMED_REQUEST, external);
        // Without a DTD an entity is undeclared.
        refused(Evs.MALFORMED_REQUEST, body("<op><a>&x;</a></op>"));
    }

    @Test
    void malformedRequestsAreRefusedWithTheirReason() {
        assertMalformed("the request has no body", new byte[0]);
        assertMalformed("the request has no body", null);
        assertMalformed("malformed XML", "not xml".getBytes(StandardCharsets.UTF_8));
        assertMalformed("malformed XML", body("<op><a></op>").getBytes(StandardCharsets.UTF_8));
        assertMalformed("malformed XML", (body("<op/>") + "<trailing/>").getBytes(StandardCharsets.UTF_8));
        assertMalformed("not a SOAP 1.1 envelope: the root element is <readVoucher>",
                "<readVoucher><a>1</a></readVoucher>".getBytes(StandardCharsets.UTF_8));
        assertMalformed("not a SOAP 1.1 envelope: the root element is <Envelope xmlns=\"urn:x\">",
                "<Envelope xmlns=\"urn:x\"><Body/></Envelope>".getBytes(StandardCharsets.UTF_8));
        assertMalformed("SOAP 1.2 is not supported",
                ("<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body><op/></e:Body></e:Envelope>")
                        .getBytes(StandardCharsets.UTF_8));
        assertMalformed("the SOAP envelope has no Body", ("<soapenv:Envelope " + ENV
                + "><soapenv:Header/></soapenv:Envelope>").getBytes(StandardCharsets.UTF_8));
        assertMalformed("the SOAP Body is empty", body("  ").getBytes(StandardCharsets.UTF_8));
        assertMalformed("the Body holds a SOAP Fault, not a call",
                body("<soapenv:Fault><faultcode>x</faultcode></soapenv:Fault>").getBytes(StandardCharsets.UTF_8));
        assertMalformed("holds no operation element", body("<multiRef " + ENC + " soapenc:root=\"0\" id=\"a\">1</multiRef>")
                .getBytes(StandardCharsets.UTF_8));
        assertMalformed("<arg2> (line 1) refers to #id9, which is no element of the Body",
                body("<op><arg2 href=\"#id9\"/></op>").getBytes(StandardCharsets.UTF_8));
        assertMalformed("refers to http://x/y", body("<op><arg2 href=\"http://x/y\"/></op>").getBytes(StandardCharsets.UTF_8));
        assertMalformed("two elements have id=\"a\"", body("<op><x href=\"#a\"/></op><m id=\"a\">1</m><n id=\"a\">2</n>")
                .getBytes(StandardCharsets.UTF_8));
        assertMalformed("xsi:type \"foo:string\" uses an undeclared prefix",
                body("<op><a xsi:type=\"foo:string\">x</a></op>").getBytes(StandardCharsets.UTF_8));
        assertMalformed("lacks its [size]", body("<op " + ENC + "><a soapenc:arrayType=\"xsd:string\"/></op>")
                .getBytes(StandardCharsets.UTF_8));
        assertMalformed("text 'x'", ("<soapenv:Envelope " + ENV + ">x<soapenv:Body><op/></soapenv:Body></soapenv:Envelope>")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void referenceCyclesAndDeepNestingAreRefused() {
        assertMalformed("refers to itself through href", body("<op><a href=\"#x\"/></op><m id=\"x\" href=\"#x\"/>")
                .getBytes(StandardCharsets.UTF_8));
        assertMalformed("refers to itself through href", body("<op><a href=\"#x\"/></op>"
                + "<m id=\"x\"><item href=\"#y\"/></m><m id=\"y\"><item href=\"#x\"/></m>").getBytes(StandardCharsets.UTF_8));
        // Shared multiRefs are fine: two arguments may point at the same value.
        assertEquals(2, read(body("<op><a href=\"#x\"/><b href=\"#x\"/></op><m id=\"x\">1</m>")).args().size());

        String deep = "<a>".repeat(RpcReader.MAX_DEPTH) + "</a>".repeat(RpcReader.MAX_DEPTH);
        assertMalformed("nested deeper than 32 levels", body("<op>" + deep + "</op>").getBytes(StandardCharsets.UTF_8));
        StringBuilder chain = new StringBuilder("<op><a href=\"#m0\"/></op>");
        for (int i = 0; i < 40; i++) {
            chain.append("<m id=\"m").append(i).append("\"><i href=\"#m").append(i + 1).append("\"/></m>");
        }
        chain.append("<m id=\"m40\">end</m>");
        assertMalformed("values nested deeper than 32 levels", body(chain.toString()).getBytes(StandardCharsets.UTF_8));

        // A billion laughs by href: 12 arrays of 10 items, each item referring to the next array, is under 4 KB
        // and would make 10^12 values (within the depth limit); it is refused after a few hundred.
        StringBuilder laughs = new StringBuilder("<op><a href=\"#l0\"/></op>");
        for (int i = 0; i < 12; i++) {
            laughs.append("<m id=\"l").append(i).append("\" soapenc:arrayType=\"xsd:anyType[10]\" ").append(ENC)
                    .append('>');
            laughs.append(("<i href=\"#l" + (i + 1) + "\"/>").repeat(10)).append("</m>");
        }
        laughs.append("<m id=\"l12\">ha</m>");
        assertTrue(laughs.length() < 4096, laughs.length() + " bytes");
        assertMalformed("expand to more values than it has elements", body(laughs.toString())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMalformed(String reason, byte[] xml) {
        LegacyFault f = assertThrows(LegacyFault.class, () -> RpcReader.read(xml));
        assertEquals(Evs.MALFORMED_REQUEST, f.evs(), f.getMessage());
        assertTrue(f.getMessage().startsWith("java.lang.Exception: EVS002#SOAP报文格式错误: "), f.getMessage());
        assertTrue(f.getMessage().contains(reason), f.getMessage());
    }
}
