package org.jinku.api;

import java.util.List;

/**
 * One {@code <VoucherBody>} of an MOF envelope. {@code voucherBase64} is kept byte for byte: signatures
 * and stamps cover exactly this text.
 */
public record EnvelopeEntry(VoucherKey key, int voucherFlag, String attach, String voucherBase64,
                            List<SignatureEntry> signatures, List<StampEntry> stamps) {
    public EnvelopeEntry {
        signatures = List.copyOf(signatures);
        stamps = stamps == null ? List.of() : List.copyOf(stamps);
    }

    /** An entry without e-seal stamps. */
    public EnvelopeEntry(VoucherKey key, int voucherFlag, String attach, String voucherBase64,
                         List<SignatureEntry> signatures) {
        this(key, voucherFlag, attach, voucherBase64, signatures, List.of());
    }
}
