package org.jinku.sim.bank.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.sim.common.DailyTime;
import org.jinku.sim.common.Faults;
import org.jinku.sim.common.LedgerState;
import org.jinku.sim.common.Meanings;
import org.jinku.sim.common.Money;
import org.jinku.sim.common.Texts;

/**
 * An agent bank's books for one node, and the money rules on them: unit quotas by (AgencyCode, ExpFuncCode,
 * month) registered from quota notices and used by authorized payments; what was paid, line by line, for
 * each payment voucher; what was asked of the PBoC to clear and what it cleared; refunds. Every change is
 * keyed by voucher key and line Id, so a repeated voucher never counts twice. Not thread-safe: callers hold
 * the state's monitor.
 */
public final class BankLedger {

    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String CLEARED = "cleared";
    public static final String DONE = "done";

    /** The books as saved. */
    public static class State extends LedgerState {
        public String bankCode;
        public String admDivCode;
        /** "AgencyCode|ExpFuncCode|yyyyMM" → quota. */
        public Map<String, Quota> quotas = new TreeMap<>();
        /** Quota notice lines registered ("key#lineId"), so a repeat registers nothing. */
        public Set<String> quotaLines = new TreeSet<>();
        /** Payment voucher key → what was paid. */
        public Map<String, Payment> payments = new TreeMap<>();
        /** Clearing request (申请划款) key → request. */
        public Map<String, Request> clearings = new TreeMap<>();
        /** Refund (申请退款) key → refund. */
        public Map<String, Refund> refunds = new TreeMap<>();
        /** Voucher key → why it was refused here. */
        public Map<String, Refusal> refusals = new TreeMap<>();
        /** Notices to send ("credit:<key>", "quota:<key>") → their progress. */
        public Map<String, Outgoing> outgoing = new TreeMap<>();
        /** Daily reports sent: VoucherNo → report day and totals. */
        public Map<String, String> reports = new TreeMap<>();
    }

    public static class Quota {
        public String agency;
        public String subject;
        public String month;
        public BigDecimal registered = Money.ZERO;
        public BigDecimal used = Money.ZERO;

        public BigDecimal left() {
            return registered.subtract(used);
        }
    }

    public static class Payment {
        public String key;
        public String meaning;
        public String vtCode;
        public String voucherNo;
        public String admDivCode;
        public String stYear;
        public String payTypeCode;
        public String agency;
        public String payAcctNo;
        public String month;
        public String paidDate;
        public String txn;
        public BigDecimal asked = Money.ZERO;
        public BigDecimal paid = Money.ZERO;
        /** In clearing requests not answered yet. */
        public BigDecimal requested = Money.ZERO;
        public BigDecimal cleared = Money.ZERO;
        public Map<String, Line> lines = new LinkedHashMap<>();

        public BigDecimal clearable() {
            return paid.subtract(cleared).subtract(requested);
        }

        public BigDecimal refunded() {
            return lines.values().stream().map(l -> l.refunded).reduce(Money.ZERO, BigDecimal::add);
        }
    }

    public static class Line {
        public String id;
        public String agency;
        public String subject;
        public String payee;
        public String payeeName;
        public BigDecimal amount = Money.ZERO;
        public BigDecimal paid = Money.ZERO;
        public BigDecimal refunded = Money.ZERO;
        /** In refunds not answered yet. */
        public BigDecimal refunding = Money.ZERO;
        public String reason;

        public BigDecimal refundable() {
            return paid.subtract(refunded).subtract(refunding);
        }
    }

    public static class Request {
        public String key;
        public String voucherNo;
        public String payTypeCode;
        public String date;
        public String state;
        public String reason;
        public BigDecimal amount = Money.ZERO;
        public BigDecimal cleared = Money.ZERO;
        public Map<String, RequestLine> lines = new LinkedHashMap<>();
    }

    public static class RequestLine {
        public String payment;
        public String voucherNo;
        public String vtCode;
        public BigDecimal amount = Money.ZERO;
        public BigDecimal cleared = Money.ZERO;
    }

