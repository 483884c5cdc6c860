package org.jinku.eseal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Sequence;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.eseal.internal.Asn1;
import org.jinku.eseal.internal.SealCodec;
import org.jinku.eseal.internal.Signatures;
import org.jinku.eseal.internal.StampCodec;

/**
 * Makes, reads and verifies electronic seals (电子印章) and stamps (电子签章). Writes GB/T 38540-2020 (version 4);
 * reads and verifies that and GM/T 0031-2014 (version 1). Every refusal is a {@link JinkuException} with
 * {@link RejectCode#BAD_SEAL} and a message saying which seal and what failed, except certificate judgements the
 * caller's {@link RawVerifier} makes (e.g. UNKNOWN_CERTIFICATE), which keep their code. Thread-safe: no state.
 */
public final class ESeals {

    private ESeals() {
    }

    /**
     * Makes a v4 SESeal signed by the seal maker (制章人); returns its DER. The creation date is now; the owner
     * certificates go in as certListType 1.
     *
     * @throws JinkuException BAD_SEAL when the spec cannot be written (an esID that is not ASCII, a maker key
     *                        with no seal signature algorithm)
     */
    public static byte[] makeSeal(SealSpec spec, RawSigner maker) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(maker, "maker");
        try {
            return SealCodec.makeV4(spec, maker, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new JinkuException(RejectCode.BAD_SEAL, "seal " + spec.esId() + " cannot be made: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a v4 or v1 SESeal (told apart by the structure: 4 fields v4, 2 fields v1). Does not verify.
     *
     * @throws JinkuException BAD_SEAL "not a GB/T 38540 or GM/T 0031 seal: ..." naming what is wrong
     */
    public static Seal parseSeal(byte[] der) {
        try {
            return SealCodec.parse(der);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new JinkuException(RejectCode.BAD_SEAL, "not a GB/T 38540 or GM/T 0031 seal: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the maker's signature (through {@code verifier}, which also judges the maker's certificate as the
     * caller wants) and that the seal is valid at {@code at}.
     *
     * @throws JinkuException BAD_SEAL "seal X not valid until ..." / "seal X expired on ..." / "seal X: maker
     *                        signature does not verify"; a certificate judgement of the verifier with its own code
     */
    public static void verifySeal(Seal seal, RawVerifier verifier, Instant at) {
        Objects.requireNonNull(seal, "seal");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(at, "at");
        if (at.isBefore(seal.validStart())) {
            throw new JinkuException(RejectCode.BAD_SEAL, "seal " + seal.esId() + " not valid until "
                    + seal.validStart().truncatedTo(ChronoUnit.SECONDS));
        }
        if (at.isAfter(seal.validEnd())) {
            throw new JinkuException(RejectCode.BAD_SEAL, "seal " + seal.esId() + " expired on "
                    + seal.validEnd().truncatedTo(ChronoUnit.SECONDS));
        }
        String what = "seal " + seal.esId() + ": maker signature does not verify";
        RuntimeException first = attempt(verifier, seal.maker(), seal.tbs(), seal.signature(), what);
        if (first == null) {
            return;
        }
        if (first instanceof JinkuException j && j.code() != RejectCode.BAD_SEAL) {
            throw first; // the certificate, not the signature: reading the TBS the other way will not help
        }
        // Makers differ on what the maker signs (see the package doc): accept the other reading too.
        byte[] other;
        try {
            other = SealCodec.alternateTbs(seal);
        } catch (IllegalArgumentException e) {
            throw first;
        }
        if (attempt(verifier, seal.maker(), other, seal.signature(), what) != null) {
            throw first;
        }
    }

    /**
     * Stamps {@code signedData} with the seal (盖章): a v4 SES_Signature by {@code signer}, whose data hash is
     * SM3({@code signedData}); returns its DER. For Jinku vouchers {@code signedData} is the base64 voucher text
     * (its US-ASCII bytes) and {@code propertyInfo} the stamp position (e.g. {@code yh_qz}).
     *
     * @throws JinkuException BAD_SEAL when the seal does not parse or is a v1 seal, or propertyInfo is not ASCII
     */
    public static byte[] stamp(byte[] sealDer, byte[] signedData, String propertyInfo, RawSigner signer,
                               Instant time) {
        Objects.requireNonNull(signedData, "signedData");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(time, "time");
        try {
            return StampCodec.makeV4(sealDer, signedData, propertyInfo == null ? "" : propertyInfo, signer, time);
        } catch (IllegalArgumentException e) {
            throw new JinkuException(RejectCode.BAD_SEAL, "stamp cannot be made: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a v4 or v1 SES_Signature (4–5 fields v4, 2 fields v1) and the seal inside it. Does not verify.
     *
     * @throws JinkuException BAD_SEAL "not a GB/T 38540 or GM/T 0031 stamp: ..."
     */
    public static Stamp parseStamp(byte[] der) {
        try {
            return StampCodec.parse(der);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new JinkuException(RejectCode.BAD_SEAL, "not a GB/T 38540 or GM/T 0031 stamp: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Verifies a stamp over {@code signedData}, in this order: the data hash (SM3), the signer's signature over
     * TBS_Sign, the embedded seal ({@link #verifySeal} at {@code at}), and the signer's right to the seal: with a
     * non-empty certList the signer's certificate must be one of it (certListType 1: the same DER; 2: a
     * CertDigestObj whose SM3/SHA-1/SHA-256 value matches the certificate's digest); with an empty certList the
     * signer's subject organisation (O) must be the maker's (a Jinku node makes its seals with its organisation key
     * {@code <node>/org}).
     *
     * @param at the time the seal must be valid at: the receipt time, not the signer's claimed stamp time
     * @throws JinkuException BAD_SEAL "stamp: data hash does not match the voucher", "stamp with seal X: signer
     *                        signature does not verify", "stamp with seal X: signer ... is not an owner of the
     *                        seal", or a seal refusal; certificate judgements of the verifier keep their code
     */
    public static void verifyStamp(Stamp stamp, byte[] signedData, RawVerifier verifier, Instant at) {
        Objects.requireNonNull(stamp, "stamp");
        Objects.requireNonNull(signedData, "signedData");
        if (!Arrays.equals(Asn1.sm3(signedData), stamp.dataHash())) {
            throw new JinkuException(RejectCode.BAD_SEAL, "stamp: data hash does not match the voucher (seal "
                    + stamp.seal().esId() + ", position " + stamp.propertyInfo() + ")");
        }
        Seal seal = stamp.seal();
        RuntimeException failure = attempt(verifier, stamp.signer(), stamp.tbs(), stamp.signature(),
                "stamp with seal " + seal.esId() + ": signer signature does not verify");
        if (failure != null) {
            throw failure;
        }
        verifySeal(seal, verifier, at);
        if (!isOwner(seal, stamp.signer())) {
            throw new JinkuException(RejectCode.BAD_SEAL, "stamp with seal " + seal.esId() + ": signer "
                    + stamp.signer().getSubjectX500Principal().getName() + " is not an owner of the seal");
        }
    }

    /** Whether {@code signer} may stamp with {@code seal}: the owner rule of {@link #verifyStamp}. */
    public static boolean isOwner(Seal seal, X509Certificate signer) {
        byte[] der = Asn1.encoded(signer);
        List<byte[]> owners = seal.ownerCertificates();
        if (owners.isEmpty()) {
            String org = Asn1.organisation(signer);
            return org != null && org.equals(Asn1.organisation(seal.maker()));
        }
        for (byte[] owner : owners) {
            if (seal.certListType() == 1 && Arrays.equals(owner, der)) {
                return true;
            }
            if (seal.certListType() == 2) {
                ASN1Sequence digest = ASN1Sequence.getInstance(owner);
                byte[] expected = Asn1.digest(Asn1.string(digest.getObjectAt(0), "type"),
                        der);
                if (expected != null && Arrays.equals(expected, Asn1.octets(digest.getObjectAt(1), "value"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** SM3 of {@code data}: a stamp's data hash. */
    public static byte[] sm3(byte[] data) {
        return Asn1.sm3(data);
    }

    /**
     * A verifier that checks the mathematics only: SM2 over SM3(Z‖M) with the default user ID (DER or raw r‖s),
     * SHA-256 with ECDSA or RSA for other keys. No trust, validity or revocation: for tests and tools.
     */
    public static RawVerifier verifier() {
        return (cert, tbs, signature) -> {
            if (!Signatures.verify(cert, tbs, signature)) {
                throw new IllegalArgumentException("signature does not verify");
            }
        };
    }

    /**
     * Runs the verifier; returns null when it passes, else the exception to throw: a BAD_SIGNATURE or any
     * non-Jinku failure becomes BAD_SEAL with {@code what}; other Jinku codes (certificate judgements) are kept.
     */
    private static RuntimeException attempt(RawVerifier verifier, X509Certificate cert, byte[] tbs, byte[] signature,
                                            String what) {
        try {
            verifier.verify(cert, tbs, signature);
            return null;
        } catch (JinkuException e) {
            if (e.code() == RejectCode.BAD_SIGNATURE || e.code() == RejectCode.BAD_SEAL) {
                return new JinkuException(RejectCode.BAD_SEAL, what, e);
            }
            return new JinkuException(e.code(), what.substring(0, what.indexOf(':')) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            return new JinkuException(RejectCode.BAD_SEAL, what, e);
        }
    }
}
