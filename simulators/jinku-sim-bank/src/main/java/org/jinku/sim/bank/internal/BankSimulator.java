package org.jinku.sim.bank.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.PartyAdapter;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.jinku.sim.bank.internal.BankLedger.Outgoing;
import org.jinku.sim.bank.internal.BankLedger.Payment;
import org.jinku.sim.bank.internal.BankLedger.RefundLine;
import org.jinku.sim.bank.internal.BankLedger.Request;
import org.jinku.sim.common.Args;
import org.jinku.sim.common.DailyTime;
import org.jinku.sim.common.Faults;
import org.jinku.sim.common.Ids;
import org.jinku.sim.common.Meanings;
import org.jinku.sim.common.Money;
import org.jinku.sim.common.NodeConfig;
import org.jinku.sim.common.NodeLookup;
import org.jinku.sim.common.Wire;
import org.jinku.sim.common.SimulatorBase;
import org.jinku.sim.common.Texts;
import org.jinku.sim.common.Vouchers;

/**
 * Stands in for an agent bank's core system in joint tests (联调), for every bank node that binds it
 * ({@code jinku.adapter=sim-bank}), each with its own books ({@code ${karaf.data}/jinku/sim/<node>.json}):
 * <ul>
 * <li>direct payments (and their batch companions): accepts (签收), pays every line, answers the signed
 *     receipt (回单), then sends the unit its credit notice;</li>
 * <li>authorized quota notices: registers each unit's quota by subject and month, answers the signed
 *     receipt, sends each unit its quota credit notice;</li>
 * <li>authorized payments: refuses with OVER_QUOTA when a line goes beyond what is left of the quota,
 *     else uses the quota, pays and answers the receipt;</li>
 * <li>commands {@code clearing-request} (申请划款 to the PBoC), {@code refund} (申请退款) and
 *     {@code reports} (直接支付日报 to finance); the first and last also daily at a configured time.</li>
 * </ul>
 * Faults on demand (live through config admin): see {@link Config}.
 */
@Component(service = PartyAdapter.class, configurationPid = "jinku.sim.bank",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PartyAdapter.SERVICE_PROPERTY + "=" + BankSimulator.ID)
@Designate(ocd = BankSimulator.Config.class)
public class BankSimulator extends SimulatorBase<BankLedger.State> {

    public static final String ID = "sim-bank";
    public static final String CLEARING_REQUEST = "clearing-request";
    public static final String REFUND = "refund";
    public static final String REPORTS = "reports";

    @ObjectClassDefinition(name = "Jinku agent bank simulator")
    public @interface Config {
        @AttributeDefinition(description = "Return (退回) direct payments whose PayeeAcctNo starts with this; empty: never")
        String return_payee_prefix() default "999";

        @AttributeDefinition(description = "Refuse (签收失败) direct payments above this amount in yuan; empty: never")
        String refuse_above() default "";

        @AttributeDefinition(description = "Seconds after paying before the credit notice (入账通知书) goes to the unit")
        int notice_delay_seconds() default 0;

        @AttributeDefinition(description = "Daily time (HH:mm) of the clearing request to the PBoC; empty: only on command")
        String clearing_at() default "";

        @AttributeDefinition(description = "Daily time (HH:mm) of the direct-payment daily report to finance; empty: only on command")
        String reports_at() default "";

        @AttributeDefinition(description = "Fault: meanings to refuse (签收失败), comma separated; * = all")
        String fault_refuse_meanings() default "";

        @AttributeDefinition(description = "Fault: meanings to return (退回), comma separated; * = all")
        String fault_return_meanings() default "";

        @AttributeDefinition(description = "Fault: the reason given when returning")
        String fault_return_reason() default "";

        @AttributeDefinition(description = "Fault: answer this many seconds late")
        int fault_delay_seconds() default 0;

        @AttributeDefinition(description = "Fault: lines paying an account starting with this are not paid")
        String fault_fail_payee_prefix() default "";

        @AttributeDefinition(description = "Fault: from when this is set, answer and send nothing for this many seconds, then catch up")
        int fault_silent_seconds() default 0;

        @AttributeDefinition(description = "What this party sends of these meanings (回单 and its own vouchers) it sends again (补发) once the peer has it; * = all")
        String fault_duplicate_meanings() default "";

        @AttributeDefinition(description = "What this party sends of these meanings is followed by a copy with one signature altered; * = all")
        String fault_tamper_meanings() default "";

        @AttributeDefinition(description = "AdmDivCode of vouchers made before any was received (reports)")
        String adm_div_code() default "210000";

