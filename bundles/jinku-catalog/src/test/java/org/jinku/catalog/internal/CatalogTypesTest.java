package org.jinku.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.jinku.api.FieldError;
import org.jinku.api.PartyRole;
import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;
import org.jinku.api.spi.VoucherType.StampPosition;

/** The catalogue's types (contract table of issue 6) and the per-site configuration over them. */
class CatalogTypesTest {

    /** meaning → VtCode, sender → receiver, routeField, receiptDue, receiptCopyTo. */
    private static final List<Object[]> TABLE = List.of(
            row("direct-payment", "5201", PartyRole.FINANCE, PartyRole.AGENT_BANK, "PayBankCode", true, PartyRole.PBOC),
            row("direct-payment-batch", "8207", PartyRole.FINANCE, PartyRole.AGENT_BANK, "PayBankCode", true, PartyRole.PBOC),
            row("direct-payment-credit-notice", "5204", PartyRole.AGENT_BANK, PartyRole.BUDGET_UNIT, null, false),
            row("authorized-quota-notice", "5104", PartyRole.FINANCE, PartyRole.AGENT_BANK, "PayBankCode", true),
            row("authorized-quota-credit-notice", "5105", PartyRole.AGENT_BANK, PartyRole.BUDGET_UNIT, null, false),
            row("authorized-payment", "8202", PartyRole.BUDGET_UNIT, PartyRole.AGENT_BANK, "PayBankCode", true, PartyRole.PBOC),
            row("allocation", "5207", PartyRole.FINANCE, PartyRole.PBOC, null, true),
            row("direct-clearing-quota", "5108", PartyRole.FINANCE, PartyRole.PBOC, null, true),
            row("authorized-clearing-quota", "5106", PartyRole.FINANCE, PartyRole.PBOC, null, true),
            row("clearing-request", "2301", PartyRole.AGENT_BANK, PartyRole.PBOC, null, true, PartyRole.FINANCE),
            row("refund", "2302", PartyRole.AGENT_BANK, PartyRole.PBOC, null, true, PartyRole.FINANCE),
            row("income-daily-report", "3401", PartyRole.PBOC, PartyRole.FINANCE, null, false),
            row("stock-daily-report", "3402", PartyRole.PBOC, PartyRole.FINANCE, null, false),
            row("direct-payment-daily-report", "2206", PartyRole.AGENT_BANK, PartyRole.FINANCE, null, false));

    private final CatalogService catalog = new CatalogService();

    private static Object[] row(String meaning, String vt, PartyRole from, PartyRole to, String route, boolean receipt,
                                PartyRole... copyTo) {
        return new Object[] {meaning, vt, from, to, route, receipt, List.of(copyTo)};
    }

    @Test
    void everyTypeOfTheTableLoadsAsDefined() {
        assertEquals(TABLE.size(), catalog.types().size(), catalog.types().stream().map(VoucherType::vtCode).toList().toString());
        for (Object[] r : TABLE) {
            VoucherType t = catalog.byMeaning((String) r[0]).orElseThrow(() -> new AssertionError(r[0]));
            assertEquals(r[1], t.vtCode(), t.meaning());
            assertEquals(t, catalog.type(t.vtCode()).orElseThrow());
            assertEquals(r[2], t.sender(), t.meaning());
            assertEquals(r[3], t.receiver(), t.meaning());
            assertEquals(r[4], t.routeField(), t.meaning());
            assertEquals(r[5], t.receiptDue(), t.meaning());
            assertEquals(r[6], t.receiptCopyTo(), t.meaning());
            assertEquals(Set.of("5204", "5104").contains(t.vtCode()), t.vtCodeChosen(), t.meaning());
            assertFalse(t.name().isBlank());
            // Common header of every type.
            for (String f : List.of("Id", "AdmDivCode", "StYear", "VtCode", "VouDate", "VoucherNo")) {
                assertTrue(t.field(f, false).orElseThrow(() -> new AssertionError(t.vtCode() + " " + f)).required(),
                        t.vtCode() + " " + f);
            }
            if (t.minDetails() > 0) {
                assertTrue(t.field("Id", true).orElseThrow().required(), t.vtCode() + " line Id");
            }
            // A receipt is sealed by the receiver's organisation; a notice or report has neither receipt nor X fields.
            if (t.receiptDue()) {
                assertFalse(t.receiptPositions().isEmpty(), t.vtCode());
                for (StampPosition p : t.receiptPositions()) {
                    assertTrue(p.organisation() && p.no().startsWith(t.receiver().stampPrefix() + "_"), p.no());
                }
            } else {
                assertEquals(List.of(), t.receiptPositions(), t.vtCode());
                assertTrue(t.headerFields().stream().noneMatch(FieldDef::receiptOnly), t.vtCode());
                assertTrue(t.detailFields().stream().noneMatch(FieldDef::receiptOnly), t.vtCode());
            }
            assertEquals(List.of(t.sender().stampPrefix() + "_lr", t.sender().stampPrefix() + "_sh"),
                    t.senderPositions().stream().map(StampPosition::no).toList(), t.vtCode());
            // Whatever a receipt must fill is receipt-only.
            assertTrue(t.headerFields().stream().filter(FieldDef::requiredInReceipt).allMatch(FieldDef::receiptOnly), t.vtCode());
            assertTrue(t.detailFields().stream().filter(FieldDef::requiredInReceipt).allMatch(FieldDef::receiptOnly), t.vtCode());
        }
    }

