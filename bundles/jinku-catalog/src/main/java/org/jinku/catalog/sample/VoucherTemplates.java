package org.jinku.catalog.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jinku.api.Voucher;
import org.jinku.catalog.json.VoucherJson;

/**
 * Vouchers made from the shipped examples ({@code docs/examples/<VtCode>.json}, packed into this bundle
 * as {@code examples/<VtCode>.json}): the demo, the tests and a tester start from the very files the
 * documentation shows, renumbered and re-amounted. Joint-test data, never production.
 */
public final class VoucherTemplates {

    private VoucherTemplates() {
    }

    /** The shipped example of a type. */
    public static Voucher example(String vtCode) {
        try (InputStream in = VoucherTemplates.class.getResourceAsStream("/examples/" + vtCode + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no example for voucher type " + vtCode);
            }
            return VoucherJson.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The voucher under a new VoucherNo and date: header Id, StYear and line Ids follow, so the copy is a
     * voucher of its own.
     */
    public static Voucher renumbered(Voucher v, String voucherNo, String vouDate) {
        Map<String, String> h = new LinkedHashMap<>(v.header());
        h.put("VoucherNo", voucherNo);
        h.put("VouDate", vouDate);
        h.put("StYear", vouDate.substring(0, 4));
        if (h.containsKey("Id")) {
            h.put("Id", "ID" + voucherNo);
        }
        List<Map<String, String>> lines = new ArrayList<>();
        int i = 1;
        for (Map<String, String> d : v.details()) {
            Map<String, String> line = new LinkedHashMap<>(d);
            if (line.containsKey("Id")) {
                line.put("Id", voucherNo + "-" + i);
            }
            lines.add(line);
            i++;
        }
        return new Voucher(h, lines);
    }

    /**
     * The voucher with one line per amount, each a copy of the template's first line with
     * {@code amountField} set (line Ids renumbered), and the header's {@code amountField} their sum.
     */
    public static Voucher withLines(Voucher v, String amountField, List<BigDecimal> amounts) {
        if (v.details().isEmpty()) {
            throw new IllegalArgumentException("voucher " + v.key() + " has no line to copy");
        }
        Map<String, String> first = v.details().get(0);
        List<Map<String, String>> lines = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        int i = 1;
        for (BigDecimal a : amounts) {
            Map<String, String> line = new LinkedHashMap<>(first);
            line.put(amountField, a.setScale(2).toPlainString());
            if (line.containsKey("Id")) {
                line.put("Id", v.get("VoucherNo") + "-" + i);
            }
            lines.add(line);
            sum = sum.add(a);
            i++;
        }
        Map<String, String> h = new LinkedHashMap<>(v.header());
        h.put(amountField, sum.setScale(2).toPlainString());
        return new Voucher(h, lines);
    }

    /** The voucher with header fields set (added when missing). */
    public static Voucher with(Voucher v, Map<String, String> header) {
        return v.withHeader(header, null);
    }

    /** The voucher with a field set on every line. */
    public static Voucher withEveryLine(Voucher v, String field, String value) {
        List<Map<String, String>> lines = new ArrayList<>();
        for (Map<String, String> d : v.details()) {
            Map<String, String> line = new LinkedHashMap<>(d);
            line.put(field, value);
            lines.add(line);
        }
        return v.withHeader(Map.of(), lines);
    }
}
