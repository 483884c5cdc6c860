package org.jinku.crypto.pkcs11;

/**
 * A vendor's SM2 inside a cipher machine or an SM2 token (国密密码机 / 智能密码钥匙), for the PKCS#11 crypto
 * provider: SunPKCS11 rejects the SM2 curve, so SM2 keys in an HSM are reached through the vendor's own
 * mechanism — a raw PKCS#11 mechanism code (e.g. through xipki's jpkcs11wrapper) or a GM/T 0018 SDF library.
 *
 * <p>A vendor bundle registers an implementation as an OSGi service with {@code jinku.sm2.mechanism=<id>};
 * the provider uses it when its configuration says {@code mechanism = <id>}. Jinku computes Z from the
 * signer's user ID and public key and e = SM3(Z‖M) ({@link Sm2#e}); the device only signs e. Keys are
 * addressed by label (the Jinku alias, {@code node/name}) and never leave the device.
 *
 * <p>Implementations must be thread-safe. Errors the operator must act on are thrown as
 * {@link org.jinku.api.JinkuException} with WRONG_PIN or KEY_LOCKED from {@link #login}; anything else as an
 * unchecked exception saying what the device answered.
 */
public interface Sm2Mechanism {

    /** Service property naming the mechanism; the value is what {@code mechanism} is set to. */
    String SERVICE_PROPERTY = "jinku.sm2.mechanism";

    /** The identifier configured as {@code mechanism} (e.g. {@code vendor-sdf}). */
    String id();

    /**
     * Opens the device with the user PIN (C_Login, SDF_GetPrivateKeyAccessRight). Called before the first use
     * and again after the device dropped the login; Jinku checks every later PIN against the one that logged in.
     *
     * @throws org.jinku.api.JinkuException WRONG_PIN when the device refuses the PIN, KEY_LOCKED when it is locked
     */
    void login(char[] pin);

    /**
     * Generates an SM2 key pair inside the device under {@code label}, replacing a key of that label.
     *
     * @return the public key as an uncompressed point, {@code 04‖x‖y} (65 bytes) or {@code x‖y} (64 bytes); from a
     *         GM/T 0018 ECCrefPublicKey (x and y right-aligned in 64-byte arrays) use {@link Sm2#fromSdf}
     */
    byte[] generateKeyPair(String label);

    /**
     * Signs the 32-byte digest {@code e} = SM3(Z‖M) with the private key of {@code label}.
     *
     * @return r‖s, 32 bytes each (64 bytes), as PKCS#11 SM2 mechanisms return it; a GM/T 0018 ECCSignature
     *         holds r and s right-aligned in 64-byte arrays: {@link Sm2#fromSdf} takes their last 32 bytes.
     *         Jinku writes DER or raw as the peer's profile says
     */
    byte[] signDigest(String label, byte[] e);
}
