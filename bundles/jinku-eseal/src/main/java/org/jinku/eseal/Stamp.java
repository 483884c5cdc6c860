package org.jinku.eseal;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A parsed stamp (电子签章, {@code SES_Signature}): the seal applied by a signer to some data. Parsing does not
 * verify: see {@link ESeals#verifyStamp}.
 *
 * @param version      4 (GB/T 38540) or 1 (GM/T 0031)
 * @param seal         the embedded seal
 * @param time         the signing time (签章时间) the signer claims
 * @param dataHash     SM3 of the signed data (原文杂凑值)
 * @param propertyInfo the signed data's properties (原文属性), free text; Jinku writes the stamp position
 * @param signer       the signer's certificate
 * @param tbs          the bytes the signer signed (DER of TBS_Sign)
 * @param signature    the signer's signature value as stored
 * @param der          the whole SES_Signature as read
 */
public record Stamp(int version, Seal seal, Instant time, byte[] dataHash, String propertyInfo,
                    X509Certificate signer, byte[] tbs, byte[] signature, String signAlgorithm, byte[] der) {
}
