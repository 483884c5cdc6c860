package org.jinku.sim.bank.internal;

import static org.jinku.sim.common.testing.Samples.l;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.catalog.internal.CatalogService;
import org.jinku.sim.bank.internal.BankLedger.OverQuota;
import org.jinku.sim.bank.internal.BankLedger.Payment;
import org.jinku.sim.common.Books;
import org.jinku.sim.common.Faults;
import org.jinku.sim.common.LedgerStore;
import org.jinku.sim.common.Meanings;
import org.jinku.sim.common.testing.Samples;

class BankLedgerTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-23");
    private final CatalogService catalog = new CatalogService();
    private final BankLedger ledger = new BankLedger(new BankLedger.State());

    @TempDir
    Path dir;

    private Voucher quota() {
        return Samples.quotaNotice(catalog, "Q1", "105", "202611", "20261123",
                l("201001", "2050201", "100.00"), l("201001", "2080501", "50.00"), l("201002", "2050201", "70.00"));
    }

    private static BigDecimal left(BankLedger l, String agency, String subject, String month) {
        return l.findQuota(agency, subject, month).map(BankLedger.Quota::left).orElseThrow();
    }

    @Test
    void aQuotaNoticeRegistersEachUnitSubjectAndMonthOnce() {
        Voucher q = quota();
        assertEquals(3, ledger.registerQuotas(q.key(), q));
        assertEquals(0, ledger.registerQuotas(q.key(), q));
        assertEquals(new BigDecimal("100.00"), left(ledger, "201001", "2050201", "202611"));
        assertEquals(new BigDecimal("70.00"), left(ledger, "201002", "2050201", "202611"));
        assertEquals("105", ledger.state().bankCode);
    }

    @Test
    void anAuthorizedPaymentBeyondWhatIsLeftIsOverQuotaAndLinesOfOneSubjectCountTogether() {
        Voucher q = quota();
        ledger.registerQuotas(q.key(), q);
        Voucher fits = Samples.authorizedPayment(catalog, "A1", "105", "201001", "20261123",
                l("2050201", "6222001", "60.00"), l("2080501", "6222002", "50.00"));
        assertTrue(ledger.overQuota(fits).isEmpty());
        Voucher together = Samples.authorizedPayment(catalog, "A2", "105", "201001", "20261123",
                l("2050201", "6222001", "60.00"), l("2050201", "6222002", "40.01"));
        OverQuota over = ledger.overQuota(together).orElseThrow();
        assertEquals("2050201", over.subject());
        assertEquals(new BigDecimal("100.00"), over.left());
        assertEquals(new BigDecimal("100.01"), over.asked());
        assertTrue(over.message().contains("201001") && over.message().contains("202611")
                && over.message().contains("100.00") && over.message().contains("100.01"), over.message());
        // another month has no quota at all
        Voucher december = Samples.authorizedPayment(catalog, "A3", "105", "201001", "20261201",
                l("2050201", "6222001", "1.00"));
        assertEquals(new BigDecimal("0.00"), ledger.overQuota(december).orElseThrow().left());
    }

    @Test
    void payingUsesQuotaOnceWhateverTheRepeats() {
        Voucher q = quota();
        ledger.registerQuotas(q.key(), q);
        Voucher a = Samples.authorizedPayment(catalog, "A1", "105", "201001", "20261123",
                l("2050201", "6222001", "60.00"), l("2050201", "9990001", "10.00"));
        Faults fail999 = Faults.parse("", "", "", 0, "999", 0);
        Payment p = ledger.pay(a.key(), a, Meanings.AUTHORIZED_PAYMENT, fail999, true, DAY, "T1");
        assertSame(p, ledger.pay(a.key(), a, Meanings.AUTHORIZED_PAYMENT, fail999, true, DAY, "T1"));
        assertEquals(new BigDecimal("60.00"), p.paid);
        assertEquals(new BigDecimal("70.00"), p.asked);
        assertTrue(p.lines.get("A1-2").reason.contains("9990001"));
        assertEquals(new BigDecimal("40.00"), left(ledger, "201001", "2050201", "202611"));
        assertEquals("12", p.payTypeCode);
    }

    @Test
    void clearingAsksForWhatWasPaidOnceAndARefusalFreesIt() {
        Voucher d = Samples.directPayment(catalog, "D1", "105", "101001", "20261123", l("6222001", "300.00"));
        ledger.pay(d.key(), d, Meanings.DIRECT_PAYMENT, Faults.NONE, false, DAY, "T");
        List<Payment> ps = ledger.clearable("11");
        assertEquals(1, ps.size());
        assertEquals(List.of(), ledger.clearable("12"));
        VoucherKey k1 = new VoucherKey("210000", "2026", "2301", "HK1");
        ledger.request(k1, "11", ps, DAY);
        assertEquals(List.of(), ledger.clearable("11"));
        assertTrue(ledger.requestFailed(k1, "refused", "outside window"));
        assertFalse(ledger.requestFailed(k1, "refused", "again"));
        VoucherKey k2 = new VoucherKey("210000", "2026", "2301", "HK2");
        ledger.request(k2, "11", ledger.clearable("11"), DAY);
        Voucher receipt = receiptOf(k2, "300.00");
        assertTrue(ledger.cleared(k2, receipt, DAY));
        assertFalse(ledger.cleared(k2, receipt, DAY));
        Payment p = ledger.payment(d.key()).orElseThrow();
        assertEquals(new BigDecimal("300.00"), p.cleared);
        assertEquals(new BigDecimal("0.00"), p.requested);
        assertEquals(List.of(), ledger.clearable("11"));
    }

    private static Voucher receiptOf(VoucherKey k, String x) {
        Map<String, String> h = new LinkedHashMap<>(Map.of("AdmDivCode", k.admDivCode(), "StYear", k.stYear(),
                "VtCode", k.vtCode(), "VoucherNo", k.voucherNo()));
        return new Voucher(h, List.of(Map.of("Id", "1", "XPayAmt", x)));
    }

    @Test
    void aRefundOfAnAuthorizedPaymentRestoresTheQuotaWhenThePbocTakesIt() {
        Voucher q = quota();
        ledger.registerQuotas(q.key(), q);
        Voucher a = Samples.authorizedPayment(catalog, "A1", "105", "201001", "20261123",
                l("2050201", "6222001", "60.00"));
        Payment p = ledger.pay(a.key(), a, Meanings.AUTHORIZED_PAYMENT, Faults.NONE, true, DAY, "T");
        assertThrows(IllegalArgumentException.class, () -> ledger.refundLines(p, null, new BigDecimal("60.01")));
        assertThrows(IllegalArgumentException.class, () -> ledger.refundLines(p, "nope", null));
        List<BankLedger.RefundLine> lines = ledger.refundLines(p, null, new BigDecimal("25.00"));
        assertEquals(new BigDecimal("-25.00"), lines.get(0).amount);
        VoucherKey k = new VoucherKey("210000", "2026", "2302", "TK1");
        ledger.refund(k, "12", lines, DAY);
        // what is being refunded cannot be refunded twice
        assertEquals(new BigDecimal("35.00"), ledger.refundLines(p, null, null).get(0).amount.negate());
        assertEquals(new BigDecimal("40.00"), left(ledger, "201001", "2050201", "202611"));
        assertTrue(ledger.refunded(k, receiptOf(k, "-25.00"), DAY));
        assertFalse(ledger.refunded(k, receiptOf(k, "-25.00"), DAY));
        assertEquals(new BigDecimal("65.00"), left(ledger, "201001", "2050201", "202611"));
        assertEquals(new BigDecimal("25.00"), p.refunded());
    }

    @Test
    void theBooksSurviveANewInstance() {
        LedgerStore store = new LedgerStore(dir);
        Books<BankLedger.State> books = new Books<>("sim-bank", BankLedger.State.class, BankLedger.State::new, store);
        BankLedger.State s = books.get("bank105");
        Voucher q = quota();
        synchronized (s) {
            new BankLedger(s).registerQuotas(q.key(), q);
            books.save("bank105");
        }
        Books<BankLedger.State> again = new Books<>("sim-bank", BankLedger.State.class, BankLedger.State::new,
                new LedgerStore(dir));
        BankLedger l = new BankLedger(again.get("bank105"));
        assertEquals(new BigDecimal("100.00"), left(l, "201001", "2050201", "202611"));
        assertEquals(0, l.registerQuotas(q.key(), q));
    }
}
