package org.jinku.sim.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Voucher numbers and transaction numbers. A number derived from another voucher is the same every time
 * (a retry after a restart finds the voucher it made before instead of making a second one). Deployed
 * systems take a VoucherNo of at most 20 characters.
 */
public final class Ids {

    public static final int MAX_VOUCHER_NO = 20;
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    private Ids() {
    }

    /**
     * The number of a voucher made from {@code sourceNo}: {@code sourceNo + suffix} when it fits in 20
     * characters, else "H" and 19 hex digits of its hash.
     */
    public static String derived(String sourceNo, String suffix) {
        String s = sourceNo + (suffix == null ? "" : suffix);
        if (s.length() <= MAX_VOUCHER_NO) {
            return s;
        }
        return "H" + hash(s).substring(0, MAX_VOUCHER_NO - 1);
    }

    /** A new number: prefix, party tag, yyMMdd, 4-digit sequence (e.g. HK105261123 0001 without the blank). */
    public static String sequenced(String prefix, String tag, LocalDate day, long seq) {
        String s = prefix + tag + day.format(YYMMDD) + String.format("%04d", seq % 10_000);
        if (s.length() <= MAX_VOUCHER_NO) {
            return s;
        }
        return prefix + hash(tag).substring(0, 4) + day.format(YYMMDD) + String.format("%04d", seq % 10_000);
    }

    /** A bank transaction number derived from what it pays, so a retried payment reports the same one. */
    public static String txn(String what) {
        return "SIM" + hash(what).substring(0, 20).toUpperCase();
    }

    public static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
