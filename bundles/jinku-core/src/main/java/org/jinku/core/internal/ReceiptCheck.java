package org.jinku.core.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;

/**
 * What a 回单 (receipt) says about the voucher it answers, checked the same way by the receiver before
 * it signs the receipt and by the sender when it arrives: the receipt is the voucher sent with only the
 * X fields filled; every line is paid 0 ≤ XPayAmt ≤ its PayAmt; the header's paid amount is what the
 * lines add up to. A header paid amount of 0 is a failed payment (deployed systems keep the full amounts
 * on the lines then, with the reasons in XAddWord).
 */
final class ReceiptCheck {

    enum Outcome {
        PAID(Transitions.Event.RECEIPT_PAID),
        PARTLY_PAID(Transitions.Event.RECEIPT_PARTLY_PAID),
        UNPAID(Transitions.Event.RECEIPT_UNPAID);

        final Transitions.Event event;

        Outcome(Transitions.Event event) {
            this.event = event;
        }
    }

    /** The outcome, the amount paid and the reasons the lines give for what was not paid. */
    record Result(Outcome outcome, BigDecimal paid, BigDecimal ordered, List<String> lineReasons) {
        String describe() {
            String base = switch (outcome) {
                case PAID -> "paid in full, " + paid.toPlainString() + " yuan";
                case PARTLY_PAID -> "partly paid, " + paid.toPlainString() + " of " + ordered.toPlainString() + " yuan";
                case UNPAID -> "not paid (" + ordered.toPlainString() + " yuan ordered)";
            };
            return lineReasons.isEmpty() ? base : base + "; " + String.join("; ", lineReasons);
        }
    }

    private ReceiptCheck() {
    }

    /**
     * @throws JinkuException ENVELOPE_MISMATCH when the receipt is not the voucher sent, AMOUNT_OUT_OF_RANGE
     *                        when an amount is outside what was ordered or the lines do not add up
     */
    static Result check(Voucher sent, Voucher receipt, String payField) {
        return check(sent, receipt, payField, true);
    }

    /**
     * The check for a type: a type whose receipt has no paid-amount field (quota and clearing-quota notices)
     * answers with a signed confirmation of the content sent; refunds (negative amounts) are checked on
     * their magnitude, 0 ≥ XPayAmt ≥ PayAmt.
     */
    static Result check(org.jinku.api.spi.VoucherType type, Voucher sent, Voucher receipt) {
        String payField = NodeEngine.payField(type);
        if (type.field("X" + payField, false).isEmpty()) {
            String mismatch = mismatch(sent, receipt);
            if (mismatch != null) {
                throw new JinkuException(RejectCode.ENVELOPE_MISMATCH, "the receipt is not the voucher sent: "
                        + mismatch);
            }
            BigDecimal ordered = amount(sent.get(payField), payField);
            return new Result(Outcome.PAID, ordered == null ? BigDecimal.ZERO : ordered,
                    ordered == null ? BigDecimal.ZERO : ordered, List.of());
        }
        if (type.negativeAmounts()) {
            String mismatch = mismatch(sent, receipt);
            if (mismatch != null) {
                throw new JinkuException(RejectCode.ENVELOPE_MISMATCH, "the receipt is not the voucher sent: "
                        + mismatch);
            }
            Result r = check(negated(sent, payField), negated(receipt, payField), payField, false);
            return new Result(r.outcome(), r.paid().negate(), r.ordered().negate(), r.lineReasons());
        }
        return check(sent, receipt, payField, true);
    }

    /** The voucher with its amounts (payField and X payField, header and lines) negated: a refund's magnitudes. */
    private static Voucher negated(Voucher v, String payField) {
        java.util.function.UnaryOperator<Map<String, String>> flip = m -> {
            Map<String, String> out = new java.util.LinkedHashMap<>(m);
            for (String f : new String[] {payField, "X" + payField}) {
                BigDecimal a = amount(m.get(f), f);
                if (a != null) {
                    out.put(f, a.negate().toPlainString());
                }
            }
            return out;
        };
        return new Voucher(flip.apply(v.header()), v.details().stream().map(flip).toList());
    }

