package org.jinku.sim.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jinku.api.JinkuException;
import org.jinku.api.PartyRole;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.VoucherType;
import org.jinku.sim.common.testing.FakeCatalog;
import org.jinku.sim.common.testing.FakeNode;

class SenderTest {

    private static final Map<String, String> PINS = Map.of("yh01", "111111", "yh02", "222222");

    private final FakeCatalog catalog = new FakeCatalog();
    private final VoucherType report = catalog.byMeaning(Meanings.DIRECT_DAILY_REPORT).orElseThrow();

    private Voucher report(String no) {
        Map<String, String> h = Vouchers.header(report, "210000", "2026", no, LocalDate.parse("2026-11-23"));
        h.put("PayBankCode", "105");
        h.put("ReportDate", "20261123");
        h.put("AllNum", "1");
        h.put("AllAmt", "1.00");
        h.put("NotAField", "dropped");
        return Vouchers.build(report, h, List.of(Map.of("Id", "1", "AgencyCode", "201001", "PayAmt", "1.00", "Num", "1")));
    }

    @Test
    void submitsAndSignsEveryPostByDifferentUsers() {
        FakeNode bank = new FakeNode("bank105", PartyRole.AGENT_BANK, catalog, "yh01:ENTRY", "yh02:REVIEW");
        bank.pins.putAll(PINS);
        VoucherView v = Sender.send(bank, report, report("R1"), PINS::get);
        assertEquals(VoucherState.SENT, v.state());
        assertEquals(List.of("yh01", "yh02"), v.signatures().stream().map(s -> s.userId()).toList());
        assertEquals(1, bank.sent.size());
        assertTrue(!bank.sent.get(0).header().containsKey("NotAField"));
        // again: nothing new
        Sender.send(bank, report, report("R1"), PINS::get);
        assertEquals(1, bank.sent.size());
        assertTrue(Sender.sent(bank, report("R1").key()));
    }

    @Test
    void eachOperatorSignsWithTheirPinAndAWrongOneStopsIt() {
        FakeNode bank = new FakeNode("bank105", PartyRole.AGENT_BANK, catalog, "yh01:ENTRY", "yh02:REVIEW");
        bank.pins.putAll(PINS);
        JinkuException e = assertThrows(JinkuException.class, () -> Sender.send(bank, report, report("R3"),
                u -> u.equals("yh01") ? "111111" : "000000"));
        assertEquals(RejectCode.WRONG_PIN, e.code());
        assertEquals(VoucherState.SIGNING, bank.find(report("R3").key(), 0).orElseThrow().state());
        // the right PIN signs on from where it stopped
        assertEquals(VoucherState.SENT, Sender.send(bank, report, report("R3"), PINS::get).state());
    }

    @Test
    void saysWhichPostNobodyCanSign() {
        FakeNode bank = new FakeNode("bank105", PartyRole.AGENT_BANK, catalog, "yh01:ENTRY");
        JinkuException e = assertThrows(JinkuException.class, () -> Sender.send(bank, report, report("R2"), PINS::get));
        assertEquals(RejectCode.NOT_AUTHORIZED, e.code());
        assertTrue(e.getMessage().contains("REVIEW"), e.getMessage());
    }

    @Test
    void aReceiptFillsWhatItsTypeRequires() {
        VoucherType refund = catalog.byMeaning(Meanings.REFUND).orElseThrow();
        Map<String, String> h = Vouchers.header(refund, "210000", "2026", "T1", LocalDate.parse("2026-11-23"));
        h.putAll(Map.of("PayBankCode", "105", "PayTypeCode", "12", "PayAmt", "-5.00"));
        Voucher v = Vouchers.build(refund, h, List.of(Map.of("Id", "1", "OriVoucherNo", "P1", "PayAmt", "-5.00")));
        Voucher r = Vouchers.receipt(refund, v, Map.of("XClearDate", "20261123"), null, LocalDate.parse("2026-11-23"), "T");
        assertEquals("-5.00", r.get("XPayAmt"));
        assertEquals("-5.00", r.details().get(0).get("XPayAmt"));
        assertEquals(List.of(), catalog.validate(r, 1));
    }
}
