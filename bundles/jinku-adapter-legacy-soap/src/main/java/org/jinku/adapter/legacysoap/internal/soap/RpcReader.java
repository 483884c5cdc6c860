package org.jinku.adapter.legacysoap.internal.soap;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.jinku.adapter.legacysoap.internal.Evs;
import org.jinku.adapter.legacysoap.internal.LegacyFault;

/**
 * Reads a SOAP 1.1 RPC/encoded request as Axis 1.4 clients send it. The Body is read into a small tree first
 * because Axis writes an Integer argument as {@code <arg2 href="#id0"/>} and the {@code <multiRef id="id0">} it
 * points to only after the operation element; then the operation's children are resolved into {@link RpcValue}s.
 * Types are compared by namespace URI, never by prefix. DTDs are refused, so neither external entities (XXE) nor
 * entity expansion reach a resolver. The size of the body is capped by the caller.
 */
public final class RpcReader {

    /** Deepest element nesting accepted; RPC/encoded calls need four or five levels. */
    static final int MAX_DEPTH = 32;

    /** A numeric character reference, hexadecimal or decimal. */
    private static final Pattern REFERENCE = Pattern.compile("&#([xX][0-9A-Fa-f]{1,6}|[0-9]{1,7});");

    private RpcReader() {
    }

