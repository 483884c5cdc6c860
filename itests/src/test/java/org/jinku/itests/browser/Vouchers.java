package org.jinku.itests.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * 5201 direct payments (直接支付凭证) for the tests: the documented example (docs/examples/5201.json), dated today and
 * numbered uniquely per run, so reruns against a kept runtime never collide.
 */
public final class Vouchers {

    private static final LocalDate TODAY = LocalDate.now();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 60_466_176L, 36).toUpperCase();
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private Vouchers() {
    }

    /** A new voucher number: BT + run + serial (at most 20 characters, the VoucherNo limit). */
    public static String nextNumber(String prefix) {
        return prefix + RUN + "-" + SERIAL.incrementAndGet();
    }

    /** The key under which finance stores it: AdmDivCode/StYear/VtCode/VoucherNo. */
    public static String key(String voucherNo) {
        return "210000/" + TODAY.getYear() + "/5201/" + voucherNo;
    }

    /** The example 5201 (1 500.50 to two payees at bank 105) as JSON, renumbered and dated today. */
    public static String direct5201(String voucherNo) {
        try {
            ObjectNode v = (ObjectNode) Rest.JSON.readTree(Files.readString(example()));
            ObjectNode h = (ObjectNode) v.get("header");
            h.put("Id", "ID-" + voucherNo);
            h.put("VoucherNo", voucherNo);
            h.put("StYear", Integer.toString(TODAY.getYear()));
            h.put("VouDate", TODAY.format(DateTimeFormatter.BASIC_ISO_DATE));
            int line = 0;
            for (var d : v.get("details")) {
                ((ObjectNode) d).put("Id", voucherNo + "-" + ++line);
                ((ObjectNode) d).put("VoucherBillNo", voucherNo);
            }
            return Rest.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path example() {
        Path here = Path.of(System.getProperty("user.dir"));
        for (Path p = here; p != null; p = p.getParent()) {
            Path f = p.resolve("docs/examples/5201.json");
            if (Files.exists(f)) {
                return f;
            }
        }
        throw new IllegalStateException("docs/examples/5201.json not found above " + here);
    }
}
