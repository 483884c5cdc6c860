package org.jinku.api.spi;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jinku.api.CryptoProfile;
import org.jinku.api.Credential;
import org.jinku.api.JinkuException;
import org.jinku.api.Post;
import org.jinku.api.VerifiedSignature;

/**
 * Signatures, digests and payload encryption (SM2/SM3/SM4 by default). Registered with {@code jinku.crypto=<id>};
 * a node selects one through its configuration.
 *
 * <p>Keys live in key containers (the software stand-in for a USB key, or an HSM token), each addressed by a
 * handle, its alias ({@code node/name}); a private key is generated inside the provider and never leaves it.
 * Every operation with a private key takes the container's PIN; a wrong one is refused with WRONG_PIN, and
 * after the configured number of wrong PINs in a row the container locks (KEY_LOCKED). A provider may cache a
 * PIN for a configured time (off by default): then a null PIN is accepted within that time after a right one.
 *
 * <p>Implementations must be thread-safe and fast: ≥ 350 signs/s and ≥ 3,000 verifies/s is the floor.
 */
public interface CryptoProvider {

    String SERVICE_PROPERTY = "jinku.crypto";

    String id();

    /**
     * Returns the credential for {@code alias}, creating its container (protected by {@code pin}) with a key
     * generated inside the provider and certified by the CA, if absent or if the certificate no longer says
     * what is asked (another organisation or other posts). The subject follows
     * {@link org.jinku.api.CertificateSubject}: organisation, kind and, for a person, posts.
     *
     * @throws JinkuException WRONG_PIN when the container exists and {@code pin} does not open it
     */
    Credential enroll(String alias, String organisation, String commonName, Credential.Kind kind, Set<Post> posts,
                      char[] pin);

    Optional<Credential> credential(String alias);

    /**
     * Whether this provider keeps {@code alias}'s private key (a container it signs with), as opposed to a
     * certificate it only knows of, e.g. another provider's, which {@link #credential} may also return.
     */
    default boolean holdsKey(String alias) {
        return credential(alias).isPresent();
    }

    /**
     * A new key and certificate in the same container, for the same holder; the old certificate stays valid for
     * peers until it expires or is revoked (overlap during rollover).
     */
    Credential renew(String alias, char[] pin);

    /** Changes the container's PIN; the old PIN must be right. */
    void changePin(String alias, char[] oldPin, char[] newPin);

    /** Unlocks a container locked by wrong PINs and sets a new PIN (the security administrator's reset). */
    void resetPin(String alias, char[] newPin);

    /**
     * Detached CMS SignedData over {@code content}, signer certificate included, no signed attributes, written
     * with {@code profile}'s identifiers, SM2 user ID and signature encoding.
     *
     * @throws JinkuException WRONG_PIN, KEY_LOCKED, NOT_AUTHORIZED (no such container), CERTIFICATE_EXPIRED
     */
    byte[] sign(String alias, char[] pin, byte[] content, CryptoProfile profile);

    /**
     * The bare signature over {@code message}: SM2 over e = SM3(Z‖M) with the profile's user ID for SM2 keys
     * (ECDSA or RSA with SHA-256 for other keys), encoded as the profile says. For seals and benchmarks.
     */
    byte[] signRaw(String alias, char[] pin, byte[] message, CryptoProfile profile);

    /**
     * Verifies a detached CMS signature over {@code content} (either identifiers, either SM2 encoding, the
     * profile's user ID; RSA/SHA-1 and ECDSA too) and the signer's certificate against the trusted CAs: chain,
     * validity and key usage. Revocation is the caller's: a node checks the CRLs it received.
     *
     * @throws JinkuException BAD_SIGNATURE, UNKNOWN_CERTIFICATE, CERTIFICATE_EXPIRED or BAD_KEY_USAGE, saying why
     */
    VerifiedSignature verify(byte[] content, byte[] cms, CryptoProfile profile);

    /** The mathematics of a bare signature only (see {@link #signRaw}); the certificate is not judged here. */
    void verifyRaw(X509Certificate signer, byte[] message, byte[] signature, CryptoProfile profile);

    /**
     * Judges a certificate: chain to a trusted CA, validity now, key usage allowing signatures.
     *
     * @throws JinkuException UNKNOWN_CERTIFICATE, CERTIFICATE_EXPIRED or BAD_KEY_USAGE
     */
    X509Certificate trust(X509Certificate certificate);

    /**
     * The same CMS signature written with another profile's identifiers and SM2 encoding; the signature value
     * itself is unchanged (no signed attributes), so no key is needed. A user ID cannot be changed this way.
     */
    byte[] transcode(byte[] cms, CryptoProfile profile);

    /**
     * Envelopes {@code data} for {@code recipient}: SM4-CBC under a fresh key, the key wrapped with the
     * recipient's SM2 public key in the profile's cipher layout, as a GM/T 0010 EnvelopedData (DER).
     */
    byte[] encrypt(X509Certificate recipient, byte[] data, CryptoProfile profile);

    /**
     * Opens an envelope made by {@link #encrypt} for {@code alias}'s certificate.
     *
     * @throws JinkuException DECRYPTION_FAILED, WRONG_PIN
     */
    byte[] decrypt(String alias, char[] pin, byte[] enveloped, CryptoProfile profile);

    /**
     * Reads a CRL (DER or PEM) and checks it is signed by a trusted CA.
     *
     * @throws JinkuException UNKNOWN_CERTIFICATE when it is unreadable or not signed by a CA trusted here
     */
    X509CRL readCrl(byte[] derOrPem);

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
