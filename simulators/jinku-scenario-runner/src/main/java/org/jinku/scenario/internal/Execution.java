package org.jinku.scenario.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jinku.api.Direction;
import org.jinku.api.EventView;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;
import org.jinku.api.RejectionView;
import org.jinku.api.UserInfo;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.catalog.json.VoucherJson;
import org.jinku.catalog.sample.Operators;
import org.jinku.catalog.sample.VoucherTemplates;
import org.jinku.scenario.ScenarioResult;
import org.jinku.scenario.Status;
import org.jinku.scenario.StepResult;

/**
 * Runs one scenario's steps in order against the box. A failed step fails the scenario and the steps after
 * it are skipped; whatever the scenario changed (simulator faults, cut links) is put back when it ends,
 * pass or fail.
 */
final class Execution {

    private static final Duration DEFAULT_WITHIN = Duration.ofSeconds(30);
    private static final String ACTOR = "scenario";

    private final Box box;
    private final Scenario scenario;
    private final Values values;
    private final int index;
    private int numbers;
    /** Per party: the simulator settings as they were before this scenario changed them. */
    private final Map<String, Map<String, Object>> faultsBefore = new LinkedHashMap<>();
    /** Links this scenario cut and has not restored. */
    private final Set<List<String>> cut = new LinkedHashSet<>();

    Execution(Box box, Scenario scenario, Values values, int index) {
        this.box = box;
        this.scenario = scenario;
        this.values = values;
        this.index = index;
    }

    ScenarioResult run() {
        long start = System.nanoTime();
        List<StepResult> results = new ArrayList<>();
        String failed = null;
        try {
            for (Scenario.Step step : scenario.steps()) {
                if (failed != null) {
                    results.add(new StepResult(step.id(), step.kind().word, step.line(), summaryOf(step),
                            Status.SKIPPED, "not run: " + failed, Duration.ZERO));
                    continue;
                }
                StepResult r = runStep(step);
                results.add(r);
                if (r.status() == Status.FAILED) {
                    failed = "step '" + step.id() + "' (line " + step.line() + ") failed";
                }
            }
        } finally {
            String cleanup = cleanUp();
            if (cleanup != null) {
                results.add(new StepResult("cleanup", "cleanup", 0, "reset faults and links", Status.FAILED, cleanup,
                        Duration.ZERO));
                failed = failed == null ? cleanup : failed;
            }
        }
        return new ScenarioResult(scenario.name(), scenario.file(), scenario.tags(),
                failed == null ? Status.PASSED : Status.FAILED, null, Duration.ofNanos(System.nanoTime() - start),
                results);
    }

    Values values() {
        return values;
    }

    private StepResult runStep(Scenario.Step step) {
        long t = System.nanoTime();
        String skip = realParty(step);
        if (skip != null) {
            return new StepResult(step.id(), step.kind().word, step.line(), summaryOf(step), Status.SKIPPED,
                    skip + " is a real party here: this step is theirs to do or observe", Duration.ZERO);
        }
        try {
            String summary = execute(step);
            return new StepResult(step.id(), step.kind().word, step.line(), summary, Status.PASSED, null,
                    Duration.ofNanos(System.nanoTime() - t));
        } catch (StepFailure e) {
            return new StepResult(step.id(), step.kind().word, step.line(), summaryOf(step), Status.FAILED,
                    e.getMessage(), Duration.ofNanos(System.nanoTime() - t));
        } catch (JinkuException e) {
            return new StepResult(step.id(), step.kind().word, step.line(), summaryOf(step), Status.FAILED,
                    e.code() + ": " + e.getMessage(), Duration.ofNanos(System.nanoTime() - t));
        } catch (RuntimeException e) {
            return new StepResult(step.id(), step.kind().word, step.line(), summaryOf(step), Status.FAILED,
                    e.toString(), Duration.ofNanos(System.nanoTime() - t));
        }
    }

