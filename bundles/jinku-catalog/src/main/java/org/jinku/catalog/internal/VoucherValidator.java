package org.jinku.catalog.internal;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jinku.api.FieldError;
import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;

/**
 * Checks a voucher against its type's field rules (VOUCHERS.md, "Field rules") and reports every error
 * with the field's path. Amounts are compared as decimals, never as floating point.
 */
final class VoucherValidator {

    static final Charset GBK = Charset.forName("GBK");
    private static final Pattern AMOUNT = Pattern.compile("[+-]?[0-9]{1,15}\\.[0-9]{2}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]*");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Z-]*");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z_.-]*");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    private VoucherValidator() {
    }

    static List<FieldError> validate(VoucherType type, Voucher v, int flag) {
        List<FieldError> errors = new ArrayList<>();
        check(type, type.headerFields(), v.header(), "", flag, errors);
        if (v.details().size() < type.minDetails()) {
            errors.add(new FieldError("DetailList", "required",
                    "at least " + type.minDetails() + " detail line(s) required, got " + v.details().size()));
        }
        for (int i = 0; i < v.details().size(); i++) {
            check(type, type.detailFields(), v.details().get(i), "DetailList[" + i + "].", flag, errors);
        }
        if (type.sumField() != null && !v.details().isEmpty()) {
            checkSum(type.sumField(), v, errors);
        }
        if (flag == 1 && type.sumField() != null) {
            checkSum("X" + type.sumField(), v, errors);
        }
        return errors;
    }

    private static void checkSum(String field, Voucher v, List<FieldError> errors) {
        String total = v.get(field);
        if (total == null || !AMOUNT.matcher(total).matches()) {
            return; // already reported by the field rule
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, String> d : v.details()) {
            String a = d.get(field);
            if (a == null || !AMOUNT.matcher(a).matches()) {
                return;
            }
            sum = sum.add(new BigDecimal(a));
        }
        if (sum.compareTo(new BigDecimal(total)) != 0) {
            errors.add(new FieldError(field, "sum",
                    field + " " + total + " differs from the sum of the detail lines " + sum.toPlainString()));
        }
    }

    private static void check(VoucherType type, List<FieldDef> defs, Map<String, String> values, String prefix,
                              int flag, List<FieldError> errors) {
        Map<String, FieldDef> byName = new HashMap<>();
        for (FieldDef def : defs) {
            byName.put(def.name(), def);
        }
        for (String name : values.keySet()) {
            if (!byName.containsKey(name)) {
                errors.add(new FieldError(prefix + name, "unknown",
                        "field " + name + " is not part of voucher type " + type.vtCode()));
            }
        }
        for (FieldDef def : defs) {
            String value = values.get(def.name());
            String path = prefix + def.name();
            boolean required = def.required() || (flag == 1 && def.requiredInReceipt());
            if (value == null || value.isEmpty()) {
                if (required) {
                    errors.add(new FieldError(path, "required", def.name() + " (" + def.label() + ") is required"));
                }
                continue;
            }
            if (flag == 0 && def.receiptOnly()) {
                errors.add(new FieldError(path, "receiptOnly",
                        def.name() + " is filled by the receiver in its receipt, not by the sender"));
                continue;
            }
            String problem = ruleProblem(type, def, value);
            if (problem != null) {
                errors.add(new FieldError(path, def.rule(), def.name() + " " + problem + ": '" + value + "'"));
            }
        }
    }

    /** Null when {@code value} satisfies the field's rule, else what is wrong with it. */
    private static String ruleProblem(VoucherType type, FieldDef def, String value) {
        switch (def.rule()) {
            case "amount" -> {
                if (!AMOUNT.matcher(value).matches()) {
                    return "must be yuan with exactly two decimals (e.g. 1234.50)";
                }
                if (!type.negativeAmounts() && value.startsWith("-")) {
                    return "must not be negative for voucher type " + type.vtCode();
                }
                return null;
            }
            case "date" -> {
                try {
                    LocalDate.parse(value, DATE);
                    return null;
                } catch (DateTimeParseException e) {
                    return "must be a date yyyyMMdd";
                }
            }
            case "digits" -> {
                return DIGITS.matcher(value).matches() ? length(def, value.length()) : "must be digits only";
            }
            case "account" -> {
                return ACCOUNT.matcher(value).matches() ? length(def, value.length())
                        : "must be digits, capital letters or '-'";
            }
            case "code" -> {
                return CODE.matcher(value).matches() ? length(def, value.length())
                        : "must be letters, digits, '_', '.' or '-'";
            }
            case "enum" -> {
                return def.values().contains(value) ? null : "must be one of " + def.values();
            }
            case "text" -> {
                // Control characters encode in GBK but make XML 1.0 that no peer can parse.
                if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
                    return "contains a control character";
                }
                CharsetEncoder enc = GBK.newEncoder();
                if (!enc.canEncode(value)) {
                    return "contains characters that GBK cannot encode";
                }
                return length(def, value.getBytes(GBK).length);
            }
            default -> {
                return "has an unknown rule '" + def.rule() + "' in the catalogue";
            }
        }
    }

    private static String length(FieldDef def, int len) {
        if (def.min() > 0 && def.min() == def.max() && len != def.max()) {
            return "must be exactly " + def.max() + " long";
        }
        if (len < def.min()) {
            return "must be at least " + def.min() + " long";
        }
        if (len > def.max()) {
            return "must be at most " + def.max() + " long" + ("text".equals(def.rule()) ? " (GBK bytes)" : "");
        }
        return null;
    }
}
