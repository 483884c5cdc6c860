package org.jinku.sim.pbc.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

import org.jinku.api.Node;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.PartyAdapter;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
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
import org.jinku.sim.common.TimeWindow;
import org.jinku.sim.common.Vouchers;
import org.jinku.sim.pbc.internal.PbocLedger.Decision;

/**
 * Stands in for the PBoC treasury system (TCBS/TIPS) in joint tests, for every node that binds it
 * ({@code jinku.adapter=sim-pbc}), each with its own books:
 * <ul>
 * <li>clearing quotas (5108 direct, 5106 authorized): registered per bank and pay type, confirmed;</li>
 * <li>copies of the banks' payment receipts: what each bank paid, per payment;</li>
 * <li>clearing requests (申请划款): refused with OUTSIDE_CLEARING_WINDOW, CLEARING_QUOTA_EXCEEDED or
 *     CLEARING_MORE_THAN_PAID, else cleared and confirmed (the engine copies the receipt to finance);</li>
 * <li>refunds (申请退款): REFUND_NOT_PAID unless cleared, else quota and treasury account restored;</li>
 * <li>allocations (实拨): paid from the treasury account;</li>
 * <li>command {@code reports}: the income (收入日报) and stock (库存日报) daily reports to finance, also daily.</li>
 * </ul>
 */
@Component(service = PartyAdapter.class, configurationPid = "jinku.sim.pbc",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PartyAdapter.SERVICE_PROPERTY + "=" + PbocSimulator.ID)
@Designate(ocd = PbocSimulator.Config.class)
public class PbocSimulator extends SimulatorBase<PbocLedger.State> {

    public static final String ID = "sim-pbc";
    public static final String REPORTS = "reports";

    @ObjectClassDefinition(name = "Jinku PBoC treasury simulator")
    public @interface Config {
        @AttributeDefinition(description = "Clearing window HH:mm-HH:mm; 00:00-24:00: always")
        String clearing_window() default "08:30-16:30";

        @AttributeDefinition(description = "Opening balance of the treasury single account (国库单一账户), yuan")
        String opening_balance() default "100000000.00";

        @AttributeDefinition(description = "Account number of the treasury single account in the stock report")
        String treasury_account() default "GK2100000001";

        @AttributeDefinition(description = "Daily time (HH:mm) of the income and stock reports to finance; empty: only on command")
        String reports_at() default "";

        @AttributeDefinition(description = "Fault: meanings to refuse (签收失败), comma separated; * = all")
        String fault_refuse_meanings() default "";

        @AttributeDefinition(description = "Fault: meanings to return (退回), comma separated; * = all")
        String fault_return_meanings() default "";

        @AttributeDefinition(description = "Fault: the reason given when returning")
        String fault_return_reason() default "";

        @AttributeDefinition(description = "Fault: answer this many seconds late")
        int fault_delay_seconds() default 0;

        @AttributeDefinition(description = "Fault: allocation lines paying an account starting with this are not paid")
        String fault_fail_payee_prefix() default "";

        @AttributeDefinition(description = "Fault: from when this is set, answer and send nothing for this many seconds, then catch up")
        int fault_silent_seconds() default 0;

        @AttributeDefinition(description = "What this party sends of these meanings (回单 and its own vouchers) it sends again (补发) once the peer has it; * = all")
        String fault_duplicate_meanings() default "";

        @AttributeDefinition(description = "What this party sends of these meanings is followed by a copy with one signature altered; * = all")
        String fault_tamper_meanings() default "";

        @AttributeDefinition(description = "AdmDivCode of reports made before any voucher was received")
        String adm_div_code() default "210000";

        @AttributeDefinition(description = "Directory of the books, one JSON file per node; empty: ${karaf.data}/jinku/sim")
        String ledger_dir() default "";
    }

    private volatile TimeWindow window = TimeWindow.parse("08:30-16:30");
    private volatile BigDecimal opening = new BigDecimal("100000000.00");
    private volatile String account = "GK2100000001";
    private volatile DailyTime reportsAt = DailyTime.parse("");
    private volatile String admDivCode = "210000";

    public PbocSimulator() {
        super(ID, PbocLedger.State.class, PbocLedger.State::new);
    }

