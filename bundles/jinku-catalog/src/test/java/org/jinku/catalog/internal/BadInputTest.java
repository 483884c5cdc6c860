package org.jinku.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.Voucher;
import org.jinku.catalog.json.VoucherJson;

/**
 * Whatever a submission holds, the catalogue answers with field errors or a {@link JinkuException}, never
 * with another exception (a NullPointerException from a voucher without VtCode once reached callers).
 */
class BadInputTest {

    private static final List<String> ODD_VALUES = Arrays.asList(null, "", " ", "0", "-1.00", "1e3", "NaN",
            "99999999999999999999.99", "２０２６", "\u0000", "a\u0001b", "\uD800", "😀", "<x/>", "]]>", "&amp;",
            " 11 ", "x".repeat(100_000), "账".repeat(50_000));

    private final CatalogService catalog = new CatalogService();

    @Test
    void aVoucherWithoutVtCodeGivesAFieldError() {
        Voucher example = example();
        Map<String, String> h = new LinkedHashMap<>(example.header());
        h.remove("VtCode");
        assertEquals(List.of(new FieldError("VtCode", "required", "VtCode (凭证类型编号) is required")),
                catalog.validate(new Voucher(h, example.details()), 0));
        h.put("VtCode", null);
        assertEquals("required", catalog.validate(new Voucher(h, example.details()), 1).get(0).code());
        assertEquals("VoucherFlag", catalog.validate(example, 7).get(0).path());
        assertEquals("Voucher", catalog.validate(null, 0).get(0).path());
        assertTrue(catalog.type(null).isEmpty());
        assertThrows(JinkuException.class, () -> catalog.toBase64(null));
        assertThrows(JinkuException.class, () -> catalog.toXml(null));
        assertThrows(JinkuException.class, () -> catalog.forSending(null));
        assertThrows(JinkuException.class, () -> catalog.fromBase64(null));
    }

    @Test
    void fieldNamesAndCharactersThatMakeBrokenXmlAreRefusedOnWriting() {
        Voucher example = example();
        for (String name : Arrays.asList(null, "", "a b", "1x", "x:y", "<x>")) {
            Map<String, String> h = new LinkedHashMap<>(example.header());
            h.put(name, "1");
            JinkuException ex = assertThrows(JinkuException.class, () -> catalog.toBase64(new Voucher(h, List.of())));
            assertTrue(ex.getMessage().contains("XML element name"), ex.getMessage());
        }
        JinkuException ex = assertThrows(JinkuException.class, () -> catalog.toBase64(ReceiptAmountsTest.withLine(
                example, 1, "Remark", "a\u0001b")));
        assertTrue(ex.getMessage().startsWith("DetailList[1].Remark"), ex.getMessage());
    }

    @Test
    void mutatedExampleVouchersNeverThrow() {
        Voucher example = example();
        List<Voucher> mutants = new ArrayList<>();
        // Every header field and every field of the first line: dropped, then set to each odd value.
        for (String field : example.header().keySet()) {
            mutants.add(header(example, h -> h.remove(field)));
            for (String odd : ODD_VALUES) {
                mutants.add(header(example, h -> h.put(field, odd)));
            }
        }
        for (String field : example.details().get(0).keySet()) {
            mutants.add(line(example, d -> d.remove(field)));
            for (String odd : ODD_VALUES) {
                mutants.add(line(example, d -> d.put(field, odd)));
            }
        }
        // Fields of the catalogue that the example leaves out (X fields included), set to odd values.
        for (var def : catalog.type("5201").orElseThrow().headerFields()) {
            for (String odd : ODD_VALUES) {
                mutants.add(header(example, h -> h.put(def.name(), odd)));
            }
        }
        for (var def : catalog.type("5201").orElseThrow().detailFields()) {
            for (String odd : ODD_VALUES) {
                mutants.add(line(example, d -> d.put(def.name(), odd)));
            }
        }
        // Unknown and nameless fields; no lines; many lines with one Id.
        for (String name : Arrays.asList(null, "", "Unknown", "x".repeat(10_000), "Detail", "DetailList")) {
            mutants.add(header(example, h -> h.put(name, "1")));
            mutants.add(line(example, d -> d.put(name, null)));
        }
        mutants.add(new Voucher(example.header(), List.of()));
        mutants.add(new Voucher(Map.of(), List.of(Map.of())));
        mutants.add(new Voucher(example.header(), java.util.Collections.nCopies(2_000, example.details().get(0))));

        int errors = 0;
        for (Voucher m : mutants) {
            for (int flag : new int[] {0, 1, -1}) {
                errors += neverThrows(() -> catalog.validate(m, flag).size());
                errors += neverThrows(() -> catalog.validate(catalog.forSending(m), flag).size());
            }
            errors += neverThrows(() -> catalog.fromBase64(catalog.toBase64(m)).header().size());
        }
        assertTrue(mutants.size() > 1_500, "only " + mutants.size() + " mutants");
        assertTrue(errors > mutants.size(), "the mutants should be mostly invalid, " + errors + " errors");
    }