    public static class Refund {
        public String key;
        public String voucherNo;
        public String payTypeCode;
        public String date;
        public String state;
        public String reason;
        public BigDecimal amount = Money.ZERO;
        public Map<String, RefundLine> lines = new LinkedHashMap<>();
    }

    public static class RefundLine {
        /** Payment key and line Id; null for a refund of a payment this bank has no record of (forced). */
        public String payment;
        public String line;
        public String oriVoucherNo;
        public String oriVtCode;
        public String agency;
        public String subject;
        public String month;
        public String payee;
        public String payeeName;
        /** Negative. */
        public BigDecimal amount = Money.ZERO;
        public BigDecimal refunded = Money.ZERO;
    }

    public static class Refusal {
        public String meaning;
        public String code;
        public String reason;
        public String date;
    }

    public static class Outgoing {
        public String kind;
        public String source;
        public long due;
        public String state;
        public List<String> vouchers = new ArrayList<>();
        public String note;
    }

    /** Over quota: which quota and by how much. */
    public record OverQuota(String agency, String subject, String month, BigDecimal left, BigDecimal asked) {
        public String message() {
            return Texts.reason("授权支付额度不足: 单位 " + agency + " 科目 " + subject + " 月份 " + month + " 可用额度 "
                    + Money.str(left) + " 元, 申请 " + Money.str(asked) + " 元");
        }
    }

    private final State s;

    public BankLedger(State state) {
        this.s = state;
    }

    public State state() {
        return s;
    }

    static String quotaKey(String agency, String subject, String month) {
        return agency + "|" + subject + "|" + month;
    }

    public Quota quota(String agency, String subject, String month) {
        return s.quotas.computeIfAbsent(quotaKey(agency, subject, month), k -> {
            Quota q = new Quota();
            q.agency = agency;
            q.subject = subject;
            q.month = month;
            return q;
        });
    }

    public Optional<Quota> findQuota(String agency, String subject, String month) {
        return Optional.ofNullable(s.quotas.get(quotaKey(agency, subject, month)));
    }

    /** The month of a voucher: SetMonth when it has one, else the first six digits of VouDate. */
    static String month(Voucher v) {
        String m = v.get("SetMonth");
        if (!Texts.blank(m)) {
            return m.trim();
        }
        String d = Texts.nz(v.get("VouDate"));
        return d.length() >= 6 ? d.substring(0, 6) : d;
    }

    /** A line's key in the books: its Id (the line's position when it has none or repeats one). */
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

    private void learn(Voucher v) {
        if (!Texts.blank(v.get("PayBankCode"))) {
            s.bankCode = v.get("PayBankCode");
        }
        if (!Texts.blank(v.get("AdmDivCode"))) {
            s.admDivCode = v.get("AdmDivCode");
        }
    }

    /**
     * Registers the quota lines of a quota notice (unit, subject, month = SetMonth); a line registered
     * before counts nothing. Returns how many lines were new.
     */
    public int registerQuotas(VoucherKey key, Voucher v) {
        learn(v);
        String month = month(v);
        List<String> ids = lineIds(v);
        int added = 0;
        for (int i = 0; i < v.details().size(); i++) {
            Map<String, String> d = v.details().get(i);
            if (s.quotaLines.add(key + "#" + ids.get(i))) {
                Quota q = quota(Texts.first(d.get("AgencyCode"), v.get("AgencyCode")), d.get("ExpFuncCode"), month);
                q.registered = q.registered.add(Money.of(d.get("PlanAmt")));
                added++;
            }
        }
        return added;
    }

