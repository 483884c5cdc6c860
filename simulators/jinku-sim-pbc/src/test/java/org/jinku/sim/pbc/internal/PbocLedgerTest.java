package org.jinku.sim.pbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.sim.common.TimeWindow;

/** The PBoC's money rules on plain vouchers, without any node. */
class PbocLedgerTest {

    private static final LocalDateTime NOON = LocalDateTime.parse("2026-11-23T12:00:00");
    private static final TimeWindow WINDOW = TimeWindow.parse("08:30-16:30");
    private final PbocLedger ledger = new PbocLedger(new PbocLedger.State());

    private static Voucher v(String vt, String no, Map<String, String> header, List<Map<String, String>> lines) {
        Map<String, String> h = new LinkedHashMap<>(Map.of("AdmDivCode", "210000", "StYear", "2026", "VtCode", vt,
                "VoucherNo", no));
        h.putAll(header);
        return new Voucher(h, lines);
    }

    private void setUp() {
        Voucher q = v("5108", "Q1", Map.of("PayBankCode", "105", "PayAmt", "500.00"),
                List.of(Map.of("Id", "1", "PayAmt", "500.00")));
        assertEquals(1, ledger.registerQuota(q.key(), q, "11"));
        assertEquals(0, ledger.registerQuota(q.key(), q, "11"));
        Voucher paid = v("5201", "D1", Map.of("PayBankCode", "105", "XPayAmt", "400.00"), List.of());
        ledger.recordPaid(paid.key(), paid);
        ledger.recordPaid(paid.key(), paid);
    }

    private static Voucher request(String no, String amount) {
        return v("2301", no, Map.of("PayBankCode", "105", "PayTypeCode", "11", "PayAmt", amount),
                List.of(Map.of("Id", "1", "OriVtCode", "5201", "VoucherNo", "D1", "PayAmt", amount)));
    }

    @Test
    void aDecisionIsTakenOncePerVersion() {
        setUp();
        Voucher r = request("HK1", "400.00");
        PbocLedger.Decision d = ledger.clear(r.key(), r, 1, NOON, WINDOW);
        assertEquals(PbocLedger.CLEARED, d.state);
        assertSame(d, ledger.clear(r.key(), r, 1, NOON, WINDOW));
        assertEquals(new BigDecimal("100.00"), ledger.quota("105", "11").orElseThrow().left());
        assertEquals(new BigDecimal("99999600.00"), ledger.balance(new BigDecimal("100000000.00")));
    }

    @Test
    void theRulesInOrderWindowQuotaPaid() {
        setUp();
        Voucher late = request("HK1", "1.00");
        assertEquals("OUTSIDE_CLEARING_WINDOW", ledger.clear(late.key(), late, 1,
                LocalDateTime.parse("2026-11-23T08:29:59"), WINDOW).code);
        Voucher big = request("HK2", "500.01");
        assertEquals("CLEARING_QUOTA_EXCEEDED", ledger.clear(big.key(), big, 1, NOON, WINDOW).code);
        Voucher more = request("HK3", "400.01");
        assertEquals("CLEARING_MORE_THAN_PAID", ledger.clear(more.key(), more, 1, NOON, WINDOW).code);
        // a corrected version of a refused request is judged again
        Voucher fixed = request("HK3", "400.00");
        assertEquals(PbocLedger.CLEARED, ledger.clear(fixed.key(), fixed, 2, NOON, WINDOW).state);
    }

    @Test
    void refundsOnlyWhatWasClearedAndNotRefunded() {
        setUp();
        Voucher r = request("HK1", "400.00");
        ledger.clear(r.key(), r, 1, NOON, WINDOW);
        Voucher back = v("2302", "TK1", Map.of("PayBankCode", "105", "PayTypeCode", "11", "PayAmt", "-400.00"),
                List.of(Map.of("Id", "1", "OriVtCode", "5201", "OriVoucherNo", "D1", "PayAmt", "-400.00")));
        assertEquals(PbocLedger.REFUNDED, ledger.refund(back.key(), back, 1, LocalDate.parse("2026-11-23")).state);
        assertEquals(new BigDecimal("500.00"), ledger.quota("105", "11").orElseThrow().left());
        Voucher again = v("2302", "TK2", Map.of("PayBankCode", "105", "PayTypeCode", "11", "PayAmt", "-0.01"),
                List.of(Map.of("Id", "1", "OriVtCode", "5201", "OriVoucherNo", "D1", "PayAmt", "-0.01")));
        assertEquals("REFUND_NOT_PAID", ledger.refund(again.key(), again, 1, LocalDate.parse("2026-11-23")).code);
        assertEquals(Map.of("000", new BigDecimal("400.00")), ledger.income("20261123"));
        VoucherKey k = back.key();
        assertEquals("TK1", k.voucherNo());
    }
}
