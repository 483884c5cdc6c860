package org.jinku.api;

/**
 * One signature of an envelope's {@code SignatureList}: the stamp position ({@code No}, e.g. {@code cz_lr}),
 * the signer certificate's serial in hex ({@code SN}) and the base64 detached CMS SignedData over the
 * base64 voucher text.
 */
public record SignatureEntry(String position, String certSerialHex, String cmsBase64) {
}
