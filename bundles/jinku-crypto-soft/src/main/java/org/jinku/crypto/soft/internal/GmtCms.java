package org.jinku.crypto.soft.internal;

import java.io.IOException;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * GM/T 0010 names the same CMS structures with its own identifiers: signed data
 * {@code 1.2.156.10197.6.1.4.2.2}, data {@code …4.2.1}, and the SM2 signature algorithm
 * {@code 1.2.156.10197.1.301.1}. Peers differ in which they write (CRYPTO.md), so on input both are
 * accepted: a GM/T-labelled signature is relabelled with the PKCS#7 / SM3withSM2 identifiers Bouncy
 * Castle verifies. The signed bytes are unchanged by this, so the signature still has to verify.
 */
final class GmtCms {

    static final ASN1ObjectIdentifier GMT_DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.1");
    static final ASN1ObjectIdentifier GMT_SIGNED_DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.2");
    static final ASN1ObjectIdentifier SM2_SIGN = new ASN1ObjectIdentifier("1.2.156.10197.1.301.1");
    static final ASN1ObjectIdentifier SM3_WITH_SM2 = new ASN1ObjectIdentifier("1.2.156.10197.1.501");

    private GmtCms() {
    }

    /** The signature with PKCS#7 identifiers; input already in PKCS#7 form is returned as is. */
    static byte[] toPkcs7(byte[] cms) {
        ContentInfo ci;
        try {
            ci = ContentInfo.getInstance(cms);
        } catch (RuntimeException e) {
            return cms; // not even a ContentInfo: let the CMS parser report it
        }
        if (!GMT_SIGNED_DATA.equals(ci.getContentType())) {
            return cms;
        }
        SignedData sd = SignedData.getInstance(ci.getContent());
        ContentInfo encap = sd.getEncapContentInfo();
        if (GMT_DATA.equals(encap.getContentType())) {
            encap = new ContentInfo(CMSObjectIdentifiers.data, encap.getContent());
        }
        ASN1EncodableVector signers = new ASN1EncodableVector();
        for (int i = 0; i < sd.getSignerInfos().size(); i++) {
            SignerInfo si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(i));
            AlgorithmIdentifier enc = si.getDigestEncryptionAlgorithm();
            if (SM2_SIGN.equals(enc.getAlgorithm())) {
                enc = new AlgorithmIdentifier(SM3_WITH_SM2);
            }
            signers.add(new SignerInfo(si.getSID(), si.getDigestAlgorithm(), si.getAuthenticatedAttributes(), enc,
                    si.getEncryptedDigest(), si.getUnauthenticatedAttributes()));
        }
        SignedData pkcs7 = new SignedData(sd.getDigestAlgorithms(), encap, sd.getCertificates(), sd.getCRLs(),
                (ASN1Set) new DERSet(signers));
        try {
            return new ContentInfo(CMSObjectIdentifiers.signedData, pkcs7).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-encode a GM/T 0010 signature", e);
        }
    }
}