    @Test
    void wrongJsonTypesAreRefusedAsJinkuExceptions() throws Exception {
        JsonNode tree;
        try (InputStream in = Files.newInputStream(FieldRules5201Test.EXAMPLE)) {
            tree = VoucherJson.MAPPER.readTree(in);
        }
        List<JsonNode> odd = List.of(VoucherJson.MAPPER.nullNode(), VoucherJson.MAPPER.getNodeFactory().numberNode(1500.5),
                VoucherJson.MAPPER.getNodeFactory().booleanNode(true), VoucherJson.MAPPER.createArrayNode(),
                VoucherJson.MAPPER.createObjectNode());
        int cases = 0;
        for (String part : List.of("header", "details")) {
            ObjectNode root = tree.deepCopy();
            for (JsonNode o : odd) {
                root.set(part, o);
                cases += validatesOrRefuses(root);
            }
        }
        for (var it = tree.get("header").fieldNames(); it.hasNext(); ) {
            String field = it.next();
            for (JsonNode o : odd) {
                ObjectNode root = tree.deepCopy();
                ((ObjectNode) root.get("header")).set(field, o);
                cases += validatesOrRefuses(root);
                ObjectNode line = (ObjectNode) root.get("details").get(0);
                if (line.has(field)) {
                    line.set(field, o);
                    cases += validatesOrRefuses(root);
                }
            }
        }
        assertTrue(cases > 100, cases + " cases");
    }

    /** 1 when the JSON is refused as a JinkuException or gives field errors; fails the test on anything else. */
    private int validatesOrRefuses(JsonNode root) {
        try {
            assertFalse(catalog.validate(VoucherJson.fromTree(root), 0).isEmpty(), "accepted " + root);
        } catch (JinkuException e) {
            assertFalse(e.getMessage().isBlank());
        }
        return 1;
    }

    /** How many field errors the call gave (0 when it threw a JinkuException); fails on any other exception. */
    private static int neverThrows(java.util.concurrent.Callable<Integer> call) {
        try {
            return call.call();
        } catch (JinkuException e) {
            return 0;
        } catch (Exception | Error e) {
            fail("threw " + e, e);
            return 0;
        }
    }

    private static Voucher header(Voucher v, java.util.function.Consumer<Map<String, String>> change) {
        Map<String, String> h = new LinkedHashMap<>(v.header());
        change.accept(h);
        return new Voucher(h, v.details());
    }

    private static Voucher line(Voucher v, java.util.function.Consumer<Map<String, String>> change) {
        List<Map<String, String>> details = new ArrayList<>(v.details());
        Map<String, String> d = new LinkedHashMap<>(details.get(0));
        change.accept(d);
        details.set(0, d);
        return new Voucher(v.header(), details);
    }

    private static Voucher example() {
        try (InputStream in = Files.newInputStream(FieldRules5201Test.EXAMPLE)) {
            return VoucherJson.read(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
