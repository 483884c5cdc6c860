package org.jinku.sim.bank.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jinku.api.Voucher;
import org.jinku.catalog.internal.CatalogService;
import org.jinku.catalog.sample.SampleVouchers;

class BankSimulatorTest {

    private final Voucher voucher = SampleVouchers.directPayment("210000", "2026", "S1", 3, 33_333, "20261123");

    @Test
    void receiptKeepsTheKeyAndFillsTheXFieldsOfEveryLine() {
        Voucher r = BankSimulator.receipt(voucher);
        assertEquals(voucher.key(), r.key());
        assertEquals("999.99", r.get("XPayAmt"));
        assertEquals(8, r.get("XPayDate").length());
        assertTrue(r.get("XAgentBusinessNo").startsWith("SIM"));
        r.details().forEach(d -> assertEquals("333.33", d.get("XPayAmt")));
        // the catalogue accepts it as a 5201 receipt (flag 1)
        assertEquals(List.of(), new CatalogService().validate(r, 1));
    }

    @Test
    void aRetriedPaymentReportsTheSameTransactionNumber() {
        assertEquals(BankSimulator.receipt(voucher).get("XAgentBusinessNo"),
                BankSimulator.receipt(voucher).get("XAgentBusinessNo"));
        Voucher other = SampleVouchers.directPayment("210000", "2026", "S2", 3, 33_333, "20261123");
        assertTrue(!BankSimulator.receipt(other).get("XAgentBusinessNo")
                .equals(BankSimulator.receipt(voucher).get("XAgentBusinessNo")));
    }
}
