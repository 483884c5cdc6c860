package org.jinku.eseal;

import java.security.cert.X509Certificate;

/**
 * Checks a bare signature, and whatever the caller requires of the certificate (trust, revocation). Implemented by
 * the caller, typically with {@code CryptoProvider.verifyRaw} (the mathematics) and {@code CryptoProvider.trust}.
 * {@link ESeals#verifier()} gives one that checks the mathematics only.
 */
public interface RawVerifier {

    /**
     * @param signature as found in the seal or stamp: DER SEQUENCE{r, s} or raw r‖s (64 bytes) for SM2
     * @throws org.jinku.api.JinkuException (any code) or another runtime exception when it does not verify;
     *         {@link ESeals} rewraps anything else than a JinkuException as BAD_SEAL naming what was verified
     */
    void verify(X509Certificate certificate, byte[] tbs, byte[] signature);
}
