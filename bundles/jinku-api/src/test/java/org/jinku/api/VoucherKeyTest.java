package org.jinku.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class VoucherKeyTest {

    @Test
    void keyRoundTripsThroughItsTextForm() {
        VoucherKey k = VoucherKey.parse("210000/2026/5201/V-001");
        assertEquals(new VoucherKey("210000", "2026", "5201", "V-001"), k);
        assertEquals("210000/2026/5201/V-001", k.toString());
    }

    @Test
    void malformedKeysNameTheBadPart() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VoucherKey.parse("21000/2026/5201/V1"))
                .getMessage().contains("AdmDivCode"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VoucherKey.parse("210000/2026/5201"))
                .getMessage().contains("AdmDivCode/StYear/VtCode/VoucherNo"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VoucherKey.parse("210000/2026/5201/a b"))
                .getMessage().contains("VoucherNo"));
    }

    @Test
    void voucherKeyComesFromItsHeader() {
        Voucher v = new Voucher(Map.of("AdmDivCode", "210000", "StYear", "2026", "VtCode", "5201", "VoucherNo", "X1"),
                List.of());
        assertEquals(VoucherKey.parse("210000/2026/5201/X1"), v.key());
        assertEquals("", new Voucher(Map.of(), List.of()).key().voucherNo());
    }

    @Test
    void statusCodesAreThoseOfTheDeployedLibrary() {
        assertEquals(12, DeliveryStatus.RECEIPT_BACK.code());
        assertEquals(DeliveryStatus.RECEIPT_ACCEPTED, DeliveryStatus.ACCEPTED.forFlag(1));
        assertEquals(DeliveryStatus.RETURNED, DeliveryStatus.RETURNED.forFlag(0));
        assertEquals(DeliveryStatus.RECEIPT_BACK, DeliveryStatus.RECEIPT_BACK.forFlag(1));
        for (int code = -1; code <= 14; code++) {
            assertEquals(code, DeliveryStatus.ofCode(code).code());
        }
    }
}
