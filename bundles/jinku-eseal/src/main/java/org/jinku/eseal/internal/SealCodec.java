package org.jinku.eseal.internal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.jinku.eseal.RawSigner;
import org.jinku.eseal.Seal;
import org.jinku.eseal.SealSpec;

/**
 * SESeal of GB/T 38540-2020 (v4: {eSealInfo, cert, signAlgID, signedValue}) and GM/T 0031-2014 (v1: {esealInfo,
 * signInfo{cert, signatureAlgorithm, signData}}), told apart by the outer SEQUENCE's size as other readers do.
 */
public final class SealCodec {

    /** Vendor ID (Vid) in the seal header: which software wrote the seal. */
    public static final String VENDOR_ID = "JINKU";
    public static final String PNG = "PNG";

    private SealCodec() {
    }

    /** Builds and signs a v4 seal; the maker signs DER(SES_SealInfo) (see the package documentation). */
    public static byte[] makeV4(SealSpec spec, RawSigner maker, Instant createDate) {
        ASN1EncodableVector header = new ASN1EncodableVector();
        header.add(new DERIA5String("ES", true));
        header.add(new ASN1Integer(4));
        header.add(new DERIA5String(VENDOR_ID, true));

        ASN1EncodableVector certs = new ASN1EncodableVector();
        for (X509Certificate c : spec.ownerCertificates()) {
            certs.add(new DEROctetString(Asn1.encoded(c)));
        }
        ASN1EncodableVector property = new ASN1EncodableVector();
        property.add(new ASN1Integer(spec.type()));
        property.add(new DERUTF8String(spec.name()));
        property.add(new ASN1Integer(1)); // certListType 1: the certificates themselves
        property.add(new DERSequence(certs));
        property.add(Asn1.generalizedTime(createDate));
        property.add(Asn1.generalizedTime(spec.validStart()));
        property.add(Asn1.generalizedTime(spec.validEnd()));

        DERSequence sealInfo = new DERSequence(new ASN1Encodable[] {
                new DERSequence(header), ia5(spec.esId(), "esID"), new DERSequence(property), picture(spec)});

        X509Certificate makerCert = maker.certificate();
        ASN1ObjectIdentifier alg = Asn1.signatureAlgorithm(makerCert);
        byte[] signature = maker.sign(Asn1.der(sealInfo));
        return Asn1.der(new DERSequence(new ASN1Encodable[] {
                sealInfo, new DEROctetString(Asn1.encoded(makerCert)), alg, new DERBitString(signature)}));
    }

    static DERSequence picture(SealSpec spec) {
        return new DERSequence(new ASN1Encodable[] {new DERIA5String(PNG, true), new DEROctetString(spec.png()),
                new ASN1Integer(spec.widthMm()), new ASN1Integer(spec.heightMm())});
    }

    static DERIA5String ia5(String text, String field) {
        if (!DERIA5String.isIA5String(text)) {
            throw new IllegalArgumentException(field + " '" + text + "' is not IA5 (ASCII) text");
        }
        return new DERIA5String(text);
    }

    public static Seal parse(byte[] der) {
        return parse(Asn1.sequence(der), der);
    }

    static Seal parse(ASN1Sequence seq, byte[] der) {
        return switch (seq.size()) {
            case 4 -> parse(4, Asn1.sequence(seq.getObjectAt(0), "eSealInfo"), seq.getObjectAt(1),
                    seq.getObjectAt(2), seq.getObjectAt(3), der);
            case 2 -> {
                ASN1Sequence signInfo = Asn1.sequence(seq.getObjectAt(1), "signInfo");
                if (signInfo.size() != 3) {
                    throw new IllegalArgumentException("signInfo has " + signInfo.size() + " fields, not 3");
                }
                yield parse(1, Asn1.sequence(seq.getObjectAt(0), "esealInfo"), signInfo.getObjectAt(0),
                        signInfo.getObjectAt(1), signInfo.getObjectAt(2), der);
            }
            default -> throw new IllegalArgumentException("SESeal has " + seq.size() + " fields, not 4 (v4) or 2 (v1)");
        };
    }

