package org.jinku.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jinku.api.EnvelopeEntry;
import org.jinku.api.FieldError;
import org.jinku.api.Voucher;
import org.jinku.catalog.sample.SampleVouchers;

/** Amounts as deployed systems write them: zero as {@code 0}, failed payments, paid amounts within range. */
class ReceiptAmountsTest {

    private final CatalogService catalog = new CatalogService();
    private final Voucher sample = SampleVouchers.directPayment("210000", "2026", "V0001", 3, 12_345, "20261123");

    @Test
    void zeroIsWrittenAs0OrAs000AndTheBase64KeepsWhatWasWritten() {
        for (String zero : List.of("0", "0.00")) {
            Voucher failed = receipt(sample, zero, zero, "账户已销户");
            assertEquals(List.of(), catalog.validate(failed, 1), zero);
            String b64 = catalog.toBase64(failed);
            assertTrue(new String(MofXml.fromBase64(b64), VoucherValidator.GBK).contains("<XPayAmt>" + zero + "</XPayAmt>"));
            // The text travels and is stored as written: never re-normalised to 0.00.
            EnvelopeEntry e = new EnvelopeEntry(failed.key(), 1, "", b64, List.of());
            assertEquals(b64, catalog.readEnvelope(catalog.writeEnvelope(List.of(e))).get(0).voucherBase64());
            assertEquals(zero, catalog.fromBase64(b64).get("XPayAmt"));
        }
    }

    @Test
    void otherAmountsStillNeedTwoDecimals() {
        for (String bad : List.of("00", "1", "0.0", "-0", "1.5", "12.345", ".50", "1,00")) {
            Voucher v = receipt(sample, bad, "123.45", null);
            assertTrue(catalog.validate(v, 1).stream().anyMatch(e -> e.path().equals("XPayAmt") && e.code().equals("amount")),
                    bad);
        }
    }

    @Test
    void failedPaymentReceiptWithZeroHeaderAndFullLinesIsValid() {
        // As deployed banks send it: header XPayAmt 0.00, each line keeps its amount and gives the reason.
        Voucher failed = receipt(sample, "0.00", "123.45", "收款人账号不存在");
        assertEquals(List.of(), catalog.validate(failed, 1));
    }

    @Test
    void partlyFailedBatchCountsTheLinesWithoutAReason() {
        List<Map<String, String>> lines = new ArrayList<>(receipt(sample, "370.35", "123.45", null).details());
        Map<String, String> failedLine = new LinkedHashMap<>(lines.get(1));
        failedLine.put("XAddWord", "收款人账户冻结");
        lines.set(1, failedLine);
        Voucher partly = receipt(sample, "246.90", "123.45", null).withHeader(Map.of(), lines);
        assertEquals(List.of(), catalog.validate(partly, 1));
        Voucher wrong = partly.withHeader(Map.of("XPayAmt", "100.00"), null);
        assertTrue(catalog.validate(wrong, 1).stream().anyMatch(e -> e.path().equals("XPayAmt") && e.code().equals("sum")));
    }

    @Test
    void eachLinePaysBetweenZeroAndItsPayAmt() {
        Voucher over = withLine(receipt(sample, "370.35", "123.45", null), 2, "XPayAmt", "123.46");
        List<FieldError> errors = catalog.validate(over, 1);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("DetailList[2].XPayAmt")
                && e.code().equals("AMOUNT_OUT_OF_RANGE") && e.message().contains("0..123.45")), errors.toString());
        Voucher negative = withLine(receipt(sample, "370.35", "123.45", null), 0, "XPayAmt", "-1.00");
        assertTrue(catalog.validate(negative, 1).stream().anyMatch(e -> e.path().equals("DetailList[0].XPayAmt")));
        Voucher exact = receipt(sample, "370.35", "123.45", null);
        assertEquals(List.of(), catalog.validate(exact, 1));
    }

    @Test
    void headerPaysBetweenZeroAndItsPayAmt() {
        Voucher over = receipt(sample, "370.36", "123.45", null);
        assertTrue(catalog.validate(over, 1).stream().anyMatch(e -> e.path().equals("XPayAmt")
                && e.code().equals("AMOUNT_OUT_OF_RANGE")));
    }

    @Test
    void voucherPayAmtMustBeMoreThanZeroButAReceiptMayPayZero() {
        Voucher zero = SampleVouchers.directPayment("210000", "2026", "V0002", 1, 0, "20261123");
        List<FieldError> errors = catalog.validate(zero, 0);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("PayAmt") && e.message().contains("greater than 0")),
                errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("DetailList[0].PayAmt")), errors.toString());
        assertTrue(catalog.validate(sample.withHeader(Map.of("PayAmt", "0"), null), 0).stream()
                .anyMatch(e -> e.path().equals("PayAmt") && e.message().contains("greater than 0")));
        assertEquals(List.of(), catalog.validate(receipt(sample, "0", "0", "余额不足"), 1));
    }

    /** The receipt a bank builds: X fields filled in place, every line paid {@code lineXPayAmt}. */
    static Voucher receipt(Voucher v, String headerXPayAmt, String lineXPayAmt, String lineReason) {
        Map<String, String> x = new LinkedHashMap<>();
        x.put("XPayDate", "20261124");
        x.put("XAgentBusinessNo", "B20261124000001");
        x.put("XPayAmt", headerXPayAmt);
        List<Map<String, String>> lines = new ArrayList<>();
        for (Map<String, String> d : v.details()) {
            Map<String, String> line = new LinkedHashMap<>(d);
            line.put("XPayAmt", lineXPayAmt);
            if (lineReason != null) {
                line.put("XAddWord", lineReason);
            }
            lines.add(line);
        }
        return v.withHeader(x, lines);
    }

    static Voucher withLine(Voucher v, int line, String field, String value) {
        List<Map<String, String>> details = new ArrayList<>(v.details());
        Map<String, String> d = new LinkedHashMap<>(details.get(line));
        d.put(field, value);
        details.set(line, d);
        return new Voucher(v.header(), details);
    }
}
