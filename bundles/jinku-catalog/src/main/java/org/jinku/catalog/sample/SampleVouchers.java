package org.jinku.catalog.sample;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jinku.api.Voucher;

/**
 * Well-formed sample vouchers for demos, benchmarks and tests (joint-test data, never production).
 * Amounts are built from whole fen so the header always equals the sum of its lines.
 */
public final class SampleVouchers {

    /** Subjects (ExpFuncCode, ExpFuncName) of the sample quota lines. */
    private static final String[][] SUBJECTS = {
        {"2010301", "行政运行"}, {"2050201", "学前教育"}, {"2050202", "小学教育"}, {"2080501", "行政单位离退休"},
        {"2101101", "行政单位医疗"},
    };

    private SampleVouchers() {
    }

    /**
     * A 财政直接支付凭证 (5201) with {@code lines} detail lines of {@code lineFen} fen each (more than 0);
     * one line is a single payment (BusinessTypeCode 1), more a batch (4). Deployed systems take a
     * VoucherNo of at most 20 characters.
     */
    public static Voucher directPayment(String admDivCode, String stYear, String voucherNo, int lines, long lineFen,
                                        String vouDate) {
        BigDecimal line = BigDecimal.valueOf(lineFen, 2);
        BigDecimal total = line.multiply(BigDecimal.valueOf(lines));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Id", "ID" + voucherNo);
        h.put("AdmDivCode", admDivCode);
        h.put("StYear", stYear);
        h.put("VtCode", "5201");
        h.put("VouDate", vouDate);
        h.put("VoucherNo", voucherNo);
        h.put("FundTypeCode", "1");
        h.put("FundTypeName", "一般公共预算资金");
        h.put("PayTypeCode", "11");
        h.put("PayTypeName", "直接支付");
        h.put("AgencyCode", "101001");
        h.put("AgencyName", "省教育厅");
        h.put("ExpFuncCode", "2050201");
        h.put("ExpFuncName", "学前教育");
        h.put("PayBankCode", "102");
        h.put("PayBankName", "中国工商银行沈阳分行");
        h.put("PayeeAcctNo", "6222020200112233445");
        h.put("PayeeAcctName", "沈阳市某某教学设备有限公司");
        h.put("PayeeAcctBankName", "中国工商银行沈阳和平支行");
        h.put("PayeeAcctBankNo", "102221000123");
        h.put("PayAcctNo", "3301000129000000001");
        h.put("PayAcctName", "辽宁省财政厅零余额账户");
        h.put("PayAcctBankName", "中国工商银行沈阳分行");
        h.put("PaySummaryName", "设备采购款");
        h.put("PayAmt", total.toPlainString());
        h.put("BusinessTypeCode", lines == 1 ? "1" : "4");
        h.put("BusinessTypeName", lines == 1 ? "单笔" : "批量");
        List<Map<String, String>> details = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("Id", voucherNo + "-" + i);
            d.put("VoucherBillId", "ID" + voucherNo);
            d.put("VoucherBillNo", voucherNo);
            d.put("AgencyCode", "101001");
            d.put("ExpFuncCode", "2050201");
            d.put("PayeeAcctNo", "6222020200112233445");
            d.put("PayeeAcctName", "沈阳市某某教学设备有限公司");
            d.put("PayAmt", line.toPlainString());
            details.add(d);
        }
        return new Voucher(h, details);
    }

    /**
     * A 财政授权支付额度通知单 (authorized-quota-notice, built-in VtCode 5104) to agent bank {@code payBankCode}
     * for the month of {@code vouDate}: {@code lines} quota lines of {@code lineFen} fen each (more than 0),
     * five subjects per budget unit (AgencyCode 201001, 201002, …), PlanAmt their sum. The seed's largest
     * batch is 2,575 lines.
     */
    public static Voucher quotaNotice(String admDivCode, String stYear, String voucherNo, int lines, long lineFen,
                                      String vouDate, String payBankCode) {
        BigDecimal line = BigDecimal.valueOf(lineFen, 2);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Id", "ID" + voucherNo);
        h.put("AdmDivCode", admDivCode);
        h.put("StYear", stYear);
        h.put("VtCode", "5104");
        h.put("VouDate", vouDate);
        h.put("VoucherNo", voucherNo);
        h.put("FundTypeCode", "1");
        h.put("FundTypeName", "一般公共预算资金");
        h.put("PayBankCode", payBankCode);
        h.put("SetMonth", vouDate.substring(0, 6));
        h.put("PlanAmt", line.multiply(BigDecimal.valueOf(lines)).toPlainString());
        List<Map<String, String>> details = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            String[] subject = SUBJECTS[i % SUBJECTS.length];
            int unit = 201001 + i / SUBJECTS.length;
            Map<String, String> d = new LinkedHashMap<>();
            d.put("Id", voucherNo + "-" + (i + 1));
            d.put("SupDepCode", "201");
            d.put("AgencyCode", Integer.toString(unit));
            d.put("AgencyName", "辽宁省教育厅所属单位" + (unit - 201000));
            d.put("ExpFuncCode", subject[0]);
            d.put("ExpFuncName", subject[1]);
            d.put("PlanAmt", line.toPlainString());
            details.add(d);
        }
        return new Voucher(h, details);
    }
}
