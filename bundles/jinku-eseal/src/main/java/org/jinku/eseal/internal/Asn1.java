package org.jinku.eseal.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** DER reading and writing helpers shared by the seal and stamp codecs; failures are IllegalArgumentExceptions. */
public final class Asn1 {

    /** Our own provider instance: the JDK cannot read SM2 certificates, and a global registration is not ours. */
    public static final Provider BC = new BouncyCastleProvider();

    public static final ASN1ObjectIdentifier SM2_SM3 = GMObjectIdentifiers.sm2sign_with_sm3;
    public static final ASN1ObjectIdentifier ECDSA_SHA256 = X9ObjectIdentifiers.ecdsa_with_SHA256;
    public static final ASN1ObjectIdentifier RSA_SHA256 = PKCSObjectIdentifiers.sha256WithRSAEncryption;

    private static final DateTimeFormatter GENERALIZED =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Asn1() {
    }

    public static ASN1Sequence sequence(byte[] der) {
        if (der == null || der.length == 0) {
            throw new IllegalArgumentException("no data");
        }
        ASN1Primitive p;
        try {
            p = ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not DER: " + e.getMessage(), e);
        }
        if (!(p instanceof ASN1Sequence s)) {
            throw new IllegalArgumentException("not an ASN.1 SEQUENCE");
        }
        return s;
    }

    public static ASN1Sequence sequence(ASN1Encodable e, String field) {
        if (e instanceof ASN1Sequence s) {
            return s;
        }
        throw wrongType(field, "SEQUENCE", e);
    }

    public static int integer(ASN1Encodable e, String field) {
        if (e instanceof ASN1Integer i) {
            BigInteger v = i.getValue();
            if (v.bitLength() > 31) {
                throw new IllegalArgumentException(field + " out of range: " + v);
            }
            return v.intValue();
        }
        throw wrongType(field, "INTEGER", e);
    }

    public static String string(ASN1Encodable e, String field) {
        if (e instanceof ASN1String s) {
            return s.getString();
        }
        throw wrongType(field, "a string", e);
    }

    public static byte[] octets(ASN1Encodable e, String field) {
        if (e instanceof ASN1OctetString o) {
            return o.getOctets();
        }
        throw wrongType(field, "OCTET STRING", e);
    }

    /** BIT STRING contents; an OCTET STRING is accepted too, as some GM/T 0031 writers put one there. */
    public static byte[] bits(ASN1Encodable e, String field) {
        if (e instanceof ASN1BitString b) {
            if (b.getPadBits() != 0) {
                throw new IllegalArgumentException(field + " is not a whole number of bytes");
            }
            return b.getOctets();
        }
        if (e instanceof ASN1OctetString o) {
            return o.getOctets();
        }
        throw wrongType(field, "BIT STRING", e);
    }

    public static ASN1ObjectIdentifier oid(ASN1Encodable e, String field) {
        if (e instanceof ASN1ObjectIdentifier o) {
            return o;
        }
        throw wrongType(field, "OBJECT IDENTIFIER", e);
    }

    /** GeneralizedTime or UTCTime, whichever the writer used (v1 says UTCTime, v4 GeneralizedTime). */
    public static Instant time(ASN1Encodable e, String field) {
        try {
            if (e instanceof ASN1GeneralizedTime g) {
                return g.getDate().toInstant();
            }
            if (e instanceof ASN1UTCTime u) {
                return u.getAdjustedDate().toInstant();
            }
        } catch (ParseException | RuntimeException x) {
            throw new IllegalArgumentException(field + ": unreadable time: " + x.getMessage(), x);
        }
        throw wrongType(field, "a time", e);
    }

    /**
     * The v1 signing time, a BIT STRING holding time text (UTCTime or GeneralizedTime digits) or the DER of a time;
     * null when it is neither (the standard allows a time-stamp token there, which is not a plain time).
     */
    public static Instant timeText(byte[] bytes) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(bytes);
            if (p instanceof ASN1GeneralizedTime || p instanceof ASN1UTCTime) {
                return time(p, "timeInfo");
            }
        } catch (IOException | RuntimeException ignored) {
            // not DER: try it as text below
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).trim();
        try {
            if (text.matches("\\d{14}(\\.\\d+)?Z")) {
                return new ASN1GeneralizedTime(text).getDate().toInstant();
            }
            if (text.matches("\\d{12}Z")) {
                return new ASN1UTCTime(text).getAdjustedDate().toInstant();
            }
            if (text.matches("\\d{14}")) {
                return LocalDateTime.parse(text, DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT))
                        .toInstant(ZoneOffset.UTC);
            }
        } catch (ParseException | RuntimeException ignored) {
            return null;
        }
        return null;
    }

    public static DERGeneralizedTime generalizedTime(Instant t) {
        return new DERGeneralizedTime(GENERALIZED.format(t.truncatedTo(ChronoUnit.SECONDS)));
    }

    public static DERUTCTime utcTime(Instant t) {
        return new DERUTCTime(UTC.format(t.truncatedTo(ChronoUnit.SECONDS)));
    }

    /** The UTCTime text GM/T 0031 puts in a stamp's timeInfo BIT STRING. */
    public static byte[] utcTimeText(Instant t) {
        return UTC.format(t.truncatedTo(ChronoUnit.SECONDS)).getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] der(ASN1Encodable e) {
        try {
            return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException x) {
            throw new IllegalStateException("DER encoding failed", x);
        }
    }

    public static X509Certificate certificate(byte[] der, String field) {
        try {
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(new X509CertificateHolder(der));
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException(field + " is not a readable X.509 certificate", e);
        }
    }

    public static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    public static byte[] sm3(byte[] data) {
        SM3Digest d = new SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    /** Digest by a CertDigestObj type name (SM3, SHA1, SHA256, ...); null when unknown. */
    public static byte[] digest(String type, byte[] data) {
        String t = type == null ? "" : type.trim().toUpperCase(Locale.ROOT).replace("-", "");
        try {
            return switch (t) {
                case "SM3", "1.2.156.10197.1.401" -> sm3(data);
                case "SHA1", "1.3.14.3.2.26" -> MessageDigest.getInstance("SHA-1").digest(data);
                case "SHA256", "2.16.840.1.101.3.4.2.1" -> MessageDigest.getInstance("SHA-256").digest(data);
                default -> null;
            };
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** The signature algorithm a key signs with through CryptoProvider.signRaw: SM2/SM3, else SHA-256 with ECDSA or RSA. */
    public static ASN1ObjectIdentifier signatureAlgorithm(X509Certificate c) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(c.getPublicKey().getEncoded());
        ASN1ObjectIdentifier keyAlg = spki.getAlgorithm().getAlgorithm();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(keyAlg)) {
            ASN1Encodable params = spki.getAlgorithm().getParameters();
            return GMObjectIdentifiers.sm2p256v1.equals(params) ? SM2_SM3 : ECDSA_SHA256;
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(keyAlg)) {
            return RSA_SHA256;
        }
        throw new IllegalArgumentException("no seal signature algorithm for a " + keyAlg + " key");
    }

    /** The subject's organisation (O), or null. */
    public static String organisation(X509Certificate c) {
        X500Name name = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        RDN[] rdns = name.getRDNs(BCStyle.O);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static IllegalArgumentException wrongType(String field, String expected, ASN1Encodable e) {
        String found = e == null ? "nothing" : e.getClass().getSimpleName();
        return new IllegalArgumentException(field + " should be " + expected + ", found " + found);
    }
}