    private static Seal parse(int layout, ASN1Sequence sealInfo, ASN1Encodable certField, ASN1Encodable algField,
                              ASN1Encodable sigField, byte[] der) {
        if (sealInfo.size() < 4 || sealInfo.size() > 5) {
            throw new IllegalArgumentException("SES_SealInfo has " + sealInfo.size() + " fields, not 4 or 5");
        }
        ASN1Sequence header = Asn1.sequence(sealInfo.getObjectAt(0), "header");
        if (header.size() != 3 || !"ES".equals(Asn1.string(header.getObjectAt(0), "header ID"))) {
            throw new IllegalArgumentException("header is not {\"ES\", version, Vid}");
        }
        int headerVersion = Asn1.integer(header.getObjectAt(1), "header version");
        if (layout == 4 ? headerVersion < 4 : headerVersion >= 4) {
            throw new IllegalArgumentException("header version " + headerVersion + " in a v" + layout + " layout");
        }
        String esId = Asn1.string(sealInfo.getObjectAt(1), "esID");

        ASN1Sequence property = Asn1.sequence(sealInfo.getObjectAt(2), "property");
        int certListType;
        int i;
        if (property.size() == 7) { // v4: type, name, certListType, certList, three GeneralizedTimes
            certListType = Asn1.integer(property.getObjectAt(2), "certListType");
            i = 3;
        } else if (property.size() == 6) { // v1: type, name, certList, three UTCTimes
            certListType = 1;
            i = 2;
        } else {
            throw new IllegalArgumentException("property has " + property.size() + " fields, not 7 (v4) or 6 (v1)");
        }
        int type = Asn1.integer(property.getObjectAt(0), "property type");
        String name = Asn1.string(property.getObjectAt(1), "property name");
        List<byte[]> owners = new ArrayList<>();
        for (ASN1Encodable e : Asn1.sequence(property.getObjectAt(i), "certList")) {
            if (certListType == 2) {
                ASN1Sequence digest = Asn1.sequence(e, "certDigestList entry");
                Asn1.string(digest.getObjectAt(0), "CertDigestObj type");
                Asn1.octets(digest.getObjectAt(1), "CertDigestObj value");
                owners.add(Asn1.der(digest));
            } else if (certListType == 1) {
                owners.add(Asn1.octets(e, "certList entry"));
            } else {
                throw new IllegalArgumentException("certListType " + certListType + " is neither 1 nor 2");
            }
        }
        Instant createDate = Asn1.time(property.getObjectAt(i + 1), "createDate");
        Instant validStart = Asn1.time(property.getObjectAt(i + 2), "validStart");
        Instant validEnd = Asn1.time(property.getObjectAt(i + 3), "validEnd");

        ASN1Sequence picture = Asn1.sequence(sealInfo.getObjectAt(3), "picture");
        if (picture.size() != 4) {
            throw new IllegalArgumentException("picture has " + picture.size() + " fields, not 4");
        }
        String imageType = Asn1.string(picture.getObjectAt(0), "picture type");
        byte[] image = Asn1.octets(picture.getObjectAt(1), "picture data");
        int width = Asn1.integer(picture.getObjectAt(2), "picture width");
        int height = Asn1.integer(picture.getObjectAt(3), "picture height");

        byte[] certDer = Asn1.octets(certField, "maker certificate");
        X509Certificate maker = Asn1.certificate(certDer, "maker certificate");
        ASN1ObjectIdentifier alg = Asn1.oid(algField, "signature algorithm");
        byte[] signature = Asn1.bits(sigField, "maker signature");
        byte[] tbs = layout == 4 ? Asn1.der(sealInfo) : signedRange(sealInfo, certField, algField);
        return new Seal(layout, esId, type, name, imageType, image, width, height, createDate, validStart, validEnd,
                owners, certListType, maker, tbs, signature, alg.getId(), der.clone());
    }

    /**
     * The other reading of what the maker signed: for v4 DER(SEQUENCE{eSealInfo, cert, signAlgID}), for v1
     * DER(esealInfo). Accepted on verification so seals from makers that read the standards the other way verify.
     */
    public static byte[] alternateTbs(Seal seal) {
        ASN1Sequence seq = Asn1.sequence(seal.der());
        ASN1Sequence sealInfo = Asn1.sequence(seq.getObjectAt(0), "eSealInfo");
        if (seal.version() == 4) {
            return signedRange(sealInfo, seq.getObjectAt(1), seq.getObjectAt(2));
        }
        return Asn1.der(sealInfo);
    }

    private static byte[] signedRange(ASN1Sequence sealInfo, ASN1Encodable cert, ASN1Encodable alg) {
        return Asn1.der(new DERSequence(new ASN1Encodable[] {sealInfo, cert, alg}));
    }
}
