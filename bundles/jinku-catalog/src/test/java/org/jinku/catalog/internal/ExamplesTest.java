package org.jinku.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;
import org.jinku.catalog.json.VoucherJson;

/**
 * docs/examples/&lt;VtCode&gt;.json: one valid voucher, in the REST API's JSON form, of every catalogue type
 * (every type is submitted by hand somewhere: by an operator, or to play a party in a joint test).
 */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("../../docs/examples");

    private final CatalogService catalog = new CatalogService();

    @Test
    void everyExampleIsValidAndNamedByItsVtCode() throws IOException {
        Map<String, Voucher> examples = examples();
        assertFalse(examples.isEmpty(), "no examples in " + EXAMPLES.toAbsolutePath());
        for (Map.Entry<String, Voucher> e : examples.entrySet()) {
            Voucher v = e.getValue();
            assertEquals(e.getKey(), v.vtCode(), e.getKey() + ".json holds a voucher of another type");
            assertEquals(List.of(), catalog.validate(v, 0), e.getKey() + ".json");
            assertEquals("210000", v.get("AdmDivCode"), e.getKey());
            assertEquals("2026", v.get("StYear"), e.getKey());
            // As it travels: X fields added empty, still valid, and the XML round trip keeps it.
            Voucher sent = catalog.forSending(v);
            assertEquals(List.of(), catalog.validate(sent, 0), e.getKey() + ".json as sent");
            assertEquals(sent, catalog.fromBase64(catalog.toBase64(sent)), e.getKey());
        }
    }

    @Test
    void everyCatalogueTypeHasAnExample() throws IOException {
        Map<String, Voucher> examples = examples();
        List<String> missing = new ArrayList<>();
        for (VoucherType t : catalog.types()) {
            if (!examples.containsKey(t.vtCode())) {
                missing.add(t.vtCode() + " " + t.meaning());
            }
        }
        assertEquals(List.of(), missing, "catalogue types without docs/examples/<VtCode>.json");
        assertEquals(catalog.types().size(), examples.size(), "examples of types not in the catalogue: "
                + examples.keySet());
    }

    @Test
    void theExamplesTravelInTheBundleForVoucherTemplates() throws IOException {
        for (Map.Entry<String, Voucher> e : examples().entrySet()) {
            assertEquals(e.getValue(), org.jinku.catalog.sample.VoucherTemplates.example(e.getKey()), e.getKey());
        }
    }

    @Test
    void routedExamplesGoToBank105AndUnitExamplesNameUnit201001() throws IOException {
        Map<String, Voucher> examples = examples();
        for (VoucherType t : catalog.types()) {
            Voucher v = examples.get(t.vtCode());
            if (t.routeField() != null) {
                assertEquals("105", v.get(t.routeField()), t.vtCode());
            }
            if (t.sender() == org.jinku.api.PartyRole.BUDGET_UNIT || t.receiver() == org.jinku.api.PartyRole.BUDGET_UNIT) {
                assertEquals("201001", v.get("AgencyCode"), t.vtCode());
            }
        }
    }

    /**
     * The receipt (回单) of every example whose type is answered by one: the voucher as sent, its X fields
     * filled as a receiver fills them (paid amounts equal to those ordered), is a valid receipt. A type
     * without X fields answers with its content unchanged.
     */
    @Test
    void theReceiptOfEveryExampleIsValid() throws IOException {
        for (Map.Entry<String, Voucher> e : examples().entrySet()) {
            VoucherType t = catalog.type(e.getKey()).orElseThrow();
            Voucher sent = catalog.forSending(e.getValue());
            if (!t.receiptDue()) {
                assertEquals(e.getValue(), sent, e.getKey() + " has no receipt, so nothing to add");
                continue;
            }
            List<Map<String, String>> lines = new ArrayList<>();
            for (Map<String, String> d : sent.details()) {
                lines.add(filled(t.detailFields(), d));
            }
            Voucher receipt = new Voucher(filled(t.headerFields(), sent.header()), lines);
            assertEquals(List.of(), catalog.validate(receipt, 1), e.getKey() + " receipt " + receipt.header());
        }
    }

    /** The X fields a receipt must carry filled: amounts paid in full, dates, the bank's transaction number. */
    static Map<String, String> filled(List<FieldDef> defs, Map<String, String> fields) {
        Map<String, String> out = new LinkedHashMap<>(fields);
        for (FieldDef def : defs) {
            if (!def.receiptOnly() || !def.requiredInReceipt()) {
                continue;
            }
            String value = switch (def.rule()) {
                case "amount" -> fields.get(def.name().substring(1));
                case "date" -> "20260316";
                default -> "TXN20260316001";
            };
            out.put(def.name(), value);
        }
        return out;
    }

    static Map<String, Voucher> examples() throws IOException {
        Map<String, Voucher> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    String name = p.getFileName().toString();
                    out.put(name.substring(0, name.length() - ".json".length()), VoucherJson.read(in));
                }
            }
        }
        assertTrue(out.size() > 1, out.keySet().toString());
        return out;
    }
}
