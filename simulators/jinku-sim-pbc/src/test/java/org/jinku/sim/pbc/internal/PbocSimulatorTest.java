package org.jinku.sim.pbc.internal;

import static org.jinku.sim.common.testing.Samples.l;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.PartyRole;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherType;
import org.jinku.catalog.internal.CatalogService;
import org.jinku.sim.common.Meanings;
import org.jinku.sim.common.Money;
import org.jinku.sim.common.Vouchers;
import org.jinku.sim.common.testing.Configs;
import org.jinku.sim.common.testing.FakeNode;
import org.jinku.sim.common.testing.FakeNode.Answer;
import org.jinku.sim.common.testing.MutableClock;
import org.jinku.sim.common.testing.Samples;

/** The PBoC simulator's money rules against a node in memory and the real catalogue. */
class PbocSimulatorTest {

    @TempDir
    Path dir;

    private final CatalogService catalog = new CatalogService();
    private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00");
    private PbocSimulator sim;
    private FakeNode pboc;

    @BeforeEach
    void setUp() {
        sim = new PbocSimulator(catalog, dir.toString(), clock);
        pboc = node();
    }

    private FakeNode node() {
        FakeNode n = new FakeNode("pboc", PartyRole.PBOC, catalog, "rh01:ENTRY", "rh02:REVIEW");
        n.adapter = sim;
        return n;
    }

