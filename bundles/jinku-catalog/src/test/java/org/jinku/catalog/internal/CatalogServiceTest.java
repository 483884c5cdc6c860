package org.jinku.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jinku.api.EnvelopeEntry;
import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.SignatureEntry;
import org.jinku.api.Voucher;
import org.jinku.catalog.sample.SampleVouchers;

class CatalogServiceTest {

    private final CatalogService catalog = new CatalogService();
    private final Voucher sample = SampleVouchers.directPayment("210000", "2026", "V0001", 3, 12_345, "20261123");

    @Test
    void sampleVoucherIsValid() {
        assertEquals(List.of(), catalog.validate(sample, 0));
        assertEquals("370.35", sample.get("PayAmt"));
    }

    @Test
    void threeDecimalAmountIsRejectedWithItsPath() {
        Voucher bad = withDetailField(sample, 1, "PayAmt", "123.450");
        List<FieldError> errors = catalog.validate(bad, 0);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("DetailList[1].PayAmt") && e.code().equals("amount")
                && e.message().contains("two decimals")), errors.toString());
    }

    @Test
    void missingRequiredFieldsAndBadDateAreAllReported() {
        Map<String, String> h = new LinkedHashMap<>(sample.header());
        h.remove("PayeeAcctNo");
        h.put("VouDate", "20260231");
        h.put("PayTypeCode", "13");
        List<FieldError> errors = catalog.validate(new Voucher(h, sample.details()), 0);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("PayeeAcctNo") && e.code().equals("required")));
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("VouDate") && e.code().equals("date")));
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("PayTypeCode") && e.code().equals("enum")));
    }

    @Test
    void headerMustEqualSumOfLines() {
        Voucher bad = sample.withHeader(Map.of("PayAmt", "370.36"), null);
        List<FieldError> errors = catalog.validate(bad, 0);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("sum", errors.get(0).code());
    }

    @Test
    void accountNameLengthIsCountedInGbkBytes() {
        String sixtyOneChinese = "账".repeat(61); // 122 GBK bytes > 120
        Voucher bad = sample.withHeader(Map.of("PayeeAcctName", sixtyOneChinese), null);
        List<FieldError> errors = catalog.validate(bad, 0);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("PayeeAcctName") && e.message().contains("GBK")));
    }

    @Test
    void senderMayNotFillReceiptFieldsButReceiptMust() {
        Voucher early = sample.withHeader(Map.of("XPayAmt", "370.35"), null);
        assertTrue(catalog.validate(early, 0).stream().anyMatch(e -> e.code().equals("receiptOnly")));
        List<FieldError> receiptErrors = catalog.validate(sample, 1);
        assertTrue(receiptErrors.stream().anyMatch(e -> e.path().equals("XPayDate")));
        assertTrue(receiptErrors.stream().anyMatch(e -> e.path().equals("DetailList[0].XPayAmt")));
    }

    @Test
    void unknownTypeAndUnknownFieldAreNamed() {
        Voucher other = sample.withHeader(Map.of("VtCode", "9999"), null);
        assertEquals("unknown", catalog.validate(other, 0).get(0).code());
        Voucher typo = sample.withHeader(Map.of("PayeAcctNo", "1"), null);
        assertTrue(catalog.validate(typo, 0).stream().anyMatch(e -> e.path().equals("PayeAcctNo")));
    }

    @Test
    void voucherXmlIsGbkAndRoundTrips() {
        byte[] xml = catalog.toXml(sample);
        String text = new String(xml, Charset.forName("GBK"));
        assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"GBK\"?><Voucher>"), text);
        assertTrue(text.contains("<PayeeAcctName>沈阳市某某教学设备有限公司</PayeeAcctName>"));
        assertEquals(sample, catalog.fromXml(xml));
        assertEquals(sample, catalog.fromBase64(catalog.toBase64(sample)));
    }

    @Test
    void envelopeRoundTripsAndAcceptsRootForMof() {
        String b64 = catalog.toBase64(sample);
        EnvelopeEntry e = new EnvelopeEntry(sample.key(), 0, "", b64,
                List.of(new SignatureEntry("cz_lr", "1a2b", "TUlJ"), new SignatureEntry("cz_sh", "1a2c", "TUlK")));
        byte[] env = catalog.writeEnvelope(List.of(e));
        List<EnvelopeEntry> back = catalog.readEnvelope(env);
        assertEquals(List.of(e), back);
        String root = new String(env, Charset.forName("GBK")).replace("MOF>", "Root>");
        assertEquals(List.of(e), catalog.readEnvelope(root.getBytes(Charset.forName("GBK"))));
    }

    @Test
    void xxeIsRefusedBeforeAnyEntityIsResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE MOF [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<MOF><VoucherCount>&x;</VoucherCount></MOF>";
        JinkuException ex = assertThrows(JinkuException.class, () -> catalog.readEnvelope(xxe.getBytes()));
        assertEquals(RejectCode.MALFORMED_XML, ex.code());
        assertTrue(ex.getMessage().contains("DOCTYPE"), ex.getMessage());
    }

    @Test
    void malformedEnvelopeSaysWhere() {
        JinkuException ex = assertThrows(JinkuException.class,
                () -> catalog.readEnvelope("<MOF><VoucherCount>1</VoucherCount><VoucherBody".getBytes()));
        assertEquals(RejectCode.MALFORMED_XML, ex.code());
        assertTrue(ex.getMessage().startsWith("malformed XML"), ex.getMessage());
    }

    @Test
    void voucherCountMustMatch() {
        EnvelopeEntry e = new EnvelopeEntry(sample.key(), 0, "", catalog.toBase64(sample), List.of());
        String env = new String(catalog.writeEnvelope(List.of(e)), Charset.forName("GBK"))
                .replace("<VoucherCount>1<", "<VoucherCount>2<");
        JinkuException ex = assertThrows(JinkuException.class,
                () -> catalog.readEnvelope(env.getBytes(Charset.forName("GBK"))));
        assertEquals(RejectCode.ENVELOPE_MISMATCH, ex.code());
    }

    @Test
    void controlCharactersAreRefusedBeforeTheyBreakTheXml() {
        Voucher bad = sample.withHeader(Map.of("PayeeAcctName", "ABC\u0001"), null);
        assertTrue(catalog.validate(bad, 0).stream().anyMatch(e -> e.message().contains("control character")));
    }

    @Test
    void theSameVoucherTwiceInOneEnvelopeIsRefused() {
        EnvelopeEntry e = new EnvelopeEntry(sample.key(), 0, "", catalog.toBase64(sample), List.of());
        JinkuException ex = assertThrows(JinkuException.class,
                () -> catalog.readEnvelope(catalog.writeEnvelope(List.of(e, e))));
        assertEquals(RejectCode.ENVELOPE_MISMATCH, ex.code());
    }

    @Test
    void brokenBase64IsNamedAsSuch() {
        JinkuException ex = assertThrows(JinkuException.class, () -> catalog.fromBase64("PFZvdWNo!!ZXI+"));
        assertEquals(RejectCode.BAD_BASE64, ex.code());
    }

    @Test
    void oversizedMessageIsRefused() {
        CatalogService small = new CatalogService();
        small.activate(Map.of("maxMessageBytes", "100"));
        JinkuException ex = assertThrows(JinkuException.class,
                () -> small.readEnvelope(new byte[101]));
        assertEquals(RejectCode.OVERSIZED, ex.code());
    }

    private static Voucher withDetailField(Voucher v, int line, String field, String value) {
        List<Map<String, String>> details = new ArrayList<>(v.details());
        Map<String, String> d = new LinkedHashMap<>(details.get(line));
        d.put(field, value);
        details.set(line, d);
        return new Voucher(v.header(), details);
    }
}
