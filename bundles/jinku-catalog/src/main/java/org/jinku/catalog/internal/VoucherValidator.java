package org.jinku.catalog.internal;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jinku.api.FieldError;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;

/**
 * Checks a voucher against its type's field rules (VOUCHERS.md, "Field rules") and reports every error
 * with the field's path. Amounts are compared as decimals, never as floating point. Never throws for
 * bad content: whatever a voucher holds becomes field errors.
 */
final class VoucherValidator {

    static final Charset GBK = Charset.forName("GBK");
    /** The rule kinds a catalogue field may name. */
    static final Set<String> RULES = Set.of("amount", "date", "month", "digits", "account", "code", "enum", "text");
    /** Field error code of a paid amount outside 0..the amount ordered. */
    static final String OUT_OF_RANGE = RejectCode.AMOUNT_OUT_OF_RANGE.name();
    /** Field error code (on {@code DetailList}) of a voucher with more lines than its type's {@code maxDetails}. */
    static final String TOO_MANY_LINES = RejectCode.TOO_MANY_LINES.name();
    /** The line field of a receipt that says why the line was not paid (失败原因). */
    static final String FAILURE_REASON = "XAddWord";

    // Deployed systems write a zero amount as 0 as well as 0.00; every other amount has two decimals.
    private static final Pattern AMOUNT = Pattern.compile("[+-]?[0-9]{1,15}\\.[0-9]{2}|0");
    private static final Pattern DIGITS = Pattern.compile("[0-9]*");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Z-]*");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z_.-]*");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern MONTH = Pattern.compile("[0-9]{4}(0[1-9]|1[0-2])");

    private VoucherValidator() {
    }

    /**
     * Every error of {@code v} (flag 0) or of a receipt (flag 1) against its type.
     *
     * @param rules        the type's totals over lines
     * @param overflowHint what to do with a batch over {@code maxDetails} (e.g. its companion type); null for none
     */
    static List<FieldError> validate(VoucherType type, TypeRules rules, String overflowHint, Voucher v, int flag) {
        List<FieldError> errors = new ArrayList<>();
        check(type, type.headerFields(), v.header(), "", flag, errors);
        if (v.details().size() < type.minDetails()) {
            errors.add(new FieldError("DetailList", "required",
                    "at least " + type.minDetails() + " detail line(s) required, got " + v.details().size()));
        }
        if (type.maxDetails() > 0 && v.details().size() > type.maxDetails()) {
            errors.add(new FieldError("DetailList", TOO_MANY_LINES, "voucher type " + type.vtCode() + " (" + type.name()
                    + ") carries at most " + type.maxDetails() + " detail lines, this one has " + v.details().size()
                    + (overflowHint == null ? "" : "; " + overflowHint)));
        }
        // A receipt's lines are matched to the voucher's by Id, so two lines may not share one.
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < v.details().size(); i++) {
            Map<String, String> line = v.details().get(i);
            check(type, type.detailFields(), line, linePrefix(i), flag, errors);
            String id = line.get("Id");
            if (id != null && !id.isEmpty()) {
                Integer first = ids.putIfAbsent(id, i);
                if (first != null) {
                    errors.add(new FieldError(linePrefix(i) + "Id", "duplicate", "detail line " + i + " repeats the Id "
                            + quote(id) + " of detail line " + first + "; every line needs its own Id"));
                }
            }
        }
        for (TypeRules.Total total : rules.totals()) {
            checkTotal(total, v, errors);
        }
        if (type.sumField() != null && !v.details().isEmpty()) {
            checkSum(type.sumField(), v, errors);
            if (flag == 1) {
                checkReceiptSum("X" + type.sumField(), v, errors);
            }
        }
        if (flag == 1) {
            checkPaidRange(type.headerFields(), v.header(), "", errors);
            for (int i = 0; i < v.details().size(); i++) {
                checkPaidRange(type.detailFields(), v.details().get(i), linePrefix(i), errors);
            }
        }
        return errors;
    }

    private static String linePrefix(int i) {
        return "DetailList[" + i + "].";
    }

    private static void checkSum(String field, Voucher v, List<FieldError> errors) {
        BigDecimal total = amount(v.get(field));
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, String> d : v.details()) {
            BigDecimal a = amount(d.get(field));
            if (a == null) {
                return; // already reported by the field rule
            }
            sum = sum.add(a);
        }
        if (total != null && sum.compareTo(total) != 0) {
            errors.add(new FieldError(field, "sum",
                    field + " " + v.get(field) + " differs from the sum of the detail lines " + sum.toPlainString()));
        }
    }

    /** A header total over another line field (an amount or a count); an empty voucher totals zero. */
    private static void checkTotal(TypeRules.Total total, Voucher v, List<FieldError> errors) {
        String text = v.get(total.header());
        BigDecimal expected = number(text);
        if (expected == null) {
            return; // missing or malformed: reported by the field rules
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, String> d : v.details()) {
            BigDecimal a = number(d.get(total.detail()));
            if (a == null) {
                return;
            }
            sum = sum.add(a);
        }
        if (sum.compareTo(expected) != 0) {
            errors.add(new FieldError(total.header(), "sum", total.header() + " " + text + " differs from the sum of "
                    + "the detail lines' " + total.detail() + " " + sum.toPlainString()));
        }
    }

    private static BigDecimal number(String text) {
        if (text == null) {
            return null;
        }
        if (AMOUNT.matcher(text).matches()) {
            return new BigDecimal(text);
        }
        return !text.isEmpty() && text.length() <= 18 && DIGITS.matcher(text).matches() ? new BigDecimal(text) : null;
    }

    /**
     * The paid total of a receipt. Deployed receipts of a failed payment say 0.00 in the header and keep
     * each line's full amount, the reason in {@value #FAILURE_REASON}; a partly failed batch counts the
     * lines without a reason. So the header may be the sum of all lines, of the lines paid, or zero.
     */
    private static void checkReceiptSum(String field, Voucher v, List<FieldError> errors) {
        BigDecimal total = amount(v.get(field));
        BigDecimal all = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        for (Map<String, String> d : v.details()) {
            BigDecimal a = amount(d.get(field));
            if (a == null) {
                return; // already reported by the field rule
            }
            all = all.add(a);
            String reason = d.get(FAILURE_REASON);
            if (reason == null || reason.isBlank()) {
                paid = paid.add(a);
            }
        }
        if (total == null || total.signum() == 0 || total.compareTo(all) == 0 || total.compareTo(paid) == 0) {
            return;
        }
        errors.add(new FieldError(field, "sum", field + " " + v.get(field) + " is neither the sum of the detail lines "
                + all.toPlainString() + " nor that of the lines without " + FAILURE_REASON + " " + paid.toPlainString()
                + " (nor 0.00 for a failed payment)"));
    }

    /** Each paid amount (X…) of a receipt lies between 0 and the amount it pays ({@code XPayAmt} vs {@code PayAmt}). */
    private static void checkPaidRange(List<FieldDef> defs, Map<String, String> values, String prefix,
                                       List<FieldError> errors) {
        Map<String, FieldDef> byName = byName(defs);
        for (FieldDef def : defs) {
            if (!def.receiptOnly() || !def.name().startsWith("X") || !"amount".equals(def.rule())) {
                continue;
            }
            FieldDef ordered = byName.get(def.name().substring(1));
            if (ordered == null || !"amount".equals(ordered.rule())) {
                continue;
            }
            BigDecimal p = amount(values.get(def.name()));
            BigDecimal o = amount(values.get(ordered.name()));
            if (p == null || o == null) {
                continue; // missing or malformed: reported by the field rules
            }
            // Refund types carry negative amounts: the range is then o..0.
            if (p.compareTo(o.min(BigDecimal.ZERO)) < 0 || p.compareTo(o.max(BigDecimal.ZERO)) > 0) {
                errors.add(new FieldError(prefix + def.name(), OUT_OF_RANGE, def.name() + " " + values.get(def.name())
                        + " is outside 0.." + values.get(ordered.name()) + " (its " + ordered.name() + ")"));
            }
        }
    }

    private static void check(VoucherType type, List<FieldDef> defs, Map<String, String> values, String prefix,
                              int flag, List<FieldError> errors) {
        Map<String, FieldDef> byName = byName(defs);
        for (String name : values.keySet()) {
            if (name == null || !byName.containsKey(name)) {
                String shown = name == null ? "(no name)" : abbreviate(name);
                errors.add(new FieldError(prefix + shown, "unknown",
                        "field " + shown + " is not part of voucher type " + type.vtCode()));
            }
        }
        for (FieldDef def : defs) {
            String value = values.get(def.name());
            String path = prefix + def.name();
            boolean required = def.required() || (flag == 1 && def.requiredInReceipt());
            // Empty fields travel (an X field is sent empty for the receiver to fill): only content counts.
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
            String problem = problem(type, def, value);
            String code = def.rule();
            if (problem == null && !def.values().isEmpty() && !def.values().contains(value)) {
                problem = "must be one of " + def.values();
                code = "enum";
            }
            if (problem == null && def.nonZero() && "amount".equals(def.rule()) && amount(value).signum() == 0) {
                problem = type.negativeAmounts() ? "must be less than 0" : "must be greater than 0";
            }
            if (problem != null) {
                errors.add(new FieldError(path, code, def.name() + " " + problem + ": " + quote(value)));
            }
        }
    }

    /**
     * Null when {@code value} has the shape of the field's rule, else what is wrong with it. The allowed
     * {@code values} and {@code nonZero} are checked apart.
     */
    static String problem(VoucherType type, FieldDef def, String value) {
        switch (def.rule()) {
            case "amount" -> {
                if (!AMOUNT.matcher(value).matches()) {
                    return "must be yuan with exactly two decimals (e.g. 1234.50), or 0";
                }
                // A minus sign is refused even on zero where amounts are never negative.
                if (!type.negativeAmounts() && value.startsWith("-")) {
                    return "must not be negative for voucher type " + type.vtCode();
                }
                if (type.negativeAmounts() && new BigDecimal(value).signum() > 0) {
                    return "must be negative or 0 for voucher type " + type.vtCode() + " (" + type.name()
                            + ": its amounts are refunds)";
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
            case "month" -> {
                return MONTH.matcher(value).matches() ? null : "must be a month yyyyMM";
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
                return def.values().isEmpty() ? "has no allowed values in the catalogue" : null;
            }
            case "text" -> {
                // Control characters encode in GBK but make XML 1.0 that no peer can parse.
                if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
                    return "contains a control character";
                }
                if (!GBK.newEncoder().canEncode(value)) {
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

    /** The amount, or null when {@code text} is missing or not an amount. */
    private static BigDecimal amount(String text) {
        return text == null || !AMOUNT.matcher(text).matches() ? null : new BigDecimal(text);
    }

    private static Map<String, FieldDef> byName(List<FieldDef> defs) {
        Map<String, FieldDef> byName = new HashMap<>();
        for (FieldDef def : defs) {
            byName.put(def.name(), def);
        }
        return byName;
    }

    /** A value as shown in a message: short, control characters made visible (a message is logged and stored). */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder("'");
        abbreviate(value).chars().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.append((char) c);
            }
        });
        return sb.append('\'').toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…(" + s.length() + " chars)" : s;
    }
}
