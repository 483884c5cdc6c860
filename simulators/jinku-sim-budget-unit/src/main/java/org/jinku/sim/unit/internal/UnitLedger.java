package org.jinku.sim.unit.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.sim.common.DailyTime;
import org.jinku.sim.common.LedgerState;
import org.jinku.sim.common.Money;
import org.jinku.sim.common.Texts;

/**
 * A budget unit's books for one node: payments credited to it (入账通知书), quota granted per subject and
 * month (额度到账通知书) and used by its authorized payments, and each payment it sent with the bank's
 * answer (paid, partly paid, refused with the reason). Keyed by voucher key and line, so repeats count once.
 * Not thread-safe: callers hold the state's monitor.
 */
public final class UnitLedger {

    public static final String SENDING = "sending";
    public static final String SENT = "sent";

    public static class State extends LedgerState {
        public String agencyCode;
        public String admDivCode;
        /** Credit notice key → the payment credited. */
        public Map<String, Credit> credits = new TreeMap<>();
        /** "ExpFuncCode|yyyyMM" → quota granted and used. */
        public Map<String, Quota> quotas = new TreeMap<>();
        /** Quota credit notice lines counted ("key#lineId"). */
        public Set<String> grantLines = new TreeSet<>();
        /** Authorized payment key → what became of it. */
        public Map<String, Payment> payments = new TreeMap<>();
    }

    public static class Credit {
        public String bank;
        public String oriVtCode;
        public String oriVoucherNo;
        public String payDate;
        public String payee;
        public BigDecimal amount = Money.ZERO;
        public int lines;
        public String received;
    }

    public static class Quota {
        public String subject;
        public String month;
        public BigDecimal granted = Money.ZERO;
        public BigDecimal used = Money.ZERO;

        public BigDecimal left() {
            return granted.subtract(used);
        }
    }

    public static class Payment {
        public String voucherNo;
        public String bank;
        public String month;
        public String date;
        public String state;
        public String reason;
        public BigDecimal amount = Money.ZERO;
        public BigDecimal paid;
        /** Line Id → subject. */
        public Map<String, String> subjects = new LinkedHashMap<>();
    }

    private final State s;

    public UnitLedger(State state) {
        this.s = state;
    }

    public State state() {
        return s;
    }

    private Quota quota(String subject, String month) {
        return s.quotas.computeIfAbsent(subject + "|" + month, k -> {
            Quota q = new Quota();
            q.subject = subject;
            q.month = month;
            return q;
        });
    }

    private void learn(Voucher v) {
        if (!Texts.blank(v.get("AgencyCode"))) {
            s.agencyCode = v.get("AgencyCode");
        }
        if (!Texts.blank(v.get("AdmDivCode"))) {
            s.admDivCode = v.get("AdmDivCode");
        }
    }

    /** A direct payment credited to the unit (入账通知书); a repeat changes nothing. */
    public boolean credited(VoucherKey key, Voucher v, LocalDate today) {
        if (s.credits.containsKey(key.toString())) {
            return false;
        }
        learn(v);
        Credit c = new Credit();
        c.bank = v.get("PayBankCode");
        c.oriVtCode = v.get("OriVtCode");
        c.oriVoucherNo = v.get("OriVoucherNo");
        c.payDate = v.get("PayDate");
        c.payee = v.get("PayeeAcctNo");
        c.amount = Money.of(v.get("PayAmt"));
        c.lines = v.details().size();
        c.received = today.format(DailyTime.DAY);
        s.credits.put(key.toString(), c);
        return true;
    }

    /** Quota granted (额度到账通知书) per subject for its SetMonth; a line counted before counts nothing. */
    public int granted(VoucherKey key, Voucher v) {
        learn(v);
        String month = Texts.first(v.get("SetMonth"), Texts.nz(v.get("VouDate")).length() >= 6
                ? v.get("VouDate").substring(0, 6) : null);
        int added = 0;
        for (int i = 0; i < v.details().size(); i++) {
            Map<String, String> d = v.details().get(i);
            String id = Texts.first(d.get("Id"), "#" + (i + 1));
            if (s.grantLines.add(key + "#" + id)) {
                Quota q = quota(d.get("ExpFuncCode"), month);
                q.granted = q.granted.add(Money.of(d.get("PlanAmt")));
                added++;
            }
        }
        return added;
    }

    /** An authorized payment about to be sent. */
    public Payment sending(VoucherKey key, Voucher v, LocalDate today) {
        Payment p = new Payment();
        p.voucherNo = key.voucherNo();
        p.bank = v.get("PayBankCode");
        p.month = Texts.nz(v.get("VouDate")).substring(0, 6);
        p.date = today.format(DailyTime.DAY);
        p.state = SENDING;
        p.amount = Money.of(v.get("PayAmt"));
        for (int i = 0; i < v.details().size(); i++) {
            Map<String, String> d = v.details().get(i);
            p.subjects.put(Texts.first(d.get("Id"), "#" + (i + 1)), Texts.first(d.get("ExpFuncCode"), v.get("ExpFuncCode")));
        }
        s.payments.put(key.toString(), p);
        return p;
    }

    /** The bank's receipt: paid (in full, partly, or not at all); the quota used by what was paid. */
    public boolean paid(VoucherKey key, Voucher receipt) {
        Payment p = s.payments.get(key.toString());
        if (p == null || p.paid != null) {
            return false;
        }
        BigDecimal total = Money.ZERO;
        for (int i = 0; i < receipt.details().size(); i++) {
            Map<String, String> d = receipt.details().get(i);
            BigDecimal x = Money.of(d.get("XPayAmt"));
            total = total.add(x);
            String subject = p.subjects.getOrDefault(Texts.first(d.get("Id"), "#" + (i + 1)), d.get("ExpFuncCode"));
            if (x.signum() > 0 && subject != null) {
                Quota q = quota(subject, p.month);
                q.used = q.used.add(x);
            }
        }
        p.paid = Texts.blank(receipt.get("XPayAmt")) ? total : Money.of(receipt.get("XPayAmt"));
        p.state = p.paid.compareTo(p.amount) == 0 ? "paid" : p.paid.signum() == 0 ? "unpaid" : "partly-paid";
        return true;
    }

    /** The bank refused or returned the payment (or the node could not send it), with the reason. */
    public boolean answered(VoucherKey key, String state, String reason) {
        Payment p = s.payments.get(key.toString());
        if (p == null || p.paid != null) {
            return false;
        }
        p.state = state;
        p.reason = reason;
        return true;
    }

    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, String>> quotas = new ArrayList<>();
        for (Quota q : s.quotas.values()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("subject", q.subject);
            m.put("month", q.month);
            m.put("granted", Money.str(q.granted));
            m.put("used", Money.str(q.used));
            m.put("left", Money.str(q.left()));
            quotas.add(m);
        }
        out.put("quotaLeft", quotas);
        out.put("credited", Money.str(s.credits.values().stream().map(c -> c.amount).reduce(Money.ZERO, BigDecimal::add)));
        out.put("paidByBank", Money.str(s.payments.values().stream().filter(p -> p.paid != null).map(p -> p.paid)
                .reduce(Money.ZERO, BigDecimal::add)));
        return out;
    }
}
