package org.jinku.api.spi;

import java.util.List;

import org.jinku.api.PartyRole;
import org.jinku.api.Post;

/**
 * One voucher type (凭证类型) of the catalogue, loaded from data: its code, name, fields and rules, who
 * sends it to whom, and the stamp positions each side signs. Which VtCode means what differs between
 * provinces, so parties find a type by its {@code meaning} and the VtCode is configuration.
 *
 * @param meaning         stable name of what the type is (e.g. {@code direct-payment}); the VtCode may change
 * @param vtCodeChosen    true when no deployed VtCode is known and the code is Jinku's choice
 * @param routeField      header field whose value names the receiving party (e.g. PayBankCode, the agent
 *                        bank); null: the only peer of the receiver role
 * @param receiptDue      whether the receiver answers with a signed receipt (回单); false: 签收 is the final answer
 * @param receiptCopyTo   roles that get a copy of the receipt besides the voucher's sender (e.g. finance for 2301)
 * @param minDetails      fewest detail lines a voucher must carry
 * @param maxDetails      most detail lines a voucher may carry; 0: no limit
 * @param negativeAmounts whether amounts may be negative (refunds and corrections only)
 * @param sumField        header amount that must equal the sum of the same field over the lines; null for none
 */
public record VoucherType(String vtCode, String name, String meaning, boolean vtCodeChosen,
                          PartyRole sender, PartyRole receiver, String routeField, boolean receiptDue,
                          List<PartyRole> receiptCopyTo,
                          List<FieldDef> headerFields, List<FieldDef> detailFields,
                          List<StampPosition> senderPositions, List<StampPosition> receiptPositions,
                          int minDetails, int maxDetails, boolean negativeAmounts, String sumField) {

    public VoucherType {
        receiptCopyTo = List.copyOf(receiptCopyTo);
        headerFields = List.copyOf(headerFields);
        detailFields = List.copyOf(detailFields);
        senderPositions = List.copyOf(senderPositions);
        receiptPositions = List.copyOf(receiptPositions);
    }

    /** A type with a receipt due, no routing field and no line limit (the skeleton's form). */
    public VoucherType(String vtCode, String name, PartyRole sender, PartyRole receiver,
                       List<FieldDef> headerFields, List<FieldDef> detailFields,
                       List<StampPosition> senderPositions, List<StampPosition> receiptPositions,
                       int minDetails, boolean negativeAmounts, String sumField) {
        this(vtCode, name, vtCode, false, sender, receiver, null, true, List.of(), headerFields, detailFields,
                senderPositions, receiptPositions, minDetails, 0, negativeAmounts, sumField);
    }

    /** The same type under another VtCode, receiver, routing field or line limit (configuration over data). */
    public VoucherType configured(String code, PartyRole to, String route, int lineLimit) {
        return new VoucherType(code, name, meaning, vtCodeChosen, sender, to, route, receiptDue, receiptCopyTo,
                headerFields, detailFields, senderPositions, receiptPositions, minDetails, lineLimit,
                negativeAmounts, sumField);
    }

    /** The field of a given name in the header (detail=false) or the lines, if the type has it. */
    public java.util.Optional<FieldDef> field(String fieldName, boolean detail) {
        return (detail ? detailFields : headerFields).stream().filter(f -> f.name().equals(fieldName)).findFirst();
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
