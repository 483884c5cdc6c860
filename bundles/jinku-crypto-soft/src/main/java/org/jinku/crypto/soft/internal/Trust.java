package org.jinku.crypto.soft.internal;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;

/**
 * The trusted CAs and what is known about each certificate seen: decoded once and cached by encoding (bounded),
 * its chain judged once, its validity judged on every use (a date comparison), and one initialised verifier
 * per thread, so a verification costs the SM2 arithmetic and little else.
 */
final class Trust {

    /** Certificates remembered; beyond this the cache starts afresh (a node sees a few hundred signers). */
    private static final int CACHE_LIMIT = 4096;

    /** One certificate and its cached judgements. */
    static final class Seen {
        final X509Certificate certificate;
        final PublicKey key;
        final Sm2.KeyType type;
        /** Null when the chain is sound; the refusal otherwise (the chain does not change, the clock does). */
        final JinkuException chainFailure;
        /** Null when the key usage allows signing. */
        final String keyUsageProblem;
        final Map<String, ThreadLocal<Signature>> verifiers = new ConcurrentHashMap<>();
        /** Serial (INTEGER content), issuer (Name DER) and subject key identifier, to match a signer identifier. */
        final byte[] serial;
        final byte[] issuer;
        final byte[] subjectKeyIdentifier;
        private volatile ECPublicKeyParameters sm2Parameters;

        Seen(X509Certificate certificate, JinkuException chainFailure) {
            this.certificate = certificate;
            this.serial = certificate.getSerialNumber().toByteArray();
            this.issuer = certificate.getIssuerX500Principal().getEncoded();
            byte[] ext = certificate.getExtensionValue("2.5.29.14");
            this.subjectKeyIdentifier = ext == null ? null : org.bouncycastle.asn1.ASN1OctetString.getInstance(
                    org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets()).getOctets();
            this.key = certificate.getPublicKey();
            this.type = Sm2.keyType(key);
            this.chainFailure = chainFailure;
            this.keyUsageProblem = keyUsageProblem(certificate);
        }

        /** This thread's verifier for {@code algorithm} with {@code parameters} (the SM2 user ID). */
        Signature verifier(Provider bc, String algorithm, AlgorithmParameterSpec parameters, String parametersKey) {
            ThreadLocal<Signature> t = verifiers.computeIfAbsent(algorithm + '|' + parametersKey,
                    k -> new ThreadLocal<>());
            Signature s = t.get();
            if (s == null) {
                try {
                    s = Signature.getInstance(algorithm, bc);
                    if (parameters != null) {
                        s.setParameter(parameters);
                    }
                    s.initVerify(key);
                } catch (GeneralSecurityException e) {
                    throw new JinkuException(RejectCode.BAD_SIGNATURE, "cannot verify " + algorithm + " with the key of "
                            + subject() + ": " + e.getMessage());
                }
                t.set(s);
            }
            return s;
        }

        /** Forgets this thread's verifier after a failure: a failed verification may leave it half-used. */
        void discard(String algorithm, String parametersKey) {
            ThreadLocal<Signature> t = verifiers.get(algorithm + '|' + parametersKey);
            if (t != null) {
                t.remove();
            }
        }

        ECPublicKeyParameters sm2Parameters() throws InvalidKeyException {
            ECPublicKeyParameters p = sm2Parameters;
            if (p == null) {
                p = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
                sm2Parameters = p;
            }
            return p;
        }

        String subject() {
            return certificate.getSubjectX500Principal().getName() + " (serial "
                    + certificate.getSerialNumber().toString(16).toUpperCase() + ")";
        }
    }

    private final Provider bc;
    private final List<X509Certificate> anchors;
    private final Map<ByteBuffer, Seen> byEncoding = new ConcurrentHashMap<>();
    private final Map<X509Certificate, Seen> byCertificate = new ConcurrentHashMap<>();

    Trust(Provider bc, List<X509Certificate> anchors) {
        this.bc = bc;
        this.anchors = List.copyOf(anchors);
    }

    List<X509Certificate> anchors() {
        return anchors;
    }

    /** As {@link #seen(byte[])} for a slice of a larger message; the slice is copied only when not yet known. */
    Seen seen(byte[] message, int offset, int length) {
        Seen s = byEncoding.get(ByteBuffer.wrap(message, offset, length));
        return s != null ? s : seen(java.util.Arrays.copyOfRange(message, offset, offset + length));
    }

