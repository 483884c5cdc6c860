package org.jinku.catalog.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

import org.jinku.api.EnvelopeEntry;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.SignatureEntry;
import org.jinku.api.StampEntry;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;

/**
 * The XML of the interface message format: the voucher ({@code <Voucher>}, GBK) and the MOF envelope
 * that carries it base64-encoded with its {@code SignatureList}. Parsing refuses DTDs, so external
 * entities (XXE) and entity expansion bombs never reach the resolver; sizes are capped (the whole
 * message, the number of vouchers, each signature) so a poison message is refused before it is held.
 * Everything else is read as leniently as deployed readers read it.
 */
final class MofXml {

    static final String ENCODING = "GBK";
    /** Most VoucherBody an envelope may carry by default. */
    static final int DEFAULT_MAX_VOUCHERS = 1000;
    /** Longest Signature text by default: a CMS with one SM2 or RSA certificate is about 1–3 KB of base64. */
    static final int DEFAULT_MAX_SIGNATURE_CHARS = 16 * 1024;
    /** Widths of the store's columns for a signature's position ({@code No}) and certificate serial ({@code SN}). */
    static final int MAX_POSITION_CHARS = 32;
    static final int MAX_SN_CHARS = 64;

    // XML 1.0 names as deployed field names use them (no namespaces).
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final XMLInputFactory inputs;
    private final XMLOutputFactory outputs;
    private final int maxBytes;
    private final int maxVouchers;
    private final int maxSignatureChars;

    MofXml(int maxBytes) {
        this(maxBytes, DEFAULT_MAX_VOUCHERS, DEFAULT_MAX_SIGNATURE_CHARS);
    }

    MofXml(int maxBytes, int maxVouchers, int maxSignatureChars) {
        this.maxBytes = maxBytes;
        this.maxVouchers = maxVouchers;
        this.maxSignatureChars = maxSignatureChars;
        // The JDK's own StAX, not whatever a ServiceLoader finds in the OSGi container.
        inputs = XMLInputFactory.newDefaultFactory();
        inputs.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        inputs.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        inputs.setProperty(XMLInputFactory.IS_COALESCING, true);
        outputs = XMLOutputFactory.newDefaultFactory();
    }

    // ---------------------------------------------------------------- voucher

