package org.jinku.adapter.legacysoap.internal.soap;

/**
 * One encoded value of a request.
 *
 * @param xsiType the declared {@code xsi:type} in canonical form ({@code xsd:int}, {@code soapenc:string},
 *                {@code soapenc:Array}; other namespaces as {@code {uri}local}), for array items the type the
 *                array's {@code soapenc:arrayType} gives them; null when nothing declares a type
 * @param value   the element's text for simple values (kept verbatim, whitespace included); a byte[] when the
 *                type is base64Binary; an Object[] of RpcValue for an array (callers building a call by hand
 *                may also give String[] or an Object[] of String/Integer/null); null for xsi:nil
 */
public record RpcValue(String xsiType, Object value) {

    /** Type and value as fault messages show them: {@code soapenc:string "abc"}, {@code xsd:base64Binary (3 bytes)}. */
    public String describe() {
        String type = xsiType == null ? "" : xsiType;
        String v;
        if (value == null) {
            v = "nil";
        } else if (value instanceof byte[] b) {
            v = "(" + b.length + " bytes)";
        } else if (value instanceof Object[] a) {
            v = "(" + a.length + " items)";
            if (xsiType == null) {
                type = "array";
            }
        } else {
            String s = value.toString();
            v = "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        return type.isEmpty() ? v : type + " " + v;
    }
}
