package org.jinku.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identity of a voucher (电子凭证): administrative division, business year, voucher type and number.
 * A voucher is processed once per key, however often it arrives; a retry never mints a new key.
 */
public record VoucherKey(String admDivCode, String stYear, String vtCode, String voucherNo) {

    private static final Pattern ADM_DIV = Pattern.compile("\\d{6}");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern VT = Pattern.compile("[0-9A-Za-z]{4}");
    private static final Pattern NO = Pattern.compile("[0-9A-Za-z_.-]{1,42}");

    public VoucherKey {
        Objects.requireNonNull(admDivCode, "admDivCode");
        Objects.requireNonNull(stYear, "stYear");
        Objects.requireNonNull(vtCode, "vtCode");
        Objects.requireNonNull(voucherNo, "voucherNo");
    }

    /** Checks the shape of every part; throws {@link IllegalArgumentException} naming the bad part. */
    public VoucherKey checked() {
        check(ADM_DIV, admDivCode, "AdmDivCode must be 6 digits");
        check(YEAR, stYear, "StYear must be 4 digits");
        check(VT, vtCode, "VtCode must be 4 characters");
        check(NO, voucherNo, "VoucherNo must be 1-42 characters of [0-9A-Za-z_.-]");
        return this;
    }

    private static void check(Pattern p, String v, String message) {
        if (!p.matcher(v).matches()) {
            throw new IllegalArgumentException(message + ": '" + v + "'");
        }
    }

    /** Parses the form {@code AdmDivCode/StYear/VtCode/VoucherNo} used in URLs and shell commands. */
    public static VoucherKey parse(String text) {
        String[] parts = text.split("/");
        if (parts.length != 4) {
            throw new IllegalArgumentException("voucher key must be AdmDivCode/StYear/VtCode/VoucherNo: '" + text + "'");
        }
        return new VoucherKey(parts[0], parts[1], parts[2], parts[3]).checked();
    }

    @Override
    public String toString() {
        return admDivCode + "/" + stYear + "/" + vtCode + "/" + voucherNo;
    }
}