    private static Result check(Voucher sent, Voucher receipt, String payField, boolean compareContent) {
        String mismatch = compareContent ? mismatch(sent, receipt) : null;
        if (mismatch != null) {
            throw new JinkuException(RejectCode.ENVELOPE_MISMATCH, "the receipt is not the voucher sent: " + mismatch);
        }
        String xField = "X" + payField;
        BigDecimal ordered = amount(sent.get(payField), payField);
        BigDecimal paid = amount(receipt.get(xField), xField);
        if (ordered == null || paid == null) {
            throw new JinkuException(RejectCode.AMOUNT_OUT_OF_RANGE, "the receipt lacks " + (ordered == null ? payField
                    : xField));
        }
        inRange(paid, ordered, xField);
        BigDecimal linesPaid = BigDecimal.ZERO;
        BigDecimal linesPaidWithoutReason = BigDecimal.ZERO;
        boolean everyLinePaid = true;
        boolean everyLineHasAmount = true;
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < receipt.details().size(); i++) {
            Map<String, String> line = receipt.details().get(i);
            String path = "DetailList[" + i + "].";
            BigDecimal lineOrdered = amount(line.get(payField), path + payField);
            BigDecimal linePaid = amount(line.get(xField), path + xField);
            if (lineOrdered == null || linePaid == null) {
                everyLineHasAmount = false;
                continue;
            }
            inRange(linePaid, lineOrdered, path + xField);
            linesPaid = linesPaid.add(linePaid);
            if (linePaid.compareTo(lineOrdered) < 0) {
                everyLinePaid = false;
            }
            String why = line.get("XAddWord");
            if (why != null && !why.isBlank()) {
                reasons.add("line " + (i + 1) + ": " + why.strip());
            } else {
                linesPaidWithoutReason = linesPaidWithoutReason.add(linePaid);
            }
        }
        if (paid.signum() == 0) {
            return new Result(Outcome.UNPAID, paid, ordered, reasons);
        }
        if (everyLineHasAmount && !receipt.details().isEmpty()) {
            // XAddWord is the failure reason (失败原因): deployed banks keep the full amount on a failed line
            // and say why there, so such a line is not part of what was paid.
            BigDecimal expected = reasons.isEmpty() ? linesPaid : linesPaidWithoutReason;
            if (expected.compareTo(paid) != 0) {
                throw new JinkuException(RejectCode.AMOUNT_OUT_OF_RANGE, "the receipt's lines "
                        + (reasons.isEmpty() ? "" : "without a failure reason ") + "add up to "
                        + expected.toPlainString() + " paid, its " + xField + " says " + paid.toPlainString());
            }
            if (!reasons.isEmpty()) {
                everyLinePaid = false;
            }
        }
        boolean full = paid.compareTo(ordered) == 0 && everyLinePaid;
        return new Result(full ? Outcome.PAID : Outcome.PARTLY_PAID, paid, ordered, reasons);
    }

    private static void inRange(BigDecimal paid, BigDecimal ordered, String path) {
        if (paid.signum() < 0 || paid.compareTo(ordered) > 0) {
            throw new JinkuException(RejectCode.AMOUNT_OUT_OF_RANGE, path + " " + paid.toPlainString()
                    + " is outside 0.." + ordered.toPlainString());
        }
    }

    private static BigDecimal amount(String text, String path) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new JinkuException(RejectCode.AMOUNT_OUT_OF_RANGE, path + " is not an amount: '" + text + "'");
        }
    }

    /** Where the receipt differs from the voucher sent outside the X fields; null when it does not. */
    static String mismatch(Voucher sent, Voucher receipt) {
        String h = fieldsDiffer("", sent.header(), receipt.header());
        if (h != null) {
            return h;
        }
        if (sent.details().size() != receipt.details().size()) {
            return sent.details().size() + " detail line(s) sent, " + receipt.details().size() + " in the receipt";
        }
        for (int i = 0; i < sent.details().size(); i++) {
            String d = fieldsDiffer("DetailList[" + i + "].", sent.details().get(i), receipt.details().get(i));
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static String fieldsDiffer(String prefix, Map<String, String> sent, Map<String, String> receipt) {
        for (Map.Entry<String, String> f : sent.entrySet()) {
            if (!f.getKey().startsWith("X") && !f.getValue().equals(receipt.get(f.getKey()))) {
                return prefix + f.getKey() + " was '" + f.getValue() + "', receipt says '" + receipt.get(f.getKey()) + "'";
            }
        }
        for (String name : receipt.keySet()) {
            if (!name.startsWith("X") && !sent.containsKey(name)) {
                return prefix + name + " was not in the voucher sent";
            }
        }
        return null;
    }
}