        @AttributeDefinition(description = "Directory of the books, one JSON file per node; empty: ${karaf.data}/jinku/sim")
        String ledger_dir() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(BankSimulator.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern TRAILING_CODE = Pattern.compile("(\\d{3})$");

    private volatile String returnPrefix = "999";
    private volatile BigDecimal refuseAbove;
    private volatile int noticeDelaySeconds;
    private volatile DailyTime clearingAt = DailyTime.parse("");
    private volatile DailyTime reportsAt = DailyTime.parse("");
    private volatile String admDivCode = "210000";

    /** As OSGi makes it; without a catalogue (plain tests of the node engine) it only accepts and pays 5201s. */
    public BankSimulator() {
        super(ID, BankLedger.State.class, BankLedger.State::new);
    }

    /** For tests: a catalogue, books in {@code ledgerDir}, a clock. */
    public BankSimulator(VoucherCatalog catalog, String ledgerDir, Clock clock) {
        this();
        catalog(catalog);
        ledgerDir(ledgerDir);
        runtime.clock(clock);
    }

    @Reference
    void bindCatalog(VoucherCatalog c) {
        catalog(c);
    }

    @Activate
    void activate(BundleContext ctx, Config c) {
        configure(c);
        start(NodeLookup.registry(ctx), Wire.registry(ctx), NodeConfig.registry(ctx));
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /** A configuration change applies at once: faults, times and limits. */
    @Modified
    public void configure(Config c) {
        returnPrefix = Texts.nz(c.return_payee_prefix()).trim();
        refuseAbove = setting("refuse.above", () -> Texts.blank(c.refuse_above()) ? null
                : new BigDecimal(c.refuse_above().trim()), refuseAbove);
        noticeDelaySeconds = Math.max(0, c.notice_delay_seconds());
        clearingAt = setting("clearing.at", () -> DailyTime.parse(c.clearing_at()), clearingAt);
        reportsAt = setting("reports.at", () -> DailyTime.parse(c.reports_at()), reportsAt);
        admDivCode = Texts.blank(c.adm_div_code()) ? "210000" : c.adm_div_code().trim();
        runtime.faults(Faults.parse(c.fault_refuse_meanings(), c.fault_return_meanings(), c.fault_return_reason(),
                c.fault_delay_seconds(), c.fault_fail_payee_prefix(), c.fault_silent_seconds())
                .sending(c.fault_duplicate_meanings(), c.fault_tamper_meanings()));
        ledgerDir(c.ledger_dir());
    }

    @Override
    public List<String> commands() {
        return List.of(CLEARING_REQUEST, REFUND, REPORTS);
    }

    private BankLedger ledger(BankLedger.State s) {
        return new BankLedger(s);
    }

    // ------------------------------------------------------------------ received vouchers

    @Override
    public void voucherReceived(Node node, VoucherView view, Voucher voucher) {
        if (catalog == null) {
            legacy(node, view, voucher);
            return;
        }
        super.voucherReceived(node, view, voucher);
    }

    @Override
    protected void answer(Node node, VoucherKey key, Voucher v, String meaning) {
        boolean known = read(node, s -> s.payments.containsKey(key.toString())
                || s.outgoing.containsKey("quota:" + key));
        if (!known && faulted(node, key, meaning)) {
            return;
        }
        switch (meaning) {
            case Meanings.DIRECT_PAYMENT, Meanings.DIRECT_PAYMENT_BATCH -> direct(node, key, v, meaning, known);
            case Meanings.QUOTA_NOTICE -> quotaNotice(node, key, v);
            case Meanings.AUTHORIZED_PAYMENT -> authorized(node, key, v, meaning);
            default -> {
                // Anything else a bank may get: accepted, and confirmed unchanged when a receipt is due.
                accept(node, key, id());
                if (catalog().type(key.vtCode()).map(VoucherType::receiptDue).orElse(false)) {
                    reply(node, key, Vouchers.receipt(catalog().type(key.vtCode()).orElseThrow(), v, Map.of(), null,
                            today(), Ids.txn(key.toString())));
                }
            }
        }
    }

    @Override
    protected void noted(Node node, VoucherKey key, String meaning, RejectCode code, String reason) {
        change(node, s -> {
            ledger(s).refused(key, meaning, code.name(), reason, today());
            return null;
        });
    }

    private void direct(Node node, VoucherKey key, Voucher v, String meaning, boolean known) {
        if (!known && Meanings.DIRECT_PAYMENT.equals(meaning)) {
            String payee = v.get("PayeeAcctNo");
            if (!returnPrefix.isEmpty() && payee != null && payee.startsWith(returnPrefix)) {
                String reason = "收款人账号不存在: " + payee;
                noted(node, key, meaning, RejectCode.RETURNED, reason);
                node.returnVoucher(key, id(), reason);
                return;
            }
            BigDecimal amount = Money.of(v.get("PayAmt"));
            if (refuseAbove != null && amount.compareTo(refuseAbove) > 0) {
                refuse(node, key, RejectCode.BUSINESS_REFUSED, "金额 " + Money.str(amount) + " 超出代理银行单笔限额 "
                        + refuseAbove.toPlainString());
                return;
            }
        }
        Payment p = change(node, s -> {
            Payment paid = ledger(s).pay(key, v, meaning, runtime.faults(), false, today(), Ids.txn(key.toString()));
            if (paid.paid.signum() > 0) {
                due(s, "credit:" + key, "credit", key.toString(), noticeDelaySeconds);
            }
            return paid;
        });
        accept(node, key, id());
        reply(node, key, receipt(catalog().type(key.vtCode()).orElseThrow(), v, p));
        runOutgoing(node);
    }

    private void quotaNotice(Node node, VoucherKey key, Voucher v) {
        change(node, s -> {
            ledger(s).registerQuotas(key, v);
            due(s, "quota:" + key, "quota", key.toString(), noticeDelaySeconds);
            return null;
        });
        accept(node, key, id());
        reply(node, key, Vouchers.receipt(catalog().type(key.vtCode()).orElseThrow(), v, Map.of(), null, today(),
                Ids.txn(key.toString())));
        runOutgoing(node);
    }

    private void authorized(Node node, VoucherKey key, Voucher v, String meaning) {
        Object decision = change(node, s -> {
            BankLedger l = ledger(s);
            if (l.payment(key).isPresent()) {
                return l.payment(key).get();
            }
            var over = l.overQuota(v);
            if (over.isPresent()) {
                return over.get();
            }
            return l.pay(key, v, meaning, runtime.faults(), true, today(), Ids.txn(key.toString()));
        });
        if (decision instanceof BankLedger.OverQuota over) {
            refuse(node, key, RejectCode.OVER_QUOTA, over.message());
            return;
        }
        accept(node, key, id());
        reply(node, key, receipt(catalog().type(key.vtCode()).orElseThrow(), v, (Payment) decision));
    }

    /** The 回单 of a payment as paid: each line's XPayAmt (0.00 and the reason when not paid), the totals. */
    static Voucher receipt(VoucherType type, Voucher v, Payment p) {
        LocalDate day = LocalDate.parse(p.paidDate, DAY);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("XPayDate", p.paidDate);
        h.put("XAgentBusinessNo", p.txn);
        h.put("XPayAmt", Money.str(p.paid));
        h.put("XSumAmt", Money.str(p.paid));
        h.put("XPayeeAcctNo", v.get("PayeeAcctNo"));
        h.put("XPayeeAcctName", v.get("PayeeAcctName"));
        List<Map<String, String>> lines = new ArrayList<>();
        List<String> ids = BankLedger.lineIds(v);
        for (String id : ids) {
            BankLedger.Line l = p.lines.get(id);
            Map<String, String> x = new LinkedHashMap<>();
            x.put("XPayDate", p.paidDate);
            x.put("XAgentBusinessNo", p.txn);
            x.put("XPayAmt", Money.str(l == null ? Money.ZERO : l.paid));
            x.put("XAddWord", l == null ? "未支付" : l.reason);
            lines.add(x);
        }
        return Vouchers.receipt(type, v, h, lines, day, p.txn);
    }

    // ------------------------------------------------------------------ notices (入账通知书, 额度到账通知书)

    private void due(BankLedger.State s, String id, String kind, String source, int delaySeconds) {
        if (s.outgoing.containsKey(id)) {
            return;
        }
        Outgoing o = new Outgoing();
        o.kind = kind;
        o.source = source;
        long at = runtime.now().plusSeconds(delaySeconds).toEpochMilli();
        o.due = Math.max(at, runtime.silent() ? runtime.silentUntil().toEpochMilli() : 0);
        o.state = "due";
        s.outgoing.put(id, o);
    }

    /** Sends the notices whose time has come (never while silent); each is marked sent or failed. */
    void runOutgoing(Node node) {
        if (runtime.silent()) {
            return;
        }
        long now = runtime.now().toEpochMilli();
        List<String> due = read(node, s -> s.outgoing.entrySet().stream()
                .filter(e -> "due".equals(e.getValue().state) && e.getValue().due <= now).map(Map.Entry::getKey)
                .toList());
        for (String id : due) {
            if (!claim(node.name(), id)) {
                continue;
            }
            try {
                Outgoing o = read(node, s -> s.outgoing.get(id));
                List<String> sent;
                try {
                    sent = "credit".equals(o.kind) ? sendCredit(node, VoucherKey.parse(o.source))
                            : sendQuotaCredits(node, VoucherKey.parse(o.source));
                } catch (RuntimeException e) {
                    LOG.warn("{}: node {}: {} notice for {} failed: {}", id(), node.name(), o.kind, o.source,
                            e.getMessage());
                    change(node, s -> {
                        o.state = "failed";
                        o.note = Texts.reason(e.getMessage());
                        return null;
                    });
                    continue;
                }
                change(node, s -> {
                    o.state = "sent";
                    o.vouchers = sent;
                    return null;
                });
            } finally {
                release(node.name(), id);
            }
        }
    }

    /** 财政直接支付入账通知书 to the unit: the paid lines of the payment, with the payment's header. */
    private List<String> sendCredit(Node node, VoucherKey src) {
        Voucher v = node.content(src, 0).orElseThrow(() -> new IllegalStateException("payment " + src + " not stored"));
        VoucherType t = type(Meanings.DIRECT_CREDIT_NOTICE);
        Map<String, String> h;
        List<Map<String, String>> lines = new ArrayList<>();
        synchronized (books(node)) {
            Payment p = books(node).payments.get(src.toString());
            List<String> ids = BankLedger.lineIds(v);
            String no = Ids.derived(src.voucherNo(), Meanings.DIRECT_PAYMENT_BATCH.equals(p.meaning) ? "P" : "");
            h = Vouchers.header(t, src.admDivCode(), src.stYear(), no, today());
            h.put("OriVtCode", src.vtCode());
            h.put("OriVoucherNo", src.voucherNo());
            String agency = Texts.first(p.agency, firstLine(p).agency, companionAgency(books(node), v));
            h.put("AgencyCode", agency);
            h.put("PayAmt", Money.str(p.paid));
            h.put("PayDate", p.paidDate);
            h.put("AgentBusinessNo", p.txn);
            Vouchers.copyKnown(t, false, v.header(), h);
            for (int i = 0; i < ids.size(); i++) {
                BankLedger.Line l = p.lines.get(ids.get(i));
                if (l == null || l.paid.signum() <= 0) {
                    continue;
                }
                Map<String, String> line = new LinkedHashMap<>();
                line.put("Id", l.id);
                line.put("PayAmt", Money.str(l.paid));
                line.put("PayeeAcctNo", l.payee);
                line.put("PayeeAcctName", l.payeeName);
                Vouchers.copyKnown(t, true, v.details().get(i), line);
                lines.add(line);
            }
            if (!h.containsKey("PayeeAcctNo") && !lines.isEmpty()) {
                h.put("PayeeAcctNo", lines.get(0).get("PayeeAcctNo"));
                h.put("PayeeAcctName", lines.get(0).get("PayeeAcctName"));
            }
        }
        if (lines.isEmpty()) {
            return List.of();
        }
        Voucher notice = Vouchers.build(t, h, lines);
        send(node, t, notice);
        return List.of(notice.key().toString());
    }

    private static BankLedger.Line firstLine(Payment p) {
        return p.lines.values().stream().findFirst().orElse(new BankLedger.Line());
    }

    /** The unit of the 5201 a batch companion (8207) belongs to, when the companion names none. */
    private static String companionAgency(BankLedger.State s, Voucher v) {
        String no = v.get("OriginalVoucherNo");
        if (no == null) {
            return null;
        }
        return s.payments.values().stream().filter(p -> no.equals(p.voucherNo) && p.agency != null)
                .map(p -> p.agency).findFirst().orElse(null);
    }

    /** 财政授权支付额度到账通知书, one per unit of the quota notice: its subjects and amounts for the month. */
    private List<String> sendQuotaCredits(Node node, VoucherKey src) {
        Voucher v = node.content(src, 0).orElseThrow(() -> new IllegalStateException("quota notice " + src + " not stored"));
        VoucherType t = type(Meanings.QUOTA_CREDIT_NOTICE);
        Map<String, List<Map<String, String>>> byUnit = new LinkedHashMap<>();
        for (Map<String, String> d : v.details()) {
            byUnit.computeIfAbsent(Texts.first(d.get("AgencyCode"), v.get("AgencyCode")), k -> new ArrayList<>()).add(d);
        }
        List<String> sent = new ArrayList<>();
        int i = 1;
        for (Map.Entry<String, List<Map<String, String>>> unit : byUnit.entrySet()) {
            String no = byUnit.size() == 1 ? src.voucherNo() : Ids.derived(src.voucherNo(), "-" + i);
            i++;
            Map<String, String> h = Vouchers.header(t, src.admDivCode(), src.stYear(), no, today());
            h.put("OriVtCode", src.vtCode());
            h.put("OriVoucherNo", src.voucherNo());
            h.put("AgencyCode", unit.getKey());
            h.put("AgencyName", unit.getValue().get(0).get("AgencyName"));
            h.put("SetMonth", BankLedger.month(v));
            BigDecimal sum = Money.ZERO;
            List<Map<String, String>> lines = new ArrayList<>();
            for (Map<String, String> d : unit.getValue()) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("Id", d.get("Id"));
                line.put("ExpFuncCode", d.get("ExpFuncCode"));
                line.put("PlanAmt", Money.str(Money.of(d.get("PlanAmt"))));
                Vouchers.copyKnown(t, true, d, line);
                lines.add(line);
                sum = sum.add(Money.of(d.get("PlanAmt")));
            }
            h.put("PlanAmt", Money.str(sum));
            Vouchers.copyKnown(t, false, v.header(), h);
            Voucher notice = Vouchers.build(t, h, lines);
            send(node, t, notice);
            sent.add(notice.key().toString());
        }
        return sent;
    }

    // ------------------------------------------------------------------ answers from peers

    @Override
    public void receiptReceived(Node node, VoucherView view, Voucher receipt) {
        if (catalog == null) {
            return;
        }
        runtime.seen(node);
        String meaning = Meanings.of(catalog, receipt);
        VoucherKey key = view.key();
        if (Meanings.CLEARING_REQUEST.equals(meaning)) {
            change(node, s -> ledger(s).cleared(key, receipt, today()));
        } else if (Meanings.REFUND.equals(meaning)) {
            change(node, s -> ledger(s).refunded(key, receipt, today()));
        }
    }

    @Override
    public void voucherRejected(Node node, VoucherView view) {
        if (catalog == null || view.voucherFlag() != 0) {
            return;
        }
        VoucherState st = view.state();
        if (st != VoucherState.REFUSED && st != VoucherState.RETURNED && st != VoucherState.FAILED) {
            return;
        }
        String meaning = Meanings.of(catalog, view.key().vtCode());
        String state = st.name().toLowerCase();
        change(node, s -> {
            switch (meaning) {
                case Meanings.CLEARING_REQUEST -> ledger(s).requestFailed(view.key(), state, view.reason());
                case Meanings.REFUND -> ledger(s).refundFailed(view.key(), state, view.reason());
                default -> s.outgoing.values().stream().filter(o -> o.vouchers.contains(view.key().toString()))
                        .forEach(o -> o.note = state + ": " + view.reason());
            }
            return null;
        });
    }

    @Override
    public void voucherAccepted(Node node, VoucherView view) {
        if (catalog == null || view.voucherFlag() != 0) {
            return;
        }
        change(node, s -> {
            s.outgoing.values().stream().filter(o -> o.vouchers.contains(view.key().toString()))
                    .forEach(o -> o.note = "accepted");
            return null;
        });
    }

    // ------------------------------------------------------------------ commands

    @Override
    public String command(Node node, String command, Map<String, String> args) {
        catalog();
        runtime.seen(node);
        Args a = new Args(command, args);
        return switch (command) {
            case CLEARING_REQUEST -> clearingRequest(node, a);
            case REFUND -> refund(node, a);
            case REPORTS -> reports(node, a);
            default -> unknownCommand(command);
        };
    }

    private String bankCode(Node node, BankLedger.State s, Args a) {
        String code = Texts.first(a.get("bankCode"), s.bankCode);
        if (code == null) {
            Matcher m = TRAILING_CODE.matcher(node.name());
            if (m.find()) {
                code = m.group(1);
            }
        }
        if (code == null) {
            throw a.bad("cannot tell this bank's code (PayBankCode) yet: no voucher received; give bankCode=");
        }
        return code;
    }

    /**
     * 申请划款: one 2301 per PayTypeCode (11 direct, 12 authorized) with one line per paid voucher, for what
     * it paid and neither cleared nor asked to clear yet. Args: {@code payType} (11 or 12; default both).
     */
    String clearingRequest(Node node, Args a) {
        String only = a.get("payType");
        if (only != null && !only.equals(Meanings.PAY_DIRECT) && !only.equals(Meanings.PAY_AUTHORIZED)) {
            throw a.bad("payType must be 11 (direct) or 12 (authorized), not " + only);
        }
        VoucherType t = type(Meanings.CLEARING_REQUEST);
        List<String> said = new ArrayList<>();
        for (String payType : only == null ? List.of(Meanings.PAY_DIRECT, Meanings.PAY_AUTHORIZED) : List.of(only)) {
            while (true) {
                Voucher v = change(node, s -> {
                    BankLedger l = ledger(s);
                    List<Payment> ps = l.clearable(payType);
                    if (ps.isEmpty()) {
                        return null;
                    }
                    String adm = ps.get(0).admDivCode;
                    String year = ps.get(0).stYear;
                    ps = ps.stream().filter(p -> p.admDivCode.equals(adm) && p.stYear.equals(year)).toList();
                    String bank = bankCode(node, s, a);
                    VoucherKey key = new VoucherKey(adm, year, t.vtCode(), Ids.sequenced("HK", bank, today(), s.nextSeq()));
                    Request r = l.request(key, payType, ps, today());
                    return clearingVoucher(t, key, r, bank, s);
                });
                if (v == null) {
                    break;
                }
                said.add(send(node, t, v, "clearing request", s -> ledger(s).request(v.key()).ifPresent(r -> r.state = BankLedger.SENT),
                        (s, e) -> ledger(s).requestFailed(v.key(), "failed", e)));
            }
        }
        if (said.isEmpty()) {
            return "nothing to clear: no payment " + (only == null ? "" : "of PayTypeCode " + only + " ")
                    + "paid by node " + node.name() + " waits for clearing; no clearing request sent";
        }
        return String.join("; ", said);
    }

    private Voucher clearingVoucher(VoucherType t, VoucherKey key, Request r, String bank, BankLedger.State s) {
        Map<String, String> h = Vouchers.header(t, key.admDivCode(), key.stYear(), key.voucherNo(), today());
        h.put("PayTypeCode", r.payTypeCode);
        h.put("PayTypeName", Meanings.PAY_DIRECT.equals(r.payTypeCode) ? "财政直接支付" : "财政授权支付");
        h.put("PayAmt", Money.str(r.amount));
        h.put("PayBankCode", bank);
        List<Map<String, String>> lines = new ArrayList<>();
        for (Map.Entry<String, BankLedger.RequestLine> e : r.lines.entrySet()) {
            BankLedger.RequestLine l = e.getValue();
            Payment p = s.payments.get(l.payment);
            Map<String, String> line = new LinkedHashMap<>();
            line.put("Id", e.getKey());
            line.put("VoucherNo", l.voucherNo);
            line.put("OriVtCode", l.vtCode);
            line.put("PayAmt", Money.str(l.amount));
            if (p != null) {
                line.put("AgencyCode", p.agency);
                line.put("PayDate", p.paidDate);
                line.put("AgentBusinessNo", p.txn);
            }
            lines.add(line);
        }
        return Vouchers.build(t, h, lines);
    }

    /**
     * Sends a voucher the books already hold as being sent; marks it sent, or failed (what it held back is
     * free again) when the node will not take it.
     */
    private String send(Node node, VoucherType t, Voucher v, String what,
                        java.util.function.Consumer<BankLedger.State> sent,
                        java.util.function.BiConsumer<BankLedger.State, String> failed) {
        try {
            send(node, t, v);
        } catch (RuntimeException e) {
            change(node, s -> {
                failed.accept(s, Texts.reason(e.getMessage()));
                return null;
            });
            throw e;
        }
        change(node, s -> {
            sent.accept(s);
            return null;
        });
        return "sent " + what + " " + t.vtCode() + " " + v.key().voucherNo() + " (PayTypeCode " + v.get("PayTypeCode")
                + ", " + v.details().size() + " line(s), " + v.get("PayAmt") + " yuan)";
    }

    /**
     * 申请退款: the payee's money came back; a 2302 with negative amounts for a paid voucher. Args:
     * {@code voucherNo} (required), {@code vtCode}, {@code lineId}, {@code amount} (default: all that is
     * left to refund); {@code force=true} refunds a payment this bank has no record of (needs amount; takes
     * vtCode, payType, agency, subject), to see the PBoC refuse it.
     */
    String refund(Node node, Args a) {
        String no = a.required("voucherNo");
        String vt = a.get("vtCode");
        String lineId = a.get("lineId");
        BigDecimal amount = a.amount("amount");
        boolean force = a.flag("force");
        VoucherType t = type(Meanings.REFUND);
        Voucher v = change(node, s -> {
            BankLedger l = ledger(s);
            List<Payment> ps = l.paymentsNumbered(no, vt);
            if (ps.size() > 1) {
                throw a.bad("voucherNo " + no + " names several payments " + ps.stream().map(p -> p.key).toList()
                        + "; give vtCode");
            }
            List<RefundLine> lines;
            String payType;
            String adm;
            String year;
            if (ps.isEmpty()) {
                if (!force || amount == null) {
                    throw a.bad("finds no payment numbered " + no + (vt == null ? "" : " of VtCode " + vt)
                            + " paid by node " + node.name() + " (force=true with amount= refunds it anyway)");
                }
                RefundLine r = new RefundLine();
                r.oriVoucherNo = no;
                r.oriVtCode = vt == null ? type(Meanings.DIRECT_PAYMENT).vtCode() : vt;
                r.agency = a.get("agency", "000000");
                r.subject = a.get("subject", "000");
                r.month = today().format(DateTimeFormatter.ofPattern("yyyyMM"));
                r.amount = amount.negate();
                lines = List.of(r);
                payType = a.get("payType", Meanings.PAY_DIRECT);
                adm = a.get("admDivCode", Texts.first(s.admDivCode, admDivCode));
                year = String.valueOf(today().getYear());
            } else {
                Payment p = ps.get(0);
                try {
                    lines = l.refundLines(p, lineId, amount);
                } catch (IllegalArgumentException e) {
                    throw a.bad(e.getMessage());
                }
                payType = p.payTypeCode;
                adm = p.admDivCode;
                year = p.stYear;
            }
            String bank = bankCode(node, s, a);
            VoucherKey key = new VoucherKey(adm, year, t.vtCode(), Ids.sequenced("TK", bank, today(), s.nextSeq()));
            BankLedger.Refund r = l.refund(key, payType, lines, today());
            return refundVoucher(t, key, r, bank);
        });
        return send(node, t, v, "refund", s -> ledger(s).refund(v.key()).ifPresent(r -> r.state = BankLedger.SENT),
                (s, e) -> ledger(s).refundFailed(v.key(), "failed", e));
    }

    private Voucher refundVoucher(VoucherType t, VoucherKey key, BankLedger.Refund r, String bank) {
        Map<String, String> h = Vouchers.header(t, key.admDivCode(), key.stYear(), key.voucherNo(), today());
        h.put("PayTypeCode", r.payTypeCode);
        h.put("PayTypeName", Meanings.PAY_DIRECT.equals(r.payTypeCode) ? "财政直接支付" : "财政授权支付");
        h.put("PayAmt", Money.str(r.amount));
        h.put("PayBankCode", bank);
        h.put("ReturnDate", todayText());
        List<Map<String, String>> lines = new ArrayList<>();
        for (Map.Entry<String, RefundLine> e : r.lines.entrySet()) {
            RefundLine l = e.getValue();
            Map<String, String> line = new LinkedHashMap<>();
            line.put("Id", e.getKey());
            line.put("OriVoucherNo", l.oriVoucherNo);
            line.put("OriVtCode", l.oriVtCode);
            line.put("OriVouDetailNo", l.line);
            line.put("AgencyCode", Texts.first(l.agency, "000000"));
            line.put("ExpFuncCode", Texts.first(l.subject, "000"));
            line.put("PayAmt", Money.str(l.amount));
            line.put("PayeeAcctNo", l.payee);
            line.put("PayeeAcctName", l.payeeName);
            line.put("ReturnDate", todayText());
            lines.add(line);
        }
        return Vouchers.build(t, h, lines);
    }

    /** 直接支付日报 to finance: today's (or {@code date=yyyyMMdd}) direct payments per unit. */
    String reports(Node node, Args a) {
        String day = a.get("date", todayText());
        VoucherType t = type(Meanings.DIRECT_DAILY_REPORT);
        Voucher v = change(node, s -> {
            Map<String, BigDecimal[]> paid = ledger(s).directPaidOn(day);
            if (paid.isEmpty() && t.minDetails() > 0) {
                return null;
            }
            String bank = bankCode(node, s, a);
            String adm = Texts.first(a.get("admDivCode"), s.admDivCode, admDivCode);
            VoucherKey key = new VoucherKey(adm, day.substring(0, 4), t.vtCode(),
                    Ids.sequenced("ZR", bank, today(), s.nextSeq()));
            Map<String, String> h = Vouchers.header(t, adm, key.stYear(), key.voucherNo(), today());
            BigDecimal all = Money.ZERO;
            BigDecimal num = BigDecimal.ZERO;
            List<Map<String, String>> lines = new ArrayList<>();
            int i = 1;
            for (Map.Entry<String, BigDecimal[]> e : paid.entrySet()) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("Id", String.valueOf(i++));
                line.put("AgencyCode", e.getKey());
                line.put("PayAmt", Money.str(e.getValue()[0]));
                line.put("Num", e.getValue()[1].toPlainString());
                lines.add(line);
                all = all.add(e.getValue()[0]);
                num = num.add(e.getValue()[1]);
            }
            h.put("PayBankCode", bank);
            h.put("ReportDate", day);
            h.put("AllNum", num.toPlainString());
            h.put("AllAmt", Money.str(all));
            h.put("PayTypeCode", Meanings.PAY_DIRECT);
            s.reports.put(key.toString(), day + ": " + num + " payment line(s), " + Money.str(all) + " yuan");
            return Vouchers.build(t, h, lines);
        });
        if (v == null) {
            return "no direct payments on " + day + "; no daily report sent";
        }
        send(node, t, v);
        return "sent direct-payment daily report " + t.vtCode() + " " + v.key().voucherNo() + " for " + day + ": "
                + v.get("AllNum") + " payment line(s), " + v.get("AllAmt") + " yuan, " + v.details().size() + " unit(s)";
    }

