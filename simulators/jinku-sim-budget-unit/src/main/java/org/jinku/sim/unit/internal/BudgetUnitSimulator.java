package org.jinku.sim.unit.internal;

import java.math.BigDecimal;
import java.time.Clock;
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
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.PartyAdapter;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.jinku.sim.common.Args;
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
 * Stands in for a budget unit's self-service counter (自助柜面) in joint tests, for every node that binds it
 * ({@code jinku.adapter=sim-budget-unit}): takes (签收) and books the credit notices (入账通知书) and quota
 * credit notices (额度到账通知书) banks send, and on command {@code pay} sends a signed authorized payment
 * (财政授权支付凭证) to a bank, booking the bank's receipt or refusal.
 */
@Component(service = PartyAdapter.class, configurationPid = "jinku.sim.unit",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = PartyAdapter.SERVICE_PROPERTY + "=" + BudgetUnitSimulator.ID)
@Designate(ocd = BudgetUnitSimulator.Config.class)
public class BudgetUnitSimulator extends SimulatorBase<UnitLedger.State> {

    public static final String ID = "sim-budget-unit";
    public static final String PAY = "pay";

    @ObjectClassDefinition(name = "Jinku budget unit simulator")
    public @interface Config {
        @AttributeDefinition(description = "The unit's AgencyCode on payments (until a notice names it)")
        String agency_code() default "201001";

        @AttributeDefinition(description = "The unit's zero-balance account (PayAcctNo); empty: ZB<AgencyCode>")
        String pay_account() default "";

        @AttributeDefinition(description = "PayBankCode of payments when the command names no bank")
        String default_bank() default "105";

        @AttributeDefinition(description = "Fault: meanings to refuse (签收失败), comma separated; * = all")
        String fault_refuse_meanings() default "";

        @AttributeDefinition(description = "Fault: meanings to return (退回), comma separated; * = all")
        String fault_return_meanings() default "";

        @AttributeDefinition(description = "Fault: the reason given when returning")
        String fault_return_reason() default "";

        @AttributeDefinition(description = "Fault: answer this many seconds late")
        int fault_delay_seconds() default 0;

        @AttributeDefinition(description = "Fault: from when this is set, answer nothing for this many seconds, then catch up")
        int fault_silent_seconds() default 0;

        @AttributeDefinition(description = "What this party sends of these meanings (回单 and its own vouchers) it sends again (补发) once the peer has it; * = all")
        String fault_duplicate_meanings() default "";

        @AttributeDefinition(description = "What this party sends of these meanings is followed by a copy with one signature altered; * = all")
        String fault_tamper_meanings() default "";

        @AttributeDefinition(description = "AdmDivCode of payments made before any voucher was received")
        String adm_div_code() default "210000";

        @AttributeDefinition(description = "Directory of the books, one JSON file per node; empty: ${karaf.data}/jinku/sim")
        String ledger_dir() default "";
    }

    private volatile String agencyCode = "201001";
    private volatile String payAccount = "";
    private volatile String defaultBank = "105";
    private volatile String admDivCode = "210000";

    public BudgetUnitSimulator() {
        super(ID, UnitLedger.State.class, UnitLedger.State::new);
    }

    /** For tests: a catalogue, books in {@code ledgerDir}, a clock. */
    public BudgetUnitSimulator(VoucherCatalog catalog, String ledgerDir, Clock clock) {
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
        agencyCode = Texts.blank(c.agency_code()) ? "201001" : c.agency_code().trim();
        payAccount = Texts.nz(c.pay_account()).trim();
        defaultBank = Texts.blank(c.default_bank()) ? "105" : c.default_bank().trim();
        admDivCode = Texts.blank(c.adm_div_code()) ? "210000" : c.adm_div_code().trim();
        runtime.faults(Faults.parse(c.fault_refuse_meanings(), c.fault_return_meanings(), c.fault_return_reason(),
                c.fault_delay_seconds(), "", c.fault_silent_seconds())
                .sending(c.fault_duplicate_meanings(), c.fault_tamper_meanings()));
        ledgerDir(c.ledger_dir());
    }

    @Override
    public List<String> commands() {
        return List.of(PAY);
    }

    private static UnitLedger ledger(UnitLedger.State s) {
        return new UnitLedger(s);
    }

    @Override
    protected void answer(Node node, VoucherKey key, Voucher v, String meaning) {
        boolean known = read(node, s -> s.credits.containsKey(key.toString())
                || s.grantLines.stream().anyMatch(l -> l.startsWith(key + "#")));
        if (!known && faulted(node, key, meaning)) {
            return;
        }
        switch (meaning) {
            case Meanings.DIRECT_CREDIT_NOTICE -> change(node, s -> ledger(s).credited(key, v, today()));
            case Meanings.QUOTA_CREDIT_NOTICE -> change(node, s -> ledger(s).granted(key, v));
            default -> { }
        }
        accept(node, key, id());
        VoucherType type = catalog().type(key.vtCode()).orElseThrow();
        if (type.receiptDue()) {
            reply(node, key, Vouchers.receipt(type, v, Map.of(), null, today(), Ids.txn(key.toString())));
        }
    }

