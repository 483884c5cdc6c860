package org.jinku.crypto.pkcs11;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * What Jinku computes around a device that signs SM2 digests (GB/T 32918.2): Z from the signer's ID and
 * public key, e = SM3(Z‖M), and the signature forms (DER SEQUENCE{r, s} or raw r‖s). For {@link Sm2Mechanism}
 * implementations and the provider; all static, thread-safe.
 */
public final class Sm2 {

    /** The SM2 recommended curve (sm2p256v1), the specialised implementation. */
    public static final X9ECParameters CURVE = CustomNamedCurves.getByName("sm2p256v1");

    private static final int FIELD_BYTES = 32;
    private static final byte[] CURVE_PART = curvePart();
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Sm2() {
    }

    /**
     * Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), ENTL the ID's length in bits on two bytes.
     *
     * @param userId      the signer ID (GM/T 0009 default {@code 1234567812345678}), as bytes
     * @param publicPoint the signer's public key, {@code 04‖x‖y} or {@code x‖y}
     */
    public static byte[] z(byte[] userId, byte[] publicPoint) {
        int bits = userId.length * 8;
        if (bits > 0xFFFF) {
            throw new IllegalArgumentException("an SM2 user ID is at most 8191 bytes, this one has " + userId.length);
        }
        byte[] xy = coordinates(publicPoint);
        SM3Digest d = new SM3Digest();
        d.update((byte) (bits >>> 8));
        d.update((byte) bits);
        d.update(userId, 0, userId.length);
        d.update(CURVE_PART, 0, CURVE_PART.length);
        d.update(xy, 0, xy.length);
        return done(d);
    }

    /** Z for a user ID given as text (UTF-8, as the profile's {@code sm2UserId}) and an SM2 public key. */
    public static byte[] z(String userId, PublicKey publicKey) {
        return z(userId.getBytes(StandardCharsets.UTF_8), point(publicKey));
    }

    /** e = SM3(Z ‖ M): the 32 bytes a device signs. */
    public static byte[] e(byte[] z, byte[] message) {
        SM3Digest d = new SM3Digest();
        d.update(z, 0, z.length);
        d.update(message, 0, message.length);
        return done(d);
    }

    /** DER SEQUENCE{r, s} of a 64-byte r‖s. */
    public static byte[] der(byte[] rs) {
        if (rs == null || rs.length != 2 * FIELD_BYTES) {
            throw new IllegalArgumentException("an SM2 signature r‖s has 64 bytes, got "
                    + (rs == null ? "none" : rs.length));
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, FIELD_BYTES));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, FIELD_BYTES, 2 * FIELD_BYTES));
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 64-byte r‖s of a DER SEQUENCE{r, s}, each right-aligned in 32 bytes. */
    public static byte[] raw(byte[] der) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        if (seq.size() != 2) {
            throw new IllegalArgumentException("an SM2 signature is SEQUENCE{r, s}");
        }
        byte[] out = new byte[2 * FIELD_BYTES];
        BigIntegers.asUnsignedByteArray(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), out, 0, FIELD_BYTES);
        BigIntegers.asUnsignedByteArray(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(), out, FIELD_BYTES,
                FIELD_BYTES);
        return out;
    }

    /**
     * The 64 bytes {@code a‖b} of two GM/T 0018 (SDF) values held right-aligned in 64-byte arrays
     * (ECCSignature r and s, ECCrefPublicKey x and y): their last 32 bytes each. The leading bytes must be zero.
     */
    public static byte[] fromSdf(byte[] a64, byte[] b64) {
        byte[] out = new byte[2 * FIELD_BYTES];
        copyRightAligned(a64, out, 0);
        copyRightAligned(b64, out, FIELD_BYTES);
        return out;
    }

    private static void copyRightAligned(byte[] in, byte[] out, int at) {
        if (in == null || in.length < FIELD_BYTES) {
            throw new IllegalArgumentException("an SDF ECC value has at least 32 bytes, got "
                    + (in == null ? "none" : in.length));
        }
        for (int i = 0; i < in.length - FIELD_BYTES; i++) {
            if (in[i] != 0) {
                throw new IllegalArgumentException("an SM2 value has 32 bytes: the SDF array has non-zero byte " + i
                        + " of " + in.length);
            }
        }
        System.arraycopy(in, in.length - FIELD_BYTES, out, at, FIELD_BYTES);
    }

    /** The uncompressed point {@code 04‖x‖y} of an EC public key (from its SubjectPublicKeyInfo). */
    public static byte[] point(PublicKey publicKey) {
        return SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getPublicKeyData().getBytes();
    }

    /**
     * An SM2 public key object (Bouncy Castle) for a point a device returned, e.g. to have it certified; the
     * point must lie on the SM2 curve.
     */
    public static PublicKey publicKey(byte[] point) {
        byte[] xy = coordinates(point);
        byte[] uncompressed = new byte[1 + xy.length];
        uncompressed[0] = 0x04;
        System.arraycopy(xy, 0, uncompressed, 1, xy.length);
        ECPoint p = CURVE.getCurve().decodePoint(uncompressed);
        if (!p.isValid()) {
            throw new IllegalArgumentException("the device returned a point that is not on the SM2 curve");
        }
        try {
            SubjectPublicKeyInfo info = new SubjectPublicKeyInfo(new AlgorithmIdentifier(
                    X9ObjectIdentifiers.id_ecPublicKey, GMObjectIdentifiers.sm2p256v1), uncompressed);
            return KeyFactory.getInstance("EC", BC).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not an SM2 public key: " + e.getMessage(), e);
        }
    }

    /** Whether a public key is on the SM2 curve (by its named-curve parameter). */
    public static boolean isSm2(PublicKey publicKey) {
        AlgorithmIdentifier alg = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getAlgorithm();
        return X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())
                && GMObjectIdentifiers.sm2p256v1.equals(alg.getParameters());
    }

    private static byte[] coordinates(byte[] point) {
        if (point != null && point.length == 2 * FIELD_BYTES + 1 && point[0] == 0x04) {
            return Arrays.copyOfRange(point, 1, point.length);
        }
        if (point != null && point.length == 2 * FIELD_BYTES) {
            return point.clone();
        }
        throw new IllegalArgumentException("an SM2 public key is 04‖x‖y (65 bytes) or x‖y (64 bytes), got "
                + (point == null ? "none" : point.length + " bytes"));
    }

    private static byte[] curvePart() {
        ECPoint g = CURVE.getG().normalize();
        byte[] out = new byte[4 * FIELD_BYTES];
        System.arraycopy(CURVE.getCurve().getA().getEncoded(), 0, out, 0, FIELD_BYTES);
        System.arraycopy(CURVE.getCurve().getB().getEncoded(), 0, out, FIELD_BYTES, FIELD_BYTES);
        System.arraycopy(g.getAffineXCoord().getEncoded(), 0, out, 2 * FIELD_BYTES, FIELD_BYTES);
        System.arraycopy(g.getAffineYCoord().getEncoded(), 0, out, 3 * FIELD_BYTES, FIELD_BYTES);
        return out;
    }

    private static byte[] done(SM3Digest d) {
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }
}
