package org.jinku.sim.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Yuan amounts: exact decimals with two places, never floating point; strings on the wire and in ledgers. */
public final class Money {

    public static final BigDecimal ZERO = new BigDecimal("0.00");

    private Money() {
    }

    /** The amount of a voucher field; null or empty is 0.00. */
    public static BigDecimal of(String text) {
        if (text == null || text.isBlank()) {
            return ZERO;
        }
        return new BigDecimal(text.trim()).setScale(2, RoundingMode.UNNECESSARY);
    }

    /** The amount as a voucher writes it: {@code -?\d+\.\d{2}}. */
    public static String str(BigDecimal amount) {
        return (amount == null ? ZERO : amount.setScale(2, RoundingMode.UNNECESSARY)).toPlainString();
    }

    public static BigDecimal nz(BigDecimal amount) {
        return amount == null ? ZERO : amount;
    }
}