    byte[] writeVoucher(Voucher v) {
        if (v == null) {
            throw new JinkuException(RejectCode.INVALID_FIELD, "no voucher given");
        }
        checkWritable(v.header(), "");
        for (int i = 0; i < v.details().size(); i++) {
            checkWritable(v.details().get(i), "DetailList[" + i + "].");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try {
            XMLStreamWriter w = outputs.createXMLStreamWriter(out, ENCODING);
            w.writeStartDocument(ENCODING, "1.0");
            w.writeStartElement("Voucher");
            writeFields(w, v.header());
            if (!v.details().isEmpty()) {
                w.writeStartElement("DetailList");
                for (Map<String, String> d : v.details()) {
                    w.writeStartElement("Detail");
                    writeFields(w, d);
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write voucher XML", e);
        }
        return out.toByteArray();
    }

    /**
     * The JDK's writer neither checks element names nor refuses characters XML 1.0 forbids, so it would
     * write XML that no peer can read; refuse such a voucher instead. (Characters GBK lacks are written
     * as character references, which is well-formed.)
     */
    private static void checkWritable(Map<String, String> fields, String prefix) {
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String name = f.getKey();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new JinkuException(RejectCode.INVALID_FIELD, "field name " + prefix
                        + (name == null ? "(none)" : "'" + abbreviate(name) + "'") + " is not an XML element name");
            }
            String value = f.getValue();
            if (value != null && !xmlChars(value)) {
                throw new JinkuException(RejectCode.INVALID_FIELD, prefix + name
                        + " holds a character that XML 1.0 does not allow (a control character or a broken surrogate)");
            }
        }
    }

    private static boolean xmlChars(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static void writeFields(XMLStreamWriter w, Map<String, String> fields) throws XMLStreamException {
        for (Map.Entry<String, String> f : fields.entrySet()) {
            w.writeStartElement(f.getKey());
            w.writeCharacters(f.getValue() == null ? "" : f.getValue());
            w.writeEndElement();
        }
    }

    Voucher readVoucher(byte[] xml) {
        if (xml == null) {
            throw new JinkuException(RejectCode.MALFORMED_XML, "no voucher XML given");
        }
        checkSize(xml.length, "voucher");
        try {
            XMLStreamReader r = open(xml);
            expectRoot(r, "Voucher");
            Map<String, String> header = new LinkedHashMap<>();
            List<Map<String, String>> details = new ArrayList<>();
            while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                String name = r.getLocalName();
                if ("DetailList".equals(name)) {
                    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                        if (!"Detail".equals(r.getLocalName())) {
                            throw malformed(r, "DetailList may only hold <Detail>, found <" + r.getLocalName() + ">");
                        }
                        Map<String, String> d = new LinkedHashMap<>();
                        while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                            put(r, d);
                        }
                        details.add(d);
                    }
                } else {
                    put(r, header);
                }
            }
            return new Voucher(header, details);
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    private static void put(XMLStreamReader r, Map<String, String> into) throws XMLStreamException {
        String name = r.getLocalName();
        String value = elementText(r);
        if (into.putIfAbsent(name, value) != null) {
            throw malformed(r, "field <" + name + "> appears twice");
        }
    }

    // ---------------------------------------------------------------- envelope

    byte[] writeEnvelope(List<EnvelopeEntry> entries) {
        // Not entries.contains(null): immutable lists throw on that question.
        if (entries == null || entries.isEmpty() || entries.stream().anyMatch(java.util.Objects::isNull)) {
            throw new JinkuException(RejectCode.ENVELOPE_MISMATCH, "an envelope needs one or more voucher bodies");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            XMLStreamWriter w = outputs.createXMLStreamWriter(out, ENCODING);
            w.writeStartDocument(ENCODING, "1.0");
            w.writeStartElement("MOF");
            element(w, "VoucherCount", Integer.toString(entries.size()));
            for (EnvelopeEntry e : entries) {
                w.writeStartElement("VoucherBody");
                w.writeAttribute("AdmDivCode", e.key().admDivCode());
                w.writeAttribute("StYear", e.key().stYear());
                w.writeAttribute("VtCode", e.key().vtCode());
                w.writeAttribute("VoucherNo", e.key().voucherNo());
                element(w, "VoucherFlag", Integer.toString(e.voucherFlag()));
                element(w, "Attach", e.attach() == null ? "" : e.attach());
                element(w, "Voucher", e.voucherBase64() == null ? "" : e.voucherBase64());
                if (e.stamps().isEmpty()) {
                    w.writeEmptyElement("SignStampList");
                } else {
                    w.writeStartElement("SignStampList");
                    for (StampEntry st : e.stamps()) {
                        w.writeStartElement("SignStamp");
                        w.writeAttribute("No", st.position() == null ? "" : st.position());
                        w.writeAttribute("ESID", st.sealId() == null ? "" : st.sealId());
                        w.writeCharacters(st.sesSignatureBase64() == null ? "" : st.sesSignatureBase64());
                        w.writeEndElement();
                    }
                    w.writeEndElement();
                }
                w.writeStartElement("SignatureList");
                for (SignatureEntry s : e.signatures()) {
                    w.writeStartElement("Signature");
                    w.writeAttribute("No", s.position() == null ? "" : s.position());
                    // Deployed systems write the serial in lowercase hex; readers take either case.
                    w.writeAttribute("SN", s.certSerialHex() == null ? "" : s.certSerialHex().toLowerCase(Locale.ROOT));
                    w.writeCharacters(s.cmsBase64() == null ? "" : s.cmsBase64());
                    w.writeEndElement();
                }
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException ex) {
            throw new IllegalStateException("cannot write MOF envelope", ex);
        }
        return out.toByteArray();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    List<EnvelopeEntry> readEnvelope(byte[] xml) {
        if (xml == null) {
            throw new JinkuException(RejectCode.MALFORMED_XML, "no envelope given");
        }
        checkSize(xml.length, "envelope");
        try {
            XMLStreamReader r = open(xml);
            // Some deployed clients write <Root> for <MOF>.
            expectRoot(r, "MOF", "Root");
            Integer count = null;
            List<EnvelopeEntry> entries = new ArrayList<>();
            while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                switch (r.getLocalName()) {
                    case "VoucherCount" -> {
                        count = parseInt(r, elementText(r), "VoucherCount");
                        if (count > maxVouchers) {
                            throw new JinkuException(RejectCode.OVERSIZED, "VoucherCount " + count
                                    + " exceeds the limit of " + maxVouchers + " vouchers per envelope");
                        }
                    }
                    case "VoucherBody" -> {
                        // Also when VoucherCount lies or comes last: stop before holding one body too many.
                        if (entries.size() >= maxVouchers) {
                            throw new JinkuException(RejectCode.OVERSIZED, "envelope holds more than "
                                    + maxVouchers + " VoucherBody, the limit per envelope");
                        }
                        entries.add(readBody(r));
                    }
                    default -> throw malformed(r, "unexpected <" + r.getLocalName() + "> in envelope");
                }
            }
            if (count == null) {
                throw new JinkuException(RejectCode.MALFORMED_XML, "envelope lacks <VoucherCount>");
            }
            if (count != entries.size()) {
                throw new JinkuException(RejectCode.ENVELOPE_MISMATCH,
                        "VoucherCount says " + count + " but the envelope holds " + entries.size() + " VoucherBody");
            }
            if (entries.isEmpty()) {
                throw new JinkuException(RejectCode.MALFORMED_XML, "envelope holds no VoucherBody");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (EnvelopeEntry e : entries) {
                if (!seen.add(e.key() + "#" + e.voucherFlag())) {
                    throw new JinkuException(RejectCode.ENVELOPE_MISMATCH, "envelope carries " + e.key()
                            + (e.voucherFlag() == 1 ? " (receipt)" : "") + " twice");
                }
            }
            return entries;
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    private EnvelopeEntry readBody(XMLStreamReader r) throws XMLStreamException {
        VoucherKey key = new VoucherKey(attr(r, "AdmDivCode"), attr(r, "StYear"), attr(r, "VtCode"),
                attr(r, "VoucherNo"));
        try {
            key.checked();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new JinkuException(RejectCode.MALFORMED_XML, "VoucherBody attribute: "
                    + (m.length() > 200 ? m.substring(0, 200) + "…" : m));
        }
        Integer flag = null;
        String attach = "";
        String voucher = null;
        List<SignatureEntry> signatures = new ArrayList<>();
        List<StampEntry> stamps = new ArrayList<>();
        while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
            switch (r.getLocalName()) {
                case "VoucherFlag" -> flag = parseInt(r, elementText(r), "VoucherFlag");
                case "Attach" -> attach = elementText(r);
                case "Voucher" -> voucher = elementText(r);
                case "SignStampList" -> {
                    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                        if (!"SignStamp".equals(r.getLocalName())) {
                            throw malformed(r, "SignStampList may only hold <SignStamp>");
                        }
                        if (stamps.size() >= MAX_STAMPS) {
                            throw new JinkuException(RejectCode.OVERSIZED, "VoucherBody " + key + " carries more than "
                                    + MAX_STAMPS + " stamps");
                        }
                        stamps.add(readStamp(r, key));
                    }
                }
                case "SignatureList" -> {
                    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                        if (!"Signature".equals(r.getLocalName())) {
                            throw malformed(r, "SignatureList may only hold <Signature>");
                        }
                        signatures.add(readSignature(r, key));
                    }
                }
                // Deployed readers ignore what they do not know (e.g. <Return_Reason> on a returned voucher).
                default -> skip(r);
            }
        }
        if (flag == null || (flag != 0 && flag != 1)) {
            throw new JinkuException(RejectCode.MALFORMED_XML, "VoucherBody " + key + ": VoucherFlag must be 0 or 1");
        }
        if (voucher == null || voucher.isBlank()) {
            throw new JinkuException(RejectCode.MALFORMED_XML, "VoucherBody " + key + " has no <Voucher> content");
        }
        // Attach is meant to be at most 32 bytes, but deployed readers keep a longer one; so do we.
        return new EnvelopeEntry(key, flag, attach, voucher.strip(), signatures, stamps);
    }

    /** The stamp position ({@code No}) of a Signature or SignStamp, bounded. */
    private static String position(XMLStreamReader r, String element) {
        String no = attr(r, "No");
        if (no.length() > MAX_POSITION_CHARS) {
            throw malformed(r, element + " No '" + abbreviate(no) + "' is longer than " + MAX_POSITION_CHARS
                    + " characters");
        }
        return no;
    }

    /** A stamp carries its seal and PNG image, so it may be far larger than a signature. */
    private static final int MAX_STAMP_CHARS = 400_000;
    private static final int MAX_STAMPS = 8;

    private StampEntry readStamp(XMLStreamReader r, VoucherKey key) throws XMLStreamException {
        String no = position(r, "SignStamp");
        String esId = r.getAttributeValue(null, "ESID");
        if (esId != null && esId.length() > 128) {
            throw malformed(r, "SignStamp ESID '" + abbreviate(esId) + "' is longer than 128 characters");
        }
        String ses = boundedText(r, MAX_STAMP_CHARS, () -> new JinkuException(RejectCode.OVERSIZED,
                "VoucherBody " + key + ": SignStamp at " + no + " exceeds the limit of " + MAX_STAMP_CHARS + " characters"));
        return new StampEntry(no, esId == null ? "" : esId, ses.strip());
    }

    private SignatureEntry readSignature(XMLStreamReader r, VoucherKey key) throws XMLStreamException {
        String no = position(r, "Signature");
        String sn = r.getAttributeValue(null, "SN");
        if (sn != null && sn.length() > MAX_SN_CHARS) {
            throw malformed(r, "Signature SN '" + abbreviate(sn) + "' is longer than " + MAX_SN_CHARS
                    + " characters");
        }
        String cms = boundedText(r, maxSignatureChars, () -> new JinkuException(RejectCode.OVERSIZED,
                "VoucherBody " + key + ": Signature at " + no + " exceeds the limit of " + maxSignatureChars
                        + " characters (a CMS with one certificate is 1–3 KB)"));
        return new SignatureEntry(no, sn == null ? "" : sn, cms.strip());
    }

    // ---------------------------------------------------------------- base64

    static String toBase64(byte[] xml) {
        return Base64.getEncoder().encodeToString(xml);
    }

    /** Strict decoding: line breaks are tolerated, any other non-alphabet character is an error. */
    static byte[] fromBase64(String text) {
        String compact = text.replaceAll("[\\r\\n\\t ]", "");
        try {
            return Base64.getDecoder().decode(compact.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new JinkuException(RejectCode.BAD_BASE64, "the <Voucher> base64 text is broken: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private void checkSize(int length, String what) {
        if (length > maxBytes) {
            throw new JinkuException(RejectCode.OVERSIZED,
                    what + " of " + length + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
    }

    private XMLStreamReader open(byte[] xml) throws XMLStreamException {
        return inputs.createXMLStreamReader(new ByteArrayInputStream(xml));
    }

    private static void expectRoot(XMLStreamReader r, String... names) throws XMLStreamException {
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.DTD) {
                throw new JinkuException(RejectCode.MALFORMED_XML, "DOCTYPE declarations are not allowed");
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                for (String n : names) {
                    if (n.equals(r.getLocalName())) {
                        return;
                    }
                }
                throw malformed(r, "root element must be <" + String.join("> or <", names) + ">, found <"
                        + r.getLocalName() + ">");
            }
        }
        throw new JinkuException(RejectCode.MALFORMED_XML, "document has no root element");
    }

    /** Next START_ELEMENT or END_ELEMENT, refusing stray text between elements. */
    private static int nextTag(XMLStreamReader r) throws XMLStreamException {
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
                    return ev;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> {
                    if (!r.isWhiteSpace()) {
                        throw malformed(r, "unexpected text '" + abbreviate(r.getText()) + "'");
                    }
                }
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                }
                case XMLStreamConstants.DTD -> throw new JinkuException(RejectCode.MALFORMED_XML,
                        "DOCTYPE declarations are not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw malformed(r, "entity references are not allowed");
                case XMLStreamConstants.END_DOCUMENT -> throw malformed(r, "document ends early");
                default -> throw malformed(r, "unexpected XML event " + ev);
            }
        }
    }

    private static String elementText(XMLStreamReader r) throws XMLStreamException {
        return boundedText(r, Integer.MAX_VALUE, null);
    }

    /**
     * The text of the current element, refused with {@code tooLong} as soon as it exceeds {@code limit}
     * characters. (The parser's own buffer for one text event is bounded by the message size cap.)
     */
    private static String boundedText(XMLStreamReader r, int limit, Supplier<JinkuException> tooLong)
            throws XMLStreamException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (r.getTextLength() > limit - sb.length()) {
                        throw tooLong.get();
                    }
                    sb.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return sb.toString();
                }
                case XMLStreamConstants.COMMENT -> {
                }
                case XMLStreamConstants.START_ELEMENT ->
                        throw malformed(r, "<" + r.getLocalName() + "> nested inside a text field");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw malformed(r, "entity references are not allowed");
                default -> throw malformed(r, "unexpected XML event " + ev + " in a text field");
            }
        }
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

    private static String attr(XMLStreamReader r, String name) {
        String v = r.getAttributeValue(null, name);
        if (v == null || v.isEmpty()) {
            throw malformed(r, "<" + r.getLocalName() + "> lacks attribute " + name);
        }
        return v;
    }

    private static int parseInt(XMLStreamReader r, String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw malformed(r, what + " must be a number, got '" + abbreviate(text) + "'");
        }
    }

    private static JinkuException malformed(XMLStreamReader r, String message) {
        Location l = r.getLocation();
        return new JinkuException(RejectCode.MALFORMED_XML,
                "malformed XML at line " + l.getLineNumber() + ", column " + l.getColumnNumber() + ": " + message);
    }

    private static JinkuException malformed(XMLStreamException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ");
        return new JinkuException(RejectCode.MALFORMED_XML, "malformed XML: " + msg, e);
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }
}
