package org.jinku.crypto.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;

import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

import org.jinku.crypto.pkcs11.internal.SoftwareSm2Mechanism;

/**
 * Z and e as Jinku computes them for a device that signs digests: a device's signature over e must be a
 * standard SM3withSM2 signature over the message, as Bouncy Castle makes and checks it.
 */
class Sm2Test {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final byte[] MESSAGE = "<Voucher><VoucherNo>5201-000001</VoucherNo></Voucher>"
            .getBytes(StandardCharsets.UTF_8);
    private final SecureRandom random = new SecureRandom();

    private static KeyPair sm2Key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return g.generateKeyPair();
    }

    private byte[] deviceSignature(BigInteger d, byte[] e) {
        while (true) {
            BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, Sm2.CURVE.getN().subtract(BigInteger.ONE),
                    random);
            byte[] rs = SoftwareSm2Mechanism.sign(d, e, k);
            if (rs != null) {
                return rs;
            }
        }
    }

    @Test
    void aDeviceSignatureOverJinkusEVerifiesAsSm3WithSm2ForTheDefaultAndOtherUserIds() throws Exception {
        for (String id : new String[] {"1234567812345678", "bank102@jinku", ""}) {
            KeyPair kp = sm2Key();
            BigInteger d = ((ECPrivateKey) kp.getPrivate()).getS();
            byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
            byte[] e = Sm2.e(Sm2.z(idBytes, Sm2.point(kp.getPublic())), MESSAGE);
            assertEquals(32, e.length);
            byte[] der = Sm2.der(deviceSignature(d, e));

            Signature jca = Signature.getInstance("SM3withSM2", BC);
            jca.setParameter(new SM2ParameterSpec(idBytes));
            jca.initVerify(kp.getPublic());
            jca.update(MESSAGE);
            assertTrue(jca.verify(der), "JCA SM3withSM2 with ID '" + id + "'");

            SM2Signer signer = new SM2Signer();
            signer.init(false, new ParametersWithID(ECUtil.generatePublicKeyParameter(kp.getPublic()), idBytes));
            signer.update(MESSAGE, 0, MESSAGE.length);
            assertTrue(signer.verifySignature(der), "SM2Signer with ID '" + id + "'");

            // Z binds the ID: the same signature does not verify for another one
            Signature other = Signature.getInstance("SM3withSM2", BC);
            other.setParameter(new SM2ParameterSpec("another-id".getBytes(StandardCharsets.UTF_8)));
            other.initVerify(kp.getPublic());
            other.update(MESSAGE);
            assertFalse(other.verify(der));
        }
    }

    @Test
    void withTheSameKTheDeviceSignatureIsBouncyCastlesSm2SignerSignature() throws Exception {
        KeyPair kp = sm2Key();
        BigInteger d = ((ECPrivateKey) kp.getPrivate()).getS();
        byte[] id = "1234567812345678".getBytes(StandardCharsets.UTF_8);
        BigInteger k = new BigInteger(1, HexFormat.of().parseHex(
                "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21"));

        SM2Signer bc = new SM2Signer();
        bc.init(true, new ParametersWithID(new ParametersWithRandom(
                ECUtil.generatePrivateKeyParameter(kp.getPrivate()), new FixedK(k)), id));
        bc.update(MESSAGE, 0, MESSAGE.length);
        byte[] expected = bc.generateSignature();

        byte[] rs = SoftwareSm2Mechanism.sign(d, Sm2.e(Sm2.z(id, Sm2.point(kp.getPublic())), MESSAGE), k);
        assertArrayEquals(expected, Sm2.der(rs));
        assertArrayEquals(rs, Sm2.raw(expected));
    }

    @Test
    void rawSignaturesAreRightAlignedAndRoundTripThroughDer() {
        byte[] rs = new byte[64];
        rs[31] = 1;          // r = 1: 31 leading zero bytes
        rs[32] = (byte) 0x80; // s with the top bit set: DER adds a sign byte
        rs[63] = 7;
        byte[] der = Sm2.der(rs);
        assertArrayEquals(rs, Sm2.raw(der));
        assertThrows(IllegalArgumentException.class, () -> Sm2.der(new byte[63]));

        // GM/T 0018 keeps r and s right-aligned in 64-byte arrays
        byte[] r64 = new byte[64];
        byte[] s64 = new byte[64];
        System.arraycopy(rs, 0, r64, 32, 32);
        System.arraycopy(rs, 32, s64, 32, 32);
        assertArrayEquals(rs, Sm2.fromSdf(r64, s64));
        r64[0] = 1;
        assertThrows(IllegalArgumentException.class, () -> Sm2.fromSdf(r64, s64));
    }

    @Test
    void aPointFromTheDeviceBecomesAnSm2PublicKeyAndForeignPointsAreRefused() throws Exception {
        KeyPair kp = sm2Key();
        byte[] point = Sm2.point(kp.getPublic());
        assertEquals(65, point.length);
        PublicKey back = Sm2.publicKey(point);
        assertTrue(Sm2.isSm2(back));
        assertArrayEquals(kp.getPublic().getEncoded(), back.getEncoded());
        assertArrayEquals(point, Sm2.point(Sm2.publicKey(java.util.Arrays.copyOfRange(point, 1, 65))));
        byte[] off = point.clone();
        off[64] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> Sm2.publicKey(off));

        KeyPairGenerator p256 = KeyPairGenerator.getInstance("EC");
        p256.initialize(new ECGenParameterSpec("secp256r1"));
        assertFalse(Sm2.isSm2(p256.generateKeyPair().getPublic()));
    }

    /** Gives Bouncy Castle's k calculator the k of the test. */
    private static final class FixedK extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] k;

        FixedK(BigInteger k) {
            this.k = BigIntegers.asUnsignedByteArray(32, k);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(k, 0, bytes, bytes.length - k.length, k.length);
        }
    }
}
