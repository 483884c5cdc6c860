package org.jinku.adapter.legacysoap.internal.soap;

import java.util.Set;

/**
 * Namespaces and type names of SOAP 1.1 section 5 encoding as Axis 1.4 uses them. Types are compared in a
 * canonical {@code prefix:local} form ({@code xsd:int}, {@code soapenc:string}) so that what a client declared
 * with its own prefixes, or with the 1999/2000 schema namespaces older toolkits still send, reads the same.
 */
final class Soap {

    static final String ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String ENV_12 = "http://www.w3.org/2003/05/soap-envelope";
    static final String ENC = "http://schemas.xmlsoap.org/soap/encoding/";
    static final String XSD = "http://www.w3.org/2001/XMLSchema";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    /** Apache SOAP's namespace, home of the {@code Map} type Axis clients deserialize into a HashMap. */
    static final String APACHE_SOAP = "http://xml.apache.org/xml-soap";
    /** Namespace of the response elements and of the WSDL's own types. */
    static final String SERVICE_NS = "urn:jinku:legacy-voucher";

    /** The schema namespaces of 1999 and 2000 still appear in requests from old SOAP toolkits. */
    private static final Set<String> XSD_ALL = Set.of(XSD, "http://www.w3.org/1999/XMLSchema",
            "http://www.w3.org/2000/10/XMLSchema");
    private static final Set<String> XSI_ALL = Set.of(XSI, "http://www.w3.org/1999/XMLSchema-instance",
            "http://www.w3.org/2000/10/XMLSchema-instance");

    private static final Set<String> STRINGS = Set.of("string", "normalizedString", "token", "anySimpleType");
    private static final Set<String> INTEGERS = Set.of("int", "long", "short", "byte", "integer",
            "unsignedInt", "unsignedShort", "unsignedByte", "nonNegativeInteger", "positiveInteger");
    private static final Set<String> BASE64 = Set.of("base64Binary", "base64");

    private Soap() {
    }

    static boolean isXsi(String ns) {
        return ns != null && XSI_ALL.contains(ns);
    }

    /** {@code xsd:local}, {@code soapenc:local}, {@code apachesoap:local}, else Clark notation {@code {ns}local}. */
    static String canonical(String ns, String local) {
        if (ns == null || ns.isEmpty()) {
            return local;
        }
        if (XSD_ALL.contains(ns)) {
            return "xsd:" + local;
        }
        if (ENC.equals(ns)) {
            return "soapenc:" + local;
        }
        if (APACHE_SOAP.equals(ns)) {
            return "apachesoap:" + local;
        }
        return "{" + ns + "}" + local;
    }

    // SOAP encoding redeclares every schema simple type (soapenc:string, soapenc:int ...): accept both.
    private static String simpleLocal(String type) {
        if (type == null) {
            return null;
        }
        if (type.startsWith("xsd:")) {
            return type.substring(4);
        }
        if (type.startsWith("soapenc:")) {
            return type.substring(8);
        }
        return null;
    }

    static boolean isStringType(String type) {
        String l = simpleLocal(type);
        return l != null && STRINGS.contains(l);
    }

    static boolean isIntegerType(String type) {
        String l = simpleLocal(type);
        return l != null && INTEGERS.contains(l);
    }

    static boolean isBase64Type(String type) {
        String l = simpleLocal(type);
        return l != null && BASE64.contains(l);
    }
}
