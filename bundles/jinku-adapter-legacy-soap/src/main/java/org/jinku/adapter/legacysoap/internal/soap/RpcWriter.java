package org.jinku.adapter.legacysoap.internal.soap;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.jinku.adapter.legacysoap.internal.Evs;
import org.jinku.adapter.legacysoap.internal.LegacyFault;

/**
 * Writes responses and faults as an Axis 1.4 server does, so that deployed Axis clients deserialize them into
 * the Java types they cast to: {@code <ns1:opResponse><opReturn xsi:type=...>} with String, Integer, byte[] and
 * Apache SOAP Map values. Values are written inline (Axis itself would multiRef an Integer; clients accept
 * both, and inline is what every SOAP reader handles). The XML is written by hand so that every byte is known:
 * it is small, and escaping is done here for text and attributes alike.
 */
public final class RpcWriter {

    /** The Content-Type of a response or fault. */
    public static final String CONTENT_TYPE = "text/xml; charset=utf-8";

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"" + Soap.ENV + "\" xmlns:xsd=\"" + Soap.XSD + "\" xmlns:xsi=\""
            + Soap.XSI + "\" xmlns:soapenc=\"" + Soap.ENC + "\"><soapenv:Body>";
    private static final String TAIL = "</soapenv:Body></soapenv:Envelope>";

    private RpcWriter() {
    }

    /**
     * The response to {@code operation}. {@code value} must suit {@code type}: String; Integer; byte[];
     * a {@code Map<String, ?>} whose values are String, Integer, String[] or Object[] of String/Integer (or null);
     * ignored for VOID. A null value is written as a nil return element.
     *
     * @throws LegacyFault {@link Evs#INTERNAL} if a string holds a character XML 1.0 cannot carry
     * @throws IllegalArgumentException if the value does not suit the type (a bug of the caller)
     */
    public static byte[] response(String operation, ReturnType type, Object value) {
        StringBuilder x = new StringBuilder(256).append(HEAD);
        x.append("<ns1:").append(name(operation)).append("Response soapenv:encodingStyle=\"").append(Soap.ENC)
                .append("\" xmlns:ns1=\"").append(Soap.SERVICE_NS).append("\">");
        if (type != ReturnType.VOID) {
            String ret = name(operation) + "Return";
            if (value == null) {
                x.append('<').append(ret).append(" xsi:nil=\"true\"/>");
            } else {
                switch (type) {
                    case STRING -> simple(x, ret, "soapenc:string", text(cast(value, String.class, type)));
                    case INT -> simple(x, ret, "xsd:int", cast(value, Integer.class, type).toString());
                    case BASE64 -> simple(x, ret, "soapenc:base64Binary",
                            Base64.getEncoder().encodeToString(cast(value, byte[].class, type)));
                    case MAP -> map(x, ret, cast(value, Map.class, type));
                    default -> throw new IllegalStateException(type.toString());
                }
            }
        }
        x.append("</ns1:").append(name(operation)).append("Response>").append(TAIL);
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A SOAP 1.1 fault as Axis writes a server-side exception: faultcode {@code soapenv:Server.userException},
     * faultstring the fault's message, which Axis clients return from {@code AxisFault.getMessage()}. No detail:
     * Axis would add the host name, which a client has no use for.
     */
    public static byte[] fault(LegacyFault f) {
        String message = f.getMessage() == null ? "" : f.getMessage();
        StringBuilder x = new StringBuilder(256).append(HEAD)
                .append("<soapenv:Fault><faultcode>soapenv:Server.userException</faultcode><faultstring>")
                .append(text(scrub(message))).append("</faultstring></soapenv:Fault>").append(TAIL);
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void map(StringBuilder x, String element, Map<?, ?> map) {
        // Axis' MapSerializer: <item><key/><value/></item> per entry, deserialized into a HashMap.
        x.append('<').append(element).append(" xsi:type=\"ns2:Map\" xmlns:ns2=\"").append(Soap.APACHE_SOAP)
                .append("\">");
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("map keys must be Strings, got " + e.getKey());
            }
            x.append("<item>");
            simple(x, "key", "soapenc:string", text(key));
            item(x, "value", e.getValue(), true);
            x.append("</item>");
        }
        x.append("</").append(element).append('>');
    }

    /** A map value or array item: String, Integer, null, or (where {@code arrays}) String[] or Object[]. */
    private static void item(StringBuilder x, String element, Object v, boolean arrays) {
        if (v == null) {
            x.append('<').append(element).append(" xsi:nil=\"true\"/>");
        } else if (v instanceof String s) {
            simple(x, element, "soapenc:string", text(s));
        } else if (v instanceof Integer n) {
            simple(x, element, "xsd:int", n.toString());
        } else if (arrays && v instanceof Object[] a) {
            // String[] arrives as String[], Object[] as Object[]: deployed clients cast either to Object[].
            String itemType = v instanceof String[] ? "soapenc:string" : "xsd:anyType";
            x.append('<').append(element).append(" xsi:type=\"soapenc:Array\" soapenc:arrayType=\"").append(itemType)
                    .append('[').append(a.length).append("]\">");
            for (Object o : a) {
                item(x, "item", o, false);
            }
            x.append("</").append(element).append('>');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " in a map"
                    + (arrays ? "" : " array"));
        }
    }

    private static void simple(StringBuilder x, String element, String xsiType, String escapedText) {
        x.append('<').append(element).append(" xsi:type=\"").append(xsiType).append("\">").append(escapedText)
                .append("</").append(element).append('>');
    }

    private static <T> T cast(Object value, Class<T> c, ReturnType type) {
        if (!c.isInstance(value)) {
            throw new IllegalArgumentException(type + " return needs a " + c.getSimpleName() + ", got "
                    + value.getClass().getName());
        }
        return c.cast(value);
    }

    /** Operation names come from the operation table, never from the request, so this only guards bugs. */
    private static String name(String operation) {
        if (operation == null || !operation.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not an operation name: " + operation);
        }
        return operation;
    }

    /**
     * Escapes text for element content. A character XML 1.0 cannot carry at all (a control character, a lone
     * surrogate) would make the whole response unreadable to the client, so it is refused here; carriage
     * returns are written as {@code &#13;} since a parser would turn a raw one into a line feed.
     */
    private static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");  // so "]]>" is never written raw
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\r' -> b.append("&#13;");
                default -> {
                    if (!allowed(c)) {
                        throw new LegacyFault(Evs.INTERNAL, String.format(
                                "the response holds U+%04X, which XML 1.0 cannot carry", c));
                    }
                    b.appendCodePoint(c);
                }
            }
            i += Character.charCount(c);
        }
        return b.toString();
    }

    private static boolean allowed(int c) {
        return c == '\t' || c == '\n' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /** A fault must always be writable: characters XML cannot carry become U+FFFD instead of failing again. */
    private static String scrub(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(allowed(c) || c == '\r' ? c : 0xFFFD));
        return b.toString();
    }
}
