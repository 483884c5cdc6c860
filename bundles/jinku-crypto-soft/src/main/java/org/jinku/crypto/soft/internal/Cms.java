package org.jinku.crypto.soft.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;

import org.jinku.api.CryptoProfile;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.VerifiedSignature;

/**
 * Detached CMS SignedData written and read on Bouncy Castle's ASN.1 classes rather than its CMS generator, so
 * identifiers, SM2 user ID and signature encoding follow the peer's {@link CryptoProfile} and a signature costs
 * the SM2 arithmetic: everything around the signature value is constant per key and identifier set and is
 * encoded once ({@link Template}).
 *
 * <p>Written: ContentInfo{signedData, SignedData{version 1, {SM3}, {data} (detached), [0]{signer certificate},
 * {SignerInfo{version 1, issuerAndSerialNumber, SM3, SM3withSM2 | sm2sign, signature}}}}, in DER, no signed
 * attributes — what bcpkix wrote for Jinku before (it wrote BER, which every reader of DER reads too).
 */
final class Cms {

    private Cms() {
    }

    /** The DER around the signature value, for one certificate and identifier set. */
    record Template(byte[] outerType, byte[] signedDataHead, byte[] signerInfoHead) {
    }

    static Template template(X509Certificate cert, CryptoProfile.Identifiers identifiers) {
        boolean gmt = identifiers == CryptoProfile.Identifiers.GMT;
        Sm2.KeyType type = Sm2.keyType(cert.getPublicKey());
        AlgorithmIdentifier digest = new AlgorithmIdentifier(type == Sm2.KeyType.SM2 ? Oids.SM3 : Oids.SHA256);
        ASN1ObjectIdentifier signature = switch (type) {
            case SM2 -> gmt ? Oids.SM2_SIGN : Oids.SM3_WITH_SM2;
            case EC -> new ASN1ObjectIdentifier("1.2.840.10045.4.3.2");
            case RSA -> new ASN1ObjectIdentifier("1.2.840.113549.1.1.11");
        };
        try {
            Certificate c = Certificate.getInstance(cert.getEncoded());
            ByteArrayOutputStream sd = new ByteArrayOutputStream();
            sd.write(new ASN1Integer(1).getEncoded(ASN1Encoding.DER));
            sd.write(new DERSet(digest).getEncoded(ASN1Encoding.DER));
            sd.write(new DERSequence(gmt ? Oids.GMT_DATA : Oids.PKCS7_DATA).getEncoded(ASN1Encoding.DER));
            sd.write(tlv(0xA0, c.getEncoded(ASN1Encoding.DER)));
            ByteArrayOutputStream si = new ByteArrayOutputStream();
            si.write(new ASN1Integer(1).getEncoded(ASN1Encoding.DER));
            si.write(new IssuerAndSerialNumber(c.getIssuer(), c.getSerialNumber().getValue()).getEncoded(ASN1Encoding.DER));
            si.write(digest.getEncoded(ASN1Encoding.DER));
            si.write(new AlgorithmIdentifier(signature).getEncoded(ASN1Encoding.DER));
            return new Template((gmt ? Oids.GMT_SIGNED_DATA : Oids.PKCS7_SIGNED_DATA).getEncoded(ASN1Encoding.DER),
                    sd.toByteArray(), si.toByteArray());
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the CMS template of "
                    + cert.getSubjectX500Principal().getName(), e);
        }
    }

    /** The SignedData DER with {@code signature} as the signer's value; lengths computed inside out. */
    static byte[] assemble(Template t, byte[] signature) {
        int sigTlv = tlvLength(signature.length);
        int siBody = t.signerInfoHead().length + sigTlv;
        int siTlv = tlvLength(siBody);
        int setTlv = tlvLength(siTlv);
        int sdBody = t.signedDataHead().length + setTlv;
        int sdTlv = tlvLength(sdBody);
        int explicitTlv = tlvLength(sdTlv);
        int ciBody = t.outerType().length + explicitTlv;
        byte[] out = new byte[tlvLength(ciBody)];
        int p = header(out, 0, 0x30, ciBody);
        p = copy(t.outerType(), out, p);
        p = header(out, p, 0xA0, sdTlv);
        p = header(out, p, 0x30, sdBody);
        p = copy(t.signedDataHead(), out, p);
        p = header(out, p, 0x31, siTlv);
        p = header(out, p, 0x30, siBody);
        p = copy(t.signerInfoHead(), out, p);
        p = header(out, p, 0x04, signature.length);
        copy(signature, out, p);
        return out;
    }

    // --- reading ----------------------------------------------------------------------------------------------

    /** The one signer of a SignedData, its certificate's encoding and what it signed. */
    record Parsed(ASN1ObjectIdentifier outerType, SignedData signedData, SignerInfo signer, byte[] certificate) {
    }

    static Parsed parse(byte[] cms) {
        ContentInfo ci;
        try {
            ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
        } catch (IOException | RuntimeException e) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature is not a CMS SignedData: " + e.getMessage());
        }
        if (ci == null || !Oids.isSignedData(ci.getContentType())) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature is a CMS "
                    + (ci == null ? "nothing" : ci.getContentType().getId()) + ", not a SignedData");
        }
        try {
            SignedData sd = SignedData.getInstance(ci.getContent());
            ASN1Set infos = sd.getSignerInfos();
            if (infos.size() != 1) {
                throw new JinkuException(RejectCode.BAD_SIGNATURE,
                        "signature must hold exactly one signer, holds " + infos.size());
            }
            SignerInfo si = SignerInfo.getInstance(infos.getObjectAt(0));
            return new Parsed(ci.getContentType(), sd, si, signerCertificate(sd, si.getSID()));
        } catch (JinkuException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Structurally odd CMS makes the ASN.1 accessors throw unchecked exceptions.
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature is not a well-formed CMS SignedData: " + e);
        }
    }

    private static byte[] signerCertificate(SignedData sd, SignerIdentifier sid) throws IOException {
        ASN1Set certs = sd.getCertificates();
        if (certs != null) {
            IssuerAndSerialNumber ias = sid.isTagged() ? null : IssuerAndSerialNumber.getInstance(sid.getId());
            byte[] ski = sid.isTagged() ? octets(sid.getId()) : null;
            for (ASN1Encodable e : certs) {
                if (!(e instanceof ASN1Sequence)) {
                    continue; // attribute certificates and other choices
                }
                Certificate c = Certificate.getInstance(e);
                boolean match = ias != null
                        ? c.getSerialNumber().hasValue(ias.getSerialNumber().getValue()) && c.getIssuer().equals(ias.getName())
                        : java.util.Arrays.equals(ski, subjectKeyIdentifier(c));
                if (match) {
                    return c.getEncoded(ASN1Encoding.DER);
                }
            }
        }
        throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "the signer certificate is not included");
    }

    /** A [0] IMPLICIT subjectKeyIdentifier, whether the accessor already unwrapped it or not. */
    static byte[] octets(ASN1Encodable id) {
        return (id instanceof ASN1TaggedObject t ? ASN1OctetString.getInstance(t, false) : ASN1OctetString.getInstance(id))
                .getOctets();
    }

    static byte[] subjectKeyIdentifier(Certificate c) {
        var ext = c.getTBSCertificate().getExtensions();
        var ski = ext == null ? null : org.bouncycastle.asn1.x509.SubjectKeyIdentifier.fromExtensions(ext);
        return ski == null ? null : ski.getKeyIdentifier();
    }

    /**
     * Verifies the signature value of a judged signer over {@code content}: SM2 with the profile's user ID in
     * either encoding, or RSA / ECDSA with the SignerInfo's digest. Signed attributes, when a peer sends them,
     * are checked the RFC 5652 way (message digest attribute, signature over the attributes).
     */
    static VerifiedSignature verify(Provider bc, Trust.Seen signer, Parsed parsed, byte[] content, CryptoProfile profile) {
        SignerInfo si = parsed.signer();
        return verify(bc, signer, si.getDigestAlgorithm().getAlgorithm(), si.getAuthenticatedAttributes(),
                si.getEncryptedDigest().getOctets(), content, profile);
    }

    static VerifiedSignature verify(Provider bc, Trust.Seen signer, ASN1ObjectIdentifier digestOid, ASN1Set attributes,
                                    byte[] value, byte[] content, CryptoProfile profile) {
        String digest = Oids.digestName(digestOid);
        if (digest == null) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature uses digest algorithm " + digestOid.getId()
                    + ", which is not accepted");
        }
        byte[] signed = content;
        if (attributes != null) {
            signed = signedAttributes(bc, attributes, digest, content);
        }
        String algorithm;
        AlgorithmParameterSpec parameters = null;
        String parametersKey = "";
        if (signer.type == Sm2.KeyType.SM2) {
            if (!Oids.SM3.equals(digestOid)) {
                throw new JinkuException(RejectCode.BAD_SIGNATURE, "SM2 signature of " + signer.subject()
                        + " names digest " + digestOid.getId() + ", not SM3");
            }
            algorithm = "SM3withSM2";
            parameters = Sm2.userId(profile);
            parametersKey = profile.sm2UserId();
            value = Sm2.toDer(value);
        } else {
            algorithm = digest + (signer.type == Sm2.KeyType.EC ? "withECDSA" : "withRSA");
        }
        Signature s = signer.verifier(bc, algorithm, parameters, parametersKey);
        boolean ok;
        try {
            s.update(signed);
            ok = s.verify(value);
        } catch (GeneralSecurityException | RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            signer.discard(algorithm, parametersKey);
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature of " + signer.subject()
                    + " does not match the content" + (signer.type == Sm2.KeyType.SM2
                    ? " (SM2 user ID '" + profile.sm2UserId() + "')" : " (" + algorithm + ")"));
        }
        return new VerifiedSignature(signer.certificate);
    }

    private static byte[] signedAttributes(Provider bc, ASN1Set attributes, String digest, byte[] content) {
        Attribute md = new AttributeTable(attributes).get(CMSAttributes.messageDigest);
        if (md == null || md.getAttrValues().size() != 1) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signed attributes without a message digest");
        }
        try {
            byte[] expected = ASN1OctetString.getInstance(md.getAttrValues().getObjectAt(0)).getOctets();
            byte[] actual = MessageDigest.getInstance(digest, bc)
                    .digest(content);
            if (!MessageDigest.isEqual(expected, actual)) {
                throw new JinkuException(RejectCode.BAD_SIGNATURE,
                        "the message digest attribute does not match the content");
            }
            return attributes.getEncoded(ASN1Encoding.DER);
        } catch (IOException | GeneralSecurityException e) {
            throw new JinkuException(RejectCode.BAD_SIGNATURE, "signed attributes cannot be read: " + e.getMessage());
        }
    }

    /**
     * The same signature under another profile's identifiers and SM2 encoding. The signed bytes do not change,
     * so neither does the signature; a GM/T content type is not forced onto signed attributes that name another.
     */
    static byte[] transcode(byte[] cms, CryptoProfile profile) {
        Parsed p = parse(cms);
        boolean gmt = profile.identifiers() == CryptoProfile.Identifiers.GMT;
        SignedData sd = p.signedData();
        SignerInfo si = p.signer();
        AlgorithmIdentifier sigAlg = si.getDigestEncryptionAlgorithm();
        ASN1OctetString value = si.getEncryptedDigest();
        if (Oids.isSm2Signature(sigAlg.getAlgorithm()) && Oids.SM3.equals(si.getDigestAlgorithm().getAlgorithm())) {
            sigAlg = new AlgorithmIdentifier(gmt ? Oids.SM2_SIGN : Oids.SM3_WITH_SM2);
            byte[] der = Sm2.toDer(value.getOctets());
            try {
                value = new DEROctetString(Sm2.encode(der, profile.encoding()));
            } catch (RuntimeException e) {
                throw new JinkuException(RejectCode.BAD_SIGNATURE, "SM2 signature value is neither DER nor r‖s");
            }
        }
        ContentInfo encap = sd.getEncapContentInfo();
        if (si.getAuthenticatedAttributes() == null && Oids.isData(encap.getContentType())) {
            encap = new ContentInfo(gmt ? Oids.GMT_DATA : Oids.PKCS7_DATA, encap.getContent());
        }
        SignerInfo out = new SignerInfo(si.getSID(), si.getDigestAlgorithm(), si.getAuthenticatedAttributes(), sigAlg,
                value, si.getUnauthenticatedAttributes());
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(out);
        SignedData written = new SignedData(sd.getDigestAlgorithms(), encap, sd.getCertificates(), sd.getCRLs(),
                new DERSet(v));
        try {
            return new ContentInfo(gmt ? Oids.GMT_SIGNED_DATA : Oids.PKCS7_SIGNED_DATA, written)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a transcoded signature", e);
        }
    }

    // --- the fast path for reading -----------------------------------------------------------------------------

    /**
     * What verification needs from a plain DER SignedData with one signer and no signed attributes (ours, and what
     * most peers write), found by walking the bytes instead of building the whole ASN.1 tree: the certificates as
     * slices (looked up in the certificate cache as they are), the signer's identifier, digest and value.
     */
    record Fast(byte[] cms, int[] certificates, int issuerOffset, int issuerLength, int serialOffset, int serialLength,
                byte[] subjectKeyIdentifier, ASN1ObjectIdentifier digest, byte[] signature) {

        /** The included certificate the signer identifier names, or null (then the full path decides). */
        Trust.Seen signer(Trust trust) {
            for (int i = 0; i < certificates.length; i += 2) {
                Trust.Seen s = trust.seen(cms, certificates[i], certificates[i + 1]);
                boolean match = subjectKeyIdentifier != null
                        ? java.util.Arrays.equals(subjectKeyIdentifier, s.subjectKeyIdentifier)
                        : java.util.Arrays.equals(cms, serialOffset, serialOffset + serialLength, s.serial, 0, s.serial.length)
                        && java.util.Arrays.equals(cms, issuerOffset, issuerOffset + issuerLength, s.issuer, 0, s.issuer.length);
                if (match) {
                    return s;
                }
            }
            return null;
        }
    }

    private static final byte[] PKCS7_SIGNED_DATA_TLV = der(Oids.PKCS7_SIGNED_DATA);
    private static final byte[] GMT_SIGNED_DATA_TLV = der(Oids.GMT_SIGNED_DATA);
    private static final byte[] SM3_TLV = der(Oids.SM3);

    private static byte[] der(ASN1ObjectIdentifier oid) {
        try {
            return oid.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fast reading of {@code cms}, or null when it has another shape (BER, signed attributes, …). */
    static Fast fastParse(byte[] b) {
        Cursor top = new Cursor(b, 0, b.length);
        if (!top.next(0x30) || top.hasNext()) {
            return null;
        }
        Cursor ci = top.inside();
        if (!ci.next(0x06) || !(ci.is(PKCS7_SIGNED_DATA_TLV) || ci.is(GMT_SIGNED_DATA_TLV)) || !ci.next(0xA0)
                || ci.hasNext()) {
            return null;
        }
        Cursor explicit = ci.inside();
        if (!explicit.next(0x30)) {
            return null;
        }
        Cursor sd = explicit.inside();
        if (!sd.next(0x02) || !sd.next(0x31) || !sd.next(0x30)) {
            return null;
        }
        int[] certs = new int[0];
        if (sd.hasNext() && sd.peek() == 0xA0) {
            sd.next();
            Cursor cs = sd.inside();
            while (cs.hasNext()) {
                if (!cs.next()) {
                    return null;
                }
                if (cs.tag == 0x30) {
                    certs = java.util.Arrays.copyOf(certs, certs.length + 2);
                    certs[certs.length - 2] = cs.start;
                    certs[certs.length - 1] = cs.end - cs.start;
                }
            }
        }
        if (sd.hasNext() && sd.peek() == 0xA1 && !sd.next()) {
            return null;
        }
        if (!sd.next(0x31) || sd.hasNext()) {
            return null;
        }
        Cursor infos = sd.inside();
        if (!infos.next(0x30) || infos.hasNext()) {
            return null; // not exactly one signer: the full path says so
        }
        Cursor si = infos.inside();
        if (!si.next(0x02) || !si.next()) {
            return null;
        }
        int issuerOffset = -1;
        int issuerLength = 0;
        int serialOffset = -1;
        int serialLength = 0;
        byte[] ski = null;
        if (si.tag == 0x30) {
            Cursor ias = si.inside();
            if (!ias.next(0x30)) {
                return null;
            }
            issuerOffset = ias.start;
            issuerLength = ias.end - ias.start;
            if (!ias.next(0x02)) {
                return null;
            }
            serialOffset = ias.contentStart;
            serialLength = ias.end - ias.contentStart;
        } else if (si.tag == 0x80) {
            ski = java.util.Arrays.copyOfRange(b, si.contentStart, si.end);
        } else {
            return null;
        }
        if (!si.next(0x30)) {
            return null;
        }
        Cursor da = si.inside();
        if (!da.next(0x06)) {
            return null;
        }
        ASN1ObjectIdentifier digest;
        if (da.is(SM3_TLV)) {
            digest = Oids.SM3;
        } else {
            try {
                digest = ASN1ObjectIdentifier.getInstance(java.util.Arrays.copyOfRange(b, da.start, da.end));
            } catch (RuntimeException e) {
                return null;
            }
        }
        if (!si.hasNext() || si.peek() == 0xA0) {
            return null; // signed attributes: the full path checks them
        }
        if (!si.next(0x30) || !si.next(0x04)) {
            return null;
        }
        return new Fast(b, certs, issuerOffset, issuerLength, serialOffset, serialLength, ski, digest,
                java.util.Arrays.copyOfRange(b, si.contentStart, si.end));
    }

    /** A walk over definite-length DER; anything else makes {@link #next} answer false. */
    private static final class Cursor {
        private final byte[] b;
        private final int limit;
        private int pos;
        int tag;
        int start;
        int contentStart;
        int end;

        Cursor(byte[] b, int from, int limit) {
            this.b = b;
            this.pos = from;
            this.limit = limit;
        }

        boolean hasNext() {
            return pos < limit;
        }

        int peek() {
            return b[pos] & 0xFF;
        }

        boolean next() {
            if (pos + 2 > limit) {
                return false;
            }
            start = pos;
            tag = b[pos++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                return false;
            }
            int length = b[pos++] & 0xFF;
            if (length >= 0x80) {
                int n = length & 0x7F;
                if (n == 0 || n > 3 || pos + n > limit) {
                    return false; // indefinite length (BER) or absurd
                }
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (b[pos++] & 0xFF);
                }
            }
            if (length > limit - pos) {
                return false;
            }
            contentStart = pos;
            end = pos + length;
            pos = end;
            return true;
        }

        boolean next(int expectedTag) {
            return next() && tag == expectedTag;
        }

        boolean is(byte[] tlv) {
            return java.util.Arrays.equals(b, start, end, tlv, 0, tlv.length);
        }

        Cursor inside() {
            return new Cursor(b, contentStart, end);
        }
    }

    // --- DER --------------------------------------------------------------------------------------------------

    static byte[] tlv(int tag, byte[] body) {
        byte[] out = new byte[tlvLength(body.length)];
        copy(body, out, header(out, 0, tag, body.length));
        return out;
    }

    private static int tlvLength(int bodyLength) {
        return 1 + lengthOfLength(bodyLength) + bodyLength;
    }

    private static int lengthOfLength(int n) {
        return n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x1000000 ? 4 : 5;
    }

    private static int header(byte[] out, int p, int tag, int length) {
        out[p++] = (byte) tag;
        int l = lengthOfLength(length);
        if (l == 1) {
            out[p++] = (byte) length;
        } else {
            out[p++] = (byte) (0x80 | (l - 1));
            for (int i = l - 2; i >= 0; i--) {
                out[p++] = (byte) (length >>> (8 * i));
            }
        }
        return p;
    }

    private static int copy(byte[] from, byte[] out, int p) {
        System.arraycopy(from, 0, out, p, from.length);
        return p + from.length;
    }
}
