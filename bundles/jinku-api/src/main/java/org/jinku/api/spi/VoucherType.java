package org.jinku.api.spi;

import java.util.List;

import org.jinku.api.PartyRole;
import org.jinku.api.Post;

/**
 * One voucher type (凭证类型) of the catalogue, loaded from data: its code, name, fields and rules, who
 * sends it to whom, and the stamp positions each side signs.
 *
 * @param minDetails      fewest detail lines a voucher must carry
 * @param negativeAmounts whether amounts may be negative (refunds and corrections only)
 * @param sumField        header amount that must equal the sum of the same field over the lines; null for none
 */
public record VoucherType(String vtCode, String name, PartyRole sender, PartyRole receiver,
                          List<FieldDef> headerFields, List<FieldDef> detailFields,
                          List<StampPosition> senderPositions, List<StampPosition> receiptPositions,
                          int minDetails, boolean negativeAmounts, String sumField) {

    public VoucherType {
        headerFields = List.copyOf(headerFields);
        detailFields = List.copyOf(detailFields);
        senderPositions = List.copyOf(senderPositions);
        receiptPositions = List.copyOf(receiptPositions);
    }

    /** Stamp positions signed by the sender of a voucher (flag 0) or of its receipt (flag 1). */
    public List<StampPosition> positions(int voucherFlag) {
        return voucherFlag == 0 ? senderPositions : receiptPositions;
    }

    /**
     * A field and its rule. {@code rule} is one of {@code amount}, {@code date}, {@code digits},
     * {@code account}, {@code code}, {@code enum}, {@code text}; {@code min}/{@code max} bound its length
     * (bytes in GBK for text); {@code values}, when not empty, are the only values allowed (the rule itself
     * for {@code enum}, a further restriction for the others); {@code receiptOnly} marks the X fields the
     * receiver fills in its receipt; {@code nonZero} refuses an amount of zero (so, in a type without
     * negative amounts, the amount must be greater than 0).
     */
    public record FieldDef(String name, String label, String rule, int min, int max, List<String> values,
                           boolean required, boolean requiredInReceipt, boolean receiptOnly, boolean nonZero) {
        public FieldDef {
            values = values == null ? List.of() : List.copyOf(values);
        }

        /** A field whose zero amount is allowed (the form before {@code nonZero} existed). */
        public FieldDef(String name, String label, String rule, int min, int max, List<String> values,
                        boolean required, boolean requiredInReceipt, boolean receiptOnly) {
            this(name, label, rule, min, max, values, required, requiredInReceipt, receiptOnly, false);
        }

        /** The same field allowing only {@code allowed} (configuration overrides the catalogue data). */
        public FieldDef withValues(List<String> allowed) {
            return new FieldDef(name, label, rule, min, max, allowed, required, requiredInReceipt, receiptOnly,
                    nonZero);
        }
    }

    /**
     * A stamp position (盖章位置): its {@code No}, the post that signs there, and whether the party's
     * organisation key (rather than a person's) signs it.
     */
    public record StampPosition(String no, String label, Post post, boolean organisation) {
    }
}
