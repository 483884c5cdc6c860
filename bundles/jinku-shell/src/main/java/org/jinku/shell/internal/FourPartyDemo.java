package org.jinku.shell.internal;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jinku.api.Direction;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.catalog.sample.Operators;
import org.jinku.catalog.sample.VoucherTemplates;

/**
 * A mix of every flow across the parties of the one-box appliance, made from the shipped examples:
 * clearing quotas and a unit quota, direct payments to both agent banks (with their 入账通知书 to the
 * unit), authorized payments from the unit, a 实拨 batch, the banks' clearing requests and a refund,
 * and the daily reports, which the demo accepts as finance. A voucher counts as round-tripped when its
 * 回单 arrived (paid in full) or, for a type without 回单, when its receiver accepted it.
 */
final class FourPartyDemo {

    /** What happened to each voucher of one flow. */
    record Flow(String name, List<Tracked> vouchers, Duration took) {
        long ok() {
            return vouchers.stream().filter(Tracked::done).count();
        }
    }

    /** A voucher the demo follows at the node that sent it, and what ends it well. */
    record Tracked(Node sender, VoucherKey key, boolean receiptDue) {
        boolean done() {
            VoucherView v = sender.find(key, 0).orElse(null);
            if (v == null) {
                return false;
            }
            return receiptDue ? v.state() == VoucherState.CONFIRMED
                    : v.state() == VoucherState.ACCEPTED || v.state() == VoucherState.CONFIRMED;
        }

        boolean ended() {
            VoucherView v = sender.find(key, 0).orElse(null);
            return v != null && (done() || v.state().isFinal());
        }
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final NodeDirectory directory;
    /** Node name → its operators' PINs (the box's, from the node's configuration). */
    private final Function<String, Function<String, String>> pins;
    private final PrintStream out;
    private final Duration timeout;
    private final String today = LocalDate.now().format(DAY);
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36).toUpperCase();
    private final List<Flow> flows = new ArrayList<>();
    private int serial;

    FourPartyDemo(NodeDirectory directory, Function<String, Function<String, String>> pins, PrintStream out,
                  Duration timeout) {
        this.directory = directory;
        this.pins = pins;
        this.out = out;
        this.timeout = timeout;
    }

    List<Flow> run(int directPayments) throws InterruptedException {
        Node finance = directory.require("finance");
        Node unit = directory.require("unit");
        String subject = "2050201";

        // Quotas first: the PBoC clears only within them, the bank pays the unit only within its quota.
        flow("clearing quotas 5108/5106 (finance → PBoC)", () -> List.of(
                track(finance, send(finance, amounts(example("5108", "L"), "PayAmt", "5000000.00",
                        Map.of("PayBankCode", "105"))), true),
                track(finance, send(finance, amounts(example("5108", "L"), "PayAmt", "5000000.00",
                        Map.of("PayBankCode", "102"))), true),
                track(finance, send(finance, amounts(example("5106", "L"), "PlanAmt", "1000000.00",
                        Map.of("PayBankCode", "105", "SetMonth", today.substring(0, 6)))), true)));
        Flow quota = flow("authorized quota 5104 (finance → bank 105) and its 到账通知书 5105 (→ unit)", () -> {
            Voucher q = amounts(example("5104", "Q"), "PlanAmt", "200000.00", Map.of("PayBankCode", "105",
                    "SetMonth", today.substring(0, 6)));
            q = VoucherTemplates.withEveryLine(VoucherTemplates.withEveryLine(q, "AgencyCode", "201001"), "ExpFuncCode",
                    subject);
            return List.of(track(finance, send(finance, q), true));
        });
        List<Tracked> noticesOfQuota = notices(quota, "bank105", "5105");

        Flow direct = flow(directPayments + " direct payments 5201 (finance → banks 105 and 102, 回单 copied to the"
                + " PBoC)", () -> {
            List<Tracked> t = new ArrayList<>();
            for (int i = 0; i < directPayments; i++) {
                String bank = i % 2 == 0 ? "105" : "102";
                int lines = i % 10 == 9 ? 20 : 1;
                Voucher v = VoucherTemplates.withLines(example("5201", "D"), "PayAmt",
                        Collections.nCopies(lines, BigDecimal.valueOf(100 + i, 0)));
                v = VoucherTemplates.with(v, Map.of("PayBankCode", bank, "BusinessTypeCode", lines == 1 ? "1" : "4"));
                t.add(track(finance, send(finance, v), true));
            }
            return t;
        });
        flow("入账通知书 5204 (banks → unit)", () -> notices(direct, null, "5204"));
        flow("到账通知书 5105 (bank 105 → unit)", () -> noticesOfQuota);

        flow("authorized payments 8202 (unit → bank 105, within its quota)", () -> {
            List<Tracked> t = new ArrayList<>();
            for (String[] p : new String[][] {{"1200.00", "1"}, {"80.00", "5"}, {"2500.00", "1"}}) {
                String answer = unit.runCommand("pay", Map.of("bank", "105", "subject", subject, "amount", p[0],
                        "lines", p[1]));
                t.add(track(unit, sentBy(unit, "8202", answer), true));
            }
            return t;
        });
        flow("实拨 5207 (finance → PBoC), single and batch", () -> List.of(
                track(finance, send(finance, VoucherTemplates.with(amounts(example("5207", "A"), "PayAmt", "80000.00",
                        Map.of()), Map.of("BusinessTypeCode", "1"))), true),
                track(finance, send(finance, VoucherTemplates.with(VoucherTemplates.withLines(example("5207", "A"),
                        "PayAmt", Collections.nCopies(12, new BigDecimal("2500.00"))), Map.of("BusinessTypeCode", "4"))),
                        true)));

        flow("clearing requests 2301 (banks → PBoC, 回单 to bank and finance)", () -> {
            List<Tracked> t = new ArrayList<>();
            for (String bank : List.of("bank105", "bank102")) {
                Node b = directory.require(bank);
                String answer = b.runCommand("clearing-request", Map.of());
                for (VoucherView v : b.list(500)) {
                    if (v.direction() == Direction.OUT && v.voucherFlag() == 0 && v.key().vtCode().equals("2301")
                            && answer.contains(v.key().voucherNo())) {
                        t.add(track(b, v.key(), true));
                    }
                }
            }
            return t;
        });
        flow("refund 2302 (bank 105 → PBoC, 回单 to bank and finance)", () -> {
            Tracked first = direct.vouchers().get(0);
            Node b = directory.require("bank105");
            String answer = b.runCommand("refund", Map.of("voucherNo", first.key().voucherNo(), "vtCode", "5201"));
            return List.of(track(b, sentBy(b, "2302", answer), true));
        });
        flow("daily reports 3401/3402 (PBoC) and 2206 (banks) to finance, accepted there", () -> {
            List<Tracked> t = new ArrayList<>();
            for (String name : List.of("pboc", "bank105", "bank102")) {
                Node n = directory.require(name);
                String answer = n.runCommand("reports", Map.of());
                for (VoucherView v : n.list(500)) {
                    if (v.direction() == Direction.OUT && v.voucherFlag() == 0 && answer.contains(v.key().voucherNo())
                            && v.key().vtCode().matches("3401|3402|2206")) {
                        t.add(track(n, v.key(), false));
                    }
                }
            }
            // finance's business confirms what it received (签收)
            await(() -> t.stream().allMatch(x -> finance.find(x.key(), 0).isPresent()));
            for (Tracked x : t) {
                finance.accept(x.key(), "demo");
            }
            return t;
        });
        return flows;
    }

