package org.jinku.web.internal.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.security.Operator;
import org.jinku.catalog.json.VoucherJson;

/**
 * The fields of request bodies and parameters, checked so that every malformed request is a 400 naming the field
 * ({@code INVALID_FIELD} with {@code fieldErrors[0].path}).
 */
public final class Bodies {

    private Bodies() {
    }

    /** The body as a JSON object; an empty body is an empty object, so missing fields are named. */
    public static JsonNode object(JsonNode tree) {
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return VoucherJson.MAPPER.createObjectNode();
        }
        if (!tree.isObject()) {
            throw invalid("", "type", "request body must be a JSON object");
        }
        return tree;
    }

    /** A required name-like field: 1-64 of {@code [A-Za-z0-9._@-]}, or free text for {@code reason}. */
    public static String text(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            throw invalid(field, "required", "request needs a string field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw invalid(field, "type", field + " must be a string, not " + v.getNodeType().name().toLowerCase());
        }
        String text = v.asText();
        if (text.isBlank()) {
            throw invalid(field, "required", field + " must not be blank");
        }
        if (!"reason".equals(field) && !text.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw invalid(field, "format", field + " must be 1-64 of [A-Za-z0-9._@-]");
        }
        return text;
    }

    /**
     * The caller, as who does the action. A body naming someone else in {@code field} ({@code user} of a
     * signature, {@code actor} of an action) is refused: nobody signs or acts on another's behalf.
     */
    public static String self(JsonNode body, String field, Operator caller) {
        JsonNode v = body == null ? null : body.get(field);
        if (v != null && !v.isNull() && !caller.name().equals(text(body, field))) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, field + " '" + v.asText() + "' is not the caller "
                    + caller.name() + ": nobody signs or acts on another's behalf",
                    List.of(new FieldError(field, "caller", field + " must be the logged-in account or absent")), null);
        }
        return caller.name();
    }

    /** A free-text field such as a seal's name (Chinese welcome): required, at most {@code max} characters. */
    public static String label(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || v.isTextual() && v.asText().isBlank()) {
            throw invalid(field, "required", "request needs a non-blank string field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw invalid(field, "type", field + " must be a string, not " + v.getNodeType().name().toLowerCase());
        }
        String text = v.asText().strip();
        if (text.length() > max || text.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, "format", field + " must be at most " + max + " characters, no control characters");
        }
        return text;
    }

    /**
     * The optional {@code pin} of a key container: null when absent (the node then relies on the provider's PIN
     * cache, off by default). Never echoed back, not even in an error.
     */
    public static String pin(JsonNode body) {
        JsonNode v = body.get("pin");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid("pin", "type", "pin must be a string (write \"012345\", not a number)");
        }
        String pin = v.asText();
        if (pin.isEmpty() || pin.length() > 64 || pin.chars().anyMatch(Character::isISOControl)) {
            throw invalid("pin", "format", "pin must be 1-64 characters, no control characters");
        }
        return pin;
    }

    /** The seal image of {@code pngBase64}: base64 of a PNG file. */
    public static byte[] png(JsonNode body) {
        JsonNode v = body.get("pngBase64");
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw invalid("pngBase64", "required", "request needs 'pngBase64', the seal image as base64 of a PNG file");
        }
        byte[] png;
        try {
            // line breaks allowed (some clients wrap at 76), anything else outside the alphabet is refused
            png = Base64.getDecoder().decode(v.asText().replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new JinkuException(RejectCode.BAD_BASE64, "pngBase64 is not base64: " + e.getMessage(),
                    List.of(new FieldError("pngBase64", "format", "not base64")), null);
        }
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (png.length < magic.length || !Arrays.equals(Arrays.copyOf(png, magic.length), magic)) {
            throw invalid("pngBase64", "format", "pngBase64 is not a PNG image (it must start with the PNG signature)");
        }
        return png;
    }

    /**
     * A voucher from the body, its shape checked here so that every wrong field is named with its path
     * ({@code PayAmt}, {@code DetailList[1].PayAmt}) before the catalogue validates the values.
     */
    public static Voucher voucher(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw invalid("", "type", "a voucher is {\"header\": {field: value, …}, \"details\": [{field: value, …}, …]}");
        }
        JsonNode header = root.get("header");
        if (header == null || !header.isObject()) {
            errors.add(new FieldError("header", header == null ? "required" : "type", "header must be an object of strings"));
        } else {
            strings(header, "", errors);
        }
        JsonNode details = root.get("details");
        if (details != null && !details.isArray()) {
            errors.add(new FieldError("details", "type", "details must be an array of objects"));
        } else if (details != null) {
            for (int i = 0; i < details.size(); i++) {
                JsonNode line = details.get(i);
                if (!line.isObject()) {
                    errors.add(new FieldError("DetailList[" + i + "]", "type", "each detail line must be an object of strings"));
                } else {
                    strings(line, "DetailList[" + i + "].", errors);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw JinkuException.invalid(errors);
        }
        return VoucherJson.fromTree(root);
    }

    private static void strings(JsonNode obj, String prefix, List<FieldError> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                errors.add(new FieldError(prefix + f.getKey(), "type", f.getKey() + " must be a string, not "
                        + f.getValue().getNodeType().name().toLowerCase() + " (write amounts as \"1234.50\")"));
            }
        }
    }

    /** The voucher key of the path, {@code {AdmDivCode}/{StYear}/{VtCode}/{VoucherNo}}. */
    public static VoucherKey key(String admDivCode, String stYear, String vtCode, String voucherNo) {
        try {
            return VoucherKey.parse(admDivCode + "/" + stYear + "/" + vtCode + "/" + voucherNo);
        } catch (IllegalArgumentException e) {
            throw invalid("key", "format", e.getMessage());
        }
    }

    /** A number parameter ({@code limit}, {@code flag}): absent is {@code def}, anything else must be in range. */
    public static int intParam(String name, String value, int def, int min, int max) {
        if (value == null) {
            return def;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(name, "type", "parameter " + name + " must be a number");
        }
        if (n < min || n > max) {
            throw invalid(name, "range", "parameter " + name + " must be between " + min + " and " + max);
        }
        return n;
    }

    public static JinkuException invalid(String field, String code, String message) {
        return new JinkuException(RejectCode.INVALID_FIELD, message, List.of(new FieldError(field, code, message)), null);
    }
}