    @Test
    void meaningsAndVtCodesAreUnique() {
        List<VoucherType> all = catalog.types();
        assertEquals(all.size(), all.stream().map(VoucherType::meaning).collect(Collectors.toSet()).size());
        assertEquals(all.size(), all.stream().map(VoucherType::vtCode).collect(Collectors.toSet()).size());
        assertEquals(all.stream().map(VoucherType::vtCode).sorted().toList(),
                all.stream().map(VoucherType::vtCode).toList(), "types() in VtCode order");
        assertTrue(catalog.byMeaning("no-such-meaning").isEmpty());
        assertTrue(catalog.byMeaning(null).isEmpty());
    }

    @Test
    void directPaymentCarriesTheNewAttributes() {
        VoucherType t = catalog.type("5201").orElseThrow();
        assertEquals("direct-payment", t.meaning());
        assertEquals("PayBankCode", t.routeField());
        assertEquals(List.of(PartyRole.PBOC), t.receiptCopyTo());
        assertEquals(499, t.maxDetails());
        assertEquals("PayAmt", t.sumField());
        assertEquals(0, catalog.type("8207").orElseThrow().maxDetails(), "the batch companion has no line limit");
    }

    @Test
    void paymentReceiptsFillTheSameFieldsAs5201() {
        for (String vt : List.of("5201", "8207", "8202", "5207")) {
            VoucherType t = catalog.type(vt).orElseThrow();
            for (String f : List.of("XPayAmt", "XPayDate", "XAgentBusinessNo")) {
                FieldDef def = t.field(f, false).orElseThrow(() -> new AssertionError(vt + " " + f));
                assertTrue(def.receiptOnly() && def.requiredInReceipt(), vt + " " + f);
            }
            assertTrue(t.field("XPayAmt", true).orElseThrow().requiredInReceipt(), vt + " line XPayAmt");
            assertTrue(t.field("XAddWord", true).orElseThrow().receiptOnly(), vt + " line XAddWord");
        }
        for (String vt : List.of("2301", "2302")) {
            VoucherType t = catalog.type(vt).orElseThrow();
            for (String f : List.of("XPayAmt", "XClearDate")) {
                assertTrue(t.field(f, false).orElseThrow().requiredInReceipt(), vt + " " + f);
            }
            assertTrue(t.field("XPayAmt", true).orElseThrow().requiredInReceipt(), vt + " line XPayAmt");
        }
        for (String vt : List.of("5104", "5106", "5108")) {
            VoucherType t = catalog.type(vt).orElseThrow();
            assertTrue(t.receiptDue());
            assertTrue(t.headerFields().stream().noneMatch(FieldDef::receiptOnly), vt + ": the receipt is the content");
        }
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void aConfiguredVtCodeReplacesTheBuiltInOneAndByMeaningFollows() {
        CatalogService site = configured(Map.of("vtcode.authorized-quota-notice", "5103"));
        VoucherType t = site.byMeaning("authorized-quota-notice").orElseThrow();
        assertEquals("5103", t.vtCode());
        assertEquals(t, site.type("5103").orElseThrow());
        assertTrue(site.type("5104").isEmpty());
        assertTrue(site.types().contains(t));
        assertEquals(TABLE.size(), site.types().size());
        Voucher example = example("5104");
        assertEquals(List.of(), site.validate(example.withHeader(Map.of("VtCode", "5103"), null), 0));
        assertEquals("unknown", site.validate(example, 0).get(0).code());
        // The rest keeps its data; the untouched catalogue keeps 5104.
        assertEquals("5201", site.byMeaning("direct-payment").orElseThrow().vtCode());
        assertEquals("5104", catalog.byMeaning("authorized-quota-notice").orElseThrow().vtCode());
        // values.<VtCode>.<Field> names the type by the code it is configured under.
        CatalogService values = configured(Map.of("vtcode.authorized-quota-notice", "5103",
                "values.5103.FundTypeCode", "1,2"));
        assertEquals(List.of("1", "2"), values.type("5103").orElseThrow().field("FundTypeCode", false).orElseThrow().values());
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class, () -> configured(Map.of(
                "vtcode.authorized-quota-notice", "5103", "values.5104.FundTypeCode", "1")));
        assertTrue(old.getMessage().contains("values.5104.FundTypeCode"), old.getMessage());
    }

