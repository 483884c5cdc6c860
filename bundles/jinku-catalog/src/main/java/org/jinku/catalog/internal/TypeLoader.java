package org.jinku.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jinku.api.PartyRole;
import org.jinku.api.Post;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;
import org.jinku.api.spi.VoucherType.StampPosition;

/**
 * Reads a voucher type from its catalogue data file ({@code catalog/<VtCode>.json}). The data is checked
 * as it is read, so a typo fails the bundle at start rather than every voucher later: unknown attributes,
 * rules and roles, a routing or sum field the type lacks, stamp positions of the wrong party, receipt
 * fields in a type that gets no receipt.
 */
final class TypeLoader {

    /** A VtCode: four letters or digits (it names the type on the wire and in voucher keys). */
    static final Pattern VT_CODE = Pattern.compile("[0-9A-Za-z]{4}");
    private static final Pattern MEANING = Pattern.compile("[a-z][a-z0-9-]*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPE_ATTRIBUTES = Set.of("vtCode", "name", "meaning", "vtCodeChosen",
            "vtCodeNote", "notes", "sender", "receiver", "routeField", "receiptDue", "receiptCopyTo", "minDetails",
            "maxDetails", "overflowTo", "negativeAmounts", "sumCheck", "totals", "senderPositions",
            "receiptPositions", "header", "detail");
    private static final Set<String> FIELD_ATTRIBUTES = Set.of("name", "label", "rule", "min", "max", "values",
            "required", "requiredInReceipt", "receiptOnly", "nonZero", "ours", "note");
    private static final Set<String> POSITION_ATTRIBUTES = Set.of("no", "label", "post", "organisation");

    /** A type as its data file defines it, with the rules {@link VoucherType} has no place for. */
    record Loaded(VoucherType type, TypeRules rules) {
    }

    private TypeLoader() {
    }