    /** The real party a step acts as or looks into, if any. */
    private String realParty(Scenario.Step step) {
        for (String arg : List.of("as", "at", "party", "node")) {
            String p = step.has(arg) ? values.resolve(step.text(arg)) : null;
            if (p != null && box.realParties().contains(p)) {
                return p;
            }
        }
        if (step.has("between")) {
            for (String p : list(step, "between")) {
                if (box.realParties().contains(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String summaryOf(Scenario.Step step) {
        return step.kind().word + " " + step.args();
    }

    private String execute(Scenario.Step step) {
        return switch (step.kind()) {
            case SUBMIT -> submit(step);
            case RESUBMIT -> resubmit(step);
            case SIGN -> sign(step);
            case VOID -> {
                Values.Captured c = captured(step);
                String reason = Optional.ofNullable(text(step, "reason")).orElse("作废 in scenario " + scenario.name());
                VoucherView v = node(step, "as").voidVoucher(c.key(), ACTOR, reason);
                yield step.text("as") + " voided " + c.key() + " version " + v.version();
            }
            case RESEND -> {
                Values.Captured c = captured(step);
                int flag = bool(step, "receipt", false) ? 1 : 0;
                VoucherView v = node(step, "as").resend(c.key(), flag, ACTOR);
                yield step.text("as") + " sent " + (flag == 1 ? "the 回单 of " : "") + c.key() + " again (补发) to "
                        + v.deliveries().keySet();
            }
            case ACCEPT -> {
                Values.Captured c = captured(step);
                VoucherView v = node(step, "as").accept(c.key(), ACTOR);
                yield step.text("as") + " accepted (签收) " + c.key() + " (" + v.state() + ")";
            }
            case REFUSE -> {
                Values.Captured c = captured(step);
                String reason = Optional.ofNullable(text(step, "reason")).orElse("签收失败 in scenario " + scenario.name());
                RejectCode code = step.has("code") ? RejectCode.valueOf(text(step, "code")) : RejectCode.BUSINESS_REFUSED;
                node(step, "as").refuse(c.key(), ACTOR, code, reason);
                yield step.text("as") + " refused (签收失败) " + c.key() + ": " + code + " " + reason;
            }
            case RETURN -> {
                Values.Captured c = captured(step);
                String reason = Optional.ofNullable(text(step, "reason")).orElse("退回 in scenario " + scenario.name());
                node(step, "as").returnVoucher(c.key(), ACTOR, reason);
                yield step.text("as") + " returned (退回) " + c.key() + ": " + reason;
            }
            case COMMAND -> command(step);
            case EXPECT_STATUS -> expectStatus(step);
            case EXPECT_VOUCHER -> expectVoucher(step);
            case EXPECT_RECEIPT -> expectReceipt(step);
            case EXPECT_REFUSAL -> expectRefusal(step);
            case EXPECT_EVENT -> expectEvent(step);
            case FAULT -> fault(step);
            case CUT -> link(step, true);
            case RESTORE -> link(step, false);
            case RESTART -> {
                String n = text(step, "node");
                long t = System.nanoTime();
                box.restart(n);
                yield n + " restarted and back in " + (System.nanoTime() - t) / 1_000_000 + " ms";
            }
            case CHECK_LEDGERS -> Ledgers.check(box, values, ids(step, "vouchers"));
            case HISTORY_INTACT -> historyIntact(step);
        };
    }

    // ------------------------------------------------------------------ acting

    private String submit(Scenario.Step step) {
        Node n = node(step, "as");
        Voucher v = base(step);
        String number = step.has("number") ? text(step, "number") : nextNumber();
        v = VoucherTemplates.renumbered(v, number, values.todayText());
        v = lines(step, v);
        if (step.has("line-fields")) {
            for (Map.Entry<String, String> f : map(step, "line-fields").entrySet()) {
                v = VoucherTemplates.withEveryLine(v, f.getKey(), f.getValue());
            }
        }
        v = VoucherTemplates.with(v, map(step, "fields"));
        if (step.has("expect-error")) {
            String code = text(step, "expect-error");
            try {
                n.submit(v);
            } catch (JinkuException e) {
                if (!e.code().name().equals(code)) {
                    throw new StepFailure("submit was refused with " + e.code() + " (" + e.getMessage() + "), not "
                            + code);
                }
                if (n.find(v.key(), 0).filter(x -> x.direction() == Direction.OUT).isPresent()
                        && n.versions(v.key()).size() > 0 && !step.has("number")) {
                    throw new StepFailure("submit was refused with " + code + " but " + v.key() + " is stored");
                }
                return step.text("as") + " refused " + v.key() + " at submit: " + e.code() + " " + e.getMessage();
            }
            throw new StepFailure("submit of " + v.key() + " was accepted; expected the refusal " + code);
        }
        VoucherView view = n.submit(v);
        values.capture(step.id(), new Values.Captured(view.key(), n.name(), v));
        String signed = bool(step, "sign", true) ? signAll(n, view.key()) : "not signed";
        return n.name() + " submitted " + view.key() + " (" + v.details().size() + " line(s), "
                + Optional.ofNullable(v.get("PayAmt")).orElse(Optional.ofNullable(v.get("PlanAmt")).orElse("-"))
                + "); " + signed;
    }

    private String resubmit(Scenario.Step step) {
        Node n = node(step, "as");
        Values.Captured c = captured(step);
        Voucher v = n.content(c.key(), 0).orElseThrow(() -> new StepFailure(n.name() + " holds no " + c.key()));
        v = VoucherTemplates.with(v, map(step, "fields"));
        VoucherView view = n.submit(v);
        values.capture(step.id(), new Values.Captured(view.key(), n.name(), v));
        values.capture(text(step, "voucher"), new Values.Captured(view.key(), n.name(), v));
        String signed = bool(step, "sign", true) ? signAll(n, view.key()) : "not signed";
        return n.name() + " resubmitted " + view.key() + " as version " + view.version() + "; " + signed;
    }

    private Voucher base(Scenario.Step step) {
        if (step.has("file")) {
            Path f = Path.of(scenario.file()).resolveSibling(text(step, "file"));
            try (InputStream in = Files.newInputStream(f)) {
                return VoucherJson.read(in);
            } catch (IOException e) {
                throw new StepFailure("voucher file " + f + " cannot be read: " + e.getMessage());
            }
        }
        if (step.has("inline")) {
            return VoucherJson.fromTree(resolveTree(step.args().get("inline")));
        }
        String vt = text(step, "voucher");
        if (vt == null) {
            throw new StepFailure("submit needs 'voucher' (a VtCode: its shipped example), 'file' or 'inline'");
        }
        try {
            return VoucherTemplates.example(vt);
        } catch (IllegalArgumentException e) {
            throw new StepFailure(e.getMessage());
        }
    }

    /** {@code lines: ["600.00", "600.00"]} or {@code lines: {count: 25, amount: "40.00", field: PayAmt}}. */
    private Voucher lines(Scenario.Step step, Voucher v) {
        JsonNode l = step.args().get("lines");
        if (l == null || l.isNull() || v.details().isEmpty()) {
            return v;
        }
        String field = v.details().get(0).containsKey("PayAmt") ? "PayAmt" : "PlanAmt";
        List<BigDecimal> amounts = new ArrayList<>();
        if (l.isArray()) {
            l.forEach(a -> amounts.add(new BigDecimal(values.resolve(a.asText()))));
        } else if (l.isObject()) {
            field = l.path("field").asText(field);
            int count = l.path("count").asInt(1);
            if (count < 1 || count > 100_000) {
                throw new StepFailure("lines.count is from 1 to 100000");
            }
            BigDecimal each = new BigDecimal(values.resolve(l.path("amount").asText("1.00")));
            for (int i = 0; i < count; i++) {
                amounts.add(each);
            }
        } else {
            throw new StepFailure("lines is a list of amounts or {count, amount, field}");
        }
        return VoucherTemplates.withLines(v, field, amounts);
    }

    private String nextNumber() {
        // Run id + scenario + step: unique per run, so scenarios rerun and run side by side.
        return "JT" + values.runId + "-" + index + "-" + (++numbers);
    }

    /**
     * {@code sign}: as {@code user} at the next post, or without {@code user} every remaining post in turn; with
     * the operator's PIN from the box configuration, or {@code pin} when given (a wrong one to see WRONG_PIN).
     * With {@code expect-error} the step passes only if the node refuses with that code and the voucher gained
     * no signature.
     */
    private String sign(Scenario.Step step) {
        Values.Captured c = captured(step);
        Node n = node(step, "as");
        String user = text(step, "user");
        String pin = text(step, "pin");
        Function<String, String> pins = pin != null ? u -> pin : box.pins(n.name());
        if (step.has("expect-error")) {
            String code = text(step, "expect-error");
            int before = n.find(c.key(), 0).map(v -> v.signatures().size()).orElse(0);
            try {
                if (user == null) {
                    Operators.signEveryPost(n, c.key(), pins);
                } else {
                    n.sign(c.key(), user, pins.apply(user));
                }
            } catch (JinkuException e) {
                if (!e.code().name().equals(code)) {
                    throw new StepFailure("sign was refused with " + e.code() + " (" + e.getMessage() + "), not " + code);
                }
                int after = n.find(c.key(), 0).map(v -> v.signatures().size()).orElse(0);
                if (user != null && after != before) {
                    throw new StepFailure("sign was refused with " + code + " but " + c.key() + " has " + after
                            + " signature(s) now, " + before + " before");
                }
                return step.text("as") + " refused to sign " + c.key() + (user == null ? "" : " as " + user) + ": "
                        + e.code() + " " + e.getMessage();
            }
            throw new StepFailure("sign of " + c.key() + (user == null ? "" : " as " + user)
                    + " was accepted; expected the refusal " + code);
        }
        if (user == null) {
            return step.text("as") + ": " + c.key() + " " + signAll(n, c.key(), pins);
        }
        VoucherView v = n.sign(c.key(), user, pins.apply(user));
        return step.text("as") + ": " + user + " signed " + c.key() + " (" + v.state() + ")";
    }

    /** Signs every post in turn, each by an operator holding it who has not signed yet, as a party would. */
    private String signAll(Node n, VoucherKey key) {
        return signAll(n, key, box.pins(n.name()));
    }

    private static String signAll(Node n, VoucherKey key, Function<String, String> pins) {
        List<String> signers = Operators.signEveryPost(n, key, pins);
        return "signed by " + signers + ", " + n.find(key, 0).orElseThrow().state();
    }

    private String command(Scenario.Step step) {
        Node n = node(step, "at");
        Map<String, String> args = map(step, "args");
        String out = n.runCommand(text(step, "run"), args);
        String type = text(step, "type");
        if (type != null) {
            VoucherView made = n.list(500).stream().filter(v -> v.direction() == Direction.OUT && v.voucherFlag() == 0
                    && v.key().vtCode().equals(type) && out.contains(v.key().voucherNo())).findFirst()
                    .orElseThrow(() -> new StepFailure(n.name() + " " + text(step, "run") + " named no " + type
                            + " it sent: " + out));
            values.capture(step.id(), new Values.Captured(made.key(), n.name(), n.content(made.key(), 0).orElse(null)));
        }
        return n.name() + " " + text(step, "run") + ": " + out;
    }

    private String fault(Scenario.Step step) {
        String party = text(step, "party");
        String simulator = box.simulatorOf(party);
        Map<String, Object> set = new LinkedHashMap<>();
        JsonNode given = step.args().get("set");
        if (given != null && given.isObject()) {
            // null removes a setting; anything else is text, placeholders resolved
            given.fields().forEachRemaining(f -> set.put(f.getKey(), f.getValue().isNull() ? null
                    : values.resolve(f.getValue().asText())));
        }
        JsonNode clear = step.args().get("clear");
        if (clear != null && clear.asBoolean(false)) {
            Map<String, Object> before = faultsBefore.remove(simulator);
            if (before != null) {
                box.simulatorSettings(simulator, before);
            }
            return party + " (" + simulator + "): settings changed in this scenario put back";
        }
        if (set.isEmpty()) {
            throw new StepFailure("fault needs 'set: {fault.…: value}' or 'clear: true'");
        }
        Map<String, Object> before = box.simulatorSettings(simulator, set);
        // The value from before this scenario's first change is the one to put back (null: was unset).
        Map<String, Object> kept = faultsBefore.computeIfAbsent(simulator, p -> new HashMap<>());
        before.forEach((k, v) -> {
            if (!kept.containsKey(k)) {
                kept.put(k, v);
            }
        });
        return party + " (" + simulator + ", every node it plays): " + set;
    }

    private String link(Scenario.Step step, boolean cutIt) {
        List<String> pair = list(step, "between");
        if (pair.size() != 2) {
            throw new StepFailure("'between' names two parties, e.g. [finance, bank105]");
        }
        Node a = box.node(pair.get(0));
        Node b = box.node(pair.get(1));
        a.holdPeer(b.address(), cutIt, ACTOR);
        b.holdPeer(a.address(), cutIt, ACTOR);
        if (cutIt) {
            cut.add(pair);
        } else {
            cut.remove(pair);
        }
        return "link " + pair + (cutIt ? " cut: what each sends the other waits in its outbox" : " restored");
    }

    /** Puts back what the scenario changed; the problem, or null. */
    private String cleanUp() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> f : faultsBefore.entrySet()) {
            try {
                box.simulatorSettings(f.getKey(), f.getValue());
            } catch (RuntimeException e) {
                problems.add("faults of " + f.getKey() + " not reset: " + e.getMessage());
            }
        }
        faultsBefore.clear();
        for (List<String> pair : cut) {
            try {
                Node a = box.node(pair.get(0));
                Node b = box.node(pair.get(1));
                a.holdPeer(b.address(), false, ACTOR);
                b.holdPeer(a.address(), false, ACTOR);
            } catch (RuntimeException e) {
                problems.add("link " + pair + " not restored: " + e.getMessage());
            }
        }
        cut.clear();
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    // ------------------------------------------------------------------ expecting

    private String expectStatus(Scenario.Step step) {
        Node n = node(step, "at");
        Values.Captured c = captured(step);
        int flag = bool(step, "receipt", false) ? 1 : 0;
        String to = text(step, "to");
        String want = text(step, "status");
        boolean code = want.matches("-?\\d+");
        if (!code) {
            try {
                VoucherState.valueOf(want);
            } catch (IllegalArgumentException e) {
                throw new StepFailure("status '" + want + "' is neither a status code (0–14) nor a state "
                        + java.util.Arrays.toString(VoucherState.values()));
            }
        }
        Duration within = within(step, DEFAULT_WITHIN);
        String[] seen = {null};
        List<String> path = new ArrayList<>();
        boolean ok = poll(within, () -> {
            Optional<VoucherView> v = n.find(c.key(), flag);
            if (v.isEmpty()) {
                return false;
            }
            String now = code ? String.valueOf((to == null ? v.get().status() : v.get().statusFor(to)).code())
                    : v.get().state().name();
            if (!now.equals(seen[0])) {
                path.add(now);
                seen[0] = now;
            }
            if (now.equals(want)) {
                return true;
            }
            // A known-bad end: waiting longer would only hide it.
            if (code && want.equals("12") && (now.equals("4") || now.equals("5"))
                    || !code && want.equals("CONFIRMED") && (now.equals("REFUSED") || now.equals("RETURNED")
                    || now.equals("VOIDED") || now.equals("PARTLY_PAID") || now.equals("UNPAID"))) {
                throw new StepFailure(n.name() + ": " + c.key() + " became " + now + " (" + v.get().reason()
                        + "), not " + want + "; statuses seen " + path);
            }
            return false;
        });
        if (!ok) {
            throw new StepFailure(n.name() + ": " + c.key() + (flag == 1 ? " (回单)" : "") + (to == null ? "" : " to " + to)
                    + " is " + (seen[0] == null ? "not there" : seen[0]) + ", not " + want + " after " + within.toSeconds()
                    + " s; statuses seen " + path + "; last events " + lastEvents(n, c.key()));
        }
        return n.name() + ": " + c.key() + (flag == 1 ? " (回单)" : "") + (to == null ? "" : " to " + to) + " is " + want
                + " (seen " + path + ")";
    }

    private String expectVoucher(Scenario.Step step) {
        Node n = node(step, "at");
        String type = text(step, "type");
        Map<String, String> where = map(step, "where");
        Map<String, String> fields = map(step, "fields");
        boolean absent = bool(step, "absent", false);
        Duration within = within(step, absent ? Duration.ofSeconds(5) : DEFAULT_WITHIN);
        VoucherView[] found = {null};
        Voucher[] content = {null};
        boolean ok = poll(within, () -> {
            for (VoucherView v : n.list(2000)) {
                if (v.voucherFlag() != 0 || v.direction() != Direction.IN || !v.key().vtCode().equals(type)) {
                    continue;
                }
                Optional<Voucher> body = n.content(v.key(), 0);
                if (body.isPresent() && matches(body.get(), where)) {
                    found[0] = v;
                    content[0] = body.get();
                    return true;
                }
            }
            return false;
        });
        if (absent) {
            if (ok) {
                throw new StepFailure(n.name() + " received " + found[0].key() + " (" + type + " where " + where
                        + "), which must not arrive");
            }
            return "no " + type + " where " + where + " arrived at " + n.name() + " in " + within.toSeconds() + " s";
        }
        if (!ok) {
            throw new StepFailure("no " + type + " where " + where + " arrived at " + n.name() + " in "
                    + within.toSeconds() + " s");
        }
        values.capture(step.id(), new Values.Captured(found[0].key(), n.name(), content[0]));
        String mismatch = mismatch(content[0], fields);
        if (mismatch != null) {
            throw new StepFailure(n.name() + ": " + found[0].key() + " " + mismatch);
        }
        if (step.has("lines") && content[0].details().size() != step.args().get("lines").asInt()) {
            throw new StepFailure(n.name() + ": " + found[0].key() + " has " + content[0].details().size()
                    + " line(s), not " + step.args().get("lines").asInt());
        }
        return n.name() + " received " + found[0].key() + (fields.isEmpty() ? "" : " with " + fields);
    }

    private String expectReceipt(Scenario.Step step) {
        Node n = node(step, "at");
        Values.Captured c = captured(step);
        Map<String, String> fields = map(step, "fields");
        Duration within = within(step, DEFAULT_WITHIN);
        Voucher[] r = {null};
        if (!poll(within, () -> {
            r[0] = n.content(c.key(), 1).orElse(null);
            return r[0] != null;
        })) {
            throw new StepFailure("no 回单 of " + c.key() + " at " + n.name() + " after " + within.toSeconds()
                    + " s; last events " + lastEvents(n, c.key()));
        }
        String mismatch = mismatch(r[0], fields);
        if (mismatch != null) {
            throw new StepFailure(n.name() + ": the 回单 of " + c.key() + " " + mismatch);
        }
        return n.name() + " holds the 回单 of " + c.key() + (fields.isEmpty() ? "" : " with " + fields);
    }

    private String expectRefusal(Scenario.Step step) {
        Node n = node(step, "at");
        Values.Captured c = captured(step);
        String ref = c.key() + (bool(step, "receipt", false) ? "#1" : "");
        String code = text(step, "code");
        String reason = text(step, "reason");
        Duration within = within(step, DEFAULT_WITHIN);
        RejectionView[] hit = {null};
        boolean ok = poll(within, () -> {
            for (RejectionView r : n.rejections(1000)) {
                if (ref.equals(r.voucherKey()) && r.code().name().equals(code)
                        && (reason == null || r.reason().contains(reason))) {
                    hit[0] = r;
                    return true;
                }
            }
            return false;
        });
        if (!ok) {
            List<String> there = n.rejections(1000).stream().filter(r -> ref.equals(r.voucherKey()))
                    .map(r -> r.code() + ": " + r.reason()).toList();
            throw new StepFailure(n.name() + " recorded no " + code + " refusal of " + ref
                    + (reason == null ? "" : " with '" + reason + "'") + " in " + within.toSeconds() + " s; it has "
                    + (there.isEmpty() ? "none for it" : there));
        }
        return n.name() + " refused " + ref + ": " + hit[0].code() + " " + hit[0].reason();
    }

    /** An event of the voucher's history at a node (DUPLICATE, RESENT, VOIDED, …). */
    private String expectEvent(Scenario.Step step) {
        Node n = node(step, "at");
        Values.Captured c = captured(step);
        String event = text(step, "event");
        Duration within = within(step, DEFAULT_WITHIN);
        EventView[] hit = {null};
        if (!poll(within, () -> {
            hit[0] = n.history(c.key()).stream().filter(e -> e.kind().equals(event)).findFirst().orElse(null);
            return hit[0] != null;
        })) {
            throw new StepFailure("no " + event + " event for " + c.key() + " at " + n.name() + " in "
                    + within.toSeconds() + " s; last events " + lastEvents(n, c.key()));
        }
        return n.name() + ": " + event + (hit[0].voucherFlag() == 1 ? " (回单)" : "") + " by " + hit[0].actor() + ": "
                + hit[0].detail();
    }

    private String historyIntact(Scenario.Step step) {
        List<String> ids = ids(step, "voucher");
        List<String> at = step.has("at") ? list(step, "at") : null;
        List<String> checked = new ArrayList<>();
        for (String id : ids) {
            VoucherKey key = values.voucher(id).key();
            for (Node n : box.nodes()) {
                if (at != null && !at.contains(n.name()) || at == null && n.find(key, 0).isEmpty()
                        && n.find(key, 1).isEmpty()) {
                    continue;
                }
                if (!n.historyIntact(key)) {
                    throw new StepFailure("the history of " + key + " at " + n.name() + " is broken");
                }
                checked.add(n.name() + ":" + key.voucherNo());
            }
        }
        if (checked.isEmpty()) {
            throw new StepFailure("no node holds " + ids);
        }
        return "histories intact: " + checked;
    }

    // ------------------------------------------------------------------ helpers

    private static String mismatch(Voucher v, Map<String, String> fields) {
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String actual = v.get(f.getKey());
            if (actual == null && !v.details().isEmpty()) {
                actual = v.details().get(0).get(f.getKey());
            }
            if (!f.getValue().equals(actual)) {
                return "has " + f.getKey() + " = " + (actual == null ? "(none)" : "'" + actual + "'") + ", expected '"
                        + f.getValue() + "'";
            }
        }
        return null;
    }

    private static boolean matches(Voucher v, Map<String, String> where) {
        return mismatch(v, where) == null;
    }

    /** Polls every 100 ms until true or the deadline; StepFailure from the check ends it at once. */
    static boolean poll(Duration within, Supplier<Boolean> check) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (check.get()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure("interrupted");
            }
        }
    }

    private static String lastEvents(Node n, VoucherKey key) {
        List<EventView> h = n.history(key);
        return h.subList(Math.max(0, h.size() - 6), h.size()).stream()
                .map(e -> e.kind() + (e.voucherFlag() == 1 ? "#1" : "") + " by " + e.actor()).toList().toString();
    }

    private Node node(Scenario.Step step, String arg) {
        return box.node(text(step, arg));
    }

    private Values.Captured captured(Scenario.Step step) {
        return values.voucher(text(step, "voucher"));
    }

    private String text(Scenario.Step step, String arg) {
        return values.resolve(step.text(arg));
    }

    private static boolean bool(Scenario.Step step, String arg, boolean otherwise) {
        JsonNode n = step.args().get(arg);
        return n == null || n.isNull() ? otherwise : n.asBoolean(otherwise);
    }

    private Map<String, String> map(Scenario.Step step, String arg) {
        JsonNode n = step.args().get(arg);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new StepFailure("'" + arg + "' is a mapping of field: value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            out.put(f.getKey(), values.resolve(f.getValue().asText()));
        }
        return out;
    }

    private List<String> list(Scenario.Step step, String arg) {
        JsonNode n = step.args().get(arg);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(x -> out.add(values.resolve(x.asText())));
        } else {
            out.add(values.resolve(n.asText()));
        }
        return out;
    }

    /** The voucher ids a step names; none named: every voucher this scenario submitted or found. */
    private List<String> ids(Scenario.Step step, String arg) {
        List<String> ids = list(step, arg);
        return ids.isEmpty() ? new ArrayList<>(values.captured().keySet()) : ids;
    }

    private Duration within(Scenario.Step step, Duration otherwise) {
        String w = text(step, "within");
        if (w == null) {
            return otherwise;
        }
        String t = w.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            if (t.endsWith("s")) {
                t = t.substring(0, t.length() - 1).trim();
            }
            return Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new StepFailure("within '" + w + "' is not a time such as 30s or 500ms");
        }
    }

    private ObjectNode resolveTree(JsonNode tree) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                out.set(f.getKey(), resolveTree(v));
            } else if (v.isArray()) {
                var arr = out.putArray(f.getKey());
                v.forEach(x -> {
                    if (x.isObject()) {
                        arr.add(resolveTree(x));
                    } else {
                        arr.add(values.resolve(x.asText()));
                    }
                });
            } else {
                out.put(f.getKey(), values.resolve(v.asText()));
            }
        }
        return out;
    }

}
