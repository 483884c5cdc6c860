package org.jinku.eseal;

import java.security.cert.X509Certificate;

/**
 * A key that signs bare messages: the seal maker's (制章人) or the stamping signer's (签章人). Implemented by the
 * caller, typically with {@code CryptoProvider.signRaw(alias, pin, tbs, CryptoProfile.DEFAULT)}.
 */
public interface RawSigner {

    /** The certificate of the signing key; it is embedded in the seal or stamp. */
    X509Certificate certificate();

    /**
     * The signature over {@code tbs}: for SM2 keys SM2 over e = SM3(Z‖M) with the default user ID
     * {@code 1234567812345678}, DER SEQUENCE{r, s}.
     */
    byte[] sign(byte[] tbs);
}