    /** @throws LegacyFault {@link Evs#MALFORMED_REQUEST}, or {@link Evs#ARGUMENT_TYPE} for text that is not base64 */
    public static RpcCall read(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("the request has no body");
        }
        List<Node> parts;
        try {
            XMLStreamReader r = factory().createXMLStreamReader(new ByteArrayInputStream(joinSurrogates(body)));
            try {
                parts = readEnvelope(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ");
            throw new LegacyFault(Evs.MALFORMED_REQUEST, "malformed XML: " + msg, e);
        }
        return call(parts);
    }

    /**
     * Axis 1.4 writes every non-ASCII character as a character reference, one UTF-16 unit at a time, so a
     * character beyond the BMP (an emoji, or a CJK Extension B character in a payee's name) arrives as
     * {@code &#xD840;&#xDC00;}, which is not XML and no parser accepts. Such pairs are joined into the one
     * reference they meant ({@code &#x20000;}); references are ASCII, so this works on the bytes of any
     * ASCII-compatible encoding without decoding them (ISO-8859-1 maps bytes to chars one to one).
     */
    static byte[] joinSurrogates(byte[] body) {
        String latin1 = new String(body, StandardCharsets.ISO_8859_1);
        if (!latin1.contains("&#")) {
            return body;
        }
        Matcher m = REFERENCE.matcher(latin1);
        StringBuilder out = new StringBuilder(latin1.length());
        int copied = 0;  // latin1 up to here is in out
        int from = 0;
        boolean changed = false;
        // One reference at a time, so that a pair is found whatever references come before it.
        while (m.find(from)) {
            int start = m.start();
            int high = reference(m.group(1));
            from = m.end();
            if (high < 0xD800 || high > 0xDBFF || !m.find(from) || m.start() != from) {
                continue;
            }
            int low = reference(m.group(1));
            if (low < 0xDC00 || low > 0xDFFF) {
                continue;
            }
            out.append(latin1, copied, start).append("&#x")
                    .append(Integer.toHexString(Character.toCodePoint((char) high, (char) low))).append(';');
            copied = m.end();
            from = m.end();
            changed = true;
        }
        if (!changed) {
            return body;
        }
        out.append(latin1, copied, latin1.length());
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int reference(String digits) {
        // At most six or seven digits are matched, so this cannot overflow.
        return digits.charAt(0) == 'x' || digits.charAt(0) == 'X'
                ? Integer.parseInt(digits.substring(1), 16) : Integer.parseInt(digits);
    }

    /**
     * The JDK's own StAX (not whatever a ServiceLoader finds in the OSGi container), one per request since
     * factories are not specified to be thread-safe.
     */
    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    // ---------------------------------------------------------------- the tree

    /**
     * An element of the Body as far as SOAP encoding cares: its declared type (canonical), the item type its
     * {@code soapenc:arrayType} gives (non-null marks an array), nil, href/id, {@code soapenc:root="0"}.
     */
    private record Node(String ns, String local, String xsiType, String itemType, boolean array, boolean nil,
                        String href, String id, boolean notRoot, String text, List<Node> children, int line) {

        String tag() {
            return "<" + local + ">";
        }
    }

    private static List<Node> readEnvelope(XMLStreamReader r) throws XMLStreamException {
        // Prolog: only whitespace, comments and processing instructions may come before the root.
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.DTD) {
                throw malformed("DOCTYPE declarations are not allowed");
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                break;
            }
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw malformed("the document has no root element");
            }
        }
        if (!"Envelope".equals(r.getLocalName()) || !Soap.ENV.equals(r.getNamespaceURI())) {
            if (Soap.ENV_12.equals(r.getNamespaceURI())) {
                throw malformed("SOAP 1.2 is not supported; send a SOAP 1.1 envelope (" + Soap.ENV + ")");
            }
            throw malformed("not a SOAP 1.1 envelope: the root element is " + name(r));
        }
        List<Node> body = null;
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE) {
                if (!r.isWhiteSpace()) {
                    String t = r.getText().strip();
                    throw malformed(r, "unexpected text '" + (t.length() > 40 ? t.substring(0, 40) + "…" : t)
                            + "' in the Envelope");
                }
                continue;
            }
            if (ev == XMLStreamConstants.COMMENT || ev == XMLStreamConstants.PROCESSING_INSTRUCTION) {
                continue;
            }
            if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (body == null && "Body".equals(r.getLocalName()) && Soap.ENV.equals(r.getNamespaceURI())) {
                body = element(r, 1).children();
            } else {
                // The Header (Axis clients send none; no header block we would act on exists, so mustUnderstand
                // is not enforced) and any element after the Body.
                skip(r);
            }
        }
        // Read to the end so that garbage after the envelope is refused as malformed, not ignored.
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.DTD) {
                throw malformed("DOCTYPE declarations are not allowed");
            }
        }
        if (body == null) {
            throw malformed("the SOAP envelope has no Body");
        }
        return body;
    }

    /** Reads the element the reader is at, with everything inside it, into a Node. */
    private static Node element(XMLStreamReader r, int depth) throws XMLStreamException {
        String xsiType = null;
        String itemType = null;
        boolean array = false;
        boolean nil = false;
        String href = null;
        String id = null;
        boolean notRoot = false;
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String ns = r.getAttributeNamespace(i);
            String local = r.getAttributeLocalName(i);
            String value = r.getAttributeValue(i).strip();
            if (ns == null || ns.isEmpty()) {
                if ("href".equals(local)) {
                    href = value;
                } else if ("id".equals(local)) {
                    id = value;
                }
            } else if (Soap.isXsi(ns)) {
                if ("type".equals(local)) {
                    xsiType = qname(r, value, "xsi:type");
                } else if ("nil".equals(local) || "null".equals(local)) {  // xsi:null is the 1999 schema's nil
                    nil = "true".equals(value) || "1".equals(value);
                }
            } else if (Soap.ENC.equals(ns)) {
                if ("arrayType".equals(local)) {
                    array = true;
                    // "xsd:string[3]" → items are xsd:string; "xsd:string[][2]" → items are arrays themselves.
                    int bracket = value.indexOf('[');
                    if (bracket < 0) {
                        throw malformed(r, "soapenc:arrayType \"" + value + "\" lacks its [size]");
                    }
                    itemType = value.indexOf('[', bracket + 1) < 0 ? qname(r, value.substring(0, bracket),
                            "soapenc:arrayType") : "soapenc:Array";
                } else if ("root".equals(local)) {
                    notRoot = "0".equals(value) || "false".equals(value);
                }
            }
        }
        String ns = r.getNamespaceURI();
        String local = r.getLocalName();
        int line = r.getLocation().getLineNumber();
        List<Node> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (depth >= MAX_DEPTH) {
                        throw malformed(r, "elements nested deeper than " + MAX_DEPTH + " levels");
                    }
                    children.add(element(r, depth + 1));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                case XMLStreamConstants.END_ELEMENT -> {
                    // Text beside child elements is indentation (or noise): a compound value has no text.
                    return new Node(ns, local, xsiType, itemType, array, nil, href, id, notRoot,
                            children.isEmpty() ? text.toString() : "", Collections.unmodifiableList(children), line);
                }
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                }
                case XMLStreamConstants.ENTITY_REFERENCE -> throw malformed(r, "entity references are not allowed");
                default -> throw malformed(r, "unexpected XML event " + ev);
            }
        }
    }

    /** A QName-valued attribute ({@code xsi:type="soapenc:string"}) in canonical form, its prefix resolved here. */
    private static String qname(XMLStreamReader r, String value, String what) {
        int colon = value.indexOf(':');
        String prefix = colon < 0 ? "" : value.substring(0, colon);
        String local = value.substring(colon + 1);
        String ns = r.getNamespaceURI(prefix);
        if (local.isEmpty() || (ns == null && !prefix.isEmpty())) {
            throw malformed(r, what + " \"" + value + "\" uses an undeclared prefix");
        }
        return Soap.canonical(ns, local);
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    // ---------------------------------------------------------------- the call

    private static RpcCall call(List<Node> parts) {
        if (parts.isEmpty()) {
            throw malformed("the SOAP Body is empty");
        }
        Map<String, Node> ids = new HashMap<>();
        for (Node n : parts) {
            collectIds(n, ids);
        }
        // The operation is the Body's first serialization root; Axis marks its multiRefs soapenc:root="0".
        Node op = null;
        for (Node n : parts) {
            if (!n.notRoot()) {
                op = n;
                break;
            }
        }
        if (op == null) {
            throw malformed("the SOAP Body holds no operation element, only soapenc:root=\"0\" values");
        }
        if (Soap.ENV.equals(op.ns()) && "Fault".equals(op.local())) {
            throw malformed("the Body holds a SOAP Fault, not a call");
        }
        List<RpcValue> args = new ArrayList<>();
        Resolution res = new Resolution(ids, 2 * elements(parts) + 16);
        for (Node arg : op.children()) {
            args.add(value(arg, null, res));
        }
        return new RpcCall(op.local(), args);
    }

    private static int elements(List<Node> nodes) {
        int n = nodes.size();
        for (Node c : nodes) {
            n += elements(c.children());
        }
        return n;
    }

    /**
     * The state of resolving one call's values: the ids of the Body, the elements being resolved further up
     * ({@code path}), and how many values may still be made. Shared multiRefs are legal (Axis writes one for an
     * Integer passed twice), but arrays whose items all refer to the next array would make 10^16 values out of a
     * few kilobytes: the values made are bounded by the Body's size instead.
     */
    private static final class Resolution {
        final Map<String, Node> ids;
        final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
        int left;

        Resolution(Map<String, Node> ids, int budget) {
            this.ids = ids;
            this.left = budget;
        }
    }

    private static void collectIds(Node n, Map<String, Node> ids) {
        if (n.id() != null && ids.put(n.id(), n) != null) {
            throw malformed("two elements have id=\"" + n.id() + "\" (line " + n.line() + ")");
        }
        for (Node c : n.children()) {
            collectIds(c, ids);
        }
    }

    /**
     * The value of an argument or array item: follows its href, then reads it as nil, array or simple value.
     * {@code path} holds the elements being resolved further up (referring elements and enclosing arrays), so
     * that a reference cycle is refused rather than followed forever and nesting through hrefs stays bounded;
     * the values made are counted against the Body's size.
     *
     * @param type the type to assume if the element declares none: the referring element's, or the item type
     *             of the enclosing array
     */
    private static RpcValue value(Node n, String type, Resolution res) {
        Set<Node> path = res.path;
        if (--res.left < 0) {
            throw malformed(n.tag() + " (line " + n.line() + "): the hrefs of this Body expand to more values than"
                    + " it has elements; shared references may not multiply an array");
        }
        if (!path.add(n)) {
            throw malformed(n.tag() + " (line " + n.line() + ") refers to itself through href");
        }
        try {
            if (path.size() > MAX_DEPTH) {
                throw malformed(n.tag() + " (line " + n.line() + "): values nested deeper than " + MAX_DEPTH
                        + " levels");
            }
            String declared = n.xsiType() != null ? n.xsiType() : type;
            if (n.href() != null) {
                Node target = n.href().startsWith("#") ? res.ids.get(n.href().substring(1)) : null;
                if (target == null) {
                    throw malformed(n.tag() + " (line " + n.line() + ") refers to " + n.href()
                            + ", which is no element of the Body");
                }
                return value(target, declared, res);
            }
            if (n.nil()) {
                return new RpcValue(declared, null);
            }
            if (n.array() || "soapenc:Array".equals(declared) || !n.children().isEmpty()) {
                List<Node> items = n.children();
                Object[] values = new Object[items.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = value(items.get(i), n.itemType(), res);
                }
                return new RpcValue(declared == null && n.array() ? "soapenc:Array" : declared, values);
            }
            if (Soap.isBase64Type(declared)) {
                try {
                    // Axis writes base64 in one line; other clients wrap it, so whitespace is dropped first.
                    return new RpcValue(declared, Base64.getDecoder().decode(n.text().replaceAll("\\s+", "")));
                } catch (IllegalArgumentException e) {
                    throw new LegacyFault(Evs.ARGUMENT_TYPE, n.tag() + " (line " + n.line() + ") is " + declared
                            + " but its text is not base64: " + e.getMessage());
                }
            }
            return new RpcValue(declared, n.text());
        } finally {
            // Siblings may refer to the same multiRef: that is sharing, not a cycle.
            path.remove(n);
        }
    }

    // ---------------------------------------------------------------- faults

    private static String name(XMLStreamReader r) {
        String ns = r.getNamespaceURI();
        return "<" + r.getLocalName() + (ns == null || ns.isEmpty() ? "" : " xmlns=\"" + ns + "\"") + ">";
    }

    private static LegacyFault malformed(String reason) {
        return new LegacyFault(Evs.MALFORMED_REQUEST, reason);
    }

    private static LegacyFault malformed(XMLStreamReader r, String reason) {
        Location l = r.getLocation();
        return new LegacyFault(Evs.MALFORMED_REQUEST,
                "at line " + l.getLineNumber() + ", column " + l.getColumnNumber() + ": " + reason);
    }
}