    /** For tests: a catalogue, books in {@code ledgerDir}, a clock. */
    public PbocSimulator(VoucherCatalog catalog, String ledgerDir, Clock clock) {
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

    @Modified
    public void configure(Config c) {
        window = setting("clearing.window", () -> TimeWindow.parse(c.clearing_window()), window);
        opening = setting("opening.balance", () -> Money.of(c.opening_balance()), opening);
        account = Texts.blank(c.treasury_account()) ? "GK2100000001" : c.treasury_account().trim();
        reportsAt = setting("reports.at", () -> DailyTime.parse(c.reports_at()), reportsAt);
        admDivCode = Texts.blank(c.adm_div_code()) ? "210000" : c.adm_div_code().trim();
        runtime.faults(Faults.parse(c.fault_refuse_meanings(), c.fault_return_meanings(), c.fault_return_reason(),
                c.fault_delay_seconds(), c.fault_fail_payee_prefix(), c.fault_silent_seconds())
                .sending(c.fault_duplicate_meanings(), c.fault_tamper_meanings()));
        ledgerDir(c.ledger_dir());
    }

    @Override
    public List<String> commands() {
        return List.of(REPORTS);
    }

    private static PbocLedger ledger(PbocLedger.State s) {
        return new PbocLedger(s);
    }

    // ------------------------------------------------------------------ received vouchers

    @Override
    protected void answer(Node node, VoucherKey key, Voucher v, String meaning) {
        boolean known = read(node, s -> s.clearings.containsKey(key.toString()) || s.refunds.containsKey(key.toString())
                || s.allocations.containsKey(key.toString()) || s.quotaLines.stream().anyMatch(l -> l.startsWith(key + "#")));
        if (!known && faulted(node, key, meaning)) {
            return;
        }
        VoucherType type = catalog().type(key.vtCode()).orElseThrow();
        int version = node.find(key, 0).map(VoucherView::version).orElse(1);
        switch (meaning) {
            case Meanings.DIRECT_CLEARING_QUOTA, Meanings.AUTHORIZED_CLEARING_QUOTA -> {
                String payType = Meanings.DIRECT_CLEARING_QUOTA.equals(meaning) ? Meanings.PAY_DIRECT
                        : Meanings.PAY_AUTHORIZED;
                change(node, s -> ledger(s).registerQuota(key, v, payType));
                accept(node, key, id());
                reply(node, key, Vouchers.receipt(type, v, Map.of(), null, today(), Ids.txn(key.toString())));
            }
            case Meanings.ALLOCATION -> {
                PbocLedger.Allocation a = change(node, s -> ledger(s).allocate(key, v, runtime.faults(), today(),
                        Ids.txn(key.toString())));
                accept(node, key, id());
                reply(node, key, allocationReceipt(type, v, a));
            }
            case Meanings.CLEARING_REQUEST -> {
                Decision d = change(node, s -> ledger(s).clear(key, v, version, runtime.localNow(), window));
                answer(node, key, type, v, d);
            }
            case Meanings.REFUND -> {
                Decision d = change(node, s -> ledger(s).refund(key, v, version, today()));
                answer(node, key, type, v, d);
            }
            default -> {
                accept(node, key, id());
                if (type.receiptDue()) {
                    reply(node, key, Vouchers.receipt(type, v, Map.of(), null, today(), Ids.txn(key.toString())));
                }
            }
        }
    }

    /** Refuses with the decision's code, or confirms: header XPayAmt and XClearDate, each line's XPayAmt. */
    private void answer(Node node, VoucherKey key, VoucherType type, Voucher v, Decision d) {
        if (PbocLedger.REFUSED.equals(d.state)) {
            node.refuse(key, id(), RejectCode.valueOf(d.code), d.reason);
            return;
        }
        accept(node, key, id());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("XPayAmt", Money.str(d.amount));
        h.put("XClearDate", d.date);
        List<Map<String, String>> lines = new ArrayList<>();
        for (Map<String, String> line : v.details()) {
            lines.add(Map.of("XPayAmt", Money.str(Money.of(line.get("PayAmt")))));
        }
        reply(node, key, Vouchers.receipt(type, v, h, lines, LocalDate.parse(d.date, DailyTime.DAY),
                Ids.txn(key.toString())));
    }

    private static Voucher allocationReceipt(VoucherType type, Voucher v, PbocLedger.Allocation a) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("XPayDate", a.date);
        h.put("XAgentBusinessNo", a.txn);
        h.put("XPayAmt", Money.str(a.paid));
        List<Map<String, String>> lines = new ArrayList<>();
        for (String id : PbocLedger.lineIds(v)) {
            PbocLedger.AllocationLine l = a.lines.get(id);
            Map<String, String> x = new LinkedHashMap<>();
            x.put("XPayDate", a.date);
            x.put("XAgentBusinessNo", a.txn);
            x.put("XPayAmt", Money.str(l == null ? Money.ZERO : l.paid));
            x.put("XAddWord", l == null ? "未支付" : l.reason);
            lines.add(x);
        }
        return Vouchers.receipt(type, v, h, lines, LocalDate.parse(a.date, DailyTime.DAY), a.txn);
    }

