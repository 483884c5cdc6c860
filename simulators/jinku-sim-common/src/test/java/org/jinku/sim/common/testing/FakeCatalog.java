package org.jinku.sim.common.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jinku.api.EnvelopeEntry;
import org.jinku.api.FieldError;
import org.jinku.api.PartyRole;
import org.jinku.api.Post;
import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.FieldDef;
import org.jinku.api.spi.VoucherType.StampPosition;

/**
 * A catalogue of the types the simulators use, with the fields the shared contract names (tests only:
 * the real one is jinku-catalog's). Validation checks unknown fields, required fields and X fields in a
 * voucher, like the real one.
 */
public final class FakeCatalog implements VoucherCatalog {

    private static final String COMMON = "Id AdmDivCode! StYear! VtCode! VouDate! VoucherNo!";
    private final Map<String, VoucherType> types = new LinkedHashMap<>();

    public FakeCatalog() {
        PartyRole f = PartyRole.FINANCE;
        PartyRole b = PartyRole.AGENT_BANK;
        PartyRole p = PartyRole.PBOC;
        PartyRole u = PartyRole.BUDGET_UNIT;
        add("5201", "direct-payment", f, b, "PayBankCode", true, List.of(p), 499,
                "PayTypeCode! AgencyCode! AgencyName ExpFuncCode PayBankCode! PayeeAcctNo PayeeAcctName PayAcctNo PayAcctName"
                        + " PayAmt! BusinessTypeCode XPayDate XAgentBusinessNo XPayAmt XPayeeAcctNo XPayeeAcctName",
                "Id! AgencyCode ExpFuncCode PayeeAcctNo! PayeeAcctName! PayAmt! XPayDate XAgentBusinessNo XPayAmt XAddWord",
                false, "PayAmt");
        add("8207", "direct-payment-batch", f, b, "PayBankCode", true, List.of(p), 0,
                "OriginalVtCode OriginalVoucherNo PayTypeCode AgencyCode! PayBankCode! PayAcctNo PayAmt! XPayDate XPayAmt",
                "Id! AgencyCode ExpFuncCode PayeeAcctNo! PayeeAcctName! PayAmt! XPayDate XAgentBusinessNo XPayAmt XAddWord",
                false, "PayAmt");
        add("5204", "direct-payment-credit-notice", b, u, null, false, List.of(), 0,
                "OriVtCode! OriVoucherNo! AgencyCode! AgencyName PayBankCode PayAmt! PayDate! PayeeAcctNo PayeeAcctName",
                "Id! AgencyCode ExpFuncCode PayeeAcctNo PayeeAcctName PayAmt!", false, "PayAmt");
        add("5104", "authorized-quota-notice", f, b, "PayBankCode", true, List.of(), 0,
                "PayBankCode! SetMonth! PlanAmt!", "Id! AgencyCode! AgencyName ExpFuncCode! ExpFuncName PlanAmt!",
                false, "PlanAmt");
        add("5105", "authorized-quota-credit-notice", b, u, null, false, List.of(), 0,
                "AgencyCode! AgencyName SetMonth! PlanAmt! OriVoucherNo! PayBankCode", "Id! ExpFuncCode! ExpFuncName PlanAmt!",
                false, "PlanAmt");
        add("8202", "authorized-payment", u, b, "PayBankCode", true, List.of(p), 0,
                "PayBankCode! AgencyCode! AgencyName PayTypeCode! PayAmt! PayAcctNo! PayAcctName XPayAmt XPayDate XAgentBusinessNo",
                "Id! ExpFuncCode! PayeeAcctNo! PayeeAcctName! PayAmt! XPayAmt XAddWord", false, "PayAmt");
        add("5207", "allocation", f, p, null, true, List.of(), 0,
                "BusinessTypeCode PayAmt! XPayDate XAgentBusinessNo XPayAmt",
                "Id! PayeeAcctNo! PayeeAcctName! PayAmt! XPayAmt XAddWord", false, "PayAmt");
        add("5108", "direct-clearing-quota", f, p, null, true, List.of(), 0,
                "PayBankCode! PayAmt!", "Id! SupDepCode ExpFuncCode PayAmt!", false, "PayAmt");
        add("5106", "authorized-clearing-quota", f, p, null, true, List.of(), 0,
                "PayBankCode! SetMonth PlanAmt!", "Id! SupDepCode ExpFuncCode PlanAmt!", false, "PlanAmt");
        add("2301", "clearing-request", b, p, null, true, List.of(f), 0,
                "PayBankCode! PayBankNo PayTypeCode! PayAmt! XPayAmt XClearDate XAddWord",
                "Id! VoucherNo! OriVtCode PayAmt! XPayAmt XAddWord", false, "PayAmt");
        add("2302", "refund", b, p, null, true, List.of(f), 0,
                "PayBankCode! PayTypeCode! PayAmt! XPayAmt XClearDate",
                "Id! OriVoucherNo! OriVtCode AgencyCode ExpFuncCode PayAmt! XPayAmt", true, "PayAmt");
        add("3401", "income-daily-report", p, f, null, false, List.of(), 1,
                "ReportDate! AllAmt!", "Id! BudgetSubjectCode! CurIncomeAmt!", false, "CurIncomeAmt");
        add("3402", "stock-daily-report", p, f, null, false, List.of(), 0,
                "ReportDate! AcctNo! PreBalance! IncomeAmt! PayAmt! CurBalance!", "", false, null);
        add("2206", "direct-payment-daily-report", b, f, null, false, List.of(), 0,
                "PayBankCode! ReportDate! AllNum! AllAmt!", "Id! AgencyCode! PayAmt! Num!", false, "PayAmt");
    }

