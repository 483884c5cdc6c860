package org.jinku.eseal.internal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.jinku.eseal.RawSigner;
import org.jinku.eseal.Seal;
import org.jinku.eseal.Stamp;

/**
 * SES_Signature of GB/T 38540-2020 (v4: {toSign, cert, signatureAlgID, signature, [0] timeStamp OPTIONAL}) and
 * GM/T 0031-2014 (v1: {toSign{..., cert, signatureAlgorithm}, signature}); the signer signs DER(TBS_Sign) in both.
 */
public final class StampCodec {

    private StampCodec() {
    }

    public static byte[] makeV4(byte[] sealDer, byte[] signedData, String propertyInfo, RawSigner signer,
                                Instant time) {
        Seal seal = SealCodec.parse(sealDer);
        if (seal.version() != 4) {
            throw new IllegalArgumentException("seal " + seal.esId()
                    + " is a GM/T 0031 (v1) seal; a GB/T 38540 stamp needs a v4 seal");
        }
        ASN1Primitive sealObject;
        try {
            sealObject = ASN1Primitive.fromByteArray(sealDer);
        } catch (IOException e) {
            throw new IllegalArgumentException("seal is not DER", e);
        }
        DERSequence toSign = new DERSequence(new ASN1Encodable[] {
                new ASN1Integer(4), sealObject, Asn1.generalizedTime(time),
                new DERBitString(Asn1.sm3(signedData)), SealCodec.ia5(propertyInfo, "propertyInfo")});
        X509Certificate cert = signer.certificate();
        ASN1ObjectIdentifier alg = Asn1.signatureAlgorithm(cert);
        byte[] signature = signer.sign(Asn1.der(toSign));
        return Asn1.der(new DERSequence(new ASN1Encodable[] {
                toSign, new DEROctetString(Asn1.encoded(cert)), alg, new DERBitString(signature)}));
    }

    public static Stamp parse(byte[] der) {
        ASN1Sequence seq = Asn1.sequence(der);
        if (seq.size() == 4 || seq.size() == 5) {
            if (seq.size() == 5 && !(seq.getObjectAt(4) instanceof ASN1TaggedObject)) {
                throw new IllegalArgumentException("SES_Signature field 5 is not the [0] timeStamp");
            }
            ASN1Sequence toSign = Asn1.sequence(seq.getObjectAt(0), "toSign");
            if (toSign.size() < 5 || toSign.size() > 6) {
                throw new IllegalArgumentException("TBS_Sign has " + toSign.size() + " fields, not 5 or 6");
            }
            int version = Asn1.integer(toSign.getObjectAt(0), "TBS_Sign version");
            Seal seal = SealCodec.parse(Asn1.der(Asn1.sequence(toSign.getObjectAt(1), "eseal")));
            if (seal.version() != 4) {
                throw new IllegalArgumentException("a v4 stamp (version " + version + ") holds a v1 seal");
            }
            Instant time = Asn1.time(toSign.getObjectAt(2), "timeInfo");
            byte[] dataHash = Asn1.bits(toSign.getObjectAt(3), "dataHash");
            String propertyInfo = Asn1.string(toSign.getObjectAt(4), "propertyInfo");
            X509Certificate signer = Asn1.certificate(Asn1.octets(seq.getObjectAt(1), "signer certificate"),
                    "signer certificate");
            ASN1ObjectIdentifier alg = Asn1.oid(seq.getObjectAt(2), "signature algorithm");
            byte[] signature = Asn1.bits(seq.getObjectAt(3), "signature");
            return new Stamp(4, seal, time, dataHash, propertyInfo, signer, Asn1.der(toSign), signature,
                    alg.getId(), der.clone());
        }
        if (seq.size() == 2) {
            ASN1Sequence toSign = Asn1.sequence(seq.getObjectAt(0), "toSign");
            if (toSign.size() != 7) {
                throw new IllegalArgumentException("v1 TBS_Sign has " + toSign.size() + " fields, not 7");
            }
            Asn1.integer(toSign.getObjectAt(0), "TBS_Sign version");
            Seal seal = SealCodec.parse(Asn1.der(Asn1.sequence(toSign.getObjectAt(1), "eseal")));
            if (seal.version() != 1) {
                throw new IllegalArgumentException("a v1 stamp holds a v4 seal");
            }
            Instant time = Asn1.timeText(Asn1.bits(toSign.getObjectAt(2), "timeInfo"));
            byte[] dataHash = Asn1.bits(toSign.getObjectAt(3), "dataHash");
            String propertyInfo = Asn1.string(toSign.getObjectAt(4), "propertyInfo");
            X509Certificate signer = Asn1.certificate(Asn1.octets(toSign.getObjectAt(5), "signer certificate"),
                    "signer certificate");
            ASN1ObjectIdentifier alg = Asn1.oid(toSign.getObjectAt(6), "signature algorithm");
            byte[] signature = Asn1.bits(seq.getObjectAt(1), "signature");
            return new Stamp(1, seal, time, dataHash, propertyInfo, signer, Asn1.der(toSign), signature,
                    alg.getId(), der.clone());
        }
        throw new IllegalArgumentException("SES_Signature has " + seq.size() + " fields, not 4-5 (v4) or 2 (v1)");
    }
}