    /** Copies of the banks' payment receipts tell what each bank paid. */
    @Override
    public void receiptReceived(Node node, VoucherView view, Voucher receipt) {
        runtime.seen(node);
        if (Meanings.isPayment(Meanings.of(catalog(), receipt))) {
            change(node, s -> ledger(s).recordPaid(view.key(), receipt));
        }
    }

    @Override
    public void voucherAccepted(Node node, VoucherView view) {
        if (view.voucherFlag() == 0) {
            change(node, s -> s.reports.computeIfPresent(view.key().toString(), (k, was) ->
                    was.endsWith("; accepted") ? was : was + "; accepted"));
        }
    }

    @Override
    public void voucherRejected(Node node, VoucherView view) {
        if (view.voucherFlag() == 0) {
            change(node, s -> s.reports.computeIfPresent(view.key().toString(), (k, was) ->
                    was + "; " + view.state().name().toLowerCase() + ": " + view.reason()));
        }
    }

    // ------------------------------------------------------------------ commands

    @Override
    public String command(Node node, String command, Map<String, String> args) {
        catalog();
        runtime.seen(node);
        Args a = new Args(command, args);
        if (REPORTS.equals(command)) {
            return reports(node, a);
        }
        return unknownCommand(command);
    }

    /** 收入日报 (refunds back into the treasury per budget subject) and 库存日报 (the treasury account) to finance. */
    String reports(Node node, Args a) {
        String day = a.get("date", todayText());
        VoucherType income = type(Meanings.INCOME_DAILY_REPORT);
        VoucherType stock = type(Meanings.STOCK_DAILY_REPORT);
        Voucher[] made = change(node, s -> {
            PbocLedger l = ledger(s);
            String adm = Texts.first(a.get("admDivCode"), s.admDivCode, admDivCode);
            String year = day.substring(0, 4);
            String no1 = Ids.sequenced("SR", "", today(), s.nextSeq());
            Map<String, String> h = Vouchers.header(income, adm, year, no1, today());
            List<Map<String, String>> lines = new ArrayList<>();
            BigDecimal all = Money.ZERO;
            int i = 1;
            for (Map.Entry<String, BigDecimal> e : l.income(day).entrySet()) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("Id", String.valueOf(i++));
                line.put("BudgetSubjectCode", e.getKey());
                line.put("CurIncomeAmt", Money.str(e.getValue()));
                line.put("DayAmt", Money.str(e.getValue()));
                lines.add(line);
                all = all.add(e.getValue());
            }
            h.put("ReportDate", day);
            h.put("AllAmt", Money.str(all));
            Voucher in = Vouchers.build(income, h, lines);
            BigDecimal[] st = l.stock(opening, day);
            String no2 = Ids.sequenced("KC", "", today(), s.nextSeq());
            Map<String, String> h2 = Vouchers.header(stock, adm, year, no2, today());
            h2.put("ReportDate", day);
            h2.put("AcctDate", day);
            h2.put("AcctNo", account);
            h2.put("PreBalance", Money.str(st[0]));
            h2.put("IncomeAmt", Money.str(st[1]));
            h2.put("PayAmt", Money.str(st[2]));
            h2.put("CurBalance", Money.str(st[3]));
            Voucher sv = Vouchers.build(stock, h2, List.of());
            s.reports.put(in.key().toString(), day + ": income " + Money.str(all) + " yuan, " + lines.size() + " subject(s)");
            s.reports.put(sv.key().toString(), day + ": balance " + Money.str(st[0]) + " + " + Money.str(st[1]) + " - "
                    + Money.str(st[2]) + " = " + Money.str(st[3]));
            return new Voucher[] {in, sv};
        });
        send(node, income, made[0]);
        send(node, stock, made[1]);
        return "sent income daily report " + income.vtCode() + " " + made[0].key().voucherNo() + " (" + day + ": "
                + made[0].get("AllAmt") + " yuan, " + made[0].details().size() + " subject(s)) and stock daily report "
                + stock.vtCode() + " " + made[1].key().voucherNo() + " (" + made[1].get("PreBalance") + " + "
                + made[1].get("IncomeAmt") + " - " + made[1].get("PayAmt") + " = " + made[1].get("CurBalance") + ")";
    }

    @Override
    protected void onTick(Node node) {
        daily(node, REPORTS, reportsAt, () -> reports(node, new Args(REPORTS, Map.of())));
    }

    @Override
    protected Map<String, Object> summary(PbocLedger.State s) {
        Map<String, Object> m = ledger(s).summary(opening);
        m.put("clearingWindow", window.toString());
        m.put("clearingOpenNow", String.valueOf(window.contains(runtime.localNow().toLocalTime())));
        return m;
    }
}