    /**
     * The first quota an authorized payment would overdraw (lines of the same unit, subject and month
     * count together), or empty when every line fits in what is left.
     */
    public Optional<OverQuota> overQuota(Voucher v) {
        String month = month(v);
        Map<String, BigDecimal> asked = new LinkedHashMap<>();
        for (Map<String, String> d : v.details()) {
            String agency = Texts.first(v.get("AgencyCode"), d.get("AgencyCode"));
            String subject = Texts.first(d.get("ExpFuncCode"), v.get("ExpFuncCode"));
            String k = quotaKey(agency, subject, month);
            BigDecimal sum = asked.merge(k, Money.of(d.get("PayAmt")), BigDecimal::add);
            BigDecimal left = findQuota(agency, subject, month).map(Quota::left).orElse(Money.ZERO);
            if (sum.compareTo(left) > 0) {
                return Optional.of(new OverQuota(agency, subject, month, left, sum));
            }
        }
        return Optional.empty();
    }

    public Optional<Payment> payment(VoucherKey key) {
        return Optional.ofNullable(s.payments.get(key.toString()));
    }

    /**
     * Pays a payment voucher, once: each line in full, except a line whose payee account the faults make
     * fail (paid 0.00 with the reason). An authorized payment uses the unit's quota by what it paid. A
     * voucher paid before is returned as it was paid.
     */
    public Payment pay(VoucherKey key, Voucher v, String meaning, Faults faults, boolean useQuota, LocalDate today,
                       String txn) {
        Payment existing = s.payments.get(key.toString());
        if (existing != null) {
            return existing;
        }
        learn(v);
        Payment p = new Payment();
        p.key = key.toString();
        p.meaning = meaning;
        p.vtCode = key.vtCode();
        p.voucherNo = key.voucherNo();
        p.admDivCode = key.admDivCode();
        p.stYear = key.stYear();
        p.payTypeCode = Texts.first(v.get("PayTypeCode"),
                Meanings.AUTHORIZED_PAYMENT.equals(meaning) ? Meanings.PAY_AUTHORIZED : Meanings.PAY_DIRECT);
        p.agency = v.get("AgencyCode");
        p.payAcctNo = v.get("PayAcctNo");
        p.month = month(v);
        p.paidDate = today.format(DailyTime.DAY);
        p.txn = txn;
        List<String> ids = lineIds(v);
        for (int i = 0; i < v.details().size(); i++) {
            Map<String, String> d = v.details().get(i);
            Line l = new Line();
            l.id = ids.get(i);
            l.agency = Texts.first(d.get("AgencyCode"), v.get("AgencyCode"));
            l.subject = Texts.first(d.get("ExpFuncCode"), v.get("ExpFuncCode"));
            l.payee = Texts.first(d.get("PayeeAcctNo"), v.get("PayeeAcctNo"));
            l.payeeName = Texts.first(d.get("PayeeAcctName"), v.get("PayeeAcctName"));
            l.amount = Money.of(d.get("PayAmt"));
            if (faults.failsPayee(l.payee)) {
                l.reason = faults.failReason(l.payee);
            } else {
                l.paid = l.amount;
            }
            if (useQuota && l.paid.signum() > 0) {
                Quota q = quota(Texts.first(v.get("AgencyCode"), l.agency), l.subject, p.month);
                q.used = q.used.add(l.paid);
            }
            p.asked = p.asked.add(l.amount);
            p.paid = p.paid.add(l.paid);
            p.lines.put(l.id, l);
        }
        s.payments.put(p.key, p);
        return p;
    }

    public void refused(VoucherKey key, String meaning, String code, String reason, LocalDate today) {
        Refusal r = new Refusal();
        r.meaning = meaning;
        r.code = code;
        r.reason = reason;
        r.date = today.format(DailyTime.DAY);
        s.refusals.put(key.toString(), r);
    }

    // ------------------------------------------------------------------ clearing (申请划款)

    /** Payments of this PayTypeCode with something paid that was neither cleared nor asked to clear yet. */
    public List<Payment> clearable(String payTypeCode) {
        List<Payment> out = new ArrayList<>();
        for (Payment p : s.payments.values()) {
            if (payTypeCode.equals(p.payTypeCode) && p.clearable().signum() > 0) {
                out.add(p);
            }
        }
        return out;
    }