    @Override
    public void receiptReceived(Node node, VoucherView view, Voucher receipt) {
        runtime.seen(node);
        if (Meanings.AUTHORIZED_PAYMENT.equals(Meanings.of(catalog(), receipt))) {
            change(node, s -> ledger(s).paid(view.key(), receipt));
        }
    }

    @Override
    public void voucherRejected(Node node, VoucherView view) {
        if (view.voucherFlag() != 0) {
            return;
        }
        VoucherState st = view.state();
        if (st == VoucherState.REFUSED || st == VoucherState.RETURNED || st == VoucherState.FAILED) {
            change(node, s -> ledger(s).answered(view.key(), st.name().toLowerCase(), view.reason()));
        }
    }

    @Override
    public void voucherAccepted(Node node, VoucherView view) {
        if (view.voucherFlag() == 0) {
            change(node, s -> {
                UnitLedger.Payment p = s.payments.get(view.key().toString());
                if (p != null && UnitLedger.SENT.equals(p.state)) {
                    p.state = "accepted";
                }
                return null;
            });
        }
    }

    @Override
    public String command(Node node, String command, Map<String, String> args) {
        catalog();
        runtime.seen(node);
        if (PAY.equals(command)) {
            return pay(node, new Args(command, args));
        }
        return unknownCommand(command);
    }

    /**
     * Sends a signed authorized payment (单笔 or 批量) to a bank and returns its VoucherNo. Args:
     * {@code amount} (required: each line's amount), {@code lines} (default 1), {@code bank} (PayBankCode,
     * default the configured one), {@code subject} (ExpFuncCode, default 2050201), {@code payee}
     * (PayeeAcctNo, default 6222000000000001), {@code payeeName}, {@code agency}, {@code admDivCode}.
     */
    String pay(Node node, Args a) {
        BigDecimal amount = a.amount("amount");
        if (amount == null || amount.signum() <= 0) {
            throw a.bad("needs amount= (each line's amount in yuan, more than 0)");
        }
        int n = a.integer("lines", 1, 1, 9999);
        String bank = a.get("bank", defaultBank);
        String subject = a.get("subject", "2050201");
        String payee = a.get("payee", "6222000000000001");
        String payeeName = a.get("payeeName", "收款人" + payee);
        VoucherType t = type(Meanings.AUTHORIZED_PAYMENT);
        Voucher v = change(node, s -> {
            String agency = Texts.first(a.get("agency"), s.agencyCode, agencyCode);
            String adm = Texts.first(a.get("admDivCode"), s.admDivCode, admDivCode);
            String no = Ids.sequenced("SQ", agency, today(), s.nextSeq());
            Map<String, String> h = Vouchers.header(t, adm, String.valueOf(today().getYear()), no, today());
            h.put("FundTypeCode", "1");
            h.put("FundTypeName", "一般公共预算资金");
            h.put("PayTypeCode", Meanings.PAY_AUTHORIZED);
            h.put("PayTypeName", "财政授权支付");
            h.put("AgencyCode", agency);
            h.put("ExpFuncCode", subject);
            h.put("PayBankCode", bank);
            h.put("PayeeAcctNo", payee);
            h.put("PayeeAcctName", payeeName);
            h.put("PayAcctNo", Texts.blank(payAccount) ? "ZB" + agency : payAccount);
            h.put("PayAcctName", "预算单位零余额账户");
            h.put("PayAmt", Money.str(amount.multiply(BigDecimal.valueOf(n))));
            h.put("BusinessTypeCode", n == 1 ? "1" : "4");
            h.put("BusinessTypeName", n == 1 ? "单笔" : "批量");
            List<Map<String, String>> lines = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("Id", no + "-" + i);
                line.put("AgencyCode", agency);
                line.put("ExpFuncCode", subject);
                line.put("PayeeAcctNo", payee);
                line.put("PayeeAcctName", payeeName);
                line.put("PayAmt", Money.str(amount));
                lines.add(line);
            }
            Voucher built = Vouchers.build(t, h, lines);
            ledger(s).sending(built.key(), built, today());
            return built;
        });
        try {
            send(node, t, v);
        } catch (RuntimeException e) {
            change(node, s -> ledger(s).answered(v.key(), "failed", Texts.reason(e.getMessage())));
            throw e;
        }
        change(node, s -> {
            UnitLedger.Payment p = s.payments.get(v.key().toString());
            if (p != null && UnitLedger.SENDING.equals(p.state)) {
                p.state = UnitLedger.SENT;
            }
            return null;
        });
        return v.key().voucherNo();
    }

    @Override
    protected void onTick(Node node) {
        // nothing daily: the unit pays on command
    }

    @Override
    protected Map<String, Object> summary(UnitLedger.State s) {
        return ledger(s).summary();
    }

    /** Refusals this unit gives are noted with the notices. */
    @Override
    protected void noted(Node node, VoucherKey key, String meaning, RejectCode code, String reason) {
    }
}
