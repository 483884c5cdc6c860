package org.jinku.eseal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A parsed electronic seal (电子印章, {@code SESeal}) of GB/T 38540-2020 (version 4) or GM/T 0031-2014 (version 1).
 * Parsing does not verify: see {@link ESeals#verifySeal}.
 *
 * @param version           4 (GB/T 38540) or 1 (GM/T 0031), from the seal header
 * @param ownerCertificates certList entries as stored: certificate DER (certListType 1), or for a v4 seal with
 *                          certListType 2 the DER of each CertDigestObj
 * @param certListType      1 certificates, 2 certificate digests (v4 only; always 1 for v1)
 * @param maker             the seal maker's (制章人) certificate
 * @param tbs               the bytes the maker signed
 * @param signature         the maker's signature value as stored (BIT STRING contents)
 * @param signAlgorithm     the signature algorithm OID, e.g. 1.2.156.10197.1.501 (SM2 with SM3)
 * @param der               the whole SESeal as read
 */
public record Seal(int version, String esId, int type, String name, String imageType, byte[] image, int widthMm,
                   int heightMm, Instant createDate, Instant validStart, Instant validEnd,
                   List<byte[]> ownerCertificates, int certListType, X509Certificate maker, byte[] tbs,
                   byte[] signature, String signAlgorithm, byte[] der) {

    public Seal {
        ownerCertificates = List.copyOf(ownerCertificates);
    }
}
