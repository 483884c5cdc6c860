package org.jinku.tools;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An MOF envelope (报文信封) as it travels: {@code <MOF>} (or {@code <Root>}, as some clients write it) holding
 * {@code VoucherBody} elements, each with its base64 voucher text, {@code SignatureList} and {@code SignStampList}.
 * Read leniently, for inspection: unknown elements are skipped, nothing is checked but the structure.
 */
record MofEnvelope(List<Body> bodies) {

    /** One voucher: its key as the attributes give it, the exact base64 text signed, its signatures and stamps. */
    record Body(String key, String flag, String voucherBase64, List<Signature> signatures, List<Stamp> stamps) {
    }

    /** {@code <Signature No= SN=>}: base64 detached CMS over the voucher text. */
    record Signature(String position, String serialHex, String cmsBase64) {
    }

    /** {@code <SignStamp No= ESID=>}: base64 SES_Signature over the voucher text. */
    record Stamp(String position, String sealId, String sesSignatureBase64) {
    }

    /**
     * Parses {@code xml} in the encoding its declaration names (GBK as deployed). DTDs are refused, so
     * external entities and entity expansion never happen.
     *
     * @throws IllegalArgumentException when it is not well-formed XML or not an MOF envelope
     */
    static MofEnvelope parse(byte[] xml) {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
            r.nextTag();
            String root = r.getLocalName();
            if (!root.equals("MOF") && !root.equals("Root")) {
                throw new IllegalArgumentException("not an MOF envelope: the root element is <" + root
                        + ">, not <MOF> or <Root>");
            }
            List<Body> bodies = new ArrayList<>();
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                if (r.getLocalName().equals("VoucherBody")) {
                    bodies.add(body(r));
                } else {
                    skip(r);
                }
            }
            return new MofEnvelope(List.copyOf(bodies));
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static Body body(XMLStreamReader r) throws XMLStreamException {
        String key = String.join("/", attr(r, "AdmDivCode"), attr(r, "StYear"), attr(r, "VtCode"),
                attr(r, "VoucherNo"));
        String flag = "";
        String voucher = "";
        List<Signature> signatures = new ArrayList<>();
        List<Stamp> stamps = new ArrayList<>();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (r.getLocalName()) {
                case "VoucherFlag" -> flag = r.getElementText().trim();
                // Kept as it is: signatures cover exactly this text.
                case "Voucher" -> voucher = r.getElementText();
                case "SignatureList" -> {
                    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        if (r.getLocalName().equals("Signature")) {
                            signatures.add(new Signature(attr(r, "No"), attr(r, "SN"), r.getElementText()));
                        } else {
                            skip(r);
                        }
                    }
                }
                case "SignStampList" -> {
                    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        if (r.getLocalName().equals("SignStamp")) {
                            stamps.add(new Stamp(attr(r, "No"), attr(r, "ESID"), r.getElementText()));
                        } else {
                            skip(r);
                        }
                    }
                }
                default -> skip(r);
            }
        }
        return new Body(key, flag, voucher, List.copyOf(signatures), List.copyOf(stamps));
    }

    private static String attr(XMLStreamReader r, String name) {
        String v = r.getAttributeValue(null, name);
        return v == null ? "" : v.trim();
    }

    /** Skips the current element and everything in it. */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }
}