    @Test
    void twoTypesMaySwapTheirVtCodes() {
        CatalogService site = configured(Map.of("vtcode.direct-payment-credit-notice", "5105",
                "vtcode.authorized-quota-credit-notice", "5204"));
        assertEquals("5105", site.byMeaning("direct-payment-credit-notice").orElseThrow().vtCode());
        assertEquals("authorized-quota-credit-notice", site.type("5204").orElseThrow().meaning());
    }

    @Test
    void receiverRouteAndLineLimitAreConfiguredPerMeaning() {
        CatalogService site = configured(Map.of("receiver.allocation", "AGENT_BANK", "route.allocation", "PayeeAcctBankNo",
                "route.direct-payment", "", "maxDetails.direct-payment", "2000"));
        VoucherType allocation = site.byMeaning("allocation").orElseThrow();
        assertEquals(PartyRole.AGENT_BANK, allocation.receiver());
        assertEquals("PayeeAcctBankNo", allocation.routeField());
        assertEquals(List.of("yh_qz"), allocation.receiptPositions().stream().map(StampPosition::no).toList(),
                "the new receiver seals the receipt");
        VoucherType direct = site.byMeaning("direct-payment").orElseThrow();
        assertNull(direct.routeField(), "empty: the only peer of the receiving role");
        assertEquals(2000, direct.maxDetails());
        assertEquals(direct.headerFields(), catalog.type("5201").orElseThrow().headerFields());
        // A copy of a receipt never goes to its own receiver.
        VoucherType refund = configured(Map.of("receiver.refund", "FINANCE")).byMeaning("refund").orElseThrow();
        assertEquals(List.of(), refund.receiptCopyTo());
        assertEquals(List.of("cz_gz"), refund.receiptPositions().stream().map(StampPosition::no).toList());
    }

