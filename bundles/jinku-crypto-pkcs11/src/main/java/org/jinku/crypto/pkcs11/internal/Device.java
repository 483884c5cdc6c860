package org.jinku.crypto.pkcs11.internal;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.operator.ContentSigner;

import org.jinku.api.CryptoProfile;

/**
 * Where the keys are: a PKCS#11 token through SunPKCS11 ({@link JcaToken}) or an SM2 device through a vendor
 * mechanism ({@link MechanismDevice}). Private keys are generated inside and stay there; the provider asks for
 * signatures by alias.
 */
interface Device {

    /** What and where, for logs and messages. */
    String describe();

    /**
     * Logs in with the user PIN, for real: a login left by someone else is dropped first, so the device itself
     * judges the PIN.
     *
     * @throws org.jinku.api.JinkuException WRONG_PIN, KEY_LOCKED
     */
    void login(char[] pin);

    /**
     * Logs in again after {@link #loginLost}, keeping a login the device still has (logging out would break the
     * other threads' operations): the PIN was checked against the one that logged in.
     */
    void resume(char[] pin);

    /** Whether {@link #certificate} answers from the device itself (else the provider's certificate files do). */
    boolean authoritative();

    /** The certificate stored with the key of {@code alias}, if the device holds one. */
    Optional<X509Certificate> certificate(String alias);

    /** Whether the device holds a private key for {@code alias}. */
    boolean hasKey(String alias);

    /** Generates a key pair inside the device for {@code alias}; it is kept once {@link #store} certifies it. */
    PublicKey generate(String alias);

    /** Keeps the key generated for {@code alias} under that alias, with its certificate chain (end entity first). */
    void store(String alias, List<X509Certificate> chain);

    /** A signer for CMS with the key of {@code alias}; one per thread (it buffers). */
    ContentSigner contentSigner(String alias, X509Certificate certificate, CryptoProfile profile);

    /** The bare signature over {@code message} (see {@code CryptoProvider.signRaw}). */
    byte[] signRaw(String alias, X509Certificate certificate, byte[] message, CryptoProfile profile);

    /** Whether an exception says the device dropped the login or the key handles (log in again and retry). */
    boolean loginLost(Throwable failure);

    /** Logs out and lets go of the device. */
    void close();
}
