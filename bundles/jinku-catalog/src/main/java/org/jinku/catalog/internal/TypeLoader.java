package org.jinku.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jinku.api.PartyRole;
import org.jinku.api.Post;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;
import org.jinku.api.spi.VoucherType.StampPosition;

/** Reads a voucher type from its catalogue data file ({@code catalog/<VtCode>.json}). */
final class TypeLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TypeLoader() {
    }

    static VoucherType load(InputStream in) throws IOException {
        JsonNode t = JSON.readTree(in);
        return new VoucherType(
                text(t, "vtCode"), text(t, "name"),
                PartyRole.valueOf(text(t, "sender")), PartyRole.valueOf(text(t, "receiver")),
                fields(t.path("header")), fields(t.path("detail")),
                positions(t.path("senderPositions")), positions(t.path("receiptPositions")),
                t.path("minDetails").asInt(0), t.path("negativeAmounts").asBoolean(false),
                t.hasNonNull("sumCheck") ? t.get("sumCheck").asText() : null);
    }

    private static List<FieldDef> fields(JsonNode array) {
        List<FieldDef> out = new ArrayList<>();
        for (JsonNode f : array) {
            List<String> values = new ArrayList<>();
            f.path("values").forEach(v -> values.add(v.asText()));
            String rule = text(f, "rule");
            // A typo in the data fails the bundle at start, not every voucher later.
            if (!VoucherValidator.RULES.contains(rule)) {
                throw new IllegalArgumentException("field " + text(f, "name") + " has unknown rule '" + rule
                        + "'; known rules are " + VoucherValidator.RULES);
            }
            out.add(new FieldDef(text(f, "name"), f.path("label").asText(""), rule,
                    f.path("min").asInt(0), f.path("max").asInt(200), values,
                    f.path("required").asBoolean(false), f.path("requiredInReceipt").asBoolean(false),
                    f.path("receiptOnly").asBoolean(false), f.path("nonZero").asBoolean(false)));
        }
        return out;
    }

    private static List<StampPosition> positions(JsonNode array) {
        List<StampPosition> out = new ArrayList<>();
        for (JsonNode p : array) {
            out.add(new StampPosition(text(p, "no"), p.path("label").asText(""), Post.valueOf(text(p, "post")),
                    p.path("organisation").asBoolean(false)));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("catalogue entry lacks '" + field + "'");
        }
        return v.asText();
    }
}