    private void configure(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("ledger.dir", dir.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        sim.configure(Configs.of(PbocSimulator.Config.class, m));
    }

    private Answer receive(Voucher v) {
        sim.voucherReceived(pboc, pboc.deliver(v), v);
        return pboc.lastAnswer(v.key()).orElseThrow();
    }

    /** The copy of a bank's payment receipt, paid in full (or {@code paid} on the header and first line). */
    private void bankPaid(Voucher payment, String paid) {
        VoucherType t = catalog.type(payment.vtCode()).orElseThrow();
        List<Map<String, String>> xs = new ArrayList<>();
        for (Map<String, String> d : payment.details()) {
            xs.add(Map.of("XPayAmt", xs.isEmpty() && paid != null ? paid : d.get("PayAmt")));
        }
        Voucher r = Vouchers.receipt(t, payment, Map.of("XPayAmt", paid == null ? payment.get("PayAmt") : paid,
                "XPayDate", "20261123", "XAgentBusinessNo", "T1"), xs, LocalDate.parse("2026-11-23"), "T1");
        sim.receiptReceived(pboc, pboc.deliverReceipt(r), r);
    }

    /** A bank's 申请划款: lines of {VtCode, VoucherNo, amount}. */
    private Voucher clearingRequest(String no, String bank, String payType, String[]... lines) {
        VoucherType t = catalog.byMeaning(Meanings.CLEARING_REQUEST).orElseThrow();
        Map<String, String> h = Vouchers.header(t, "210000", "2026", no, LocalDate.parse("2026-11-23"));
        h.put("PayBankCode", bank);
        h.put("PayTypeCode", payType);
        List<Map<String, String>> ls = new ArrayList<>();
        java.math.BigDecimal sum = Money.ZERO;
        int i = 1;
        for (String[] l : lines) {
            ls.add(new LinkedHashMap<>(Map.of("Id", String.valueOf(i++), "OriVtCode", l[0], "VoucherNo", l[1],
                    "PayAmt", l[2])));
            sum = sum.add(Money.of(l[2]));
        }
        h.put("PayAmt", Money.str(sum));
        return Vouchers.build(t, h, ls);
    }

    /** A bank's 申请退款: lines of {VtCode, OriVoucherNo, amount (negative)}. */
    private Voucher refund(String no, String bank, String payType, String[]... lines) {
        VoucherType t = catalog.byMeaning(Meanings.REFUND).orElseThrow();
        Map<String, String> h = Vouchers.header(t, "210000", "2026", no, LocalDate.parse("2026-11-23"));
        h.put("PayBankCode", bank);
        h.put("PayTypeCode", payType);
        List<Map<String, String>> ls = new ArrayList<>();
        java.math.BigDecimal sum = Money.ZERO;
        int i = 1;
        for (String[] l : lines) {
            ls.add(new LinkedHashMap<>(Map.of("Id", String.valueOf(i++), "OriVtCode", l[0], "OriVoucherNo", l[1],
                    "AgencyCode", "201001", "ExpFuncCode", "2050201", "PayAmt", l[2])));
            sum = sum.add(Money.of(l[2]));
        }
        h.put("PayAmt", Money.str(sum));
        return Vouchers.build(t, h, ls);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> summary() {
        return (Map<String, Object>) sim.ledger(pboc).get("summary");
    }

    @SuppressWarnings("unchecked")
    private String quotaLeft(int i) {
        return ((List<Map<String, String>>) summary().get("clearingQuotaLeft")).get(i).get("left");
    }

    private Voucher d1;
    private String vt;

    /** Quota 1000.00 for bank 105 direct payments; the bank paid D1 300.00 and D2 200.00. */
    private void paidAndQuota() {
        Voucher q = Samples.clearingQuota(catalog, false, "CQ1", "105", "20261123", "600.00", "400.00");
        Answer a = receive(q);
        assertEquals("reply", a.what());
        assertEquals(q.details(), a.receipt().details());
        d1 = Samples.directPayment(catalog, "D1", "105", "201001", "20261123", l("6222001", "300.00"));
        vt = d1.vtCode();
        bankPaid(d1, null);
        bankPaid(Samples.directPayment(catalog, "D2", "105", "201001", "20261123", l("6222001", "200.00")), null);
        bankPaid(d1, null); // a repeated copy changes nothing
    }

    @Test
    void aClearingWithinWindowQuotaAndPaidIsClearedAndConfirmed() {
        paidAndQuota();
        Voucher r = clearingRequest("HK1", "105", "11", l(vt, "D1", "300.00"), l(vt, "D2", "150.00"));
        Answer a = receive(r);
        assertEquals("reply", a.what());
        assertEquals("450.00", a.receipt().get("XPayAmt"));
        assertEquals("20261123", a.receipt().get("XClearDate"));
        assertEquals("150.00", a.receipt().details().get(1).get("XPayAmt"));
        assertEquals("550.00", quotaLeft(0));
        assertEquals("99999550.00", summary().get("treasuryBalance"));
        // handed over again: cleared once
        FakeNode again = node();
        sim.voucherReceived(again, again.deliver(r), r);
        assertEquals("450.00", again.lastAnswer(r.key()).orElseThrow().receipt().get("XPayAmt"));
        assertEquals("550.00", quotaLeft(0));
        // D2 has 50.00 left to clear, D1 nothing
        Answer more = receive(clearingRequest("HK2", "105", "11", l(vt, "D1", "0.01")));
        assertEquals(RejectCode.CLEARING_MORE_THAN_PAID, more.code());
        assertTrue(more.reason().contains("300.00"), more.reason());
        assertEquals("reply", receive(clearingRequest("HK3", "105", "11", l(vt, "D2", "50.00"))).what());
    }

    @Test
    void outsideTheWindowNothingIsCleared() {
        paidAndQuota();
        clock.set("2026-11-23T16:30:00");
        Answer a = receive(clearingRequest("HK1", "105", "11", l(vt, "D1", "300.00")));
        assertEquals(RejectCode.OUTSIDE_CLEARING_WINDOW, a.code());
        assertTrue(a.reason().contains("08:30-16:30") && a.reason().contains("16:30"), a.reason());
        assertEquals("1000.00", quotaLeft(0));
        assertEquals("100000000.00", summary().get("treasuryBalance"));
        configure("clearing.window", "00:00-24:00");
        assertEquals("reply", receive(clearingRequest("HK2", "105", "11", l(vt, "D1", "300.00"))).what());
    }

    @Test
    void withoutQuotaOrBeyondItTheClearingIsRefused() {
        paidAndQuota();
        Answer none = receive(clearingRequest("HK1", "105", "12", l(vt, "D1", "1.00")));
        assertEquals(RejectCode.CLEARING_QUOTA_EXCEEDED, none.code());
        Answer other = receive(clearingRequest("HK2", "102", "11", l(vt, "D1", "1.00")));
        assertEquals(RejectCode.CLEARING_QUOTA_EXCEEDED, other.code());
        bankPaid(Samples.directPayment(catalog, "D3", "105", "201001", "20261123", l("6222001", "900.00")), null);
        Answer beyond = receive(clearingRequest("HK3", "105", "11", l(vt, "D1", "300.00"), l(vt, "D3", "700.01")));
        assertEquals(RejectCode.CLEARING_QUOTA_EXCEEDED, beyond.code());
        assertTrue(beyond.reason().contains("1000.00") && beyond.reason().contains("1000.01"), beyond.reason());
        assertEquals("1000.00", quotaLeft(0));
    }

    @Test
    void clearingWhatWasNeverPaidOrMoreThanPaidIsRefused() {
        paidAndQuota();
        Answer never = receive(clearingRequest("HK1", "105", "11", l(vt, "D9", "1.00")));
        assertEquals(RejectCode.CLEARING_MORE_THAN_PAID, never.code());
        Answer more = receive(clearingRequest("HK2", "105", "11", l(vt, "D1", "300.01")));
        assertEquals(RejectCode.CLEARING_MORE_THAN_PAID, more.code());
        // two lines on one payment count together
        Answer twice = receive(clearingRequest("HK3", "105", "11", l(vt, "D1", "200.00"), l(vt, "D1", "100.01")));
        assertEquals(RejectCode.CLEARING_MORE_THAN_PAID, twice.code());
        // none of these refusals used quota or cleared anything: what was paid can still be cleared
        Answer fine = receive(clearingRequest("HK4", "105", "11", l(vt, "D1", "300.00")));
        assertEquals("reply", fine.what());
        assertEquals("700.00", quotaLeft(0));
        // bank 102 never paid D1
        receive(Samples.clearingQuota(catalog, false, "CQ2", "102", "20261123", "100.00"));
        assertEquals(RejectCode.CLEARING_MORE_THAN_PAID,
                receive(clearingRequest("HK5", "102", "11", l(vt, "D1", "1.00"))).code());
    }

    @Test
    void aRefundOfWhatWasNeverClearedIsRefusedAndOfWhatWasClearedRestoresQuotaAndTreasury() {
        paidAndQuota();
        Answer early = receive(refund("TK1", "105", "11", l(vt, "D1", "-10.00")));
        assertEquals(RejectCode.REFUND_NOT_PAID, early.code());
        Answer ghost = receive(refund("TK2", "105", "11", l(vt, "GHOST", "-10.00")));
        assertEquals(RejectCode.REFUND_NOT_PAID, ghost.code());
        receive(clearingRequest("HK1", "105", "11", l(vt, "D1", "300.00")));
        Answer ok = receive(refund("TK3", "105", "11", l(vt, "D1", "-100.00")));
        assertEquals("reply", ok.what());
        assertEquals("-100.00", ok.receipt().get("XPayAmt"));
        assertEquals("-100.00", ok.receipt().details().get(0).get("XPayAmt"));
        assertEquals("800.00", quotaLeft(0));
        assertEquals("99999800.00", summary().get("treasuryBalance"));
        Answer tooMuch = receive(refund("TK4", "105", "11", l(vt, "D1", "-200.01")));
        assertEquals(RejectCode.REFUND_NOT_PAID, tooMuch.code());
        assertTrue(tooMuch.reason().contains("200.01"), tooMuch.reason());
    }

    @Test
    void anAllocationIsPaidFromTheTreasuryAccountAndTheReportsSayIt() {
        configure("fault.fail.payee.prefix", "999");
        Voucher alloc = Samples.allocation(catalog, "BK1", "20261123", l("6222001", "1000.00"), l("9990001", "5.00"));
        Answer a = receive(alloc);
        assertEquals("1000.00", a.receipt().get("XPayAmt"));
        assertEquals("0.00", a.receipt().details().get(1).get("XPayAmt"));
        assertTrue(a.receipt().details().get(1).get("XAddWord").contains("9990001"));
        paidAndQuota();
        receive(clearingRequest("HK1", "105", "11", l(vt, "D1", "300.00")));
        receive(refund("TK1", "105", "11", l(vt, "D1", "-100.00")));
        String said = pboc.runCommand("reports", Map.of());
        assertTrue(said.contains("100.00"), said);
        Voucher income = pboc.sent(catalog.byMeaning(Meanings.INCOME_DAILY_REPORT).orElseThrow().vtCode()).get(0);
        assertEquals("100.00", income.get("AllAmt"));
        assertEquals("2050201", income.details().get(0).get("BudgetSubjectCode"));
        Voucher stock = pboc.sent(catalog.byMeaning(Meanings.STOCK_DAILY_REPORT).orElseThrow().vtCode()).get(0);
        assertEquals("100000000.00", stock.get("PreBalance"));
        assertEquals("100.00", stock.get("IncomeAmt"));
        assertEquals("1300.00", stock.get("PayAmt"));
        assertEquals("99998800.00", stock.get("CurBalance"));
        // the next day starts from there
        clock.set("2026-11-24T09:00:00");
        pboc.runCommand("reports", Map.of());
        Voucher next = pboc.sent(stock.vtCode()).get(1);
        assertEquals("99998800.00", next.get("PreBalance"));
        assertEquals("99998800.00", next.get("CurBalance"));
        assertEquals(0, pboc.sent(income.vtCode()).get(1).details().size());
    }

    @Test
    void theBooksSurviveANewInstance() {
        paidAndQuota();
        receive(clearingRequest("HK1", "105", "11", l(vt, "D1", "300.00")));
        sim = new PbocSimulator(catalog, dir.toString(), clock);
        pboc = node();
        assertEquals("700.00", quotaLeft(0));
        assertEquals(RejectCode.CLEARING_MORE_THAN_PAID,
                receive(clearingRequest("HK2", "105", "11", l(vt, "D1", "0.01"))).code());
        assertEquals("reply", receive(refund("TK1", "105", "11", l(vt, "D1", "-300.00"))).what());
    }

    @Test
    void refuseFaultsByMeaning() {
        configure("fault.refuse.meanings", "direct-clearing-quota");
        Answer a = receive(Samples.clearingQuota(catalog, false, "CQ1", "105", "20261123", "1.00"));
        assertEquals(RejectCode.BUSINESS_REFUSED, a.code());
        assertEquals("reply", receive(Samples.clearingQuota(catalog, true, "CQ2", "105", "20261123", "1.00")).what());
    }
}
