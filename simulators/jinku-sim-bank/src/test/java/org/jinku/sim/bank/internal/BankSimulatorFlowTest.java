package org.jinku.sim.bank.internal;

import static org.jinku.sim.common.testing.Samples.l;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.JinkuException;
import org.jinku.api.PartyRole;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.catalog.internal.CatalogService;
import org.jinku.sim.common.Meanings;
import org.jinku.sim.common.Vouchers;
import org.jinku.sim.common.testing.Configs;
import org.jinku.sim.common.testing.FakeNode;
import org.jinku.sim.common.testing.FakeNode.Answer;
import org.jinku.sim.common.testing.MutableClock;
import org.jinku.sim.common.testing.Samples;

/** The bank simulator against a node in memory and the real catalogue (every voucher it makes is validated). */
class BankSimulatorFlowTest {

    @TempDir
    Path dir;

    private final CatalogService catalog = new CatalogService();
    private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00");
    private BankSimulator sim;
    private FakeNode bank;

    private final String credit = catalog.byMeaning(Meanings.DIRECT_CREDIT_NOTICE).orElseThrow().vtCode();
    private final String quotaCredit = catalog.byMeaning(Meanings.QUOTA_CREDIT_NOTICE).orElseThrow().vtCode();
    private final String clearing = catalog.byMeaning(Meanings.CLEARING_REQUEST).orElseThrow().vtCode();
    private final String refund = catalog.byMeaning(Meanings.REFUND).orElseThrow().vtCode();
    private final String report = catalog.byMeaning(Meanings.DIRECT_DAILY_REPORT).orElseThrow().vtCode();

    @BeforeEach
    void setUp() {
        sim = newSim();
        bank = node();
    }

    private BankSimulator newSim() {
        return new BankSimulator(catalog, dir.toString(), clock);
    }

    private FakeNode node() {
        FakeNode n = new FakeNode("bank105", PartyRole.AGENT_BANK, catalog, "yh01:ENTRY", "yh02:REVIEW", "yhqz:SEAL");
        n.adapter = sim;
        return n;
    }