    /** Records a clearing request about to be sent: one line per payment, for what it has to clear. */
    public Request request(VoucherKey key, String payTypeCode, List<Payment> payments, LocalDate today) {
        Request r = new Request();
        r.key = key.toString();
        r.voucherNo = key.voucherNo();
        r.payTypeCode = payTypeCode;
        r.date = today.format(DailyTime.DAY);
        r.state = SENDING;
        int i = 1;
        for (Payment p : payments) {
            RequestLine l = new RequestLine();
            l.payment = p.key;
            l.voucherNo = p.voucherNo;
            l.vtCode = p.vtCode;
            l.amount = p.clearable();
            p.requested = p.requested.add(l.amount);
            r.amount = r.amount.add(l.amount);
            r.lines.put(String.valueOf(i++), l);
        }
        s.clearings.put(r.key, r);
        return r;
    }

    public Optional<Request> request(VoucherKey key) {
        return Optional.ofNullable(s.clearings.get(key.toString()));
    }

    /** The PBoC cleared (its receipt): each line cleared by its XPayAmt. A repeat changes nothing. */
    public boolean cleared(VoucherKey key, Voucher receipt, LocalDate today) {
        Request r = s.clearings.get(key.toString());
        if (r == null || CLEARED.equals(r.state)) {
            return false;
        }
        Map<String, BigDecimal> byLine = new LinkedHashMap<>();
        List<String> ids = lineIds(receipt);
        for (int i = 0; i < receipt.details().size(); i++) {
            Map<String, String> d = receipt.details().get(i);
            String x = d.get("XPayAmt");
            byLine.put(ids.get(i), Texts.blank(x) ? (Texts.blank(d.get("XAddWord")) ? Money.of(d.get("PayAmt"))
                    : Money.ZERO) : Money.of(x));
        }
        for (Map.Entry<String, RequestLine> e : r.lines.entrySet()) {
            RequestLine l = e.getValue();
            BigDecimal c = byLine.getOrDefault(e.getKey(), Money.ZERO).min(l.amount);
            l.cleared = c;
            Payment p = s.payments.get(l.payment);
            if (p != null) {
                p.requested = p.requested.subtract(l.amount);
                p.cleared = p.cleared.add(c);
            }
            r.cleared = r.cleared.add(c);
        }
        r.state = CLEARED;
        r.date = today.format(DailyTime.DAY);
        return true;
    }

    /** The PBoC refused or returned the request (or it could not be sent): what it asked may be asked again. */
    public boolean requestFailed(VoucherKey key, String state, String reason) {
        Request r = s.clearings.get(key.toString());
        if (r == null || !(SENDING.equals(r.state) || SENT.equals(r.state))) {
            return false;
        }
        for (RequestLine l : r.lines.values()) {
            Payment p = s.payments.get(l.payment);
            if (p != null) {
                p.requested = p.requested.subtract(l.amount);
            }
        }
        r.state = state;
        r.reason = reason;
        return true;
    }

    // ------------------------------------------------------------------ refunds (申请退款)

