package org.jinku.adapter.legacysoap.internal.soap;

/** What an operation's parameter is declared as, in the WSDL and when a call is bound. */
public enum ArgType {
    STRING("soapenc:string", "soapenc:string"),
    INT("xsd:int", "xsd:int"),
    BASE64("xsd:base64Binary", "xsd:base64Binary"),
    STRING_ARRAY("soapenc:string[]", "impl:ArrayOf_soapenc_string");

    private final String label;
    private final String wsdlType;

    ArgType(String label, String wsdlType) {
        this.label = label;
        this.wsdlType = wsdlType;
    }

    /** How fault messages name the type ({@code must be xsd:int}). */
    public String label() {
        return label;
    }

    /** The WSDL part's type, as Axis' ?wsdl writes it. */
    public String wsdlType() {
        return wsdlType;
    }
}
