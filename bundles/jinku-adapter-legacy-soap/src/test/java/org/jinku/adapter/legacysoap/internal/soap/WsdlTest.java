package org.jinku.adapter.legacysoap.internal.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.StringReader;
import java.util.List;

import javax.wsdl.Binding;
import javax.wsdl.Definition;
import javax.wsdl.Message;
import javax.wsdl.Part;
import javax.wsdl.PortType;
import javax.wsdl.factory.WSDLFactory;
import javax.wsdl.xml.WSDLReader;
import javax.xml.namespace.QName;

import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/** The WSDL read by wsdl4j, as WSDL2Java reads it (AxisInteropTest also has Axis build a call from it). */
class WsdlTest {

    private static final String NS = "urn:jinku:legacy-voucher";

    @Test
    void rpcEncodedWithPartsNamedAfterTheParameters() throws Exception {
        List<Operation> ops = List.of(
                new Operation("readVoucher", List.of(new Param("certID", ArgType.STRING), new Param("stYear", ArgType.INT)),
                        ReturnType.MAP),
                new Operation("confirmVoucher", List.of(new Param("voucherNo", ArgType.STRING_ARRAY),
                        new Param("data", ArgType.BASE64)), ReturnType.VOID));
        String wsdl = Wsdl.of("AsspVoucherService", "http://host:8080/realware/services/AsspVoucherService?a=1&b=2", ops);

        WSDLReader reader = WSDLFactory.newInstance().newWSDLReader();
        reader.setFeature("javax.wsdl.verbose", false);
        Definition d = reader.readWSDL(null, new InputSource(new StringReader(wsdl)));

        PortType pt = d.getPortType(new QName(NS, "AsspVoucherService"));
        assertEquals(2, pt.getOperations().size());
        Message in = d.getMessage(new QName(NS, "readVoucherRequest"));
        List<?> parts = in.getOrderedParts(null);
        assertEquals("certID", ((Part) parts.get(0)).getName());
        assertEquals(new QName("http://schemas.xmlsoap.org/soap/encoding/", "string"), ((Part) parts.get(0)).getTypeName());
        assertEquals(new QName("http://www.w3.org/2001/XMLSchema", "int"), ((Part) parts.get(1)).getTypeName());
        Part ret = d.getMessage(new QName(NS, "readVoucherResponse")).getPart("readVoucherReturn");
        assertEquals(new QName("http://xml.apache.org/xml-soap", "Map"), ret.getTypeName());
        Message confirm = d.getMessage(new QName(NS, "confirmVoucherRequest"));
        assertEquals(new QName(NS, "ArrayOf_soapenc_string"), confirm.getPart("voucherNo").getTypeName());
        assertEquals(new QName("http://www.w3.org/2001/XMLSchema", "base64Binary"), confirm.getPart("data").getTypeName());
        assertEquals(0, d.getMessage(new QName(NS, "confirmVoucherResponse")).getParts().size());

        Binding b = d.getBinding(new QName(NS, "AsspVoucherServiceSoapBinding"));
        assertNotNull(b.getBindingOperation("confirmVoucher", null, null));
        javax.wsdl.Port port = d.getService(new QName(NS, "AsspVoucherServiceService")).getPort("AsspVoucherService");
        assertEquals("http://host:8080/realware/services/AsspVoucherService?a=1&b=2",
                ((javax.wsdl.extensions.soap.SOAPAddress) port.getExtensibilityElements().get(0)).getLocationURI());
    }
}
