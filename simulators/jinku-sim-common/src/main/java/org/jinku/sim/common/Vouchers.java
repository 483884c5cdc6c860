package org.jinku.sim.common;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;

/**
 * Building vouchers and receipts for a catalogue type: only the fields the type has (the catalogue refuses
 * others), in the type's order, empty values left out.
 */
public final class Vouchers {

    /** The header field of a receipt line saying why it was not paid. */
    public static final String FAILURE_REASON = "XAddWord";

    private Vouchers() {
    }

    /** A voucher of {@code type} from candidate header and line values; fields the type lacks are dropped. */
    public static Voucher build(VoucherType type, Map<String, String> header, List<? extends Map<String, String>> lines) {
        Map<String, String> h = new LinkedHashMap<>(header);
        h.put(Voucher.VT_CODE, type.vtCode());
        List<Map<String, String>> ls = new ArrayList<>();
        for (Map<String, String> l : lines) {
            ls.add(keep(type.detailFields(), l));
        }
        return new Voucher(keep(type.headerFields(), h), ls);
    }

    /** The common header of a new voucher: Id, AdmDivCode, StYear, VtCode, VouDate, VoucherNo. */
    public static Map<String, String> header(VoucherType type, String admDivCode, String stYear, String voucherNo,
                                             LocalDate day) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Id", "ID" + voucherNo);
        h.put(Voucher.ADM_DIV_CODE, admDivCode);
        h.put(Voucher.ST_YEAR, stYear);
        h.put(Voucher.VT_CODE, type.vtCode());
        h.put("VouDate", day.format(DailyTime.DAY));
        h.put(Voucher.VOUCHER_NO, voucherNo);
        return h;
    }

    /**
     * Copies into {@code target} the values of {@code source} for the fields {@code type} has (header or
     * detail), not already set, not receipt-only and allowed there: how a notice takes over what the voucher
     * it reports said.
     */
    public static Map<String, String> copyKnown(VoucherType type, boolean detail, Map<String, String> source,
                                                Map<String, String> target) {
        for (FieldDef f : detail ? type.detailFields() : type.headerFields()) {
            String v = source.get(f.name());
            if (!f.receiptOnly() && v != null && !v.isEmpty() && !target.containsKey(f.name())
                    && (f.values().isEmpty() || f.values().contains(v))) {
                target.put(f.name(), v);
            }
        }
        return target;
    }

    private static Map<String, String> keep(List<FieldDef> defs, Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldDef f : defs) {
            String v = values.get(f.name());
            if (v != null && !v.isEmpty()) {
                out.put(f.name(), v);
            }
        }
        return out;
    }

    public static boolean has(VoucherType type, String field, boolean detail) {
        return type.field(field, detail).isPresent();
    }

    /**
     * The receipt (回单) of {@code v}: the same voucher with the given X fields set (those the type has), and
     * every other X field its type requires in a receipt filled from what it answers (a date: today; an
     * amount: the amount it answers, e.g. XPayAmt from PayAmt; else the answered field or the transaction).
     *
     * @param lineX per detail line, in order, the X fields to set (may be shorter than the lines, or null)
     */
    public static Voucher receipt(VoucherType type, Voucher v, Map<String, String> headerX,
                                  List<? extends Map<String, String>> lineX, LocalDate day, String txn) {
        Map<String, String> h = new LinkedHashMap<>(v.header());
        set(type.headerFields(), h, headerX);
        fillRequired(type.headerFields(), h, day, txn);
        List<Map<String, String>> lines = new ArrayList<>();
        for (int i = 0; i < v.details().size(); i++) {
            Map<String, String> l = new LinkedHashMap<>(v.details().get(i));
            if (lineX != null && i < lineX.size() && lineX.get(i) != null) {
                set(type.detailFields(), l, lineX.get(i));
            }
            fillRequired(type.detailFields(), l, day, txn);
            lines.add(l);
        }
        return v.withHeader(h, lines);
    }

    private static void set(List<FieldDef> defs, Map<String, String> target, Map<String, String> values) {
        if (values == null) {
            return;
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() != null && defs.stream().anyMatch(f -> f.name().equals(e.getKey()))) {
                target.put(e.getKey(), e.getValue());
            }
        }
    }

    private static void fillRequired(List<FieldDef> defs, Map<String, String> values, LocalDate day, String txn) {
        for (FieldDef f : defs) {
            if (!f.receiptOnly() || !f.requiredInReceipt()) {
                continue;
            }
            String v = values.get(f.name());
            if (v != null && !v.isEmpty()) {
                continue;
            }
            String answered = f.name().startsWith("X") ? values.get(f.name().substring(1)) : null;
            String fill = switch (f.rule()) {
                case "date" -> day.format(DailyTime.DAY);
                case "amount" -> answered != null && !answered.isEmpty() ? answered : Money.str(Money.ZERO);
                default -> answered != null && !answered.isEmpty() ? answered : txn;
            };
            values.put(f.name(), fill);
        }
    }

    /** The type's field definition, if any. */
    public static Optional<FieldDef> field(VoucherType type, String name, boolean detail) {
        return type.field(name, detail);
    }
}