    /** The certificate of DER {@code encoding}, decoded once. */
    Seen seen(byte[] encoding) {
        ByteBuffer id = ByteBuffer.wrap(encoding);
        Seen s = byEncoding.get(id);
        if (s == null) {
            X509Certificate c;
            try {
                c = (X509Certificate) CertificateFactory.getInstance("X.509", bc)
                        .generateCertificate(new ByteArrayInputStream(encoding));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "signer certificate cannot be read: "
                        + e.getMessage());
            }
            s = seen(c);
            if (byEncoding.size() >= CACHE_LIMIT) {
                byEncoding.clear();
            }
            byEncoding.put(id, s);
        }
        return s;
    }

    Seen seen(X509Certificate certificate) {
        Seen s = byCertificate.get(certificate);
        if (s == null && !certificate.getClass().getName().startsWith("org.bouncycastle.")) {
            // the JDK's certificate classes cannot decode SM2 keys: read it again with Bouncy Castle
            try {
                s = seen(certificate.getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "certificate cannot be encoded: " + e.getMessage());
            }
            if (byCertificate.size() >= CACHE_LIMIT) {
                byCertificate.clear();
            }
            byCertificate.put(certificate, s);
            return s;
        }
        if (s == null) {
            JinkuException failure;
            try {
                failure = chainFailure(certificate);
            } catch (IllegalArgumentException unsupportedKey) {
                throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "certificate "
                        + certificate.getSubjectX500Principal().getName() + ": " + unsupportedKey.getMessage());
            }
            try {
                s = new Seen(certificate, failure);
            } catch (IllegalArgumentException unsupportedKey) {
                throw new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, "certificate "
                        + certificate.getSubjectX500Principal().getName() + ": " + unsupportedKey.getMessage());
            }
            if (byCertificate.size() >= CACHE_LIMIT) {
                byCertificate.clear();
            }
            byCertificate.put(certificate, s);
        }
        return s;
    }

    /**
     * Chain to a trusted CA, validity now, key usage allowing signatures.
     *
     * @throws JinkuException UNKNOWN_CERTIFICATE, CERTIFICATE_EXPIRED or BAD_KEY_USAGE
     */
    X509Certificate judge(Seen s) {
        if (s.chainFailure != null) {
            throw s.chainFailure;
        }
        checkValidity(s.certificate, "signer certificate");
        if (s.keyUsageProblem != null) {
            throw new JinkuException(RejectCode.BAD_KEY_USAGE, "certificate " + s.subject() + " " + s.keyUsageProblem);
        }
        return s.certificate;
    }

    static void checkValidity(X509Certificate c, String what) {
        try {
            c.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new JinkuException(RejectCode.CERTIFICATE_EXPIRED, what + " " + c.getSubjectX500Principal().getName()
                    + " (serial " + c.getSerialNumber().toString(16).toUpperCase() + ") is not valid now: valid from "
                    + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant());
        }
    }

    private JinkuException chainFailure(X509Certificate cert) {
        boolean named = false;
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                named = true;
                try {
                    cert.verify(anchor.getPublicKey(), bc);
                    return null;
                } catch (GeneralSecurityException | RuntimeException e) {
                    // another anchor of the same name (a renewed CA) may have signed it
                }
            }
        }
        String who = "certificate " + cert.getSubjectX500Principal().getName() + " (serial "
                + cert.getSerialNumber().toString(16).toUpperCase() + ")";
        if (named) {
            return new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, who + " claims issuer "
                    + cert.getIssuerX500Principal().getName() + " but its CA signature does not verify");
        }
        return new JinkuException(RejectCode.UNKNOWN_CERTIFICATE, who + " is issued by "
                + cert.getIssuerX500Principal().getName() + ", which is not a trusted CA");
    }

    /** Absent key usage allows everything (RFC 5280); present, it must allow signing. */
    private static String keyUsageProblem(X509Certificate c) {
        boolean[] ku = c.getKeyUsage();
        if (ku == null || (ku.length > 0 && ku[0]) || (ku.length > 1 && ku[1])) {
            return null;
        }
        String[] names = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
                "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
        StringBuilder has = new StringBuilder();
        for (int i = 0; i < ku.length && i < names.length; i++) {
            if (ku[i]) {
                has.append(has.length() == 0 ? "" : ", ").append(names[i]);
            }
        }
        return "may not sign: its key usage [" + has + "] has neither digitalSignature nor nonRepudiation";
    }
}
