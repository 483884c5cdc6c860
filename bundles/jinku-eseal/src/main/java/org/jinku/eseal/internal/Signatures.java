package org.jinku.eseal.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * The mathematics of a bare signature, as CryptoProvider.verifyRaw does it with the default profile: SM2 over
 * SM3(Z‖M) with the GM/T 0009 default user ID (DER or raw r‖s), else SHA-256 with ECDSA or RSA.
 */
public final class Signatures {

    private static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private Signatures() {
    }

    /** True when the signature verifies; false for a wrong one, IllegalArgumentException for an unusable key. */
    public static boolean verify(X509Certificate cert, byte[] message, byte[] signature) {
        ASN1ObjectIdentifier alg = Asn1.signatureAlgorithm(cert);
        if (Asn1.SM2_SM3.equals(alg)) {
            CipherParameters key;
            try {
                key = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()));
            } catch (IOException e) {
                throw new IllegalArgumentException("unreadable SM2 public key", e);
            }
            // A raw r‖s value is exactly 64 bytes; a DER SEQUENCE{r, s} is longer.
            SM2Signer signer = new SM2Signer(signature.length == 64 ? PlainDSAEncoding.INSTANCE
                    : StandardDSAEncoding.INSTANCE, new SM3Digest());
            signer.init(false, new ParametersWithID(key, DEFAULT_USER_ID));
            signer.update(message, 0, message.length);
            return signer.verifySignature(signature);
        }
        try {
            Signature s = Signature.getInstance(Asn1.ECDSA_SHA256.equals(alg) ? "SHA256withECDSA" : "SHA256withRSA",
                    Asn1.BC);
            s.initVerify(cert.getPublicKey());
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
