package org.jinku.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import org.jinku.api.Direction;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;
import org.jinku.api.RejectionView;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.catalog.sample.VoucherTemplates;

/**
 * The whole business of seed 003 chapter 2 between the five nodes of the real distribution (finance,
 * the PBoC, agent banks 105 and 102, a budget unit) over the real broker: direct and authorized
 * payment with quotas, 实拨, clearing within quota and window, refunds, reports, void and resend, and
 * every violation the four-party issue lists, each refused with its code. Each test makes its own
 * voucher numbers, units and subjects, so the tests run in any order.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FourPartyIT extends JinkuTestSupport {

    private static final String TODAY = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
    private static final String MONTH = TODAY.substring(0, 6);
    private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase();

    @Inject
    ConfigurationAdmin configAdmin;

    /** Pax Exam makes an instance per test: numbers come from one counter per run. */
    private static final java.util.concurrent.atomic.AtomicInteger SERIAL = new java.util.concurrent.atomic.AtomicInteger();

    // ------------------------------------------------------------------ the catalogue

    @Test
    public void everyTypeIsListedWithItsPartiesAndPositions() throws Exception {
        JsonNode types = json(get("/types"));
        Set<String> codes = new HashSet<>();
        types.forEach(t -> codes.add(t.get("vtCode").asText()));
        assertTrue(codes.toString(), codes.containsAll(List.of("5201", "8207", "5204", "5104", "5105", "8202", "5207",
                "5108", "5106", "2301", "2302", "3401", "3402", "2206")));
        for (JsonNode t : types) {
            if (t.get("vtCode").asText().equals("2301")) {
                assertEquals("AGENT_BANK", t.get("sender").asText());
                assertEquals("PBOC", t.get("receiver").asText());
                assertTrue(t.get("receiptDue").asBoolean());
                assertEquals("FINANCE", t.get("receiptCopyTo").get(0).asText());
                assertEquals("REVIEW", t.get("senderPositions").get(1).get("post").asText());
            }
        }
        String out = shell("jinku:types");
        assertTrue(out, out.contains("5104*") && out.contains("申请划款凭证"));
    }

    // ------------------------------------------------------------------ direct payment

    @Test
    public void directPaymentGoesToTheBankItNamesWhichPaysAndNotifiesTheUnit() throws Exception {
        Node finance = node("finance");
        VoucherKey to105 = send(finance, direct("105", 2, "1200.00"));
        VoucherKey to102 = send(finance, direct("102", 1, "300.00"));
        awaitState(finance, to105, VoucherState.CONFIRMED);
        awaitState(finance, to102, VoucherState.CONFIRMED);
        assertTrue(node("bank105").find(to105, 0).isPresent());
        assertFalse(node("bank102").find(to105, 0).isPresent());
        assertTrue(node("bank102").find(to102, 0).isPresent());

        // the bank's 回单 goes to finance, and a copy to the PBoC (its record of what the bank paid)
        VoucherView receipt = node("bank105").find(to105, 1).orElseThrow();
        assertEquals(Set.of("finance", "pboc"), receipt.deliveries().keySet());
        await("the PBoC's copy acknowledged", () -> node("bank105").find(to105, 1).orElseThrow()
                .statusFor("pboc").code() == 9);
        assertEquals(Direction.IN, node("pboc").find(to105, 1).orElseThrow().direction());

        // the 入账通知书 to the unit names the payment
        await("the unit's 入账通知书", () -> received(node("unit"), "5204", "OriVoucherNo", to105.voucherNo()) != null);
        VoucherView notice = received(node("unit"), "5204", "OriVoucherNo", to105.voucherNo());
        await("the unit accepted it", () -> node("bank105").find(notice.key(), 0).orElseThrow().status().code() == 3);

        JsonNode status = json(get("/nodes/bank105/vouchers/" + to105 + "?flag=1")).get("deliveries");
        assertEquals(9, status.get("pboc").get("status").asInt());
        String out = shell("jinku:status bank105 " + to105);
        assertTrue(out, out.contains("pboc"));
    }

    @Test
    public void aBankSendingItsReceiptTwiceAndThenATamperedCopyHasItTakenOnceAndTheForgeryRefused() throws Exception {
        Node finance = node("finance");
        Configuration sim = configAdmin.getConfiguration("jinku.sim.bank", null);
        Dictionary<String, Object> props = sim.getProperties() == null ? new Hashtable<>() : sim.getProperties();
        props.put("fault.duplicate.meanings", "direct-payment");
        props.put("fault.tamper.meanings", "direct-payment");
        sim.update(props);
        Thread.sleep(1500);
        VoucherKey k;
        try {
            k = send(finance, direct("102", 2, "77.00"));
            awaitState(finance, k, VoucherState.CONFIRMED);
            // the second 回单 (补发) is a redelivery at finance and at the PBoC, which hold a copy
            await("finance took the 回单 again", () -> finance.history(k).stream()
                    .anyMatch(e -> e.kind().equals("DUPLICATE")));
            await("the PBoC took its copy again", () -> node("pboc").history(k).stream()
                    .anyMatch(e -> e.kind().equals("DUPLICATE")));
            // the tampered one, on the bank's own broker login, is refused by both
            assertRejected("finance", k, "#1", RejectCode.BAD_SIGNATURE);
            assertRejected("pboc", k, "#1", RejectCode.BAD_SIGNATURE);
            RejectionView forged = finance.rejections(500).stream().filter(r -> r.code() == RejectCode.BAD_SIGNATURE
                    && (k + "#1").equals(r.voucherKey())).findFirst().orElseThrow();
            assertTrue(forged.reason(), forged.reason().contains("does not match"));
        } finally {
            props.put("fault.duplicate.meanings", "");
            props.put("fault.tamper.meanings", "");
            sim.update(props);
            Thread.sleep(1500);
        }
        // nothing lost, nothing taken or paid twice
        assertEquals(VoucherState.CONFIRMED, finance.find(k, 0).orElseThrow().state());
        assertTrue(finance.history(k).stream().noneMatch(e -> e.kind().equals("ACK_RECEIVE_FAILED")));
        for (String n : List.of("finance", "pboc", "bank102")) {
            assertEquals(n, 1, node(n).list(5000).stream().filter(v -> v.key().equals(k) && v.voucherFlag() == 1).count());
            assertTrue(n, node(n).historyIntact(k));
        }
        VoucherView atBank = node("bank102").find(k, 1).orElseThrow();
        assertEquals(9, atBank.statusFor("finance").code());
        assertEquals(9, atBank.statusFor("pboc").code());
        assertTrue(node("bank102").history(k).stream().anyMatch(e -> e.kind().equals("RESENT")));
        assertEquals("154.00", finance.content(k, 1).orElseThrow().get("XPayAmt"));
    }

    @Test
    public void aVoucherForABankNotConfiguredIsRefusedAtSubmit() throws Exception {
        Node finance = node("finance");
        Voucher v = direct("106", 1, "10.00");
        JinkuException e = expect(RejectCode.UNKNOWN_PEER, () -> finance.submit(v));
        assertTrue(e.getMessage(), e.getMessage().contains("106") && e.getMessage().contains("PayBankCode"));
        assertFalse(finance.find(v.key(), 0).isPresent());
        assertTrue(finance.rejections(50).stream().anyMatch(r -> r.code() == RejectCode.UNKNOWN_PEER));
        HttpResponse<String> r = postAs("lr01", "/nodes/finance/vouchers", VoucherJson.toTree(direct("106", 1, "10.00")).toString());
        assertEquals(r.body(), 400, r.statusCode());
        assertTrue(r.body(), r.body().contains("UNKNOWN_PEER"));
    }

    @Test
    public void aTypeSentByAPartyThatIsNotItsSenderIsRefused() throws Exception {
        Voucher clearing = VoucherTemplates.renumbered(VoucherTemplates.example("2301"), no("W"), TODAY);
        expect(RejectCode.NOT_AUTHORIZED, () -> node("finance").submit(clearing));
        expect(RejectCode.NOT_AUTHORIZED, () -> node("unit").submit(direct("105", 1, "1.00")));
    }

    @Test
    public void batchesAboveTheLineLimitGoAsTheCompanionVoucher() throws Exception {
        Node finance = node("finance");
        expect(RejectCode.INVALID_FIELD, () -> finance.submit(direct("105", 500, "1.00")));
        VoucherKey batch = send(finance, direct("105", 499, "0.50"));
        Voucher companion = VoucherTemplates.withLines(VoucherTemplates.renumbered(VoucherTemplates.example("8207"),
                no("C"), TODAY), "PayAmt", Collections.nCopies(700, new BigDecimal("0.25")));
        companion = VoucherTemplates.with(companion, Map.of("OriginalVoucherNo", batch.voucherNo(), "PayBankCode", "105"));
        VoucherKey big = send(finance, companion);
        awaitState(finance, batch, VoucherState.CONFIRMED);
        awaitState(finance, big, VoucherState.CONFIRMED);
        Voucher back = finance.content(big, 1).orElseThrow();
        assertEquals(700, back.details().size());
        assertEquals("175.00", back.get("XPayAmt"));
    }

    // ------------------------------------------------------------------ authorized payment

    @Test
    public void authorizedPaymentsAreCheckedAgainstWhatIsLeftOfTheUnitsQuota() throws Exception {
        Node finance = node("finance");
        Node unit = node("unit");
        String subject = "20502" + (10 + serial());
        Voucher quota = VoucherTemplates.withLines(VoucherTemplates.renumbered(VoucherTemplates.example("5104"),
                no("Q"), TODAY), "PlanAmt", List.of(new BigDecimal("1000.00")));
        quota = VoucherTemplates.withEveryLine(VoucherTemplates.with(quota, Map.of("PayBankCode", "105",
                "SetMonth", MONTH)), "ExpFuncCode", subject);
        quota = VoucherTemplates.withEveryLine(quota, "AgencyCode", "201001");
        VoucherKey q = send(finance, quota);
        awaitState(finance, q, VoucherState.CONFIRMED);
        await("the unit's 到账通知书", () -> received(unit, "5105", "OriVoucherNo", q.voucherNo()) != null);

        String paid = unit.runCommand("pay", Map.of("bank", "105", "subject", subject, "amount", "600.00"));
        VoucherKey ok = keyIn(unit, paid, "8202");
        awaitState(unit, ok, VoucherState.CONFIRMED);
        assertEquals("600.00", unit.content(ok, 1).orElseThrow().get("XPayAmt"));

        // 600 of 1000 used: 500 more is over quota, refused with the reason, nothing paid
        String over = unit.runCommand("pay", Map.of("bank", "105", "subject", subject, "amount", "500.00"));
        VoucherKey refused = keyIn(unit, over, "8202");
        awaitState(unit, refused, VoucherState.REFUSED);
        VoucherView v = unit.find(refused, 0).orElseThrow();
        assertEquals(4, v.status().code());
        assertTrue(v.reason(), v.reason().contains(subject));
        assertTrue(node("bank105").rejections(100).stream().anyMatch(r -> r.code() == RejectCode.OVER_QUOTA
                && r.voucherKey().equals(refused.toString())));
        assertFalse(node("bank105").find(refused, 1).isPresent());

        // a batch within what is left (400) is paid line by line
        String batch = unit.runCommand("pay", Map.of("bank", "105", "subject", subject, "amount", "100.00",
                "lines", "4"));
        VoucherKey b = keyIn(unit, batch, "8202");
        awaitState(unit, b, VoucherState.CONFIRMED);
        assertEquals(4, unit.content(b, 1).orElseThrow().details().size());
        String ledger = json(get("/nodes/bank105/ledger")).toString();
        assertTrue(ledger, ledger.contains(subject));
    }

    @Test
    public void theSeedsLargestBatchA2575LineQuotaNoticeRoundTrips() throws Exception {
        Node finance = node("finance");
        Voucher q = VoucherTemplates.withLines(VoucherTemplates.renumbered(VoucherTemplates.example("5104"), no("B"),
                TODAY), "PlanAmt", Collections.nCopies(2575, new BigDecimal("10.00")));
        List<Map<String, String>> lines = new ArrayList<>();
        for (int i = 0; i < q.details().size(); i++) {
            Map<String, String> line = new java.util.LinkedHashMap<>(q.details().get(i));
            line.put("AgencyCode", "2019" + String.format("%02d", i % 50));
            line.put("ExpFuncCode", "2080" + String.format("%03d", i));
            lines.add(line);
        }
        q = VoucherTemplates.with(new Voucher(q.header(), lines), Map.of("PayBankCode", "102", "SetMonth", MONTH));
        long start = System.nanoTime();
        VoucherKey key = send(finance, q);
        awaitState(finance, key, VoucherState.CONFIRMED);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("FourPartyIT: 2,575-line quota notice 5104 submitted, signed twice, sent, registered by"
                + " bank 102 and its 回单 verified at finance in " + millis + " ms");
        assertEquals(2575, finance.content(key, 1).orElseThrow().details().size());
        assertTrue(finance.historyIntact(key));
    }

    // ------------------------------------------------------------------ 实拨

    @Test
    public void allocationsArePaidByThePboc() throws Exception {
        Node finance = node("finance");
        Voucher single = VoucherTemplates.withLines(VoucherTemplates.renumbered(VoucherTemplates.example("5207"),
                no("A"), TODAY), "PayAmt", List.of(new BigDecimal("5000.00")));
        single = VoucherTemplates.with(single, Map.of("BusinessTypeCode", "1"));
        Voucher batch = VoucherTemplates.withLines(VoucherTemplates.renumbered(VoucherTemplates.example("5207"),
                no("A"), TODAY), "PayAmt", Collections.nCopies(25, new BigDecimal("40.00")));
        batch = VoucherTemplates.with(batch, Map.of("BusinessTypeCode", "4"));
        VoucherKey s = send(finance, single);
        VoucherKey b = send(finance, batch);
        awaitState(finance, s, VoucherState.CONFIRMED);
        awaitState(finance, b, VoucherState.CONFIRMED);
        assertEquals("1000.00", finance.content(b, 1).orElseThrow().get("XPayAmt"));
    }

    // ------------------------------------------------------------------ clearing and refunds

    @Test
    public void clearingWithinQuotaAndWindowNeverMoreThanPaidThenARefund() throws Exception {
        Node finance = node("finance");
        Node bank = node("bank105");
        // the clearing quota for bank 105's direct payments
        VoucherKey quota = send(finance, clearingQuota("5108", "105", "100000.00"));
        awaitState(finance, quota, VoucherState.CONFIRMED);
        VoucherKey paid = send(finance, direct("105", 3, "2500.00"));
        awaitState(finance, paid, VoucherState.CONFIRMED);
        await("the PBoC holds the bank's 回单 copy", () -> node("pboc").find(paid, 1).isPresent());

        // more than paid: refused, nothing cleared
        Voucher tooMuch = clearingRequest("105", "11", paid, "7600.00");
        VoucherKey k1 = send(bank, tooMuch);
        awaitState(bank, k1, VoucherState.REFUSED);
        assertRejected("pboc", k1, RejectCode.CLEARING_MORE_THAN_PAID);

        // outside the window: refused
        Configuration pbc = configAdmin.getConfiguration("jinku.sim.pbc", null);
        Dictionary<String, Object> props = pbc.getProperties() == null ? new Hashtable<>() : pbc.getProperties();
        Object window = props.get("clearing.window");
        props.put("clearing.window", "00:00-00:01");
        pbc.update(props);
        try {
            Thread.sleep(1500);
            VoucherKey k2 = send(bank, clearingRequest("105", "11", paid, "7500.00"));
            awaitState(bank, k2, VoucherState.REFUSED);
            assertRejected("pboc", k2, RejectCode.OUTSIDE_CLEARING_WINDOW);
        } finally {
            props.put("clearing.window", window == null ? "00:00-24:00" : window);
            pbc.update(props);
            Thread.sleep(1500);
        }

        // within quota, window and what was paid: the bank's command clears everything paid
        String requested = bank.runCommand("clearing-request", Map.of());
        VoucherKey clearing = keyIn(bank, requested, "2301");
        awaitState(bank, clearing, VoucherState.CONFIRMED);
        VoucherView atBank = bank.find(clearing, 1).orElseThrow();
        assertEquals(Direction.IN, atBank.direction());
        // the PBoC's 回单 went to both the bank and finance
        VoucherView pbocReceipt = node("pboc").find(clearing, 1).orElseThrow();
        assertEquals(Set.of("bank105", "finance"), pbocReceipt.deliveries().keySet());
        await("finance holds the 划款 回单", () -> finance.find(clearing, 1).isPresent());

        // the same payment cannot be cleared twice
        VoucherKey again = send(bank, clearingRequest("105", "11", paid, "7500.00"));
        awaitState(bank, again, VoucherState.REFUSED);
        assertRejected("pboc", again, RejectCode.CLEARING_MORE_THAN_PAID);

        // a refund of the payment (the payee's money came back), and one of something never paid
        String refunded = bank.runCommand("refund", Map.of("voucherNo", paid.voucherNo(), "vtCode", "5201"));
        VoucherKey refund = keyIn(bank, refunded, "2302");
        awaitState(bank, refund, VoucherState.CONFIRMED);
        await("finance holds the refund 回单", () -> finance.find(refund, 1).isPresent());
        Voucher never = VoucherTemplates.with(VoucherTemplates.renumbered(VoucherTemplates.example("2302"), no("R"),
                TODAY), Map.of("PayBankCode", "105"));
        never = VoucherTemplates.withEveryLine(never, "OriVoucherNo", "NEVER" + RUN);
        VoucherKey k3 = send(bank, never);
        awaitState(bank, k3, VoucherState.REFUSED);
        assertRejected("pboc", k3, RejectCode.REFUND_NOT_PAID);
        String pbocLedger = json(get("/nodes/pboc/ledger")).toString();
        assertTrue(pbocLedger, pbocLedger.contains("105"));
    }

    @Test
    public void clearingWithoutAQuotaIsRefused() throws Exception {
        Node finance = node("finance");
        Node bank = node("bank102");
        VoucherKey paid = send(finance, direct("102", 1, "88.00"));
        awaitState(finance, paid, VoucherState.CONFIRMED);
        await("the PBoC holds the bank's 回单 copy", () -> node("pboc").find(paid, 1).isPresent());
        // authorized payments (12) of bank 102 have no clearing quota (5106) in this box
        VoucherKey k = send(bank, clearingRequest("102", "12", paid, "88.00"));
        awaitState(bank, k, VoucherState.REFUSED);
        assertRejected("pboc", k, RejectCode.CLEARING_QUOTA_EXCEEDED);
    }

    // ------------------------------------------------------------------ reports

    @Test
    public void dailyReportsReachFinanceWhichAcceptsThem() throws Exception {
        Node finance = node("finance");
        int before = finance.list(10_000).size();
        String pboc = node("pboc").runCommand("reports", Map.of());
        String bank = node("bank105").runCommand("reports", Map.of());
        await("3401, 3402 and 2206 at finance", () -> received(finance, "3401") != null && received(finance, "3402") != null
                && received(finance, "2206") != null);
        for (String vt : List.of("3401", "3402", "2206")) {
            VoucherView r = received(finance, vt);
            finance.accept(r.key(), "it");
            Node sender = node(vt.equals("2206") ? "bank105" : "pboc");
            await(vt + " accepted at its sender", () -> sender.find(r.key(), 0).orElseThrow().status().code() == 3);
        }
        assertTrue(pboc + bank, finance.list(10_000).size() >= before + 3);
    }

    // ------------------------------------------------------------------ void and resend

    @Test
    public void aReturnedVoucherIsVoidedAndSentAgainUnderTheSameNumberAsANewVersion() throws Exception {
        Node finance = node("finance");
        Voucher wrong = VoucherTemplates.with(direct("105", 1, "321.00"), Map.of("PayeeAcctNo", "9990002"));
        wrong = VoucherTemplates.withEveryLine(wrong, "PayeeAcctNo", "9990002");
        VoucherKey key = send(finance, wrong);
        awaitState(finance, key, VoucherState.RETURNED);
        expect(RejectCode.DUPLICATE_VOUCHER, () -> finance.submit(direct(key.voucherNo(), "105")));

        HttpResponse<String> voided = postAs("sh01", "/nodes/finance/vouchers/" + key + "/void",
                "{\"reason\":\"收款人账号有误，更正后重发\"}");
        assertEquals(voided.body(), 200, voided.statusCode());
        assertEquals("VOIDED", json(voided).get("state").asText());

        VoucherKey again = send(finance, direct(key.voucherNo(), "105"));
        assertEquals(key, again);
        awaitState(finance, key, VoucherState.CONFIRMED);
        List<VoucherView> versions = finance.versions(key);
        assertEquals(2, versions.size());
        assertEquals(VoucherState.VOIDED, versions.get(0).state());
        assertEquals(5, versions.get(0).status().code());
        assertEquals(2, versions.get(1).version());
        assertEquals(12, versions.get(1).status().code());
        List<VoucherView> atBank = node("bank105").versions(key);
        assertEquals(List.of(VoucherState.RETURNED, VoucherState.REPLIED), atBank.stream().map(VoucherView::state).toList());
        assertEquals(2, json(get("/nodes/finance/vouchers/" + key + "/versions")).size());

        // paid now: it cannot be voided
        HttpResponse<String> late = postAs("sh01", "/nodes/finance/vouchers/" + key + "/void",
                "{\"reason\":\"too late\"}");
        assertEquals(late.body(), 409, late.statusCode());
        assertTrue(finance.historyIntact(key));
    }

    @Test
    public void financeRefusesA回单AndTheBankSendsACorrectedOne() throws Exception {
        Node finance = node("finance");
        Node bank = node("bank105");
        VoucherKey key = send(finance, direct("105", 1, "66.00"));
        awaitState(finance, key, VoucherState.CONFIRMED);
        await("the bank's 回单 accepted", () -> bank.find(key, 1).orElseThrow().statusFor("finance").code() == 9);
        HttpResponse<String> r = postAs("sh01", "/nodes/finance/vouchers/" + key + "/refuse-receipt",
                "{\"reason\":\"回单流水号有误\"}");
        assertEquals(r.body(), 200, r.statusCode());
        await("status 10 at the bank", () -> bank.find(key, 1).orElseThrow().statusFor("finance").code() == 10);
        assertEquals(VoucherState.ACCEPTED, finance.find(key, 0).orElseThrow().state());
        Voucher corrected = bank.content(key, 1).orElseThrow().withHeader(Map.of("XAgentBusinessNo", "FIX" + RUN), null);
        bank.reply(key, corrected);
        awaitState(finance, key, VoucherState.CONFIRMED);
        assertEquals("FIX" + RUN, finance.content(key, 1).orElseThrow().get("XAgentBusinessNo"));
        await("status 9 again", () -> bank.find(key, 1).orElseThrow().statusFor("finance").code() == 9);
    }

    // ------------------------------------------------------------------ the books

    /**
     * Nothing paid twice, nothing cleared unpaid: what each bank's ledger says it paid equals what the
     * 回单 its payers hold say (finance's 5201/8207, the unit's 8202), the PBoC learned the same from its
     * copies, and neither side has cleared more than was paid. Runs on whatever the other tests left.
     */
    @Test
    public void theLedgersAddUpNothingPaidTwiceNothingClearedUnpaid() throws Exception {
        Node finance = node("finance");
        awaitState(finance, send(finance, direct("105", 2, "10.00")), VoucherState.CONFIRMED);
        awaitState(finance, send(finance, direct("102", 1, "20.00")), VoucherState.CONFIRMED);

        for (String bank : List.of("bank105", "bank102")) {
            String code = bank.substring(4);
            BigDecimal byReceipts = paidByReceipts(finance, bank).add(paidByReceipts(node("unit"), bank));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && new BigDecimal(json(get("/nodes/pboc/ledger")).path("summary").path("byBank")
                    .path(code).path("paid").asText("0")).compareTo(byReceipts) != 0) {
                Thread.sleep(200);
            }
            JsonNode b0 = json(get("/nodes/" + bank + "/ledger")).path("summary");
            System.out.println("FourPartyIT: " + bank + " paid per 回单 " + byReceipts + "; its ledger paid "
                    + b0.get("totalPaid") + " cleared " + b0.get("totalCleared") + " refunded " + b0.get("totalRefunded")
                    + "; the PBoC's " + json(get("/nodes/pboc/ledger")).path("summary").path("byBank").path(code));
            JsonNode books = json(get("/nodes/" + bank + "/ledger")).path("summary");
            BigDecimal paid = new BigDecimal(books.get("totalPaid").asText());
            BigDecimal cleared = new BigDecimal(books.get("totalCleared").asText());
            assertEquals(bank + ": paid per its ledger = paid per its 回单", 0, paid.compareTo(byReceipts));
            assertTrue(bank + ": cleared " + cleared + " > paid " + paid, cleared.compareTo(paid) <= 0);
            JsonNode atPboc = json(get("/nodes/pboc/ledger")).path("summary").path("byBank").get(code);
            assertEquals(0, new BigDecimal(atPboc.get("paid").asText()).compareTo(paid));
            BigDecimal pbocCleared = new BigDecimal(atPboc.get("cleared").asText());
            assertTrue(bank + ": PBoC cleared " + pbocCleared + " > paid", pbocCleared.compareTo(paid) <= 0);
            assertEquals(bank + ": cleared per the bank = per the PBoC", 0, pbocCleared.compareTo(cleared));
        }
        assertTrue(json(get("/nodes/pboc/ledger")).path("summary").path("byBank").has("105"));
        String shell = shell("jinku:ledger pboc");
        assertTrue(shell, shell.contains("treasuryBalance"));
    }

    /** The sum of XPayAmt over the 回单 a node holds from a bank for the payments it ordered. */
    private static BigDecimal paidByReceipts(Node node, String bank) {
        BigDecimal sum = BigDecimal.ZERO;
        for (VoucherView v : node.list(10_000)) {
            if (v.voucherFlag() == 1 && v.direction() == Direction.IN && bank.equals(v.peer())
                    && v.key().vtCode().matches("5201|8207|8202")
                    && node.find(v.key(), 0).map(o -> o.direction() == Direction.OUT).orElse(false)) {
                sum = sum.add(new BigDecimal(node.content(v.key(), 1).orElseThrow().get("XPayAmt")));
            }
        }
        return sum;
    }

    // ------------------------------------------------------------------ helpers

    private Node node(String name) {
        return directory.require(name);
    }

    private static int serial() {
        return SERIAL.incrementAndGet();
    }

    private String no(String prefix) {
        return "IT" + prefix + RUN + "-" + serial();
    }

    /** A 5201 to the bank of that code, {@code lines} lines of {@code lineAmount}. */
    private Voucher direct(String bankCode, int lines, String lineAmount) {
        return direct(no("D"), bankCode, lines, lineAmount);
    }

    private Voucher direct(String voucherNo, String bankCode) {
        return direct(voucherNo, bankCode, 1, "321.00");
    }

    private static Voucher direct(String voucherNo, String bankCode, int lines, String lineAmount) {
        Voucher v = VoucherTemplates.withLines(VoucherTemplates.renumbered(VoucherTemplates.example("5201"), voucherNo,
                TODAY), "PayAmt", Collections.nCopies(lines, new BigDecimal(lineAmount)));
        return VoucherTemplates.with(v, Map.of("PayBankCode", bankCode, "BusinessTypeCode", lines == 1 ? "1" : "4"));
    }

    private Voucher clearingQuota(String vtCode, String bankCode, String amount) {
        String field = vtCode.equals("5106") ? "PlanAmt" : "PayAmt";
        Voucher v = VoucherTemplates.withLines(VoucherTemplates.renumbered(VoucherTemplates.example(vtCode), no("L"),
                TODAY), field, List.of(new BigDecimal(amount)));
        return VoucherTemplates.with(v, Map.of("PayBankCode", bankCode));
    }

    /** A 2301 asking to clear {@code amount} of one paid voucher, made by hand (as a misbehaving bank would). */
    private Voucher clearingRequest(String bankCode, String payType, VoucherKey paid, String amount) {
        Voucher v = VoucherTemplates.withLines(VoucherTemplates.renumbered(VoucherTemplates.example("2301"), no("K"),
                TODAY), "PayAmt", List.of(new BigDecimal(amount)));
        v = VoucherTemplates.with(v, Map.of("PayBankCode", bankCode, "PayTypeCode", payType));
        v = VoucherTemplates.withEveryLine(v, "VoucherNo", paid.voucherNo());
        return VoucherTemplates.withEveryLine(v, "OriVtCode", paid.vtCode());
    }

    /** Submits and signs at every sender position, each by a different operator holding its post, with their PIN. */
    private VoucherKey send(Node node, Voucher v) {
        VoucherKey key = node.submit(v).key();
        org.jinku.catalog.sample.Operators.signEveryPost(node, key,
                org.jinku.catalog.sample.Operators.boxPins(configAdmin, node.name()));
        return key;
    }

    private static JinkuException expect(RejectCode code, Runnable r) {
        try {
            r.run();
        } catch (JinkuException e) {
            assertEquals(e.getMessage(), code, e.code());
            return e;
        }
        throw new AssertionError("expected " + code);
    }

    private static void awaitState(Node node, VoucherKey key, VoucherState state) throws InterruptedException {
        await(key + " " + state + " at " + node.name(), () -> node.find(key, 0).map(VoucherView::state).orElse(null) == state);
    }

    private void assertRejected(String nodeName, VoucherKey key, RejectCode code) throws InterruptedException {
        assertRejected(nodeName, key, "", code);
    }

    /** A rejection of the voucher ({@code suffix} "") or of its 回单 ("#1") with that code, with a reason. */
    private void assertRejected(String nodeName, VoucherKey key, String suffix, RejectCode code)
            throws InterruptedException {
        String ref = key + suffix;
        await(code + " for " + ref + " at " + nodeName, () -> node(nodeName).rejections(500).stream()
                .anyMatch(r -> r.code() == code && ref.equals(r.voucherKey())));
        RejectionView r = node(nodeName).rejections(500).stream().filter(x -> ref.equals(x.voucherKey())
                && x.code() == code).findFirst().orElseThrow();
        assertFalse(r.reason(), r.reason().isBlank());
    }

    /** The newest received voucher of a type at a node (whose header field has a value, if given). */
    private static VoucherView received(Node node, String vtCode, String field, String value) {
        for (VoucherView v : node.list(2000)) {
            if (v.voucherFlag() == 0 && v.direction() == Direction.IN && v.key().vtCode().equals(vtCode)
                    && (field == null || value.equals(node.content(v.key(), 0).orElseThrow().get(field)))) {
                return v;
            }
        }
        return null;
    }

    private static VoucherView received(Node node, String vtCode) {
        return received(node, vtCode, null, null);
    }

    /** The key of the voucher of that type a command says it sent (its VoucherNo is in the answer). */
    private static VoucherKey keyIn(Node node, String answer, String vtCode) {
        for (VoucherView v : node.list(200)) {
            if (v.direction() == Direction.OUT && v.voucherFlag() == 0 && v.key().vtCode().equals(vtCode)
                    && answer.contains(v.key().voucherNo())) {
                return v.key();
            }
        }
        throw new AssertionError("no " + vtCode + " of " + node.name() + " named in: " + answer);
    }
}
