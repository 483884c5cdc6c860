package org.jinku.api;

import java.util.Arrays;

/**
 * Status of a voucher towards one destination, with the codes the deployed voucher library reports
 * (VOUCHERS.md): 0–5 the voucher, 6–11 the receipt (回单), 12 receipt received, 13/14 not yet sent.
 * Texts are worded as the deployed library words them, so operators see the words they know.
 */
public enum DeliveryStatus {
    // Texts quoted from the deployed library (issue 5): 未找到对应凭证, 对方接收成功, 对方签收成功,
    // 已收到对方回单, 本方未发送. VOUCHERS.md gives only English meanings, so the other texts are Jinku's,
    // worded in the same style; those of a receipt (6–11, 14) are the voucher's text with 回单.
    NOT_FOUND(-1, "未找到对应凭证"),
    SENT(0, "对方未接收"),
    RECEIVED(1, "对方接收成功"),
    RECEIVE_FAILED(2, "对方接收失败"),
    ACCEPTED(3, "对方签收成功"),
    REFUSED(4, "对方签收失败"),
    RETURNED(5, "对方已退回"),
    RECEIPT_SENT(6, "回单对方未接收"),
    RECEIPT_RECEIVED(7, "回单对方接收成功"),
    RECEIPT_RECEIVE_FAILED(8, "回单对方接收失败"),
    RECEIPT_ACCEPTED(9, "回单对方签收成功"),
    RECEIPT_REFUSED(10, "回单对方签收失败"),
    RECEIPT_RETURNED(11, "回单对方已退回"),
    RECEIPT_BACK(12, "已收到对方回单"),
    NOT_SENT(13, "本方未发送"),
    RECEIPT_NOT_SENT(14, "本方回单未发送");

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
