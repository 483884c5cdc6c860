package org.jinku.crypto.soft.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.util.BigIntegers;

import org.jinku.api.CryptoProfile;

/** SM2 particulars: telling an SM2 key from other EC keys, the signer ID, and the two signature encodings. */
final class Sm2 {

    /** Field prime of sm2p256v1 (GB/T 32918.5); NIST P-256 has another. */
    private static final BigInteger P = new BigInteger(
            "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", 16);

    /** Key families a signature algorithm is chosen by. */
    enum KeyType { SM2, EC, RSA }

    private Sm2() {
    }

    static KeyType keyType(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField() instanceof ECFieldFp fp && P.equals(fp.getP())
                    ? KeyType.SM2 : KeyType.EC;
        }
        if (key instanceof RSAPublicKey) {
            return KeyType.RSA;
        }
        throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
    }

    static SM2ParameterSpec userId(CryptoProfile profile) {
        return new SM2ParameterSpec(profile.sm2UserId().getBytes(StandardCharsets.UTF_8));
    }

    /** JCA name of the bare signature over a message (signRaw / verifyRaw) for a key type. */
    static String rawAlgorithm(KeyType type) {
        return switch (type) {
            case SM2 -> "SM3withSM2";
            case EC -> "SHA256withECDSA";
            case RSA -> "SHA256withRSA";
        };
    }

    /** The signature in the profile's encoding; {@code der} is DER SEQUENCE{r, s} as the JCA makes it. */
    static byte[] encode(byte[] der, CryptoProfile.Encoding encoding) {
        return encoding == CryptoProfile.Encoding.RAW ? derToRaw(der) : der;
    }

    /** r‖s, each left-padded to 32 bytes (GM/T 0009's plain form). */
    static byte[] derToRaw(byte[] der) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        byte[] out = new byte[64];
        BigIntegers.asUnsignedByteArray(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), out, 0, 32);
        BigIntegers.asUnsignedByteArray(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(), out, 32, 32);
        return out;
    }

    static byte[] rawToDer(byte[] raw) {
        try {
            return new DERSequence(new ASN1Integer[] {
                    new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32))),
                    new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64)))})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An SM2 signature in either encoding, as DER for the JCA. 64 bytes that are not a DER SEQUENCE of two
     * INTEGERs are r‖s; anything else is passed on as it is (and fails verification if it is neither).
     */
    static byte[] toDer(byte[] signature) {
        if (signature.length == 64 && !isDerPair(signature)) {
            return rawToDer(signature);
        }
        return signature;
    }

    static boolean isDerPair(byte[] signature) {
        if (signature.length < 8 || signature[0] != 0x30) {
            return false;
        }
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(signature);
            if (!(p instanceof ASN1Sequence s) || s.size() != 2
                    || !(s.getObjectAt(0) instanceof ASN1Integer) || !(s.getObjectAt(1) instanceof ASN1Integer)) {
                return false;
            }
            return java.util.Arrays.equals(p.getEncoded(ASN1Encoding.DER), signature);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
