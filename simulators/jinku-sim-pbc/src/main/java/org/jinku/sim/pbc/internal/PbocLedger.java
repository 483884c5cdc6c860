package org.jinku.sim.pbc.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.sim.common.DailyTime;
import org.jinku.sim.common.Faults;
import org.jinku.sim.common.LedgerState;
import org.jinku.sim.common.Money;
import org.jinku.sim.common.Texts;
import org.jinku.sim.common.TimeWindow;

/**
 * The PBoC treasury's books for one node, and its money rules: clearing quotas per agent bank and pay
 * type (11 direct from 5108, 12 authorized from 5106); what each bank paid, learned from the copies of
 * the banks' payment receipts; what was cleared (申请划款) and refunded (申请退款) per bank and payment;
 * allocations (实拨); the treasury single account (国库单一账户) as an opening balance and its movements.
 * A bank clears only within the window and its quota, never more than it paid; refunds only what was
 * cleared. Every change is keyed by voucher key and line, so repeats count once. Not thread-safe: callers
 * hold the state's monitor.
 */
public final class PbocLedger {

    public static final String CLEARED = "cleared";
    public static final String REFUNDED = "refunded";
    public static final String REFUSED = "refused";
    public static final String PAID = "paid";

    public static class State extends LedgerState {
        public String admDivCode;
        /** "PayBankCode|PayTypeCode" → clearing quota. */
        public Map<String, Quota> quotas = new TreeMap<>();
        /** Quota notice lines registered ("key#lineId"). */
        public Set<String> quotaLines = new TreeSet<>();
        /** "PayBankCode|VtCode/VoucherNo" → what the bank paid on that payment, cleared and refunded. */
        public Map<String, Paid> paid = new TreeMap<>();
        /** Clearing request key → what was decided. */
        public Map<String, Decision> clearings = new TreeMap<>();
        /** Refund key → what was decided. */
        public Map<String, Decision> refunds = new TreeMap<>();
        /** Allocation (实拨) key → what was paid. */
        public Map<String, Allocation> allocations = new TreeMap<>();
        /** Movements of the treasury single account, oldest first (negative: money out). */
        public List<Movement> movements = new ArrayList<>();
        /** Daily reports sent: voucher key → what they said. */
        public Map<String, String> reports = new TreeMap<>();
    }

    public static class Quota {
        public String bank;
        public String payType;
        public BigDecimal registered = Money.ZERO;
        public BigDecimal used = Money.ZERO;

        public BigDecimal left() {
            return registered.subtract(used);
        }
    }

    public static class Paid {
        public String bank;
        public String vtCode;
        public String voucherNo;
        public String receipt;
        public BigDecimal paid = Money.ZERO;
        public BigDecimal cleared = Money.ZERO;
        public BigDecimal refunded = Money.ZERO;
    }

    public static class Decision {
        public String bank;
        public String payType;
        public String state;
        public String code;
        public String reason;
        public String date;
        public int version;
        public BigDecimal amount = Money.ZERO;
        public Map<String, DecisionLine> lines = new LinkedHashMap<>();
    }

    public static class DecisionLine {
        public String vtCode;
        public String voucherNo;
        public String subject;
        public BigDecimal amount = Money.ZERO;
    }

    public static class Allocation {
        public String date;
        public String txn;
        public BigDecimal asked = Money.ZERO;
        public BigDecimal paid = Money.ZERO;
        public Map<String, AllocationLine> lines = new LinkedHashMap<>();
    }

    public static class AllocationLine {
        public String payee;
        public BigDecimal amount = Money.ZERO;
        public BigDecimal paid = Money.ZERO;
        public String reason;
    }

    public static class Movement {
        public String date;
        public String kind;
        public String ref;
        public BigDecimal amount = Money.ZERO;
    }

    private final State s;

    public PbocLedger(State state) {
        this.s = state;
    }

    public State state() {
        return s;
    }

