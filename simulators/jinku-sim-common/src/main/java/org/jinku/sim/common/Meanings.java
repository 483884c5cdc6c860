package org.jinku.sim.common;

import java.util.Optional;

import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.Voucher;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;

/**
 * The meanings of the voucher types the simulators make or answer. Parties find types by meaning; the
 * VtCode under which a site sends each one is the catalogue's business.
 */
public final class Meanings {

    public static final String DIRECT_PAYMENT = "direct-payment";
    public static final String DIRECT_PAYMENT_BATCH = "direct-payment-batch";
    public static final String DIRECT_CREDIT_NOTICE = "direct-payment-credit-notice";
    public static final String QUOTA_NOTICE = "authorized-quota-notice";
    public static final String QUOTA_CREDIT_NOTICE = "authorized-quota-credit-notice";
    public static final String AUTHORIZED_PAYMENT = "authorized-payment";
    public static final String ALLOCATION = "allocation";
    public static final String DIRECT_CLEARING_QUOTA = "direct-clearing-quota";
    public static final String AUTHORIZED_CLEARING_QUOTA = "authorized-clearing-quota";
    public static final String CLEARING_REQUEST = "clearing-request";
    public static final String REFUND = "refund";
    public static final String INCOME_DAILY_REPORT = "income-daily-report";
    public static final String STOCK_DAILY_REPORT = "stock-daily-report";
    public static final String DIRECT_DAILY_REPORT = "direct-payment-daily-report";

    /** PayTypeCode of a direct payment (财政直接支付). */
    public static final String PAY_DIRECT = "11";
    /** PayTypeCode of an authorized payment (财政授权支付). */
    public static final String PAY_AUTHORIZED = "12";

    private Meanings() {
    }

    /** The meaning of a voucher's type, or "" when the catalogue does not know its VtCode. */
    public static String of(VoucherCatalog catalog, Voucher v) {
        return of(catalog, v.vtCode());
    }

    public static String of(VoucherCatalog catalog, String vtCode) {
        return vtCode == null ? "" : catalog.type(vtCode).map(VoucherType::meaning).orElse("");
    }

    /** The type of this meaning, or a refusal that says the catalogue lacks it. */
    public static VoucherType type(VoucherCatalog catalog, String meaning) {
        Optional<VoucherType> t = catalog.byMeaning(meaning);
        return t.orElseThrow(() -> new JinkuException(RejectCode.UNKNOWN_VOUCHER_TYPE,
                "the voucher catalogue has no type meaning '" + meaning + "'"));
    }

    public static boolean isPayment(String meaning) {
        return DIRECT_PAYMENT.equals(meaning) || DIRECT_PAYMENT_BATCH.equals(meaning)
                || AUTHORIZED_PAYMENT.equals(meaning);
    }
}
