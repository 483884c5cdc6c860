package org.jinku.scenario.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;

/**
 * Placeholders in a scenario's texts, and what its steps captured.
 * <ul>
 * <li>{@code ${today}} (yyyyMMdd), {@code ${month}} (yyyyMM), {@code ${year}}, {@code ${run}} (the run id)</li>
 * <li>{@code ${digits:N}}: N digits, new at each use and different in every run (unit and subject codes
 *     whose quotas must not meet an earlier run's)</li>
 * <li>{@code ${amount:100.00-999.99}}: a random amount in the range</li>
 * <li>{@code ${<id>.voucherNo}}, {@code ${<id>.key}}, {@code ${<id>.vtCode}}, {@code ${<id>.<Field>}}: of the
 *     voucher a step with that id submitted or found (a header field of its content, else its first line's)</li>
 * </ul>
 */
final class Values {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    /** A voucher a step submitted or found, at the node that holds it. */
    record Captured(VoucherKey key, String node, Voucher content) {
    }

    final String runId;
    final LocalDate today;
    private final Map<String, Captured> captured = new HashMap<>();
    private long digits;

    Values(String runId, LocalDate today) {
        this.runId = runId;
        this.today = today;
        this.digits = ThreadLocalRandom.current().nextLong(1_000_000_000L);
    }

    void capture(String id, Captured c) {
        captured.put(id, c);
    }

    Captured voucher(String id) {
        Captured c = captured.get(id);
        if (c == null) {
            throw new StepFailure("no earlier step with id '" + id + "' submitted or found a voucher; ids so far: "
                    + captured.keySet());
        }
        return c;
    }

    Map<String, Captured> captured() {
        return captured;
    }

    String todayText() {
        return today.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    /** The text with every placeholder replaced; an unknown one fails the step, naming it. */
    String resolve(String text) {
        if (text == null || !text.contains("${")) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1).trim())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String value(String name) {
        switch (name) {
            case "today":
                return todayText();
            case "month":
                return todayText().substring(0, 6);
            case "year":
                return todayText().substring(0, 4);
            case "run":
                return runId;
            default:
                break;
        }
        if (name.startsWith("digits:")) {
            int n = Integer.parseInt(name.substring(7).trim());
            if (n < 1 || n > 9) {
                throw new StepFailure("${digits:N} takes N from 1 to 9");
            }
            long mod = (long) Math.pow(10, n);
            digits++;
            return String.format("%0" + n + "d", Math.floorMod(digits, mod));
        }
        if (name.startsWith("amount:")) {
            String[] r = name.substring(7).split("-");
            BigDecimal lo = new BigDecimal(r[0].trim());
            BigDecimal hi = new BigDecimal(r[1].trim());
            BigDecimal a = lo.add(hi.subtract(lo).multiply(BigDecimal.valueOf(ThreadLocalRandom.current().nextDouble())));
            return a.setScale(2, RoundingMode.HALF_UP).toPlainString();
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            Captured c = voucher(name.substring(0, dot));
            String field = name.substring(dot + 1);
            return switch (field) {
                case "voucherNo" -> c.key().voucherNo();
                case "key" -> c.key().toString();
                case "vtCode" -> c.key().vtCode();
                default -> {
                    String v = c.content() == null ? null : c.content().get(field);
                    if (v == null && c.content() != null && !c.content().details().isEmpty()) {
                        v = c.content().details().get(0).get(field); // a line field: the first line's
                    }
                    if (v == null) {
                        throw new StepFailure("${" + name + "}: voucher '" + name.substring(0, dot) + "' has no field "
                                + field);
                    }
                    yield v;
                }
            };
        }
        throw new StepFailure("unknown placeholder ${" + name + "}; there are ${today}, ${month}, ${year}, ${run},"
                + " ${digits:N}, ${amount:LO-HI} and ${<step id>.voucherNo|key|vtCode|<Field>}");
    }
}