    static List<String> lineIds(Voucher v) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < v.details().size(); i++) {
            String id = v.details().get(i).get("Id");
            if (Texts.blank(id) || ids.contains(id)) {
                id = "#" + (i + 1);
            }
            ids.add(id);
        }
        return ids;
    }

    public Optional<Quota> quota(String bank, String payType) {
        return Optional.ofNullable(s.quotas.get(bank + "|" + payType));
    }

    private Quota quotaFor(String bank, String payType) {
        return s.quotas.computeIfAbsent(bank + "|" + payType, k -> {
            Quota q = new Quota();
            q.bank = bank;
            q.payType = payType;
            return q;
        });
    }

    private void learn(Voucher v) {
        if (!Texts.blank(v.get("AdmDivCode"))) {
            s.admDivCode = v.get("AdmDivCode");
        }
    }

    /** Registers a clearing quota notice's lines for its bank and pay type; a line seen before counts nothing. */
    public int registerQuota(VoucherKey key, Voucher v, String payType) {
        learn(v);
        String bank = v.get("PayBankCode");
        List<String> ids = lineIds(v);
        int added = 0;
        for (int i = 0; i < v.details().size(); i++) {
            Map<String, String> d = v.details().get(i);
            if (s.quotaLines.add(key + "#" + ids.get(i))) {
                Quota q = quotaFor(bank, payType);
                q.registered = q.registered.add(Money.of(Texts.first(d.get("PlanAmt"), d.get("PayAmt"))));
                added++;
            }
        }
        return added;
    }

    /** The amount a bank's payment receipt says it paid: header XPayAmt (XSumAmt, else the lines' XPayAmt). */
    static BigDecimal paidBy(Voucher receipt) {
        String x = Texts.first(receipt.get("XPayAmt"), receipt.get("XSumAmt"));
        if (x != null) {
            return Money.of(x);
        }
        return receipt.details().stream().map(d -> Money.of(d.get("XPayAmt"))).reduce(Money.ZERO, BigDecimal::add);
    }

    /** Learns from a copy of a bank's payment receipt what it paid (set, not added: a repeat changes nothing). */
    public boolean recordPaid(VoucherKey key, Voucher receipt) {
        learn(receipt);
        String bank = receipt.get("PayBankCode");
        if (Texts.blank(bank)) {
            return false;
        }
        Paid p = s.paid.computeIfAbsent(bank + "|" + key.vtCode() + "/" + key.voucherNo(), k -> {
            Paid n = new Paid();
            n.bank = bank;
            n.vtCode = key.vtCode();
            n.voucherNo = key.voucherNo();
            return n;
        });
        BigDecimal amount = paidBy(receipt);
        boolean changed = p.receipt == null || p.paid.compareTo(amount) != 0;
        p.receipt = key.toString();
        p.paid = amount;
        return changed;
    }

    /** What the bank paid on a payment: by VtCode and VoucherNo, or by VoucherNo alone when no VtCode is given. */
    public Optional<Paid> paid(String bank, String vtCode, String voucherNo) {
        if (!Texts.blank(vtCode)) {
            return Optional.ofNullable(s.paid.get(bank + "|" + vtCode + "/" + voucherNo));
        }
        return s.paid.values().stream().filter(p -> p.bank.equals(bank) && p.voucherNo.equals(voucherNo)).findFirst();
    }

    public Optional<Decision> clearing(VoucherKey key) {
        return Optional.ofNullable(s.clearings.get(key.toString()));
    }

    public Optional<Decision> refund(VoucherKey key) {
        return Optional.ofNullable(s.refunds.get(key.toString()));
    }

    private Decision decision(Voucher v, int version, LocalDate today) {
        Decision d = new Decision();
        d.bank = v.get("PayBankCode");
        d.payType = v.get("PayTypeCode");
        d.version = version;
        d.date = today.format(DailyTime.DAY);
        List<String> ids = lineIds(v);
        for (int i = 0; i < v.details().size(); i++) {
            Map<String, String> line = v.details().get(i);
            DecisionLine l = new DecisionLine();
            l.vtCode = Texts.first(line.get("OriVtCode"));
            l.voucherNo = Texts.first(line.get("OriVoucherNo"), line.get("VoucherNo"));
            l.subject = line.get("ExpFuncCode");
            l.amount = Money.of(line.get("PayAmt"));
            d.amount = d.amount.add(l.amount);
            d.lines.put(ids.get(i), l);
        }
        return d;
    }

    private Decision refuse(Decision d, RejectCode code, String reason) {
        d.state = REFUSED;
        d.code = code.name();
        d.reason = Texts.reason(reason);
        return d;
    }

    /**
     * Decides a clearing request (申请划款), once per version: refused outside the window
     * (OUTSIDE_CLEARING_WINDOW), without quota or beyond it (CLEARING_QUOTA_EXCEEDED), or for more than the
     * bank paid and has not cleared yet on a payment (CLEARING_MORE_THAN_PAID), changing nothing; else the
     * quota is used, each payment cleared by its line and the treasury account pays the bank.
     */
    public Decision clear(VoucherKey key, Voucher v, int version, LocalDateTime now, TimeWindow window) {
        Decision before = s.clearings.get(key.toString());
        if (before != null && before.version == version) {
            return before;
        }
        learn(v);
        Decision d = decision(v, version, now.toLocalDate());
        s.clearings.put(key.toString(), d);
        if (!window.contains(now.toLocalTime())) {
            return refuse(d, RejectCode.OUTSIDE_CLEARING_WINDOW, "清算时间 " + window + " 之外: 现在 "
                    + now.toLocalTime().withNano(0));
        }
        Optional<Quota> q = quota(d.bank, d.payType);
        if (q.isEmpty() || q.get().registered.signum() == 0) {
            return refuse(d, RejectCode.CLEARING_QUOTA_EXCEEDED, "代理银行 " + d.bank + " 支付方式 " + d.payType
                    + " 未登记清算额度, 申请 " + Money.str(d.amount));
        }
        if (d.amount.compareTo(q.get().left()) > 0) {
            return refuse(d, RejectCode.CLEARING_QUOTA_EXCEEDED, "清算额度不足: 代理银行 " + d.bank + " 支付方式 "
                    + d.payType + " 可用 " + Money.str(q.get().left()) + " 元, 申请 " + Money.str(d.amount) + " 元");
        }
        Map<Paid, BigDecimal> asked = new LinkedHashMap<>();
        for (DecisionLine l : d.lines.values()) {
            Optional<Paid> p = paid(d.bank, l.vtCode, l.voucherNo);
            String which = (Texts.blank(l.vtCode) ? "" : l.vtCode + "/") + l.voucherNo;
            if (p.isEmpty()) {
                return refuse(d, RejectCode.CLEARING_MORE_THAN_PAID, "划款超过已支付: 代理银行 " + d.bank
                        + " 未报告凭证 " + which + " 的支付回单 (已付 0.00), 申请 " + Money.str(l.amount));
            }
            BigDecimal sum = asked.merge(p.get(), l.amount, BigDecimal::add);
            BigDecimal open = p.get().paid.subtract(p.get().cleared);
            if (sum.compareTo(open) > 0) {
                return refuse(d, RejectCode.CLEARING_MORE_THAN_PAID, "划款超过已支付: 凭证 " + which + " 已付 "
                        + Money.str(p.get().paid) + " 已清算 " + Money.str(p.get().cleared) + " 申请 " + Money.str(sum));
            }
        }
        q.get().used = q.get().used.add(d.amount);
        asked.forEach((p, a) -> p.cleared = p.cleared.add(a));
        move(now.toLocalDate(), "clearing", key.toString(), d.amount.negate());
        d.state = CLEARED;
        return d;
    }

    /**
     * Decides a refund (申请退款), once per version: each line's original payment must have been cleared
     * for that bank by at least its amount not refunded yet (else REFUND_NOT_PAID, changing nothing); then
     * the clearing quota is restored, the money is back in the treasury account.
     */
    public Decision refund(VoucherKey key, Voucher v, int version, LocalDate today) {
        Decision before = s.refunds.get(key.toString());
        if (before != null && before.version == version) {
            return before;
        }
        learn(v);
        Decision d = decision(v, version, today);
        s.refunds.put(key.toString(), d);
        Map<Paid, BigDecimal> asked = new LinkedHashMap<>();
        for (DecisionLine l : d.lines.values()) {
            String which = (Texts.blank(l.vtCode) ? "" : l.vtCode + "/") + l.voucherNo;
            Optional<Paid> p = paid(d.bank, l.vtCode, l.voucherNo);
            BigDecimal sum = p.isEmpty() ? l.amount.abs() : asked.merge(p.get(), l.amount.abs(), BigDecimal::add);
            BigDecimal refundable = p.map(x -> x.cleared.subtract(x.refunded)).orElse(Money.ZERO);
            if (p.isEmpty() || sum.compareTo(refundable) > 0) {
                return refuse(d, RejectCode.REFUND_NOT_PAID, "退款的原支付未清算或已退回: 代理银行 " + d.bank + " 凭证 "
                        + which + " 已清算 " + Money.str(p.map(x -> x.cleared).orElse(Money.ZERO)) + " 已退 "
                        + Money.str(p.map(x -> x.refunded).orElse(Money.ZERO)) + " 申请退 " + Money.str(sum));
            }
        }
        BigDecimal back = d.amount.abs();
        quota(d.bank, d.payType).ifPresent(q -> q.used = q.used.subtract(back));
        asked.forEach((p, a) -> p.refunded = p.refunded.add(a));
        move(today, "refund", key.toString(), back);
        d.state = REFUNDED;
        return d;
    }

    public Optional<Allocation> allocation(VoucherKey key) {
        return Optional.ofNullable(s.allocations.get(key.toString()));
    }

    /** Pays an allocation (实拨) from the treasury account, once; a line to a failing payee is not paid. */
    public Allocation allocate(VoucherKey key, Voucher v, Faults faults, LocalDate today, String txn) {
        Allocation a = s.allocations.get(key.toString());
        if (a != null) {
            return a;
        }
        learn(v);
        a = new Allocation();
        a.date = today.format(DailyTime.DAY);
        a.txn = txn;
        List<String> ids = lineIds(v);
        for (int i = 0; i < v.details().size(); i++) {
            Map<String, String> d = v.details().get(i);
            AllocationLine l = new AllocationLine();
            l.payee = Texts.first(d.get("PayeeAcctNo"), v.get("PayeeAcctNo"));
            l.amount = Money.of(d.get("PayAmt"));
            if (faults.failsPayee(l.payee)) {
                l.reason = faults.failReason(l.payee);
            } else {
                l.paid = l.amount;
            }
            a.asked = a.asked.add(l.amount);
            a.paid = a.paid.add(l.paid);
            a.lines.put(ids.get(i), l);
        }
        s.allocations.put(key.toString(), a);
        if (a.paid.signum() > 0) {
            move(today, "allocation", key.toString(), a.paid.negate());
        }
        return a;
    }

    private void move(LocalDate day, String kind, String ref, BigDecimal amount) {
        Movement m = new Movement();
        m.date = day.format(DailyTime.DAY);
        m.kind = kind;
        m.ref = ref;
        m.amount = amount;
        s.movements.add(m);
    }

    /** The treasury account on {@code day}: balance before it, money in, money out, balance after. */
    public BigDecimal[] stock(BigDecimal opening, String day) {
        BigDecimal pre = opening;
        BigDecimal in = Money.ZERO;
        BigDecimal out = Money.ZERO;
        for (Movement m : s.movements) {
            int c = m.date.compareTo(day);
            if (c < 0) {
                pre = pre.add(m.amount);
            } else if (c == 0) {
                if (m.amount.signum() > 0) {
                    in = in.add(m.amount);
                } else {
                    out = out.add(m.amount.negate());
                }
            }
        }
        return new BigDecimal[] {pre, in, out, pre.add(in).subtract(out)};
    }

    public BigDecimal balance(BigDecimal opening) {
        return s.movements.stream().map(m -> m.amount).reduce(opening, BigDecimal::add);
    }

    /** Money back into the treasury on {@code day} (refunds), per budget subject. */
    public Map<String, BigDecimal> income(String day) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Decision d : s.refunds.values()) {
            if (!REFUNDED.equals(d.state) || !day.equals(d.date)) {
                continue;
            }
            for (DecisionLine l : d.lines.values()) {
                out.merge(Texts.first(l.subject, "000"), l.amount.abs(), BigDecimal::add);
            }
        }
        return out;
    }

    public Map<String, Object> summary(BigDecimal opening) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, String>> quotas = new ArrayList<>();
        for (Quota q : s.quotas.values()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("bank", q.bank);
            m.put("payType", q.payType);
            m.put("registered", Money.str(q.registered));
            m.put("used", Money.str(q.used));
            m.put("left", Money.str(q.left()));
            quotas.add(m);
        }
        out.put("clearingQuotaLeft", quotas);
        Map<String, Map<String, String>> banks = new TreeMap<>();
        for (Paid p : s.paid.values()) {
            Map<String, String> b = banks.computeIfAbsent(p.bank, k -> new LinkedHashMap<>(Map.of(
                    "paid", "0.00", "cleared", "0.00", "refunded", "0.00")));
            b.put("paid", Money.str(Money.of(b.get("paid")).add(p.paid)));
            b.put("cleared", Money.str(Money.of(b.get("cleared")).add(p.cleared)));
            b.put("refunded", Money.str(Money.of(b.get("refunded")).add(p.refunded)));
        }
        out.put("byBank", banks);
        out.put("openingBalance", Money.str(opening));
        out.put("treasuryBalance", Money.str(balance(opening)));
        return out;
    }
}
