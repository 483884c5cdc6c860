package org.jinku.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;
import org.jinku.catalog.sample.SampleVouchers;

/** A voucher travels with its X fields present and empty, for the receiver to fill in place. */
class SendingFormTest {

    private final CatalogService catalog = new CatalogService();
    private final Voucher sample = SampleVouchers.directPayment("210000", "2026", "V0001", 2, 50_000, "20261123");
    private final VoucherType type = catalog.type("5201").orElseThrow();

    @Test
    void everyReceiptFieldIsPresentAndEmptyInHeaderAndLines() {
        Voucher sent = catalog.forSending(sample);
        assertEquals(receiptOnly(type.headerFields()), xFields(sent.header()));
        for (Map<String, String> line : sent.details()) {
            assertEquals(receiptOnly(type.detailFields()), xFields(line));
        }
        assertTrue(sent.header().entrySet().stream().filter(f -> f.getKey().startsWith("X"))
                .allMatch(f -> f.getValue().isEmpty()));
    }

    @Test
    void fieldsFollowCatalogueOrderAndKeepTheirValues() {
        Voucher sent = catalog.forSending(sample);
        assertEquals(catalogueOrder(type.headerFields(), sent.header()), new ArrayList<>(sent.header().keySet()));
        assertEquals(catalogueOrder(type.detailFields(), sent.details().get(0)),
                new ArrayList<>(sent.details().get(0).keySet()));
        sample.header().forEach((k, v) -> assertEquals(v, sent.get(k), k));
        assertEquals(sample.details().size(), sent.details().size());
        // Nothing to add a second time.
        assertEquals(sent, catalog.forSending(sent));
    }

    @Test
    void aSentVoucherWithEmptyXFieldsIsValidButAFilledOneIsNot() {
        Voucher sent = catalog.forSending(sample);
        assertEquals(List.of(), catalog.validate(sent, 0));
        assertEquals(sent, catalog.fromBase64(catalog.toBase64(sent)));
        Voucher filled = sent.withHeader(Map.of("XPayAmt", "1000.00"), null);
        assertTrue(catalog.validate(filled, 0).stream().anyMatch(e -> e.path().equals("XPayAmt")
                && e.code().equals("receiptOnly")));
    }

    @Test
    void aReceiverFillsTheFieldsInPlaceAndTheReceiptIsValid() {
        Voucher sent = catalog.forSending(sample);
        Voucher receipt = ReceiptAmountsTest.receipt(sent, "1000.00", "500.00", null);
        assertEquals(List.of(), catalog.validate(receipt, 1));
        assertEquals(new ArrayList<>(sent.header().keySet()), new ArrayList<>(receipt.header().keySet()));
    }

    @Test
    void senderOrderIsKeptAndMissingXFieldsFollowTheirCataloguePredecessor() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("PayAmt", "1.00");
        h.put("VtCode", "5201");
        h.put("XPayAmt", "");
        Voucher odd = new Voucher(h, List.of());
        List<String> keys = new ArrayList<>(catalog.forSending(odd).header().keySet());
        assertEquals(List.of("PayAmt", "XPayDate", "XAgentBusinessNo", "XCheckNo", "VtCode", "XPayAmt",
                "XPayeeAcctBankName", "XPayeeAcctNo", "XPayeeAcctName"), keys);
    }

    @Test
    void unknownTypeIsLeftAsItIs() {
        Voucher other = sample.withHeader(Map.of("VtCode", "9999"), null);
        assertSame(other, catalog.forSending(other));
        Map<String, String> h = new LinkedHashMap<>(sample.header());
        h.remove("VtCode");
        Voucher none = new Voucher(h, sample.details());
        assertSame(none, catalog.forSending(none));
    }

    private static List<String> receiptOnly(List<FieldDef> defs) {
        return defs.stream().filter(FieldDef::receiptOnly).map(FieldDef::name).toList();
    }

    private static List<String> xFields(Map<String, String> fields) {
        return fields.keySet().stream().filter(k -> k.startsWith("X")).toList();
    }

    private static List<String> catalogueOrder(List<FieldDef> defs, Map<String, String> present) {
        return defs.stream().map(FieldDef::name).filter(present::containsKey).toList();
    }
}
