package org.jinku.crypto.soft.internal;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Object identifiers Jinku writes and reads. RFC 5652 (PKCS#7) and GM/T 0010 name the same CMS structures
 * differently; deployed peers differ in which they write, so output follows the peer's profile and input accepts
 * both (CRYPTO.md).
 */
final class Oids {

    static final ASN1ObjectIdentifier PKCS7_DATA = new ASN1ObjectIdentifier("1.2.840.113549.1.7.1");
    static final ASN1ObjectIdentifier PKCS7_SIGNED_DATA = new ASN1ObjectIdentifier("1.2.840.113549.1.7.2");
    static final ASN1ObjectIdentifier PKCS7_ENVELOPED_DATA = new ASN1ObjectIdentifier("1.2.840.113549.1.7.3");

    static final ASN1ObjectIdentifier GMT_DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.1");
    static final ASN1ObjectIdentifier GMT_SIGNED_DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.2");
    static final ASN1ObjectIdentifier GMT_ENVELOPED_DATA = new ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.3");

    /** SM3 digest (GB/T 32905). */
    static final ASN1ObjectIdentifier SM3 = new ASN1ObjectIdentifier("1.2.156.10197.1.401");
    /** SM3withSM2, what bcpkix writes as the signature algorithm. */
    static final ASN1ObjectIdentifier SM3_WITH_SM2 = new ASN1ObjectIdentifier("1.2.156.10197.1.501");
    /** The SM2 curve / key, written as signature algorithm by some libraries. */
    static final ASN1ObjectIdentifier SM2 = new ASN1ObjectIdentifier("1.2.156.10197.1.301");
    /** sm2sign (GM/T 0006), what GM/T 0010 writes as the signature algorithm. */
    static final ASN1ObjectIdentifier SM2_SIGN = new ASN1ObjectIdentifier("1.2.156.10197.1.301.1");
    /** sm2encrypt (GM/T 0006), the key transport algorithm of GM/T 0010 enveloped data. */
    static final ASN1ObjectIdentifier SM2_ENCRYPT = new ASN1ObjectIdentifier("1.2.156.10197.1.301.3");
    /** SM4 in CBC mode; the parameter is the IV. */
    static final ASN1ObjectIdentifier SM4_CBC = new ASN1ObjectIdentifier("1.2.156.10197.1.104.2");

    static final ASN1ObjectIdentifier EC_PUBLIC_KEY = new ASN1ObjectIdentifier("1.2.840.10045.2.1");
    static final ASN1ObjectIdentifier SHA1 = new ASN1ObjectIdentifier("1.3.14.3.2.26");
    static final ASN1ObjectIdentifier SHA224 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.4");
    static final ASN1ObjectIdentifier SHA256 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.1");
    static final ASN1ObjectIdentifier SHA384 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.2");
    static final ASN1ObjectIdentifier SHA512 = new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.3");

    private Oids() {
    }

    static boolean isSignedData(ASN1ObjectIdentifier type) {
        return PKCS7_SIGNED_DATA.equals(type) || GMT_SIGNED_DATA.equals(type);
    }

    static boolean isData(ASN1ObjectIdentifier type) {
        return PKCS7_DATA.equals(type) || GMT_DATA.equals(type);
    }

    /** Signature algorithm identifiers under which an SM2 signature may arrive. */
    static boolean isSm2Signature(ASN1ObjectIdentifier alg) {
        return SM3_WITH_SM2.equals(alg) || SM2_SIGN.equals(alg) || SM2.equals(alg) || EC_PUBLIC_KEY.equals(alg);
    }

    /** JCA digest name of a CMS digest algorithm, or null for one we do not accept. */
    static String digestName(ASN1ObjectIdentifier alg) {
        if (SM3.equals(alg)) {
            return "SM3";
        } else if (SHA1.equals(alg)) {
            return "SHA1";
        } else if (SHA224.equals(alg)) {
            return "SHA224";
        } else if (SHA256.equals(alg)) {
            return "SHA256";
        } else if (SHA384.equals(alg)) {
            return "SHA384";
        } else if (SHA512.equals(alg)) {
            return "SHA512";
        }
        return null;
    }
}
