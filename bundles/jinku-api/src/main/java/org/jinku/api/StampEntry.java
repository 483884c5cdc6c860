package org.jinku.api;

/**
 * One e-seal stamp of an envelope's {@code SignStampList}: the stamp position ({@code No}, e.g. {@code yh_qz}),
 * the seal's esID and the base64 GB/T 38540 {@code SES_Signature} over the base64 voucher text.
 */
public record StampEntry(String position, String sealId, String sesSignatureBase64) {
}
