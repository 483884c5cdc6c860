package org.jinku.crypto.pkcs11.internal;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.crypto.pkcs11.Sm2;
import org.jinku.crypto.pkcs11.Sm2Mechanism;

/**
 * An SM2 "device" in software, for tests: what a cipher machine does behind its SDF or PKCS#11 mechanism —
 * keeps private keys by label and signs a given e (GB/T 32918.2 §6.1 steps A3–A7), r and s right-aligned in 32
 * bytes each. Its signatures must verify as standard SM3withSM2 when e = SM3(Z‖M) is computed by Jinku.
 */
public final class SoftwareSm2Mechanism implements Sm2Mechanism {

    private final String pin;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, BigInteger> keys = new ConcurrentHashMap<>();

    public SoftwareSm2Mechanism(String pin) {
        this.pin = pin;
    }

    @Override
    public String id() {
        return "test-sm2";
    }

    @Override
    public void login(char[] given) {
        if (!Arrays.equals(given, pin.toCharArray())) {
            throw new JinkuException(RejectCode.WRONG_PIN, "the test device refused the PIN");
        }
    }

    @Override
    public byte[] generateKeyPair(String label) {
        BigInteger n = Sm2.CURVE.getN();
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.TWO), random);
        keys.put(label, d);
        return Sm2.CURVE.getG().multiply(d).normalize().getEncoded(false);
    }

    @Override
    public byte[] signDigest(String label, byte[] e) {
        BigInteger d = keys.get(label);
        if (d == null) {
            throw new IllegalStateException("no key labelled " + label);
        }
        BigInteger n = Sm2.CURVE.getN();
        while (true) {
            BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
            byte[] rs = sign(d, e, k);
            if (rs != null) {
                return rs;
            }
        }
    }

    /** One attempt with a given k; null when k must be drawn again (r = 0, r + k = n or s = 0). */
    public static byte[] sign(BigInteger d, byte[] e, BigInteger k) {
        BigInteger n = Sm2.CURVE.getN();
        ECPoint kg = Sm2.CURVE.getG().multiply(k).normalize();
        BigInteger r = new BigInteger(1, e).add(kg.getAffineXCoord().toBigInteger()).mod(n);
        if (r.signum() == 0 || r.add(k).equals(n)) {
            return null;
        }
        BigInteger s = d.add(BigInteger.ONE).modInverse(n).multiply(k.subtract(r.multiply(d))).mod(n);
        if (s.signum() == 0) {
            return null;
        }
        byte[] out = new byte[64];
        BigIntegers.asUnsignedByteArray(r, out, 0, 32);
        BigIntegers.asUnsignedByteArray(s, out, 32, 32);
        return out;
    }
}