    public List<Payment> paymentsNumbered(String voucherNo, String vtCode) {
        List<Payment> out = new ArrayList<>();
        for (Payment p : s.payments.values()) {
            if (p.voucherNo.equals(voucherNo) && (vtCode == null || vtCode.equals(p.vtCode))) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The refund lines for money that came back on a payment: the given line or every line, each for what
     * is left to refund on it, or {@code amount} spread over them in order.
     *
     * @throws IllegalArgumentException saying why there is nothing (or not enough) to refund
     */
    public List<RefundLine> refundLines(Payment p, String lineId, BigDecimal amount) {
        List<Line> lines = new ArrayList<>();
        if (lineId != null) {
            Line l = p.lines.get(lineId);
            if (l == null) {
                throw new IllegalArgumentException("payment " + p.key + " has no line " + lineId + "; its lines are "
                        + p.lines.keySet());
            }
            lines.add(l);
        } else {
            lines.addAll(p.lines.values());
        }
        BigDecimal refundable = lines.stream().map(Line::refundable).reduce(Money.ZERO, BigDecimal::add);
        if (refundable.signum() <= 0) {
            throw new IllegalArgumentException("nothing left to refund on " + p.key
                    + (lineId == null ? "" : " line " + lineId) + ": paid " + Money.str(p.paid) + ", refunded or being refunded "
                    + Money.str(p.paid.subtract(refundable)));
        }
        if (amount != null && (amount.signum() <= 0 || amount.compareTo(refundable) > 0)) {
            throw new IllegalArgumentException("amount " + Money.str(amount) + " must be more than 0 and at most "
                    + Money.str(refundable) + ", what is left to refund on " + p.key + (lineId == null ? "" : " line " + lineId));
        }
        BigDecimal rest = amount == null ? refundable : amount;
        List<RefundLine> out = new ArrayList<>();
        for (Line l : lines) {
            if (rest.signum() <= 0) {
                break;
            }
            BigDecimal a = l.refundable().min(rest);
            if (a.signum() <= 0) {
                continue;
            }
            RefundLine r = new RefundLine();
            r.payment = p.key;
            r.line = l.id;
            r.oriVoucherNo = p.voucherNo;
            r.oriVtCode = p.vtCode;
            r.agency = Texts.first(l.agency, p.agency);
            r.subject = l.subject;
            r.month = p.month;
            r.payee = l.payee;
            r.payeeName = l.payeeName;
            r.amount = a.negate();
            out.add(r);
            rest = rest.subtract(a);
        }
        return out;
    }

    /** Records a refund about to be sent; its lines are being refunded until the PBoC answers. */
    public Refund refund(VoucherKey key, String payTypeCode, List<RefundLine> lines, LocalDate today) {
        Refund r = new Refund();
        r.key = key.toString();
        r.voucherNo = key.voucherNo();
        r.payTypeCode = payTypeCode;
        r.date = today.format(DailyTime.DAY);
        r.state = SENDING;
        int i = 1;
        for (RefundLine l : lines) {
            Line paid = paidLine(l);
            if (paid != null) {
                paid.refunding = paid.refunding.add(l.amount.negate());
            }
            r.amount = r.amount.add(l.amount);
            r.lines.put(String.valueOf(i++), l);
        }
        s.refunds.put(r.key, r);
        return r;
    }

    private Line paidLine(RefundLine l) {
        Payment p = l.payment == null ? null : s.payments.get(l.payment);
        return p == null ? null : p.lines.get(l.line);
    }

    public Optional<Refund> refund(VoucherKey key) {
        return Optional.ofNullable(s.refunds.get(key.toString()));
    }

    /**
     * The PBoC took the refund back into the treasury (its receipt): lines refunded by their XPayAmt, and
     * for an authorized payment (PayTypeCode 12) the unit's quota of that subject and month restored.
     */
    public boolean refunded(VoucherKey key, Voucher receipt, LocalDate today) {
        Refund r = s.refunds.get(key.toString());
        if (r == null || DONE.equals(r.state)) {
            return false;
        }
        Map<String, BigDecimal> byLine = new LinkedHashMap<>();
        List<String> ids = lineIds(receipt);
        for (int i = 0; i < receipt.details().size(); i++) {
            Map<String, String> d = receipt.details().get(i);
            byLine.put(ids.get(i), Money.of(Texts.first(d.get("XPayAmt"), d.get("PayAmt"))).abs());
        }
        for (Map.Entry<String, RefundLine> e : r.lines.entrySet()) {
            RefundLine l = e.getValue();
            BigDecimal asked = l.amount.negate();
            BigDecimal done = byLine.getOrDefault(e.getKey(), Money.ZERO).min(asked);
            l.refunded = done;
            Line paid = paidLine(l);
            if (paid != null) {
                paid.refunding = paid.refunding.subtract(asked);
                paid.refunded = paid.refunded.add(done);
            }
            if (Meanings.PAY_AUTHORIZED.equals(r.payTypeCode) && done.signum() > 0 && l.agency != null
                    && l.subject != null && l.month != null) {
                Quota q = quota(l.agency, l.subject, l.month);
                q.used = q.used.subtract(done);
            }
        }
        r.state = DONE;
        r.date = today.format(DailyTime.DAY);
        return true;
    }

    /** The PBoC refused the refund (or it could not be sent): the lines may be refunded again. */
    public boolean refundFailed(VoucherKey key, String state, String reason) {
        Refund r = s.refunds.get(key.toString());
        if (r == null || !(SENDING.equals(r.state) || SENT.equals(r.state))) {
            return false;
        }
        for (RefundLine l : r.lines.values()) {
            Line paid = paidLine(l);
            if (paid != null) {
                paid.refunding = paid.refunding.subtract(l.amount.negate());
            }
        }
        r.state = state;
        r.reason = reason;
        return true;
    }

    // ------------------------------------------------------------------ reports

    /** Direct payments paid on {@code day}: per unit, the amount paid and how many lines were paid. */
    public Map<String, BigDecimal[]> directPaidOn(String day) {
        Map<String, BigDecimal[]> out = new TreeMap<>();
        for (Payment p : s.payments.values()) {
            if (!day.equals(p.paidDate) || !Meanings.PAY_DIRECT.equals(p.payTypeCode)) {
                continue;
            }
            for (Line l : p.lines.values()) {
                if (l.paid.signum() <= 0) {
                    continue;
                }
                String agency = Texts.first(l.agency, p.agency, "-");
                BigDecimal[] t = out.computeIfAbsent(agency, a -> new BigDecimal[] {Money.ZERO, BigDecimal.ZERO});
                t[0] = t[0].add(l.paid);
                t[1] = t[1].add(BigDecimal.ONE);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ views

    /** Quotas with what is left, and paid amounts per unit with every paid voucher key and line. */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, String>> quotas = new ArrayList<>();
        for (Quota q : s.quotas.values()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("agency", q.agency);
            m.put("subject", q.subject);
            m.put("month", q.month);
            m.put("registered", Money.str(q.registered));
            m.put("used", Money.str(q.used));
            m.put("left", Money.str(q.left()));
            quotas.add(m);
        }
        out.put("quotaLeft", quotas);
        Map<String, Map<String, Object>> byUnit = new TreeMap<>();
        for (Payment p : s.payments.values()) {
            for (Line l : p.lines.values()) {
                if (l.paid.signum() <= 0) {
                    continue;
                }
                String unit = Texts.first(l.agency, p.agency, "-") + "/" + Texts.nz(p.payAcctNo);
                Map<String, Object> u = byUnit.computeIfAbsent(unit, k -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("paid", Money.ZERO);
                    m.put("lines", new ArrayList<String>());
                    return m;
                });
                u.put("paid", ((BigDecimal) u.get("paid")).add(l.paid));
                @SuppressWarnings("unchecked")
                List<String> ls = (List<String>) u.get("lines");
                ls.add(p.key + "#" + l.id + " " + Money.str(l.paid));
            }
        }
        byUnit.values().forEach(m -> m.put("paid", Money.str((BigDecimal) m.get("paid"))));
        out.put("paidByUnitAccount", byUnit);
        BigDecimal paid = Money.ZERO;
        BigDecimal cleared = Money.ZERO;
        BigDecimal refunded = Money.ZERO;
        for (Payment p : s.payments.values()) {
            paid = paid.add(p.paid);
            cleared = cleared.add(p.cleared);
            refunded = refunded.add(p.refunded());
        }
        out.put("totalPaid", Money.str(paid));
        out.put("totalCleared", Money.str(cleared));
        out.put("totalRefunded", Money.str(refunded));
        return out;
    }
}