    // ------------------------------------------------------------------ timers and views

    @Override
    protected void onTick(Node node) {
        daily(node, CLEARING_REQUEST, clearingAt, () -> clearingRequest(node, new Args(CLEARING_REQUEST, Map.of())));
        daily(node, REPORTS, reportsAt, () -> reports(node, new Args(REPORTS, Map.of())));
        runOutgoing(node);
    }

    @Override
    protected Map<String, Object> summary(BankLedger.State s) {
        return ledger(s).summary();
    }

    // ------------------------------------------------------------------ without a catalogue

    /** The behaviour before the catalogue knew meanings: 5201s only, returned, refused or paid in full. */
    private void legacy(Node node, VoucherView view, Voucher voucher) {
        String payee = voucher.get("PayeeAcctNo");
        if (!returnPrefix.isEmpty() && payee != null && payee.startsWith(returnPrefix)) {
            node.returnVoucher(view.key(), id(), "收款人账号不存在: " + payee);
            return;
        }
        BigDecimal amount = new BigDecimal(voucher.get("PayAmt"));
        if (refuseAbove != null && amount.compareTo(refuseAbove) > 0) {
            node.refuse(view.key(), id(), "金额 " + amount.toPlainString() + " 超出代理银行单笔限额 "
                    + refuseAbove.toPlainString());
            return;
        }
        node.accept(view.key(), id());
        try {
            reply(node, view.key(), receipt(voucher));
        } catch (JinkuException e) {
            LOG.warn("sim-bank: receipt for {} refused by the node: {}", view.key(), e.getMessage());
        }
    }

    /** The 回单 of a 5201: every line paid in full today, with a bank transaction number per voucher. */
    public static Voucher receipt(Voucher v) {
        String today = LocalDate.now().format(DAY);
        // Derived from the key, so a retried payment reports the same transaction number (never a new one).
        String txn = "SIM" + UUID.nameUUIDFromBytes(v.key().toString().getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 20).toUpperCase();
        Map<String, String> x = new LinkedHashMap<>();
        x.put("XPayDate", today);
        x.put("XAgentBusinessNo", txn);
        x.put("XPayAmt", v.get("PayAmt"));
        x.put("XPayeeAcctNo", v.get("PayeeAcctNo"));
        x.put("XPayeeAcctName", v.get("PayeeAcctName"));
        List<Map<String, String>> lines = new ArrayList<>();
        for (Map<String, String> d : v.details()) {
            Map<String, String> line = new LinkedHashMap<>(d);
            line.put("XPayDate", today);
            line.put("XAgentBusinessNo", txn);
            line.put("XPayAmt", d.get("PayAmt"));
            lines.add(line);
        }
        return v.withHeader(x, lines);
    }
}
