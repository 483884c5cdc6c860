package org.jinku.api.spi;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import org.jinku.api.Credential;
import org.jinku.api.JinkuException;
import org.jinku.api.VerifiedSignature;

/**
 * Signatures and digests (SM2/SM3 by default). Registered with {@code jinku.crypto=<id>}; a node
 * selects one through its configuration. Keys stay inside the provider and are named by alias.
 * Implementations must be thread-safe and fast: ≥ 350 signs/s and ≥ 3,000 verifies/s is the floor.
 */
public interface CryptoProvider {

    String SERVICE_PROPERTY = "jinku.crypto";

    String id();

    /**
     * Returns the credential for {@code alias}, creating a key and having the CA certify it if absent (or
     * if the certificate no longer says what is asked: another organisation or other posts). The subject
     * follows {@link org.jinku.api.CertificateSubject}: organisation, kind and, for a person, posts.
     */
    Credential enroll(String alias, String organisation, String commonName, Credential.Kind kind,
                      java.util.Set<org.jinku.api.Post> posts);

    /** A credential of organisation {@code alias}'s prefix (before '/'), without posts. */
    default Credential enroll(String alias, String commonName, Credential.Kind kind) {
        int slash = alias.indexOf('/');
        return enroll(alias, slash < 0 ? alias : alias.substring(0, slash), commonName, kind, java.util.Set.of());
    }

    Optional<Credential> credential(String alias);

    /** Detached CMS SignedData over {@code content}, signer certificate included, no signed attributes. */
    byte[] sign(String alias, byte[] content);

    /**
     * Verifies a detached CMS signature over {@code content} and the signer's certificate against the
     * trusted CAs (chain and validity).
     *
     * @throws JinkuException BAD_SIGNATURE, UNKNOWN_CERTIFICATE or CERTIFICATE_EXPIRED, saying why
     */
    VerifiedSignature verify(byte[] content, byte[] cms);

    /**
     * Reads a certificate (PEM or DER) with this provider's algorithms: the JDK alone cannot decode SM2
     * certificates.
     *
     * @throws JinkuException UNKNOWN_CERTIFICATE when it is not a readable certificate
     */
    X509Certificate readCertificate(byte[] pemOrDer);

    /** SM3 (or the provider's configured) digest. */
    byte[] digest(byte[] data);

    /** Certificates of the CAs this provider trusts. */
    List<X509Certificate> trustAnchors();
}
