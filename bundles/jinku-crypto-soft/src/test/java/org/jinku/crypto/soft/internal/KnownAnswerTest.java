package org.jinku.crypto.soft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standards' own examples, so a library change that breaks SM2, SM3 or SM4 shows here first. */
class KnownAnswerTest {

    @TempDir
    Path dir;

    /**
     * GB/T 32918.2-2016 Annex A.2: the example signature over "message digest" by ALICE123@YAHOO.COM on the
     * standard's example Fp-256 curve, with its fixed k. The same SM2Signer the JCA path of the provider uses.
     */
    @Test
    void sm2SignatureOfTheStandardsExample() throws Exception {
        BigInteger p = new BigInteger("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3", 16);
        BigInteger a = new BigInteger("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498", 16);
        BigInteger b = new BigInteger("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A", 16);
        BigInteger n = new BigInteger("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7", 16);
        ECCurve curve = new ECCurve.Fp(p, a, b, n, BigInteger.ONE);
        ECPoint g = curve.createPoint(
                new BigInteger("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D", 16),
                new BigInteger("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2", 16));
        ECDomainParameters domain = new ECDomainParameters(curve, g, n);
        BigInteger d = new BigInteger("128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263", 16);
        byte[] k = Hex.decode("6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F");
        byte[] id = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
        byte[] message = "message digest".getBytes(StandardCharsets.US_ASCII);

        SM2Signer signer = new SM2Signer();
        signer.init(true, new ParametersWithID(new ParametersWithRandom(new ECPrivateKeyParameters(d, domain),
                new FixedRandom(k)), id));
        signer.update(message, 0, message.length);
        ASN1Sequence rs = ASN1Sequence.getInstance(signer.generateSignature());
        assertEquals("40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1",
                ASN1Integer.getInstance(rs.getObjectAt(0)).getValue().toString(16).toUpperCase());
        assertEquals("6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7",
                ASN1Integer.getInstance(rs.getObjectAt(1)).getValue().toString(16).toUpperCase());

        SM2Signer verifier = new SM2Signer();
        verifier.init(false, new ParametersWithID(new ECPublicKeyParameters(g.multiply(d).normalize(), domain), id));
        verifier.update(message, 0, message.length);
        assertTrue(verifier.verifySignature(rs.getEncoded()));
    }

    /** GB/T 32905-2016 Annex A: "abc" and the 512-bit "abcd"×16. */
    @Test
    void sm3Vectors() throws Exception {
        SoftCryptoProvider crypto = SoftCryptoProvider.open(dir);
        assertArrayEquals(Hex.decode("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
                crypto.digest("abc".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(Hex.decode("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
                crypto.digest("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII)));
        SM3Digest d = new SM3Digest();
        assertEquals(32, d.getDigestSize());
    }

    /** GB/T 32907-2016 Annex A: one block, and the same block encrypted 1,000,000 times. */
    @Test
    void sm4Vectors() {
        byte[] key = Hex.decode("0123456789abcdeffedcba9876543210");
        SM4Engine sm4 = new SM4Engine();
        sm4.init(true, new KeyParameter(key));
        byte[] block = key.clone();
        sm4.processBlock(block, 0, block, 0);
        assertArrayEquals(Hex.decode("681edf34d206965e86b3e94f536e4246"), block);
        block = key.clone();
        for (int i = 0; i < 1_000_000; i++) {
            sm4.processBlock(block, 0, block, 0);
        }
        assertArrayEquals(Hex.decode("595298c7c6fd271f0402f804c33d3f66"), block);
    }

    /** Hands out k as the signer's random: SM2Signer draws k as one 256-bit number. */
    private static final class FixedRandom extends SecureRandom {
        private final byte[] value;

        FixedRandom(byte[] value) {
            this.value = value;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            byte[] v = BigIntegers.asUnsignedByteArray(bytes.length, new BigInteger(1, value));
            System.arraycopy(v, 0, bytes, 0, bytes.length);
        }
    }
}
