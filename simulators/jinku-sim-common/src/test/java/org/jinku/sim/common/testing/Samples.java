package org.jinku.sim.common.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.jinku.sim.common.Meanings;
import org.jinku.sim.common.Money;
import org.jinku.sim.common.Vouchers;

/**
 * Vouchers other parties send to the simulators, for tests: built for the catalogue's type of each meaning
 * (fields it lacks are dropped). AdmDivCode 210000, StYear of the date.
 */
public final class Samples {

    public static final String ADM = "210000";

    private Samples() {
    }

    private static Map<String, String> header(VoucherType t, String no, String date) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Id", "ID" + no);
        h.put("AdmDivCode", ADM);
        h.put("StYear", date.substring(0, 4));
        h.put("VtCode", t.vtCode());
        h.put("VouDate", date);
        h.put("VoucherNo", no);
        h.put("FundTypeCode", "1");
        h.put("FundTypeName", "一般公共预算资金");
        return h;
    }

    private static String sum(List<Map<String, String>> lines, String field) {
        return Money.str(lines.stream().map(l -> Money.of(l.get(field))).reduce(Money.ZERO, BigDecimal::add));
    }

    /** 财政直接支付凭证: lines of {payeeAcctNo, amount}. */
    public static Voucher directPayment(VoucherCatalog c, String no, String bank, String agency, String date,
                                        String[]... lines) {
        return payment(c, Meanings.DIRECT_PAYMENT, no, bank, agency, date, "2050201", lines);
    }

    /** 财政直接支付批量凭证 (companion of {@code mainNo}): lines of {payeeAcctNo, amount}. */
    public static Voucher directBatch(VoucherCatalog c, String no, String mainNo, String bank, String agency,
                                      String date, String[]... lines) {
        Voucher v = payment(c, Meanings.DIRECT_PAYMENT_BATCH, no, bank, agency, date, "2050201", lines);
        VoucherType t = c.byMeaning(Meanings.DIRECT_PAYMENT_BATCH).orElseThrow();
        Map<String, String> h = new LinkedHashMap<>(v.header());
        h.put("OriginalVtCode", c.byMeaning(Meanings.DIRECT_PAYMENT).orElseThrow().vtCode());
        h.put("OriginalVoucherNo", mainNo);
        return Vouchers.build(t, h, v.details());
    }

    private static Voucher payment(VoucherCatalog c, String meaning, String no, String bank, String agency,
                                   String date, String subject, String[]... lines) {
        VoucherType t = c.byMeaning(meaning).orElseThrow();
        Map<String, String> h = header(t, no, date);
        h.put("PayTypeCode", "11");
        h.put("PayTypeName", "直接支付");
        h.put("AgencyCode", agency);
        h.put("AgencyName", "单位" + agency);
        h.put("ExpFuncCode", subject);
        h.put("PayBankCode", bank);
        h.put("PayeeAcctNo", lines[0][0]);
        h.put("PayeeAcctName", "收款人" + lines[0][0]);
        h.put("PayAcctNo", "3301000129000000001");
        h.put("PayAcctName", "财政零余额账户");
        h.put("BusinessTypeCode", lines.length == 1 ? "1" : "4");
        List<Map<String, String>> ls = new ArrayList<>();
        int i = 1;
        for (String[] l : lines) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("Id", no + "-" + i++);
            d.put("AgencyCode", agency);
            d.put("ExpFuncCode", subject);
            d.put("PayeeAcctNo", l[0]);
            d.put("PayeeAcctName", "收款人" + l[0]);
            d.put("PayAmt", l[1]);
            ls.add(d);
        }
        h.put("PayAmt", sum(ls, "PayAmt"));
        return Vouchers.build(t, h, ls);
    }

    /** 财政授权支付额度通知单 for {@code month}: lines of {agency, subject, amount}. */
    public static Voucher quotaNotice(VoucherCatalog c, String no, String bank, String month, String date,
                                      String[]... lines) {
        VoucherType t = c.byMeaning(Meanings.QUOTA_NOTICE).orElseThrow();
        Map<String, String> h = header(t, no, date);
        h.put("PayBankCode", bank);
        h.put("SetMonth", month);
        List<Map<String, String>> ls = new ArrayList<>();
        int i = 1;
        for (String[] l : lines) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("Id", no + "-" + i++);
            d.put("AgencyCode", l[0]);
            d.put("AgencyName", "单位" + l[0]);
            d.put("ExpFuncCode", l[1]);
            d.put("ExpFuncName", "科目" + l[1]);
            d.put("PlanAmt", l[2]);
            ls.add(d);
        }
        h.put("PlanAmt", sum(ls, "PlanAmt"));
        return Vouchers.build(t, h, ls);
    }

    /** 财政授权支付凭证 of {@code agency}: lines of {subject, payeeAcctNo, amount}. */
    public static Voucher authorizedPayment(VoucherCatalog c, String no, String bank, String agency, String date,
                                            String[]... lines) {
        VoucherType t = c.byMeaning(Meanings.AUTHORIZED_PAYMENT).orElseThrow();
        Map<String, String> h = header(t, no, date);
        h.put("PayTypeCode", "12");
        h.put("PayTypeName", "授权支付");
        h.put("AgencyCode", agency);
        h.put("PayBankCode", bank);
        h.put("PayAcctNo", "ZB" + agency);
        h.put("PayAcctName", "单位零余额账户");
        List<Map<String, String>> ls = new ArrayList<>();
        int i = 1;
        for (String[] l : lines) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("Id", no + "-" + i++);
            d.put("ExpFuncCode", l[0]);
            d.put("PayeeAcctNo", l[1]);
            d.put("PayeeAcctName", "收款人" + l[1]);
            d.put("PayAmt", l[2]);
            ls.add(d);
        }
        h.put("PayAmt", sum(ls, "PayAmt"));
        return Vouchers.build(t, h, ls);
    }

    /** 财政直接支付汇总清算额度通知单 (direct) or 财政授权支付汇总清算额度通知单 (authorized) for a bank. */
    public static Voucher clearingQuota(VoucherCatalog c, boolean authorized, String no, String bank, String date,
                                        String... amounts) {
        VoucherType t = c.byMeaning(authorized ? Meanings.AUTHORIZED_CLEARING_QUOTA : Meanings.DIRECT_CLEARING_QUOTA)
                .orElseThrow();
        String field = authorized ? "PlanAmt" : "PayAmt";
        Map<String, String> h = header(t, no, date);
        h.put("PayBankCode", bank);
        h.put("SetMonth", date.substring(0, 6));
        List<Map<String, String>> ls = new ArrayList<>();
        int i = 1;
        for (String a : amounts) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("Id", no + "-" + i++);
            d.put("SupDepCode", "201");
            d.put("ExpFuncCode", "2050201");
            d.put(field, a);
            ls.add(d);
        }
        h.put(field, sum(ls, field));
        return Vouchers.build(t, h, ls);
    }

    /** 预算拨款凭证: lines of {payeeAcctNo, amount}. */
    public static Voucher allocation(VoucherCatalog c, String no, String date, String[]... lines) {
        VoucherType t = c.byMeaning(Meanings.ALLOCATION).orElseThrow();
        Map<String, String> h = header(t, no, date);
        h.put("BusinessTypeCode", lines.length == 1 ? "1" : "4");
        h.put("PayTypeCode", "91");
        List<Map<String, String>> ls = new ArrayList<>();
        int i = 1;
        for (String[] l : lines) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("Id", no + "-" + i++);
            d.put("PayeeAcctNo", l[0]);
            d.put("PayeeAcctName", "收款人" + l[0]);
            d.put("PayAmt", l[1]);
            ls.add(d);
        }
        h.put("PayAmt", sum(ls, "PayAmt"));
        return Vouchers.build(t, h, ls);
    }

    public static String[] l(String... s) {
        return s;
    }
}
