package org.jinku.api;

import java.util.Locale;

/**
 * How signatures and ciphertexts are written for one peer (algorithms per peer): deployed parties differ,
 * so a node sets them per peer and accepts either form on input where the form can be told apart.
 *
 * @param identifiers CMS object identifiers on output: RFC 5652 / PKCS#7 ones or GM/T 0010 ones
 * @param sm2UserId   the SM2 signer ID that enters Z (GM/T 0009 default {@code 1234567812345678})
 * @param encoding    SM2 signature value: DER SEQUENCE{r, s} or raw r‖s (64 bytes)
 * @param cipherLayout SM2 ciphertext layout: C1C3C2 (GM/T 0009-2012 and later) or C1C2C3 (older libraries)
 */
public record CryptoProfile(Identifiers identifiers, String sm2UserId, Encoding encoding, CipherLayout cipherLayout) {

    public static final String DEFAULT_USER_ID = "1234567812345678";

    /** PKCS#7 identifiers, the default ID, DER signatures, C1C3C2: what Jinku writes unless told otherwise. */
    public static final CryptoProfile DEFAULT =
            new CryptoProfile(Identifiers.PKCS7, DEFAULT_USER_ID, Encoding.DER, CipherLayout.C1C3C2);

    public enum Identifiers { PKCS7, GMT }

    public enum Encoding { DER, RAW }

    public enum CipherLayout { C1C3C2, C1C2C3 }

    public CryptoProfile {
        if (identifiers == null || encoding == null || cipherLayout == null) {
            throw new IllegalArgumentException("a crypto profile needs identifiers, encoding and cipher layout");
        }
        if (sm2UserId == null || sm2UserId.isEmpty()) {
            sm2UserId = DEFAULT_USER_ID;
        }
    }

    /** Reads a setting's text case-insensitively, naming the allowed values when it is none of them. */
    public static <E extends Enum<E>> E parse(Class<E> type, String setting, String text, E fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " = '" + text + "' is none of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
