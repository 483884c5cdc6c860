package org.jinku.sim.unit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
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
import org.jinku.api.spi.VoucherType;
import org.jinku.catalog.internal.CatalogService;
import org.jinku.sim.common.Meanings;
import org.jinku.sim.common.Vouchers;
import org.jinku.sim.common.testing.Configs;
import org.jinku.sim.common.testing.FakeNode;
import org.jinku.sim.common.testing.FakeNode.Answer;
import org.jinku.sim.common.testing.MutableClock;

/** The budget unit simulator against a node in memory and the real catalogue. */
class BudgetUnitSimulatorTest {

    @TempDir
    Path dir;

    private final CatalogService catalog = new CatalogService();
    private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00");
    private BudgetUnitSimulator sim;
    private FakeNode unit;
    private final String payment = catalog.byMeaning(Meanings.AUTHORIZED_PAYMENT).orElseThrow().vtCode();

    @BeforeEach
    void setUp() {
        sim = new BudgetUnitSimulator(catalog, dir.toString(), clock);
        unit = node();
    }

    private FakeNode node() {
        FakeNode n = new FakeNode("unit", PartyRole.BUDGET_UNIT, catalog, "dw01:ENTRY", "dw02:REVIEW");
        n.adapter = sim;
        return n;
    }

    private void configure(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("ledger.dir", dir.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        sim.configure(Configs.of(BudgetUnitSimulator.Config.class, m));
    }

    private Answer receive(Voucher v) {
        sim.voucherReceived(unit, unit.deliver(v), v);
        return unit.lastAnswer(v.key()).orElse(null);
    }

    private Voucher creditNotice(String no, String amount) {
        VoucherType t = catalog.byMeaning(Meanings.DIRECT_CREDIT_NOTICE).orElseThrow();
        Map<String, String> h = Vouchers.header(t, "210000", "2026", no, LocalDate.parse("2026-11-23"));
        h.putAll(Map.of("OriVtCode", "5201", "OriVoucherNo", no, "AgencyCode", "201001", "PayAmt", amount,
                "PayDate", "20261123", "PayBankCode", "105"));
        return Vouchers.build(t, h, List.of(Map.of("Id", "1", "PayeeAcctNo", "6222001", "PayeeAcctName", "收款人",
                "PayAmt", amount)));
    }

    private Voucher quotaCredit(String no, String month, String[]... lines) {
        VoucherType t = catalog.byMeaning(Meanings.QUOTA_CREDIT_NOTICE).orElseThrow();
        Map<String, String> h = Vouchers.header(t, "210000", "2026", no, LocalDate.parse("2026-11-23"));
        List<Map<String, String>> ls = new ArrayList<>();
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        int i = 1;
        for (String[] l : lines) {
            ls.add(Map.of("Id", String.valueOf(i++), "ExpFuncCode", l[0], "PlanAmt", l[1]));
            sum = sum.add(new java.math.BigDecimal(l[1]));
        }
        h.putAll(Map.of("OriVoucherNo", "Q1", "AgencyCode", "201001", "SetMonth", month, "PlanAmt",
                sum.setScale(2).toPlainString()));
        return Vouchers.build(t, h, ls);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> summary() {
        return (Map<String, Object>) sim.ledger(unit).get("summary");
    }

    @Test
    void noticesAreAcceptedAndBookedOnce() {
        Voucher c = creditNotice("D1", "300.00");
        assertEquals("accept", receive(c).what());
        FakeNode again = node();
        sim.voucherReceived(again, again.deliver(c), c);
        assertEquals("300.00", summary().get("credited"));
        Voucher q = quotaCredit("Q1", "202611", new String[] {"2050201", "100.00"}, new String[] {"2080501", "50.00"});
        assertEquals("accept", receive(q).what());
        sim.voucherReceived(again, again.deliver(q), q);
        @SuppressWarnings("unchecked")
        List<Map<String, String>> left = (List<Map<String, String>>) summary().get("quotaLeft");
        assertEquals("100.00", left.get(0).get("granted"));
        assertEquals("202611", left.get(0).get("month"));
        assertEquals(2, left.size());
    }

    @Test
    void payCommandSendsASignedAuthorizedPaymentAndBooksTheBanksAnswer() {
        receive(quotaCredit("Q1", "202611", new String[] {"2050201", "1000.00"}));
        String no = unit.runCommand("pay", Map.of("amount", "100.00", "lines", "3", "subject", "2050201",
                "payee", "6222009"));
        Voucher sent = unit.sent(payment).get(0);
        assertEquals(no, sent.key().voucherNo());
        assertTrue(no.length() <= 20, no);
        assertEquals("300.00", sent.get("PayAmt"));
        assertEquals("12", sent.get("PayTypeCode"));
        assertEquals("105", sent.get("PayBankCode"));
        assertEquals("201001", sent.get("AgencyCode"));
        assertEquals(3, sent.details().size());
        assertEquals("6222009", sent.details().get(2).get("PayeeAcctNo"));
        // the bank pays two lines of three
        VoucherType t = catalog.type(payment).orElseThrow();
        List<Map<String, String>> xs = new ArrayList<>(List.of(Map.of("XPayAmt", "100.00"), Map.of("XPayAmt", "100.00"),
                new LinkedHashMap<>(Map.of("XPayAmt", "0.00", "XAddWord", "账户不存在"))));
        Voucher r = Vouchers.receipt(t, sent, Map.of("XPayAmt", "200.00"), xs, LocalDate.parse("2026-11-23"), "T");
        sim.receiptReceived(unit, unit.deliverReceipt(r), r);
        sim.receiptReceived(unit, unit.deliverReceipt(r), r);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> payments = (Map<String, Map<String, Object>>) sim.ledger(unit).get("payments");
        assertEquals("partly-paid", payments.get(sent.key().toString()).get("state"));
        @SuppressWarnings("unchecked")
        List<Map<String, String>> left = (List<Map<String, String>>) summary().get("quotaLeft");
        assertEquals("800.00", left.get(0).get("left"));
    }

    @Test
    void aRefusalIsBookedWithItsReason() {
        String no = unit.runCommand("pay", Map.of("amount", "5000.00", "bank", "102"));
        VoucherKey key = unit.sent(payment).get(0).key();
        assertEquals(no, key.voucherNo());
        sim.voucherRejected(unit, unit.peerRefused(key, "授权支付额度不足: 单位 201001"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> payments = (Map<String, Map<String, Object>>) sim.ledger(unit).get("payments");
        assertEquals("refused", payments.get(key.toString()).get("state"));
        assertTrue(payments.get(key.toString()).get("reason").toString().contains("额度不足"));
        assertEquals("102", payments.get(key.toString()).get("bank"));
    }

    @Test
    void aPayCommandNeedsAnAmount() {
        JinkuException e = assertThrows(JinkuException.class, () -> unit.runCommand("pay", Map.of()));
        assertEquals(RejectCode.INVALID_FIELD, e.code());
        assertThrows(JinkuException.class, () -> unit.runCommand("pay", Map.of("amount", "1.001")));
        assertThrows(JinkuException.class, () -> unit.runCommand("nope", Map.of()));
    }

    @Test
    void noticeFaultsRefuseReturnOrDelay() {
        configure("fault.refuse.meanings", "direct-payment-credit-notice", "fault.return.meanings",
                "authorized-quota-credit-notice", "fault.return.reason", "单位不符");
        Answer refused = receive(creditNotice("D1", "1.00"));
        assertEquals(RejectCode.BUSINESS_REFUSED, refused.code());
        Answer returned = receive(quotaCredit("Q1", "202611", new String[] {"2050201", "1.00"}));
        assertEquals("return", returned.what());
        assertEquals("单位不符", returned.reason());
        configure("fault.delay.seconds", "10");
        assertEquals(null, receive(creditNotice("D2", "1.00")));
        clock.advance(Duration.ofSeconds(10));
        sim.runtime().runDue();
        assertEquals("accept", unit.lastAnswer(creditNotice("D2", "1.00").key()).orElseThrow().what());
        assertEquals("1.00", summary().get("credited"));
    }

    @Test
    void theBooksSurviveANewInstanceAndNumbersGoOn() {
        receive(quotaCredit("Q1", "202611", new String[] {"2050201", "100.00"}));
        String first = unit.runCommand("pay", Map.of("amount", "1.00"));
        sim = new BudgetUnitSimulator(catalog, dir.toString(), clock);
        unit.adapter = sim;
        String second = unit.runCommand("pay", Map.of("amount", "1.00"));
        assertTrue(!first.equals(second), first + " " + second);
        @SuppressWarnings("unchecked")
        List<Map<String, String>> left = (List<Map<String, String>>) summary().get("quotaLeft");
        assertEquals("100.00", left.get(0).get("granted"));
    }
}
