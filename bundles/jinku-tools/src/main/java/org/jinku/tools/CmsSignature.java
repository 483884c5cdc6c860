package org.jinku.tools;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import org.jinku.api.CryptoProfile;
import org.jinku.api.spi.CryptoProvider;

/**
 * The parts of a detached CMS SignedData needed to check its mathematics apart from trust: the signer's
 * certificate, digest and key algorithms, the signature value and what it was computed over. Read with Bouncy
 * Castle's ASN.1 classes, so PKCS#7 and GM/T 0010 identifiers read alike.
 */
record CmsSignature(X509Certificate signer, String digestName, String keyName, byte[] signedBytes, byte[] signature,
                    byte[] messageDigest) {

    private static final String SM2_CURVE = "1.2.156.10197.1.301";
    private static final Map<String, String> DIGESTS = Map.of(
            "1.2.156.10197.1.401", "SM3",
            "1.3.14.3.2.26", "SHA1",
            "2.16.840.1.101.3.4.2.1", "SHA256",
            "2.16.840.1.101.3.4.2.2", "SHA384",
            "2.16.840.1.101.3.4.2.3", "SHA512");

    /** As signatures are named: SM3withSM2, SHA1withRSA, SHA256withECDSA. */
    String algorithm() {
        return digestName + "with" + keyName;
    }

    /**
     * Reads the first signer of {@code cms}; its certificate must be in the CMS.
     *
     * @throws IllegalArgumentException saying what is missing or unreadable
     */
    static CmsSignature read(byte[] cms, byte[] content, CryptoProvider crypto) {
        SignedData sd;
        SignerInfo si;
        try {
            ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
            sd = SignedData.getInstance(ci.getContent());
            si = sd.getSignerInfos().size() == 0 ? null : SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a CMS SignedData (" + e.getMessage() + ")");
        }
        if (si == null) {
            throw new IllegalArgumentException("the CMS has no signer");
        }
        X509Certificate signer = signerCertificate(sd, si.getSID(), crypto);
        String digestOid = si.getDigestAlgorithm().getAlgorithm().getId();
        String digest = DIGESTS.getOrDefault(digestOid, digestOid);
        String key = keyName(signer);
        byte[] signed = content;
        byte[] messageDigest = null;
        ASN1Set attrs = si.getAuthenticatedAttributes();
        if (attrs != null) {
            // With signed attributes the signature covers them, and their message digest covers the content.
            try {
                signed = attrs.getEncoded(ASN1Encoding.DER);
            } catch (IOException e) {
                throw new IllegalArgumentException("unreadable signed attributes");
            }
            Attribute md = new AttributeTable(attrs).get(CMSAttributes.messageDigest);
            if (md == null) {
                throw new IllegalArgumentException("signed attributes without a message digest");
            }
            messageDigest = ASN1OctetString.getInstance(md.getAttrValues().getObjectAt(0)).getOctets();
        }
        return new CmsSignature(signer, digest, key, signed, si.getEncryptedDigest().getOctets(), messageDigest);
    }

    private static X509Certificate signerCertificate(SignedData sd, SignerIdentifier sid, CryptoProvider crypto) {
        List<X509Certificate> certs = new ArrayList<>();
        if (sd.getCertificates() != null) {
            for (ASN1Encodable c : sd.getCertificates()) {
                try {
                    certs.add(crypto.readCertificate(c.toASN1Primitive().getEncoded(ASN1Encoding.DER)));
                } catch (IOException | RuntimeException e) {
                    // not a certificate this provider reads (an attribute certificate, say): not the signer's
                }
            }
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("the CMS carries no signer certificate");
        }
        if (!sid.isTagged()) {
            IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(sid.getId());
            BigInteger serial = ias.getSerialNumber().getValue();
            for (X509Certificate c : certs) {
                if (c.getSerialNumber().equals(serial)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("the CMS does not carry the signer's certificate (serial "
                    + serial.toString(16).toUpperCase() + ")");
        }
        // subjectKeyIdentifier: a CMS of ours carries the signer's certificate only
        return certs.get(0);
    }

    private static String keyName(X509Certificate cert) {
        String alg = cert.getPublicKey().getAlgorithm();
        if (alg.equals("RSA")) {
            return "RSA";
        }
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded());
        ASN1Encodable params = spki.getAlgorithm().getParameters();
        if (params instanceof ASN1ObjectIdentifier curve && curve.getId().equals(SM2_CURVE)) {
            return "SM2";
        }
        return alg.equals("EC") ? "ECDSA" : alg;
    }

    /**
     * Whether the signature value checks out with the certificate's own key (trust is not judged): SM2 through
     * the provider's {@code verifyRaw} (default user ID; DER or raw r‖s as found), RSA and ECDSA with the JCA.
     *
     * @return null when it does, else why not
     */
    String mathematicsProblem(byte[] content, CryptoProvider crypto, Provider bc) {
        try {
            if (messageDigest != null) {
                byte[] actual = MessageDigest.getInstance(digestName, bc).digest(content);
                if (!MessageDigest.isEqual(actual, messageDigest)) {
                    return "the signed message digest does not match the voucher text";
                }
            }
            if (keyName.equals("SM2")) {
                CryptoProfile.Encoding enc = signature.length == 64 ? CryptoProfile.Encoding.RAW : CryptoProfile.Encoding.DER;
                CryptoProfile p = new CryptoProfile(CryptoProfile.Identifiers.PKCS7, CryptoProfile.DEFAULT_USER_ID, enc,
                        CryptoProfile.CipherLayout.C1C3C2);
                crypto.verifyRaw(signer, signedBytes, signature, p);
                return null;
            }
            Signature s = Signature.getInstance(algorithm(), bc);
            s.initVerify(signer.getPublicKey());
            s.update(signedBytes);
            return s.verify(signature) ? null : "signature does not verify over the voucher text";
        } catch (GeneralSecurityException e) {
            return "cannot check " + algorithm() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            return "signature does not verify over the voucher text";
        }
    }
}