    private void configure(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("ledger.dir", dir.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        sim.configure(Configs.of(BankSimulator.Config.class, m));
    }

    private void receive(Voucher v) {
        sim.voucherReceived(bank, bank.deliver(v), v);
    }

    private Answer last(Voucher v) {
        return bank.lastAnswer(v.key()).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String name) {
        return (Map<String, Object>) sim.ledger(bank).get(name);
    }

    @Test
    void aDirectPaymentIsPaidAnsweredAndTheUnitGetsItsCreditNotice() {
        Voucher v = Samples.directPayment(catalog, "D1", "105", "201001", "20261123",
                l("6222001", "100.00"), l("6222002", "200.50"));
        receive(v);
        assertEquals(List.of("accept", "reply"), bank.answers.stream().map(Answer::what).toList());
        Voucher r = last(v).receipt();
        assertEquals("300.50", r.get("XPayAmt"));
        assertEquals("20261123", r.get("XPayDate"));
        assertEquals("200.50", r.details().get(1).get("XPayAmt"));
        Voucher notice = bank.sent(credit).get(0);
        assertEquals("300.50", notice.get("PayAmt"));
        assertEquals(v.vtCode(), notice.get("OriVtCode"));
        assertEquals("D1", notice.get("OriVoucherNo"));
        assertEquals("201001", notice.get("AgencyCode"));
        assertEquals(2, notice.details().size());
        // the engine hands it over again (say after a restart): nothing is paid or noticed twice
        FakeNode again = node();
        sim.voucherReceived(again, again.deliver(v), v);
        assertEquals("300.50", last(v).receipt().get("XPayAmt"));
        assertEquals("300.50", again.lastAnswer(v.key()).orElseThrow().receipt().get("XPayAmt"));
        assertEquals(List.of(), again.sent(credit));
        assertEquals("300.50", section("summary").get("totalPaid"));
    }

    @Test
    void theBanksOperatorsSignTheNoticeWithTheirPinsFromTheNodesConfiguration() {
        bank.pins.putAll(Map.of("yh01", "510511", "yh02", "510512"));
        java.util.Hashtable<String, Object> config = new java.util.Hashtable<>();
        config.put("jinku.node", "bank105");
        config.put("pin.yh01", "510511");
        config.put("pin.yh02", "510512");
        sim.nodeConfig(name -> config);
        Voucher v = Samples.directPayment(catalog, "DP1", "105", "201001", "20261123", l("6222001", "100.00"));
        receive(v);
        Voucher notice = bank.sent(credit).get(0);
        assertEquals(List.of("yh01", "yh02"), bank.find(notice.key(), 0).orElseThrow().signatures().stream()
                .map(s -> s.userId()).toList());
    }

    @Test
    void aLineToAFailingPayeeIsNotPaidAndTheNoticeHasOnlyThePaidLines() {
        configure("fault.fail.payee.prefix", "6222002");
        Voucher v = Samples.directPayment(catalog, "D2", "105", "201001", "20261123",
                l("6222001", "100.00"), l("6222002", "200.50"));
        receive(v);
        Voucher r = last(v).receipt();
        assertEquals("100.00", r.get("XPayAmt"));
        assertEquals("0.00", r.details().get(1).get("XPayAmt"));
        assertTrue(r.details().get(1).get("XAddWord").contains("6222002"));
        Voucher notice = bank.sent(credit).get(0);
        assertEquals("100.00", notice.get("PayAmt"));
        assertEquals(1, notice.details().size());
    }

    @Test
    void theOldFaultsOfTheDirectPaymentStillWork() {
        configure("refuse.above", "1000.00");
        Voucher big = Samples.directPayment(catalog, "D3", "105", "201001", "20261123", l("6222001", "1000.01"));
        receive(big);
        assertEquals("refuse", last(big).what());
        assertTrue(last(big).reason().contains("超出代理银行单笔限额"));
        Voucher ret = Samples.directPayment(catalog, "D4", "105", "201001", "20261123", l("9990001", "1.00"));
        receive(ret);
        assertEquals("return", last(ret).what());
        assertTrue(last(ret).reason().contains("9990001"));
    }

    @Test
    void aBatchCompanionIsPaidAndNoticedUnderItsOwnNumber() {
        Voucher b = Samples.directBatch(catalog, "B1", "D9", "105", "201001", "20261123",
                l("6222001", "1.00"), l("6222002", "2.00"));
        receive(b);
        assertEquals("3.00", last(b).receipt().get("XPayAmt"));
        Voucher notice = bank.sent(credit).get(0);
        assertEquals("B1P", notice.get("VoucherNo"));
        assertEquals(b.vtCode(), notice.get("OriVtCode"));
    }

    private Voucher quota() {
        return Samples.quotaNotice(catalog, "Q1", "105", "202611", "20261123",
                l("201001", "2050201", "100.00"), l("201001", "2080501", "50.00"), l("201002", "2050201", "70.00"));
    }

    @Test
    void aQuotaNoticeIsRegisteredConfirmedAndNoticedToEachUnit() {
        Voucher q = quota();
        receive(q);
        assertEquals("reply", last(q).what());
        assertEquals(q.details(), last(q).receipt().details());
        List<Voucher> notices = bank.sent(quotaCredit);
        assertEquals(2, notices.size());
        assertEquals("201001", notices.get(0).get("AgencyCode"));
        assertEquals("150.00", notices.get(0).get("PlanAmt"));
        assertEquals("202611", notices.get(0).get("SetMonth"));
        assertEquals("Q1", notices.get(0).get("OriVoucherNo"));
        assertEquals("70.00", notices.get(1).get("PlanAmt"));
        FakeNode again = node();
        sim.voucherReceived(again, again.deliver(q), q);
        assertEquals(List.of(), again.sent(quotaCredit));
        @SuppressWarnings("unchecked")
        List<Map<String, String>> left = (List<Map<String, String>>) section("summary").get("quotaLeft");
        assertEquals("100.00", left.get(0).get("left"));
    }

    @Test
    void anAuthorizedPaymentOverQuotaIsRefusedWithTheQuotaInTheReason() {
        receive(quota());
        Voucher over = Samples.authorizedPayment(catalog, "A1", "105", "201001", "20261123",
                l("2050201", "6222001", "100.01"));
        receive(over);
        Answer a = last(over);
        assertEquals("refuse", a.what());
        assertEquals(RejectCode.OVER_QUOTA, a.code());
        assertTrue(a.reason().contains("201001") && a.reason().contains("2050201") && a.reason().contains("202611")
                && a.reason().contains("100.00") && a.reason().contains("100.01"), a.reason());
        Voucher fits = Samples.authorizedPayment(catalog, "A2", "105", "201001", "20261123",
                l("2050201", "6222001", "60.00"), l("2050201", "6222002", "40.00"));
        receive(fits);
        assertEquals("reply", last(fits).what());
        assertEquals("100.00", last(fits).receipt().get("XPayAmt"));
        Voucher more = Samples.authorizedPayment(catalog, "A3", "105", "201001", "20261123",
                l("2050201", "6222001", "0.01"));
        receive(more);
        assertEquals(RejectCode.OVER_QUOTA, last(more).code());
    }

    private Voucher pbocReceipt(Voucher sent, String... lineX) {
        var t = catalog.type(sent.vtCode()).orElseThrow();
        List<Map<String, String>> xs = new java.util.ArrayList<>();
        for (String x : lineX) {
            xs.add(Map.of("XPayAmt", x));
        }
        BigDecimal sum = xs.stream().map(m -> new BigDecimal(m.get("XPayAmt"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        return Vouchers.receipt(t, sent, Map.of("XPayAmt", sum.setScale(2).toPlainString(), "XClearDate", "20261123"),
                xs, java.time.LocalDate.parse("2026-11-23"), "PB");
    }

    @Test
    void aClearingRequestAsksForWhatWasPaidPerPayTypeOnce() {
        receive(quota());
        receive(Samples.directPayment(catalog, "D1", "105", "201001", "20261123", l("6222001", "100.00")));
        receive(Samples.directPayment(catalog, "D2", "105", "201001", "20261123", l("6222001", "20.00")));
        receive(Samples.authorizedPayment(catalog, "A1", "105", "201001", "20261123", l("2050201", "6222001", "30.00")));
        String said = bank.runCommand("clearing-request", Map.of());
        assertTrue(said.contains("PayTypeCode 11") && said.contains("PayTypeCode 12"), said);
        List<Voucher> requests = bank.sent(clearing);
        assertEquals(2, requests.size());
        Voucher direct = requests.get(0);
        assertEquals("11", direct.get("PayTypeCode"));
        assertEquals("120.00", direct.get("PayAmt"));
        assertEquals("105", direct.get("PayBankCode"));
        assertEquals(List.of("D1", "D2"), direct.details().stream().map(d -> d.get("VoucherNo")).toList());
        assertEquals("30.00", requests.get(1).get("PayAmt"));
        assertTrue(bank.runCommand("clearing-request", Map.of()).startsWith("nothing to clear"));

        // the PBoC refuses the authorized one and clears the direct one
        sim.voucherRejected(bank, bank.peerRefused(requests.get(1).key(), "outside the clearing window"));
        sim.receiptReceived(bank, bank.deliverReceipt(pbocReceipt(direct, "100.00", "20.00")),
                pbocReceipt(direct, "100.00", "20.00"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> clearings = (Map<String, Map<String, Object>>) sim.ledger(bank).get("clearings");
        assertEquals("cleared", clearings.get(direct.key().toString()).get("state"));
        assertEquals("refused", clearings.get(requests.get(1).key().toString()).get("state"));
        assertEquals("120.00", section("summary").get("totalCleared"));
        // what was refused is asked for again; what was cleared is not
        bank.runCommand("clearing-request", Map.of());
        assertEquals(3, bank.sent(clearing).size());
        assertEquals("12", bank.sent(clearing).get(2).get("PayTypeCode"));
        assertEquals("nothing to clear", bank.runCommand("clearing-request", Map.of("payType", "11")).substring(0, 16));
    }

    @Test
    void aRefundGoesToThePbocWithNegativeAmountsAndRestoresTheUnitQuotaWhenTaken() {
        receive(quota());
        Voucher a = Samples.authorizedPayment(catalog, "A1", "105", "201001", "20261123", l("2050201", "6222001", "60.00"));
        receive(a);
        JinkuException unknown = assertThrows(JinkuException.class,
                () -> bank.runCommand("refund", Map.of("voucherNo", "NOPE")));
        assertEquals(RejectCode.INVALID_FIELD, unknown.code());
        assertThrows(JinkuException.class, () -> bank.runCommand("refund", Map.of("voucherNo", "A1", "amount", "60.01")));
        String said = bank.runCommand("refund", Map.of("voucherNo", "A1", "amount", "25.00"));
        assertTrue(said.contains("-25.00"), said);
        Voucher r = bank.sent(refund).get(0);
        assertEquals("-25.00", r.get("PayAmt"));
        assertEquals("12", r.get("PayTypeCode"));
        assertEquals("A1", r.details().get(0).get("OriVoucherNo"));
        assertEquals(a.vtCode(), r.details().get(0).get("OriVtCode"));
        assertEquals("2050201", r.details().get(0).get("ExpFuncCode"));
        Voucher receipt = pbocReceipt(r, "-25.00");
        sim.receiptReceived(bank, bank.deliverReceipt(receipt), receipt);
        @SuppressWarnings("unchecked")
        List<Map<String, String>> left = (List<Map<String, String>>) section("summary").get("quotaLeft");
        assertEquals("65.00", left.get(0).get("left"));
        // a refund of a payment never made, forced, to see the PBoC refuse it
        bank.runCommand("refund", Map.of("voucherNo", "GHOST1", "amount", "5.00", "force", "true"));
        assertEquals("GHOST1", bank.sent(refund).get(1).details().get(0).get("OriVoucherNo"));
    }

    @Test
    void theDailyReportListsTodaysDirectPaymentsPerUnit() {
        assertTrue(bank.runCommand("reports", Map.of()).contains(report) || bank.sent(report).size() == 1);
        receive(Samples.directPayment(catalog, "D1", "105", "201001", "20261123", l("6222001", "100.00"), l("6222002", "1.00")));
        receive(Samples.directPayment(catalog, "D2", "105", "201002", "20261123", l("6222001", "20.00")));
        bank.runCommand("reports", Map.of());
        Voucher r = bank.sent(report).get(bank.sent(report).size() - 1);
        assertEquals("121.00", r.get("AllAmt"));
        assertEquals("3", r.get("AllNum"));
        assertEquals("20261123", r.get("ReportDate"));
        assertEquals(2, r.details().size());
        assertEquals("2", r.details().get(0).get("Num"));
    }

    @Test
    void refuseAndReturnFaultsByMeaning() {
        configure("fault.refuse.meanings", "authorized-quota-notice", "fault.return.meanings", "direct-payment",
                "fault.return.reason", "账户冻结");
        Voucher q = quota();
        receive(q);
        assertEquals(RejectCode.BUSINESS_REFUSED, last(q).code());
        Voucher d = Samples.directPayment(catalog, "D1", "105", "201001", "20261123", l("6222001", "1.00"));
        receive(d);
        assertEquals("return", last(d).what());
        assertEquals("账户冻结", last(d).reason());
        assertEquals(List.of(), bank.sent);
    }

    @Test
    void aDelayedAnswerGoesLater() {
        configure("fault.delay.seconds", "30");
        Voucher d = Samples.directPayment(catalog, "D1", "105", "201001", "20261123", l("6222001", "1.00"));
        receive(d);
        assertEquals(List.of(), bank.answers);
        clock.advance(Duration.ofSeconds(29));
        sim.runtime().runDue();
        assertEquals(List.of(), bank.answers);
        clock.advance(Duration.ofSeconds(1));
        sim.runtime().runDue();
        assertEquals("reply", last(d).what());
    }

    @Test
    void silenceHoldsAnswersAndNoticesThenCatchesUp() {
        configure("fault.silent.seconds", "60", "notice.delay.seconds", "0");
        Voucher d = Samples.directPayment(catalog, "D1", "105", "201001", "20261123", l("6222001", "1.00"));
        receive(d);
        sim.tick();
        assertEquals(List.of(), bank.answers);
        clock.advance(Duration.ofSeconds(61));
        sim.runtime().runDue();
        assertEquals("reply", last(d).what());
        assertEquals(1, bank.sent(credit).size());
        // another setting changes: the silence does not start again
        configure("fault.silent.seconds", "60", "notice.delay.seconds", "5");
        assertFalse(sim.runtime().silent());
    }

    @Test
    void theCreditNoticeWaitsForItsDelayThenTheTickSendsIt() {
        configure("notice.delay.seconds", "120");
        receive(Samples.directPayment(catalog, "D1", "105", "201001", "20261123", l("6222001", "1.00")));
        assertEquals(List.of(), bank.sent(credit));
        clock.advance(Duration.ofSeconds(120));
        sim.tick();
        assertEquals(1, bank.sent(credit).size());
    }

    @Test
    void theDailyClearingRunsOnceAtItsTime() {
        configure("clearing.at", "16:00");
        receive(Samples.directPayment(catalog, "D1", "105", "201001", "20261123", l("6222001", "1.00")));
        clock.set("2026-11-23T15:59:00");
        sim.tick();
        assertEquals(List.of(), bank.sent(clearing));
        clock.set("2026-11-23T16:00:01");
        sim.tick();
        sim.tick();
        assertEquals(1, bank.sent(clearing).size());
    }

    @Test
    void theBooksSurviveARestart() {
        receive(quota());
        Voucher a = Samples.authorizedPayment(catalog, "A1", "105", "201001", "20261123", l("2050201", "6222001", "60.00"));
        receive(a);
        sim = newSim();
        FakeNode after = node();
        // the engine resumes the payment it had not seen answered: paid once, quota used once
        sim.voucherReceived(after, after.deliver(a), a);
        assertEquals("60.00", after.lastAnswer(a.key()).orElseThrow().receipt().get("XPayAmt"));
        Voucher more = Samples.authorizedPayment(catalog, "A2", "105", "201001", "20261123", l("2050201", "6222001", "40.01"));
        sim.voucherReceived(after, after.deliver(more), more);
        assertEquals(RejectCode.OVER_QUOTA, after.lastAnswer(more.key()).orElseThrow().code());
        assertTrue(after.lastAnswer(more.key()).orElseThrow().reason().contains("40.00"));
    }

    @Test
    void withoutACatalogueItBehavesAsTheFirstSimulator() {
        BankSimulator plain = new BankSimulator();
        Voucher v = Samples.directPayment(catalog, "D1", "102", "201001", "20261123", l("6222001", "1.00"));
        plain.voucherReceived(bank, bank.deliver(v), v);
        assertEquals("reply", last(v).what());
        assertEquals(VoucherState.REPLIED, bank.find(v.key(), 0).orElseThrow().state());
        assertEquals(List.of("clearing-request", "refund", "reports"), plain.commands());
        assertTrue(new LinkedHashMap<>(sim.ledger(bank)).containsKey("faults"));
        assertEquals("sim-bank", new VoucherKey("210000", "2026", "5201", "X").vtCode().isEmpty() ? "" : sim.id());
    }
}
