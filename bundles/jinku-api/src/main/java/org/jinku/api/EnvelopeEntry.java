package org.jinku.api;

import java.util.List;

/**
 * One {@code <VoucherBody>} of an MOF envelope. {@code voucherBase64} is kept byte for byte: signatures
 * cover exactly this text.
 */
public record EnvelopeEntry(VoucherKey key, int voucherFlag, String attach, String voucherBase64,
                            List<SignatureEntry> signatures) {
    public EnvelopeEntry {
        signatures = List.copyOf(signatures);
    }
}