    static Loaded load(InputStream in) throws IOException {
        JsonNode t = JSON.readTree(in);
        if (t == null || !t.isObject()) {
            throw new IllegalArgumentException("a catalogue entry is a JSON object");
        }
        String vtCode = text(t, "vtCode");
        try {
            return check(read(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("catalogue type " + vtCode + ": " + e.getMessage(), e);
        }
    }

    private static Loaded read(JsonNode t) {
        unknown(t, TYPE_ATTRIBUTES, "attribute");
        boolean chosen = t.path("vtCodeChosen").asBoolean(false);
        if (chosen && t.path("vtCodeNote").asText("").isBlank()) {
            throw new IllegalArgumentException("vtCodeChosen needs a vtCodeNote saying why and how to configure it");
        }
        List<PartyRole> copyTo = new ArrayList<>();
        for (JsonNode r : t.path("receiptCopyTo")) {
            copyTo.add(role(r.asText(), "receiptCopyTo"));
        }
        VoucherType type = new VoucherType(
                text(t, "vtCode"), text(t, "name"), text(t, "meaning"), chosen,
                role(text(t, "sender"), "sender"), role(text(t, "receiver"), "receiver"),
                optionalText(t, "routeField"), bool(t, "receiptDue"), copyTo,
                fields(t.path("header")), fields(t.path("detail")),
                positions(t.path("senderPositions")), positions(t.path("receiptPositions")),
                t.path("minDetails").asInt(0), t.path("maxDetails").asInt(0),
                t.path("negativeAmounts").asBoolean(false), optionalText(t, "sumCheck"));
        List<TypeRules.Total> totals = new ArrayList<>();
        for (JsonNode s : t.path("totals")) {
            totals.add(new TypeRules.Total(text(s, "header"), text(s, "detail")));
        }
        return new Loaded(type, new TypeRules(totals, optionalText(t, "overflowTo")));
    }

    /** The consistency of one type's data. */
    private static Loaded check(Loaded loaded) {
        VoucherType t = loaded.type();
        if (!VT_CODE.matcher(t.vtCode()).matches()) {
            throw new IllegalArgumentException("vtCode must be 4 letters or digits");
        }
        if (!MEANING.matcher(t.meaning()).matches()) {
            throw new IllegalArgumentException("meaning '" + t.meaning() + "' must be lower-case words joined by '-'");
        }
        if (t.field(org.jinku.api.Voucher.VT_CODE, false).isEmpty()) {
            throw new IllegalArgumentException("the header lacks the VtCode field");
        }
        unique(t.headerFields(), "header");
        unique(t.detailFields(), "detail");
        if (t.sender() == t.receiver()) {
            throw new IllegalArgumentException("sender and receiver are both " + t.sender());
        }
        if (t.routeField() != null && t.field(t.routeField(), false).isEmpty()) {
            throw new IllegalArgumentException("routeField " + t.routeField() + " is not a header field");
        }
        if (t.minDetails() < 0 || t.maxDetails() < 0 || (t.maxDetails() > 0 && t.maxDetails() < t.minDetails())) {
            throw new IllegalArgumentException("minDetails " + t.minDetails() + " and maxDetails " + t.maxDetails()
                    + " do not make a range (maxDetails 0 = no limit)");
        }
        if (t.sumField() != null) {
            amountField(t, t.sumField(), false, "sumCheck");
            amountField(t, t.sumField(), true, "sumCheck");
        }
        for (TypeRules.Total total : loaded.rules().totals()) {
            FieldDef h = t.field(total.header(), false).orElseThrow(() -> new IllegalArgumentException(
                    "totals: " + total.header() + " is not a header field"));
            FieldDef d = t.field(total.detail(), true).orElseThrow(() -> new IllegalArgumentException(
                    "totals: " + total.detail() + " is not a line field"));
            if (!h.rule().equals(d.rule()) || !Set.of("amount", "digits").contains(h.rule())) {
                throw new IllegalArgumentException("totals: " + total.header() + " and " + total.detail()
                        + " must both be amounts or both digits (counts)");
            }
        }
        positionsOf(t.senderPositions(), t.sender(), "senderPositions");
        positionsOf(t.receiptPositions(), t.receiver(), "receiptPositions");
        if (t.senderPositions().isEmpty()) {
            throw new IllegalArgumentException("senderPositions is empty: nobody would sign the voucher");
        }
        boolean receiptFields = t.headerFields().stream().anyMatch(FieldDef::receiptOnly)
                || t.detailFields().stream().anyMatch(FieldDef::receiptOnly);
        if (t.receiptDue() && t.receiptPositions().isEmpty()) {
            throw new IllegalArgumentException("receiptDue but no receiptPositions: nobody would sign the receipt");
        }
        if (!t.receiptDue() && (!t.receiptPositions().isEmpty() || !t.receiptCopyTo().isEmpty() || receiptFields)) {
            throw new IllegalArgumentException("no receipt is due, yet it has receipt positions, copies or fields");
        }
        if (t.receiptCopyTo().contains(t.sender()) || t.receiptCopyTo().contains(t.receiver())) {
            throw new IllegalArgumentException("receiptCopyTo names the sender or the receiver");
        }
        return loaded;
    }

    private static void amountField(VoucherType t, String name, boolean detail, String what) {
        FieldDef f = t.field(name, detail).orElseThrow(() -> new IllegalArgumentException(
                what + " " + name + " is not a " + (detail ? "line" : "header") + " field"));
        if (!"amount".equals(f.rule())) {
            throw new IllegalArgumentException(what + " " + name + " is not an amount");
        }
    }

    private static void unique(List<FieldDef> defs, String where) {
        Set<String> seen = new HashSet<>();
        for (FieldDef d : defs) {
            if (!seen.add(d.name())) {
                throw new IllegalArgumentException(where + " field " + d.name() + " is listed twice");
            }
        }
    }

    private static void positionsOf(List<StampPosition> positions, PartyRole role, String what) {
        Set<String> seen = new HashSet<>();
        for (StampPosition p : positions) {
            if (!p.no().startsWith(role.stampPrefix() + "_")) {
                throw new IllegalArgumentException(what + ": position " + p.no() + " is not a " + role
                        + " position (" + role.stampPrefix() + "_…)");
            }
            if (!seen.add(p.no())) {
                throw new IllegalArgumentException(what + ": position " + p.no() + " is listed twice");
            }
        }
    }

    private static List<FieldDef> fields(JsonNode array) {
        List<FieldDef> out = new ArrayList<>();
        for (JsonNode f : array) {
            unknown(f, FIELD_ATTRIBUTES, "attribute of field " + f.path("name").asText("?"));
            List<String> values = new ArrayList<>();
            f.path("values").forEach(v -> values.add(v.asText()));
            String rule = text(f, "rule");
            if (!VoucherValidator.RULES.contains(rule)) {
                throw new IllegalArgumentException("field " + text(f, "name") + " has unknown rule '" + rule
                        + "'; known rules are " + VoucherValidator.RULES);
            }
            if ("enum".equals(rule) && values.isEmpty()) {
                throw new IllegalArgumentException("enum field " + text(f, "name") + " lists no values");
            }
            FieldDef def = new FieldDef(text(f, "name"), f.path("label").asText(""), rule,
                    f.path("min").asInt(0), f.path("max").asInt(200), values,
                    f.path("required").asBoolean(false), f.path("requiredInReceipt").asBoolean(false),
                    f.path("receiptOnly").asBoolean(false), f.path("nonZero").asBoolean(false));
            if (def.min() > def.max()) {
                throw new IllegalArgumentException("field " + def.name() + " has min " + def.min() + " > max " + def.max());
            }
            if (def.receiptOnly() && def.required()) {
                throw new IllegalArgumentException("field " + def.name() + " is receipt-only yet required of the sender");
            }
            out.add(def);
        }
        return out;
    }

    private static List<StampPosition> positions(JsonNode array) {
        List<StampPosition> out = new ArrayList<>();
        for (JsonNode p : array) {
            unknown(p, POSITION_ATTRIBUTES, "attribute of a stamp position");
            String post = text(p, "post");
            Post value;
            try {
                value = Post.valueOf(post);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stamp position " + p.path("no").asText("?") + " has unknown post '"
                        + post + "'", e);
            }
            out.add(new StampPosition(text(p, "no"), p.path("label").asText(""), value,
                    p.path("organisation").asBoolean(false)));
        }
        return out;
    }

    static PartyRole role(String name, String what) {
        try {
            return PartyRole.valueOf(name.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a party role; roles are "
                    + List.of(PartyRole.values()), e);
        }
    }

    private static void unknown(JsonNode node, Set<String> known, String what) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown " + what + " '" + name + "'");
            }
        }
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException("catalogue entry lacks '" + field + "' (true or false)");
        }
        return v.asBoolean();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("catalogue entry lacks '" + field + "'");
        }
        return v.asText();
    }
}
