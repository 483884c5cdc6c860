package org.jinku.console.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;

/**
 * What the console's voucher search (凭证查询) asks for: key, type (VtCode), date range, amount range, status and party.
 * The node API has no query by these fields, so the search filters the node's newest {@code scan} vouchers in
 * memory; enough for an appliance's working set, and replaced by a store query when the store grows one.
 *
 * @param key    part of the key ({@code 210000/2026/5201/EX-0001}), case-insensitive
 * @param status a status code ({@code 12}, towards any destination) or a state name ({@code CONFIRMED})
 * @param peer   the other party (the destination of a sent voucher, the sender of a received one)
 * @param from   first day (created, China time), inclusive
 * @param to     last day, inclusive
 */
record VoucherSearch(String key, String vtCode, LocalDate from, LocalDate to, BigDecimal min, BigDecimal max,
                     String status, String peer, Integer voucherFlag) implements Predicate<VoucherView> {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** Reads the query parameters; a malformed one is INVALID_FIELD naming it. Blank means "any". */
    static VoucherSearch of(String key, String vtCode, String from, String to, String min, String max, String status,
                            String peer, String flag) {
        return new VoucherSearch(blank(key), blank(vtCode), date("from", from), date("to", to), amount("min", min),
                amount("max", max), status(status), blank(peer), flag(flag));
    }

    @Override
    public boolean test(VoucherView v) {
        if (key != null && !v.key().toString().toLowerCase(Locale.ROOT).contains(key.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (vtCode != null && !v.key().vtCode().equalsIgnoreCase(vtCode)) {
            return false;
        }
        if (voucherFlag != null && v.voucherFlag() != voucherFlag) {
            return false;
        }
        if (peer != null && !peer.equals(v.peer()) && !v.deliveries().containsKey(peer)) {
            return false;
        }
        if (from != null || to != null) {
            LocalDate day = v.created().atZone(CHINA).toLocalDate();
            if (from != null && day.isBefore(from) || to != null && day.isAfter(to)) {
                return false;
            }
        }
        if (min != null || max != null) {
            BigDecimal amount = parse(v.payAmt());
            if (amount == null || min != null && amount.compareTo(min) < 0 || max != null && amount.compareTo(max) > 0) {
                return false;
            }
        }
        return status == null || statusMatches(v);
    }

    private boolean statusMatches(VoucherView v) {
        if (status.matches("-?\\d{1,2}")) {
            int code = Integer.parseInt(status);
            return v.status().code() == code || v.deliveries().values().stream().anyMatch(s -> s.code() == code);
        }
        return v.state().name().equals(status);
    }

    /** The matching vouchers of {@code views}, at most {@code limit}, in the order given (newest first). */
    List<VoucherView> filter(List<VoucherView> views, int limit) {
        return views.stream().filter(this).limit(limit).toList();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static LocalDate date(String name, String text) {
        String s = blank(text);
        if (s == null) {
            return null;
        }
        try {
            return s.length() == 8 && s.chars().allMatch(Character::isDigit)
                    ? LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                            Integer.parseInt(s.substring(6)))
                    : LocalDate.parse(s);
        } catch (RuntimeException e) {
            throw Json.invalid(name, "date", name + " must be a date yyyy-MM-dd or yyyyMMdd: '" + s + "'");
        }
    }

    private static BigDecimal amount(String name, String text) {
        String s = blank(text);
        if (s == null) {
            return null;
        }
        BigDecimal a = parse(s.replace(",", ""));
        if (a == null) {
            throw Json.invalid(name, "amount", name + " must be an amount such as 1234.50: '" + s + "'");
        }
        return a;
    }

    private static String status(String text) {
        String s = blank(text);
        if (s == null) {
            return null;
        }
        if (s.matches("-?\\d{1,2}")) {
            try {
                DeliveryStatus.ofCode(Integer.parseInt(s));
                return s;
            } catch (IllegalArgumentException e) {
                throw Json.invalid("status", "enum", "no status code " + s + " (-1 to 14)");
            }
        }
        try {
            return VoucherState.valueOf(s.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw Json.invalid("status", "enum", "status must be a code (-1 to 14) or a state name: '" + s + "'");
        }
    }

    private static Integer flag(String text) {
        String s = blank(text);
        if (s == null) {
            return null;
        }
        if (!s.equals("0") && !s.equals("1")) {
            throw Json.invalid("flag", "enum", "flag must be 0 (vouchers) or 1 (回单)");
        }
        return Integer.valueOf(s);
    }

    private static BigDecimal parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