    // ------------------------------------------------------------------ flows

    private interface Step {
        List<Tracked> start() throws InterruptedException;
    }

    private Flow flow(String name, Step step) throws InterruptedException {
        Instant start = Instant.now();
        List<Tracked> tracked;
        try {
            tracked = step.start();
        } catch (JinkuException | IllegalStateException e) {
            out.println("  " + name + ": could not start: " + e.getMessage());
            tracked = List.of();
        }
        List<Tracked> t = tracked;
        await(() -> t.stream().allMatch(Tracked::ended));
        Flow f = new Flow(name, t, Duration.between(start, Instant.now()));
        flows.add(f);
        out.printf("  %-100s %4d of %4d in %6d ms%n", name, f.ok(), t.size(), f.took().toMillis());
        return f;
    }

    /** The notices the banks sent the unit for the vouchers of a flow (they name the voucher they follow). */
    private List<Tracked> notices(Flow of, String onlyBank, String vtCode) throws InterruptedException {
        Node unit = directory.require("unit");
        List<Tracked> t = new ArrayList<>();
        for (Tracked v : of.vouchers()) {
            if (!v.done()) {
                continue;
            }
            String bank = v.sender().find(v.key(), 0).orElseThrow().peer();
            if (onlyBank != null && !onlyBank.equals(bank)) {
                continue;
            }
            Node b = directory.require(bank);
            Predicate<VoucherView> names = n -> n.direction() == Direction.OUT && n.voucherFlag() == 0
                    && n.key().vtCode().equals(vtCode)
                    && v.key().voucherNo().equals(b.content(n.key(), 0).map(c -> c.get("OriVoucherNo")).orElse(null));
            await(() -> b.list(5000).stream().anyMatch(names));
            b.list(5000).stream().filter(names).findFirst().ifPresent(n -> t.add(track(b, n.key(), false)));
        }
        await(() -> t.stream().allMatch(x -> unit.find(x.key(), 0).isPresent()));
        return t;
    }

    // ------------------------------------------------------------------ vouchers

    private Voucher example(String vtCode, String prefix) {
        return VoucherTemplates.renumbered(VoucherTemplates.example(vtCode), "DM" + prefix + run + "-" + (++serial),
                today);
    }

    private static Voucher amounts(Voucher v, String field, String amount, Map<String, String> header) {
        return VoucherTemplates.with(VoucherTemplates.withLines(v, field, List.of(new BigDecimal(amount))), header);
    }

    private static Tracked track(Node sender, VoucherKey key, boolean receiptDue) {
        return new Tracked(sender, key, receiptDue);
    }

    /** Submits and signs at each sender position, each post by another operator holding it, with their PIN. */
    private VoucherKey send(Node node, Voucher v) {
        VoucherKey key = node.submit(v).key();
        Operators.signEveryPost(node, key, pins.apply(node.name()));
        return key;
    }

    private static VoucherKey sentBy(Node node, String vtCode, String answer) {
        for (VoucherView v : node.list(500)) {
            if (v.direction() == Direction.OUT && v.voucherFlag() == 0 && v.key().vtCode().equals(vtCode)
                    && answer.contains(v.key().voucherNo())) {
                return v.key();
            }
        }
        throw new IllegalStateException(node.name() + " sent no " + vtCode + ": " + answer);
    }

    private void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    static Map<String, Long> totals(List<Flow> flows) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("ok", flows.stream().mapToLong(Flow::ok).sum());
        m.put("all", flows.stream().mapToLong(f -> f.vouchers().size()).sum());
        return m;
    }
}
