package org.jinku.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jinku.api.FieldError;
import org.jinku.api.Voucher;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.catalog.sample.SampleVouchers;

/** The 5201 rules deployed validation applies, as catalogue data (catalog/5201.json) and configuration. */
class FieldRules5201Test {

    static final Path EXAMPLE = Path.of("../../docs/examples/5201.json");

    private final CatalogService catalog = new CatalogService();
    private final Voucher sample = SampleVouchers.directPayment("210000", "2026", "V0001", 3, 12_345, "20261123");

    @Test
    void theDocumentedExampleAndTheSamplesAreValid() throws Exception {
        try (InputStream in = Files.newInputStream(EXAMPLE)) {
            assertEquals(List.of(), catalog.validate(VoucherJson.read(in), 0));
        }
        assertEquals(List.of(), catalog.validate(SampleVouchers.directPayment("210000", "2026",
                "D" + "X".repeat(19), 1, 1, "20261123"), 0));
        assertEquals("1", SampleVouchers.directPayment("210000", "2026", "V1", 1, 1, "20261123").get("BusinessTypeCode"));
        assertEquals("4", sample.get("BusinessTypeCode"));
    }

    @Test
    void businessTypeCodeIsRequiredAndOneOfSinglePayrollBatch() {
        for (String ok : List.of("1", "3", "4")) {
            assertEquals(List.of(), catalog.validate(sample.withHeader(Map.of("BusinessTypeCode", ok), null), 0), ok);
        }
        assertTrue(hasError(sample.withHeader(Map.of("BusinessTypeCode", "2"), null), "BusinessTypeCode", "enum"));
        Map<String, String> h = new LinkedHashMap<>(sample.header());
        h.remove("BusinessTypeCode");
        assertTrue(hasError(new Voucher(h, sample.details()), "BusinessTypeCode", "required"));
    }

    @Test
    void voucherNoIsAtMost20Bytes() {
        assertEquals(List.of(), catalog.validate(sample.withHeader(Map.of("VoucherNo", "A".repeat(20)), null), 0));
        assertTrue(hasError(sample.withHeader(Map.of("VoucherNo", "A".repeat(21)), null), "VoucherNo", "code"));
    }

    @Test
    void accountNamesAreAtMost60GbkBytesInHeaderLinesAndReceipt() {
        String sixty = "账".repeat(30);
        String sixtyTwo = "账".repeat(31);
        for (String field : List.of("PayeeAcctName", "PayAcctName")) {
            assertEquals(List.of(), catalog.validate(sample.withHeader(Map.of(field, sixty), null), 0), field);
            assertTrue(hasError(sample.withHeader(Map.of(field, sixtyTwo), null), field, "text"), field);
        }
        assertTrue(hasError(ReceiptAmountsTest.withLine(sample, 1, "PayeeAcctName", sixtyTwo),
                "DetailList[1].PayeeAcctName", "text"));
        Voucher receipt = ReceiptAmountsTest.receipt(sample, "370.35", "123.45", null);
        assertEquals(List.of(), catalog.validate(receipt.withHeader(Map.of("XPayeeAcctName", sixty), null), 1));
        List<FieldError> errors = catalog.validate(receipt.withHeader(Map.of("XPayeeAcctName", sixtyTwo), null), 1);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("XPayeeAcctName") && e.message().contains("GBK")));
        assertTrue(catalog.validate(ReceiptAmountsTest.withLine(receipt, 0, "XPayeeAcctName", sixtyTwo), 1).stream()
                .anyMatch(e -> e.path().equals("DetailList[0].XPayeeAcctName")));
    }

    @Test
    void payTypeCodeIsTwoToSixDigitsWithConfiguredValues() {
        assertTrue(hasError(sample.withHeader(Map.of("PayTypeCode", "13"), null), "PayTypeCode", "enum"));
        assertTrue(hasError(sample.withHeader(Map.of("PayTypeCode", "1"), null), "PayTypeCode", "digits"));
        CatalogService province = configured(Map.of("values.5201.PayTypeCode", "11, 12, 91, 1301"));
        assertEquals(List.of(), province.validate(sample.withHeader(Map.of("PayTypeCode", "1301"), null), 0));
        assertTrue(province.validate(sample.withHeader(Map.of("PayTypeCode", "13"), null), 0).stream()
                .anyMatch(e -> e.path().equals("PayTypeCode") && e.message().contains("1301")));
        CatalogService open = configured(Map.of("values.5201.PayTypeCode", ""));
        assertEquals(List.of(), open.validate(sample.withHeader(Map.of("PayTypeCode", "123456"), null), 0));
        assertFalse(open.validate(sample.withHeader(Map.of("PayTypeCode", "1234567"), null), 0).isEmpty());
        // Configuration replaces what it names and nothing else; the data file stays the default.
        assertEquals(List.of("11", "12", "91"), catalog.type("5201").orElseThrow().headerFields().stream()
                .filter(f -> f.name().equals("PayTypeCode")).findFirst().orElseThrow().values());
    }

    @Test
    void configurationThatNamesNoFieldOrBreaksItsRuleIsRefused() {
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> configured(Map.of("values.5201.PayTpeCode", "11")));
        assertTrue(typo.getMessage().contains("values.5201.PayTpeCode"), typo.getMessage());
        assertThrows(IllegalArgumentException.class, () -> configured(Map.of("values.9999.PayTypeCode", "11")));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> configured(Map.of("values.5201.PayTypeCode", "11,1")));
        assertTrue(shape.getMessage().contains("'1'"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> configured(Map.of("values.5201.BusinessTypeCode", " ")));
        assertThrows(IllegalArgumentException.class, () -> configured(Map.of("maxVoucherCount", "many")));
    }

    @Test
    void aDetailIdUsedTwiceIsRefusedNamingTheLine() {
        Voucher twice = ReceiptAmountsTest.withLine(sample, 2, "Id", sample.details().get(0).get("Id"));
        List<FieldError> errors = catalog.validate(twice, 0);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("DetailList[2].Id", errors.get(0).path());
        assertEquals("duplicate", errors.get(0).code());
        assertTrue(errors.get(0).message().contains("detail line 0"), errors.get(0).message());
    }

    private boolean hasError(Voucher v, String path, String code) {
        return catalog.validate(v, 0).stream().anyMatch(e -> e.path().equals(path) && e.code().equals(code));
    }

    private static CatalogService configured(Map<String, Object> config) {
        CatalogService c = new CatalogService();
        c.activate(new HashMap<>(config));
        return c;
    }
}
