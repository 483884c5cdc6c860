package org.jinku.api;

import java.util.Arrays;

/**
 * Status of a voucher towards one destination, with the codes the deployed voucher library reports
 * (VOUCHERS.md): 0–5 the voucher, 6–11 the receipt (回单), 12 receipt received, 13/14 not yet sent.
 */
public enum DeliveryStatus {
    NOT_FOUND(-1, "无此凭证"),
    SENT(0, "已发送，对方未接收"),
    RECEIVED(1, "已发送，对方已接收"),
    RECEIVE_FAILED(2, "已发送，对方接收失败"),
    ACCEPTED(3, "已发送，对方已签收"),
    REFUSED(4, "已发送，对方签收失败"),
    RETURNED(5, "已发送，对方已退回"),
    RECEIPT_SENT(6, "回单已发送，对方未接收"),
    RECEIPT_RECEIVED(7, "回单已发送，对方已接收"),
    RECEIPT_RECEIVE_FAILED(8, "回单已发送，对方接收失败"),
    RECEIPT_ACCEPTED(9, "回单已发送，对方已签收"),
    RECEIPT_REFUSED(10, "回单已发送，对方签收失败"),
    RECEIPT_RETURNED(11, "回单已发送，对方已退回"),
    RECEIPT_BACK(12, "已收到回单"),
    NOT_SENT(13, "凭证未发送"),
    RECEIPT_NOT_SENT(14, "回单未发送");

    private final int code;
    private final String text;

    DeliveryStatus(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    public static DeliveryStatus ofCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no status code " + code));
    }

    /** The same step for a receipt (offset 6) when {@code receipt} is true. */
    public DeliveryStatus forFlag(int voucherFlag) {
        if (voucherFlag == 0 || code < 0 || code > 5) {
            return this;
        }
        return ofCode(code + 6);
    }
}
