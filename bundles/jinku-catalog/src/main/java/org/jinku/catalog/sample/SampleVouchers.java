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
}