    private void add(String code, String meaning, PartyRole from, PartyRole to, String route, boolean receipt,
                     List<PartyRole> copyTo, int maxDetails, String header, String detail, boolean negative, String sum) {
        types.put(code, new VoucherType(code, meaning, meaning, false, from, to, route, receipt, copyTo,
                fields(COMMON + " " + header), fields(detail), positions(from), positions(to == null ? from : to, true),
                0, maxDetails, negative, sum));
    }

    private static List<StampPosition> positions(PartyRole role) {
        String p = role.stampPrefix();
        return List.of(new StampPosition(p + "_lr", "录入", Post.ENTRY, false),
                new StampPosition(p + "_sh", "审核", Post.REVIEW, false));
    }

    private static List<StampPosition> positions(PartyRole role, boolean receipt) {
        return List.of(new StampPosition(role.stampPrefix() + "_qz", "签章", Post.SEAL, true));
    }

    private static List<FieldDef> fields(String spec) {
        List<FieldDef> out = new ArrayList<>();
        for (String s : spec.trim().split("\\s+")) {
            if (s.isEmpty()) {
                continue;
            }
            boolean required = s.endsWith("!");
            String name = required ? s.substring(0, s.length() - 1) : s;
            String rule = name.endsWith("Amt") || name.endsWith("Balance") ? "amount"
                    : name.endsWith("Date") ? "date" : "text";
            boolean x = name.startsWith("X");
            out.add(new FieldDef(name, name, rule, 0, 200, List.of(), required, x && !name.equals("XAddWord"), x));
        }
        return out;
    }

    @Override
    public Optional<VoucherType> type(String vtCode) {
        return Optional.ofNullable(types.get(vtCode));
    }

    @Override
    public List<VoucherType> types() {
        return List.copyOf(types.values());
    }

    @Override
    public List<FieldError> validate(Voucher v, int flag) {
        List<FieldError> errors = new ArrayList<>();
        VoucherType t = types.get(v.vtCode());
        if (t == null) {
            errors.add(new FieldError("VtCode", "unknown", "unknown type " + v.vtCode()));
            return errors;
        }
        check(t.headerFields(), v.header(), "", flag, errors);
        for (int i = 0; i < v.details().size(); i++) {
            check(t.detailFields(), v.details().get(i), "Detail[" + i + "].", flag, errors);
        }
        return errors;
    }

    private static void check(List<FieldDef> defs, Map<String, String> values, String prefix, int flag,
                              List<FieldError> errors) {
        for (String k : values.keySet()) {
            if (defs.stream().noneMatch(d -> d.name().equals(k))) {
                errors.add(new FieldError(prefix + k, "unknown", "not a field: " + k));
            }
        }
        for (FieldDef d : defs) {
            String v = values.get(d.name());
            boolean empty = v == null || v.isEmpty();
            if (empty && (d.required() || (flag == 1 && d.requiredInReceipt()))) {
                errors.add(new FieldError(prefix + d.name(), "required", d.name() + " is required"));
            }
            if (!empty && flag == 0 && d.receiptOnly()) {
                errors.add(new FieldError(prefix + d.name(), "receiptOnly", d.name() + " is receipt-only"));
            }
            if (!empty && d.rule().equals("amount") && !v.matches("-?\\d{1,15}\\.\\d{2}")) {
                errors.add(new FieldError(prefix + d.name(), "amount", d.name() + " is not an amount: " + v));
            }
        }
    }

    @Override
    public Voucher forSending(Voucher voucher) {
        return voucher;
    }

    @Override
    public byte[] toXml(Voucher voucher) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Voucher fromXml(byte[] xml) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String toBase64(Voucher voucher) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Voucher fromBase64(String voucherBase64) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] writeEnvelope(List<EnvelopeEntry> entries) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<EnvelopeEntry> readEnvelope(byte[] envelope) {
        throw new UnsupportedOperationException();
    }
}
