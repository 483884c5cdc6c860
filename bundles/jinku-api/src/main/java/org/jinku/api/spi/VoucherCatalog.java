package org.jinku.api.spi;

import java.util.List;
import java.util.Optional;

import org.jinku.api.EnvelopeEntry;
import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.Voucher;

/**
 * The voucher catalogue (凭证目录): which voucher types exist, their fields and rules, who signs them,
 * and the XML codec of the interface message format (GBK voucher XML, base64, MOF envelope).
 */
public interface VoucherCatalog {

    Optional<VoucherType> type(String vtCode);

    List<VoucherType> types();

    /**
     * The type with this meaning (e.g. {@code direct-payment}, {@code quota-notice}), under whatever VtCode
     * this site configures for it. Parties find the types they make by meaning, never by a VtCode constant.
     */
    default Optional<VoucherType> byMeaning(String meaning) {
        return types().stream().filter(t -> t.meaning().equals(meaning)).findFirst();
    }

    /**
     * Validates a voucher (flag 0) or a receipt (flag 1) against its type's field rules.
     * Returns every error found, not just the first; empty when valid. Never throws for bad content:
     * a voucher without VtCode, or with odd values, gives field errors.
     */
    List<FieldError> validate(Voucher voucher, int voucherFlag);

    /**
     * The voucher as it is sent (flag 0): every receipt-only (X…) field of its type present and empty,
     * in catalogue order, in the header and in each detail line, existing values kept. Deployed
     * receivers fill the X fields in place to build the 回单 (receipt), so they expect them there.
     * A voucher of an unknown type is returned unchanged (validation reports it).
     */
    Voucher forSending(Voucher voucher);

    /** The voucher as GBK-encoded {@code <Voucher>} XML. */
    byte[] toXml(Voucher voucher);

    /**
     * Parses GBK voucher XML. Refuses DTDs and external entities.
     *
     * @throws JinkuException MALFORMED_XML with where and why
     */
    Voucher fromXml(byte[] xml);

    /** The base64 text that goes inside {@code <Voucher>} and that signatures cover. */
    String toBase64(Voucher voucher);

    /**
     * Decodes the base64 text inside {@code <Voucher>}.
     *
     * @throws JinkuException BAD_BASE64 or MALFORMED_XML
     */
    Voucher fromBase64(String voucherBase64);

    /** Writes an MOF envelope (GBK) of one or more voucher bodies. */
    byte[] writeEnvelope(List<EnvelopeEntry> entries);

    /**
     * Reads an MOF (or {@code <Root>}) envelope.
     *
     * @throws JinkuException MALFORMED_XML, OVERSIZED or ENVELOPE_MISMATCH with a specific message
     */
    List<EnvelopeEntry> readEnvelope(byte[] envelope);
}
