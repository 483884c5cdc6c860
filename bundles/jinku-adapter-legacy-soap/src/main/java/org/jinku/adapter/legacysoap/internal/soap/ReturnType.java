package org.jinku.adapter.legacysoap.internal.soap;

/** What an operation returns, as an Axis 1.4 client deserializes it. */
public enum ReturnType {
    /** An empty response element; {@code Call.invoke} returns null. */
    VOID(null),
    /** {@code soapenc:string}: a String. */
    STRING("soapenc:string"),
    /** {@code xsd:int}: an Integer. */
    INT("xsd:int"),
    /** {@code soapenc:base64Binary}: a byte[]. */
    BASE64("xsd:base64Binary"),
    /** Apache SOAP's {@code Map}: a HashMap whose values are Strings, Integers or Object[]. */
    MAP("apachesoap:Map");

    private final String wsdlType;

    ReturnType(String wsdlType) {
        this.wsdlType = wsdlType;
    }

    /** The WSDL return part's type; null for VOID, whose response message has no part. */
    public String wsdlType() {
        return wsdlType;
    }
}
