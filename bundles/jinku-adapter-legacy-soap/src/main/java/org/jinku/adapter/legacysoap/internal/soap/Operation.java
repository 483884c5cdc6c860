package org.jinku.adapter.legacysoap.internal.soap;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jinku.adapter.legacysoap.internal.Evs;
import org.jinku.adapter.legacysoap.internal.LegacyFault;

/**
 * An operation of the legacy API: its name, parameters in order and return type. {@link #bind} turns a call
 * into Java values, refusing a wrong argument count or type with the fault deployed clients know.
 */
public record Operation(String name, List<Param> params, ReturnType returns) {

    /** The lexical form of xsd:integer and its subtypes: ASCII digits, an optional sign. */
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    public Operation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(returns, "returns");
        params = List.copyOf(params);
    }

    /**
     * The call's arguments, by position, as String, Integer, byte[] or String[] (items may be null), or null for
     * a nil argument. An argument without xsi:type is read as the declared type if its text parses; a declared
     * type of another kind is refused, except that an integer passes as its decimal string where a string is
     * wanted (a client that sends 5201 as an Integer meant "5201"; the reverse would be guessing).
     *
     * @throws LegacyFault {@link Evs#ARGUMENT_COUNT} or {@link Evs#ARGUMENT_TYPE}
     */
    public Object[] bind(RpcCall call) {
        List<RpcValue> args = call.args();
        if (args.size() != params.size()) {
            List<String> names = new ArrayList<>();
            for (Param p : params) {
                names.add(p.name());
            }
            throw new LegacyFault(Evs.ARGUMENT_COUNT, name + " takes " + params.size() + " argument"
                    + (params.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + "), got " + args.size());
        }
        Object[] out = new Object[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bind(i, params.get(i), args.get(i));
        }
        return out;
    }

    private Object bind(int i, Param p, RpcValue v) {
        if (v == null || v.value() == null) {
            return null;
        }
        Object value = switch (p.type()) {
            case STRING -> string(v);
            case INT -> integer(v);
            case BASE64 -> bytes(v);
            case STRING_ARRAY -> strings(i, p, v);
        };
        if (value == null) {
            throw new LegacyFault(Evs.ARGUMENT_TYPE, "argument " + (i + 1) + " (" + p.name() + ") of " + name
                    + " must be " + p.type().label() + ", got " + v.describe());
        }
        return value;
    }

    // Each reader below returns null for "wrong type"; bind() turns that into the fault.

    private static String string(RpcValue v) {
        if (!(v.value() instanceof String s)) {
            // Hand-built calls may carry an Integer where the wire would have carried its text.
            return v.value() instanceof Integer n && (v.xsiType() == null || Soap.isIntegerType(v.xsiType()))
                    ? n.toString() : null;
        }
        if (v.xsiType() == null || Soap.isStringType(v.xsiType())) {
            return s;
        }
        if (Soap.isIntegerType(v.xsiType())) {
            return decimal(s.strip());
        }
        return null;
    }

    private static Integer integer(RpcValue v) {
        if (v.value() instanceof Integer n) {
            return n;
        }
        if (!(v.value() instanceof String s) || (v.xsiType() != null && !Soap.isIntegerType(v.xsiType()))) {
            return null;
        }
        String t = s.strip();
        if (!INTEGER.matcher(t).matches()) {
            return null;  // valueOf alone would take full-width digits, which xsd:int does not
        }
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException e) {
            return null;  // beyond int, e.g. an xsd:long too big for the declared int
        }
    }

    private static byte[] bytes(RpcValue v) {
        if (v.value() instanceof byte[] b) {
            return b;
        }
        if (v.xsiType() == null && v.value() instanceof String s) {
            try {
                return Base64.getDecoder().decode(s.replaceAll("\\s+", ""));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private String[] strings(int i, Param p, RpcValue v) {
        if (v.value() instanceof String[] a) {
            return a.clone();
        }
        if (!(v.value() instanceof Object[] items)
                || (v.xsiType() != null && !"soapenc:Array".equals(v.xsiType()) && !isStringArrayType(v.xsiType()))) {
            return null;
        }
        String[] out = new String[items.length];
        for (int k = 0; k < items.length; k++) {
            Object item = items[k];
            RpcValue iv = item instanceof RpcValue r ? r : new RpcValue(null, item);
            if (iv.value() == null) {
                continue;
            }
            out[k] = string(iv);
            if (out[k] == null) {
                throw new LegacyFault(Evs.ARGUMENT_TYPE, "item " + (k + 1) + " of argument " + (i + 1) + " ("
                        + p.name() + ") of " + name + " must be soapenc:string, got " + iv.describe());
            }
        }
        return out;
    }

    /** Stubs generated from the WSDL send the array under its WSDL name, e.g. {@code impl:ArrayOf_soapenc_string}. */
    private static boolean isStringArrayType(String type) {
        return type.endsWith("}ArrayOf_soapenc_string") || type.endsWith("}ArrayOf_xsd_string");
    }

    /** An integer's canonical decimal string ("+007" → "7"), or null if the text is no integer. */
    private static String decimal(String s) {
        return INTEGER.matcher(s).matches() ? new BigInteger(s.startsWith("+") ? s.substring(1) : s).toString() : null;
    }
}
