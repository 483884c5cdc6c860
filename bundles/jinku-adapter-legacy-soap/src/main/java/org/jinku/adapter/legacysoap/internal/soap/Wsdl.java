package org.jinku.adapter.legacysoap.internal.soap;

import java.util.List;

/**
 * The WSDL 1.1 (RPC/encoded) of a service, shaped like what Axis 1.4 answers to {@code ?wsdl}, so that tools
 * which generated deployed stubs (WSDL2Java) generate the same ones from Jinku: portType named after the
 * service, binding {@code <service>SoapBinding}, service {@code <service>Service}, parts named after the
 * parameters, String[] as {@code impl:ArrayOf_soapenc_string} and maps as Apache SOAP's {@code Map}.
 */
public final class Wsdl {

    private Wsdl() {
    }

    public static String of(String serviceName, String endpointUrl, List<Operation> ops) {
        String svc = attr(serviceName);
        StringBuilder w = new StringBuilder(4096);
        w.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<wsdl:definitions targetNamespace=\"").append(Soap.SERVICE_NS)
                .append("\" xmlns:apachesoap=\"").append(Soap.APACHE_SOAP)
                .append("\" xmlns:impl=\"").append(Soap.SERVICE_NS)
                .append("\" xmlns:intf=\"").append(Soap.SERVICE_NS)
                .append("\" xmlns:soapenc=\"").append(Soap.ENC)
                .append("\" xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\"")
                .append(" xmlns:wsdlsoap=\"http://schemas.xmlsoap.org/wsdl/soap/\"")
                .append(" xmlns:xsd=\"").append(Soap.XSD).append("\">\n");
        types(w);
        for (Operation op : ops) {
            String name = attr(op.name());
            w.append(" <wsdl:message name=\"").append(name).append("Request\">\n");
            for (Param p : op.params()) {
                w.append("  <wsdl:part name=\"").append(attr(p.name())).append("\" type=\"")
                        .append(p.type().wsdlType()).append("\"/>\n");
            }
            w.append(" </wsdl:message>\n");
            // A void operation still has a response message, without parts, as Axis writes it.
            w.append(" <wsdl:message name=\"").append(name).append("Response\">\n");
            if (op.returns() != ReturnType.VOID) {
                w.append("  <wsdl:part name=\"").append(name).append("Return\" type=\"")
                        .append(op.returns().wsdlType()).append("\"/>\n");
            }
            w.append(" </wsdl:message>\n");
        }
        w.append(" <wsdl:portType name=\"").append(svc).append("\">\n");
        for (Operation op : ops) {
            String name = attr(op.name());
            StringBuilder order = new StringBuilder();
            for (Param p : op.params()) {
                order.append(order.length() == 0 ? "" : " ").append(attr(p.name()));
            }
            w.append("  <wsdl:operation name=\"").append(name).append('"')
                    .append(order.length() == 0 ? "" : " parameterOrder=\"" + order + "\"").append(">\n")
                    .append("   <wsdl:input message=\"impl:").append(name).append("Request\" name=\"").append(name)
                    .append("Request\"/>\n")
                    .append("   <wsdl:output message=\"impl:").append(name).append("Response\" name=\"")
                    .append(name).append("Response\"/>\n")
                    .append("  </wsdl:operation>\n");
        }
        w.append(" </wsdl:portType>\n");
        w.append(" <wsdl:binding name=\"").append(svc).append("SoapBinding\" type=\"impl:").append(svc).append("\">\n")
                .append("  <wsdlsoap:binding style=\"rpc\" transport=\"http://schemas.xmlsoap.org/soap/http\"/>\n");
        String body = "<wsdlsoap:body encodingStyle=\"" + Soap.ENC + "\" namespace=\"" + Soap.SERVICE_NS
                + "\" use=\"encoded\"/>";
        for (Operation op : ops) {
            String name = attr(op.name());
            w.append("  <wsdl:operation name=\"").append(name).append("\">\n")
                    .append("   <wsdlsoap:operation soapAction=\"\"/>\n")
                    .append("   <wsdl:input name=\"").append(name).append("Request\">").append(body)
                    .append("</wsdl:input>\n")
                    .append("   <wsdl:output name=\"").append(name).append("Response\">").append(body)
                    .append("</wsdl:output>\n")
                    .append("  </wsdl:operation>\n");
        }
        w.append(" </wsdl:binding>\n");
        w.append(" <wsdl:service name=\"").append(svc).append("Service\">\n")
                .append("  <wsdl:port binding=\"impl:").append(svc).append("SoapBinding\" name=\"").append(svc)
                .append("\">\n")
                .append("   <wsdlsoap:address location=\"").append(attr(endpointUrl)).append("\"/>\n")
                .append("  </wsdl:port>\n")
                .append(" </wsdl:service>\n")
                .append("</wsdl:definitions>\n");
        return w.toString();
    }

    /** The two schemas Axis writes: Apache SOAP's Map, and the service's array of strings. */
    private static void types(StringBuilder w) {
        w.append(" <wsdl:types>\n")
                .append("  <schema targetNamespace=\"").append(Soap.APACHE_SOAP)
                .append("\" xmlns=\"").append(Soap.XSD).append("\">\n")
                .append("   <import namespace=\"").append(Soap.SERVICE_NS).append("\"/>\n")
                .append("   <import namespace=\"").append(Soap.ENC).append("\"/>\n")
                .append("   <complexType name=\"mapItem\">\n")
                .append("    <sequence>\n")
                .append("     <element name=\"key\" nillable=\"true\" type=\"xsd:anyType\"/>\n")
                .append("     <element name=\"value\" nillable=\"true\" type=\"xsd:anyType\"/>\n")
                .append("    </sequence>\n")
                .append("   </complexType>\n")
                .append("   <complexType name=\"Map\">\n")
                .append("    <sequence>\n")
                .append("     <element maxOccurs=\"unbounded\" minOccurs=\"0\" name=\"item\"")
                .append(" type=\"apachesoap:mapItem\"/>\n")
                .append("    </sequence>\n")
                .append("   </complexType>\n")
                .append("  </schema>\n")
                .append("  <schema targetNamespace=\"").append(Soap.SERVICE_NS)
                .append("\" xmlns=\"").append(Soap.XSD).append("\">\n")
                .append("   <import namespace=\"").append(Soap.APACHE_SOAP).append("\"/>\n")
                .append("   <import namespace=\"").append(Soap.ENC).append("\"/>\n")
                .append("   <complexType name=\"ArrayOf_soapenc_string\">\n")
                .append("    <complexContent>\n")
                .append("     <restriction base=\"soapenc:Array\">\n")
                .append("      <attribute ref=\"soapenc:arrayType\" wsdl:arrayType=\"soapenc:string[]\"/>\n")
                .append("     </restriction>\n")
                .append("    </complexContent>\n")
                .append("   </complexType>\n")
                .append("  </schema>\n")
                .append(" </wsdl:types>\n");
    }

    /** Names come from the operation table and the URL from configuration; escaped all the same. */
    private static String attr(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