    @Test
    void badConfigurationFailsActivationSayingWhy() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("vtcode.direct-payment=520", "4 letters or digits");
        bad.put("vtcode.direct-payment=52 01", "4 letters or digits");
        bad.put("vtcode.direct-payment=8207", "would mean both");
        bad.put("vtcode.payment=5201", "names no voucher type");
        bad.put("receiver.direct-payment=BANK", "not a party role");
        bad.put("receiver.direct-payment=FINANCE", "sender");
        bad.put("route.direct-payment=PayBankCod", "not a header field");
        bad.put("maxDetails.direct-payment=-1", "whole number");
        bad.put("maxDetails.direct-payment=many", "whole number");
        bad.put("maxDetails.clearing-request=5.5", "whole number");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            String[] kv = b.getKey().split("=", 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configured(Map.of(kv[0], kv[1])),
                    b.getKey());
            assertTrue(e.getMessage().startsWith("jinku.catalog: ") && e.getMessage().contains(b.getValue()),
                    b.getKey() + ": " + e.getMessage());
        }
        // A failed change leaves the previous configuration in force.
        CatalogService site = configured(Map.of("vtcode.authorized-quota-notice", "5103"));
        assertThrows(IllegalArgumentException.class, () -> site.activate(new HashMap<>(Map.of("vtcode.refund", "2"))));
        assertEquals("5103", site.byMeaning("authorized-quota-notice").orElseThrow().vtCode());
        // Blank values keep the defaults (a commented or emptied line of the .cfg).
        CatalogService blank = configured(Map.of("vtcode.refund", " ", "maxDetails.direct-payment", "", "receiver.refund", ""));
        assertEquals(catalog.types(), blank.types());
    }

    @Test
    void theCommentedDefaultsOfTheCfgFileAreTheDefaults() throws java.io.IOException {
        Map<String, Object> defaults = new HashMap<>();
        java.util.regex.Pattern commented = java.util.regex.Pattern.compile("#([A-Za-z][\\w.-]*) = (.*)");
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("../../etc/jinku.catalog.cfg"))) {
            java.util.regex.Matcher m = commented.matcher(line);
            if (m.matches()) {
                defaults.put(m.group(1), m.group(2));
            }
        }
        assertTrue(defaults.keySet().containsAll(TABLE.stream().map(r -> "vtcode." + r[0]).toList()), defaults.toString());
        assertEquals(catalog.types(), configured(defaults).types());
    }

    // ------------------------------------------------------------------ line limit

    @Test
    void aDirectPaymentOfMoreThan499LinesIsRefusedNamingTheCompanion() {
        assertEquals(List.of(), catalog.validate(directPayment(499), 0));
        List<FieldError> errors = catalog.validate(directPayment(500), 0);
        assertEquals(1, errors.size(), errors.toString());
        FieldError e = errors.get(0);
        assertEquals("DetailList", e.path());
        assertEquals("TOO_MANY_LINES", e.code());
        assertTrue(e.message().contains("499") && e.message().contains("500") && e.message().contains("8207")
                && e.message().contains("maxDetails.direct-payment"), e.message());
        // The companion follows its configured VtCode; the limit is configurable.
        CatalogService site = configured(Map.of("vtcode.direct-payment-batch", "8208"));
        assertTrue(site.validate(directPayment(500), 0).get(0).message().contains("8208"));
        CatalogService raised = configured(Map.of("maxDetails.direct-payment", "2000"));
        assertEquals(List.of(), raised.validate(directPayment(2000), 0));
        assertEquals("TOO_MANY_LINES", raised.validate(directPayment(2001), 0).get(0).code());
        assertEquals(List.of(), configured(Map.of("maxDetails.direct-payment", "0")).validate(directPayment(2001), 0));
    }

    // ------------------------------------------------------------------ amounts

    @Test
    void refundAmountsAreNegativeOrZeroAndOtherAmountsNot() {
        Voucher refund = example("2302");
        assertEquals(List.of(), catalog.validate(refund, 0));
        Voucher positive = refund.withHeader(Map.of("PayAmt", "500.50"),
                List.of(ReceiptAmountsTest.withLine(refund, 0, "PayAmt", "500.50").details().get(0)));
        List<FieldError> errors = catalog.validate(positive, 0);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("PayAmt") && e.message().contains("negative or 0")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("DetailList[0].PayAmt")), errors.toString());
        assertTrue(catalog.validate(refund.withHeader(Map.of("PayAmt", "-0.00"),
                List.of(ReceiptAmountsTest.withLine(refund, 0, "PayAmt", "0.00").details().get(0))), 0).stream()
                .anyMatch(e -> e.message().contains("less than 0")), "nonZero in a refund");
        // The receipt's cleared amounts lie between the refund and 0.
        Voucher receipt = receipt(refund, "-500.50");
        assertEquals(List.of(), catalog.validate(receipt, 1));
        assertEquals(List.of(), catalog.validate(receipt(refund, "0.00"), 1));
        assertTrue(catalog.validate(receipt(refund, "500.50"), 1).stream().anyMatch(e -> e.path().equals("XPayAmt")));
        assertTrue(catalog.validate(receipt(refund, "-600.00"), 1).stream()
                .anyMatch(e -> e.code().equals(VoucherValidator.OUT_OF_RANGE)));
        // Elsewhere a negative amount is refused.
        Voucher clearing = example("2301");
        assertTrue(catalog.validate(clearing.withHeader(Map.of("PayAmt", "-1500.50"), null), 0).stream()
                .anyMatch(e -> e.path().equals("PayAmt") && e.message().contains("must not be negative")));
    }

    @Test
    void headerTotalsOverOtherLineFieldsAreChecked() {
        Voucher report = example("2206");
        assertEquals(List.of(), catalog.validate(report, 0));
        assertTrue(catalog.validate(report.withHeader(Map.of("AllAmt", "1.00"), null), 0).stream()
                .anyMatch(e -> e.path().equals("AllAmt") && e.code().equals("sum")));
        assertTrue(catalog.validate(report.withHeader(Map.of("AllNum", "6"), null), 0).stream()
                .anyMatch(e -> e.path().equals("AllNum") && e.code().equals("sum")));
        Voucher empty = new Voucher(report.withHeader(Map.of("AllAmt", "0.00", "AllNum", "0"), null).header(), List.of());
        assertEquals(List.of(), catalog.validate(empty, 0), "a day without payments");
        Voucher income = example("3401");
        assertTrue(catalog.validate(income.withHeader(Map.of("AllAmt", "0.00"), null), 0).stream()
                .anyMatch(e -> e.path().equals("AllAmt")));
    }

    @Test
    void aMonthIsYyyyMm() {
        Voucher quota = example("5104");
        for (String ok : List.of("202601", "202612")) {
            assertEquals(List.of(), catalog.validate(quota.withHeader(Map.of("SetMonth", ok), null), 0), ok);
        }
        for (String bad : List.of("202613", "202600", "2026-03", "20263", "2026031")) {
            assertTrue(catalog.validate(quota.withHeader(Map.of("SetMonth", bad), null), 0).stream()
                    .anyMatch(e -> e.path().equals("SetMonth") && e.code().equals("month")), bad);
        }
    }

    // ------------------------------------------------------------------ the seed's largest batch

    @Test
    void aQuotaNoticeOf2575LinesValidatesAndRoundTrips() {
        Voucher big = org.jinku.catalog.sample.SampleVouchers.quotaNotice("210000", "2026", "Q2026030001", 2_575,
                1_234_567, "20260302", "105");
        assertEquals(2_575, big.details().size());
        assertEquals(List.of(), catalog.validate(big, 0));
        Voucher sent = catalog.forSending(big);
        assertEquals(big, sent, "a quota notice has no X fields to add");
        assertEquals(big, catalog.fromXml(catalog.toXml(big)));
        String b64 = catalog.toBase64(big);
        org.jinku.api.EnvelopeEntry entry = new org.jinku.api.EnvelopeEntry(big.key(), 0, "", b64,
                List.of(new org.jinku.api.SignatureEntry("cz_lr", "1a2b", "TUlJ"),
                        new org.jinku.api.SignatureEntry("cz_sh", "1a2c", "TUlK")));
        List<org.jinku.api.EnvelopeEntry> back = catalog.readEnvelope(catalog.writeEnvelope(List.of(entry)));
        assertEquals(List.of(entry), back);
        assertEquals(big, catalog.fromBase64(back.get(0).voucherBase64()));
        // Its receipt is the content unchanged.
        assertEquals(List.of(), catalog.validate(big, 1));
        Set<String> units = new HashSet<>();
        big.details().forEach(d -> units.add(d.get("AgencyCode")));
        assertEquals(515, units.size());
    }

    // ------------------------------------------------------------------ helpers

    static Voucher directPayment(int lines) {
        return org.jinku.catalog.sample.SampleVouchers.directPayment("210000", "2026", "L" + lines, lines, 100, "20260316");
    }

    private static Voucher example(String vtCode) {
        try {
            return ExamplesTest.examples().get(vtCode);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The refund's receipt with every line and the header cleared at {@code amount} (one line). */
    private Voucher receipt(Voucher refund, String amount) {
        VoucherType t = catalog.type("2302").orElseThrow();
        Voucher sent = catalog.forSending(refund);
        Map<String, String> h = ExamplesTest.filled(t.headerFields(), sent.header());
        h.put("XPayAmt", amount);
        Map<String, String> line = ExamplesTest.filled(t.detailFields(), sent.details().get(0));
        line.put("XPayAmt", amount);
        return new Voucher(h, List.of(line));
    }

    private static CatalogService configured(Map<String, Object> config) {
        CatalogService c = new CatalogService();
        c.activate(new HashMap<>(config));
        return c;
    }
}
