/**
 * Electronic seals (电子印章, {@code SESeal}) and stamps (电子签章, {@code SES_Signature}) of GB/T 38540-2020
 * ("v4", what Jinku writes) and GM/T 0031-2014 ("v1", read and verified for older peers). Entry point:
 * {@link org.jinku.eseal.ESeals}; keys stay with the caller ({@link org.jinku.eseal.RawSigner},
 * {@link org.jinku.eseal.RawVerifier}, normally CryptoProvider.signRaw / verifyRaw + trust).
 *
 * <h2>Library decision: our own ASN.1 on Bouncy Castle, not ofdrw-gm</h2>
 * {@code org.ofdrw:ofdrw-gm} (latest on Maven Central: 2.3.8) has these structures ({@code org.ofdrw.gm.ses.v1},
 * {@code .v4}), but it is a plain jar: its manifest has no OSGi headers (no Bundle-SymbolicName, no
 * Export/Import-Package), and it drags {@code ofdrw-gv} and {@code org.jetbrains:annotations} along (also plain
 * jars). In Karaf it would work only embedded or wrapped, for about 600 lines of ASN.1 we need. So the structures
 * are written here with Bouncy Castle's ASN.1 classes (already in the box, bcprov/bcutil/bcpkix 1.83, OSGi
 * bundles), in the private package {@code org.jinku.eseal.internal}; ofdrw's sources were read for interoperability
 * only (what the maker signs, tolerated variants).
 *
 * <h2>Formats</h2>
 * <pre>
 * v4 SESeal        ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING, signAlgID OID, signedValue BIT STRING }
 *    SES_SealInfo  ::= SEQUENCE { header SES_Header, esID IA5String, property SES_ESPropertyInfo,
 *                                 picture SES_ESPictrueInfo, extDatas ExtensionDatas OPTIONAL }
 *    SES_Header    ::= SEQUENCE { ID IA5String "ES", version INTEGER 4, Vid IA5String }   (Jinku writes "JINKU")
 *    SES_ESPropertyInfo ::= SEQUENCE { type INTEGER, name UTF8String, certListType INTEGER (1 certs, 2 digests),
 *                                 certList SEQUENCE OF (OCTET STRING | CertDigestObj), createDate, validStart,
 *                                 validEnd GeneralizedTime }
 *    SES_ESPictrueInfo ::= SEQUENCE { type IA5String "PNG", data OCTET STRING, width INTEGER, height INTEGER } (mm)
 * v4 SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OID, signature BIT STRING,
 *                                 timeStamp [0] EXPLICIT BIT STRING OPTIONAL }
 *    TBS_Sign      ::= SEQUENCE { version INTEGER 4, eseal SESeal, timeInfo GeneralizedTime, dataHash BIT STRING,
 *                                 propertyInfo IA5String, extDatas [0] EXPLICIT ExtensionDatas OPTIONAL }
 * v1 SESeal        ::= SEQUENCE { esealInfo SES_SealInfo (version 1, property without certListType, UTCTime),
 *                                 signInfo SEQUENCE { cert OCTET STRING, signatureAlgorithm OID, signData BIT STRING } }
 * v1 SES_Signature ::= SEQUENCE { toSign SEQUENCE { version INTEGER 1, eseal SESeal, timeInfo BIT STRING (time text),
 *                                 dataHash BIT STRING, propertyInfo IA5String, cert OCTET STRING,
 *                                 signatureAlgorithm OID }, signature BIT STRING }
 * </pre>
 * Versions are told apart by structure (4 or 2 fields in SESeal; 4–5 or 2 in SES_Signature), as ofdrw does; the
 * header version must agree (≥ 4 in the v4 layout, &lt; 4 in the v1 layout). Reading tolerates what deployed
 * writers do: either time type in either version, an OCTET STRING where v1 says BIT STRING.
 *
 * <h2>What is signed</h2>
 * <ul>
 * <li>v4 seal: the maker signs <b>DER(SES_SealInfo)</b>. ofdrw (SESealTest v4, SESV4ValidateContainer) and an
 * independent OpenSSL verifier (Chingliu/gm_0031_38540_verifier, {@code check_seal_signvalue}) both do this; the
 * reading "DER(SEQUENCE{eSealInfo, cert, signAlgID})" is what GM/T 0031 says for v1 and what some take GB/T 38540
 * to say. Jinku writes the first and, on verification, accepts either (the two cannot be confused: the first
 * element of a SES_SealInfo is a header, whose first element is an IA5String, never a SEQUENCE).</li>
 * <li>v1 seal: the maker signs <b>DER(SEQUENCE{esealInfo, cert, signatureAlgorithm})</b> (GM/T 0031; ofdrw and the
 * OpenSSL verifier agree); DER(esealInfo) is accepted too.</li>
 * <li>Stamps (both versions): the signer signs DER(TBS_Sign); dataHash = SM3(signed data). For Jinku the signed data
 * are the base64 voucher text's bytes and propertyInfo is the stamp position ({@code yh_qz}).</li>
 * <li>Signatures: SM2 over SM3(Z‖M), default user ID 1234567812345678, DER SEQUENCE{r, s} (raw r‖s read too);
 * OID 1.2.156.10197.1.501. Non-SM2 keys: SHA-256 with ECDSA / RSA, as CryptoProvider.signRaw does.</li>
 * </ul>
 *
 * <h2>Verification</h2>
 * A seal: valid at the given time (validStart..validEnd) and the maker's signature (the caller's verifier judges
 * the maker's certificate). A stamp: SM3 data hash, the signer's signature, the embedded seal, and the owner rule:
 * with a non-empty certList the signer's certificate must be in it (certListType 1: same DER; 2: matching digest);
 * with an empty certList the signer's organisation (subject O) must be the maker's. Jinku's seals list the owner
 * certificates, so a renewed certificate needs a changed seal (变更). Refusals are BAD_SEAL with a specific message;
 * certificate judgements by the caller's verifier keep their own code (e.g. UNKNOWN_CERTIFICATE).
 */
package org.jinku.eseal;
