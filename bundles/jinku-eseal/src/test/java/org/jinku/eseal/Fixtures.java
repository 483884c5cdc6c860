package org.jinku.eseal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * An independent writer of GM/T 0031 (v1) seals and stamps and of v4 variants Jinku does not write (certificate
 * digests, the other reading of the maker's TBS), straight from the standards' ASN.1, for fixtures.
 */
final class Fixtures {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Fixtures() {
    }

    /** GM/T 0031-2014 SESeal; the maker signs DER(SEQUENCE{esealInfo, cert, signatureAlgorithm}). */
    static byte[] v1Seal(SealSpec spec, RawSigner maker) {
        ASN1EncodableVector certs = new ASN1EncodableVector();
        for (X509Certificate c : spec.ownerCertificates()) {
            certs.add(new DEROctetString(der(c)));
        }
        DERSequence property = seq(new ASN1Integer(spec.type()), new DERUTF8String(spec.name()),
                new DERSequence(certs), utc(Instant.now()), utc(spec.validStart()), utc(spec.validEnd()));
        DERSequence sealInfo = seq(seq(new DERIA5String("ES"), new ASN1Integer(1), new DERIA5String("FIXTURE")),
                new DERIA5String(spec.esId()), property, picture(spec));
        DEROctetString cert = new DEROctetString(der(maker.certificate()));
        byte[] sig = maker.sign(der(seq(sealInfo, cert, GMObjectIdentifiers.sm2sign_with_sm3)));
        return der(seq(sealInfo, seq(cert, GMObjectIdentifiers.sm2sign_with_sm3, new DERBitString(sig))));
    }

    /** GM/T 0031-2014 SES_Signature: timeInfo is UTCTime text in a BIT STRING; the signer signs DER(TBS_Sign). */
    static byte[] v1Stamp(byte[] sealDer, byte[] data, String propertyInfo, RawSigner signer, Instant time) {
        DERSequence toSign = seq(new ASN1Integer(1), primitive(sealDer),
                new DERBitString(UTC.format(time.truncatedTo(ChronoUnit.SECONDS)).getBytes(StandardCharsets.US_ASCII)),
                new DERBitString(sm3(data)), new DERIA5String(propertyInfo),
                new DEROctetString(der(signer.certificate())), GMObjectIdentifiers.sm2sign_with_sm3);
        return der(seq(toSign, new DERBitString(signer.sign(der(toSign)))));
    }

    /**
     * A GB/T 38540 seal written here rather than by ESeals: certListType 1 or 2 (SM3 digests of the owner
     * certificates), and the maker signing DER(eSealInfo) or DER(SEQUENCE{eSealInfo, cert, signAlgID}).
     */
    static byte[] v4Seal(SealSpec spec, RawSigner maker, int certListType, boolean signWholeRange) {
        ASN1EncodableVector certs = new ASN1EncodableVector();
        for (X509Certificate c : spec.ownerCertificates()) {
            certs.add(certListType == 1 ? new DEROctetString(der(c))
                    : seq(new DERPrintableString("SM3"), new DEROctetString(sm3(der(c)))));
        }
        DERSequence property = seq(new ASN1Integer(spec.type()), new DERUTF8String(spec.name()),
                new ASN1Integer(certListType), new DERSequence(certs), gt(Instant.now()), gt(spec.validStart()),
                gt(spec.validEnd()));
        DERSequence sealInfo = seq(seq(new DERIA5String("ES"), new ASN1Integer(4), new DERIA5String("FIXTURE")),
                new DERIA5String(spec.esId()), property, picture(spec));
        DEROctetString cert = new DEROctetString(der(maker.certificate()));
        byte[] tbs = signWholeRange ? der(seq(sealInfo, cert, GMObjectIdentifiers.sm2sign_with_sm3)) : der(sealInfo);
        return der(seq(sealInfo, cert, GMObjectIdentifiers.sm2sign_with_sm3, new DERBitString(maker.sign(tbs))));
    }

    static SealSpec spec(String esId, Instant validStart, Instant validEnd, List<X509Certificate> owners) {
        return new SealSpec(esId, 2, "测试银行财务专用章", SealImages.round("测试银行财务专用章", 96), 40, 40,
                validStart, validEnd, owners);
    }

    static byte[] sm3(byte[] data) {
        SM3Digest d = new SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    private static DERSequence picture(SealSpec spec) {
        return seq(new DERIA5String("PNG"), new DEROctetString(spec.png()), new ASN1Integer(spec.widthMm()),
                new ASN1Integer(spec.heightMm()));
    }

    private static DERSequence seq(ASN1Encodable... items) {
        return new DERSequence(items);
    }

    private static DERUTCTime utc(Instant t) {
        return new DERUTCTime(UTC.format(t.truncatedTo(ChronoUnit.SECONDS)));
    }

    private static DERGeneralizedTime gt(Instant t) {
        return new DERGeneralizedTime(GT.format(t.truncatedTo(ChronoUnit.SECONDS)));
    }

    private static ASN1Primitive primitive(byte[] der) {
        try {
            return ASN1Primitive.fromByteArray(der);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] der(ASN1Encodable e) {
        try {
            return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException x) {
            throw new IllegalStateException(x);
        }
    }

    static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
