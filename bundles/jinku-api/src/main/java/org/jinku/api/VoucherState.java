package org.jinku.api;

/**
 * Lifecycle state of one stored voucher or receipt at one node. Sender side: DRAFT → SIGNING →
 * SIGNED → SENT → DELIVERED → ACCEPTED → CONFIRMED. Receiver side: RECEIVED → ACCEPTED → REPLIED.
 * Final states are never left.
 */
public enum VoucherState {
    DRAFT(false), SIGNING(false), SIGNED(false), SENT(false), DELIVERED(false), ACCEPTED(false),
    /** The sender holds the peer's signed receipt (回单): every line paid in full. */
    CONFIRMED(true),
    /** The sender holds the peer's signed receipt: some lines, or part of the amount, not paid (部分支付). */
    PARTLY_PAID(true),
    /** The sender holds the peer's signed receipt: nothing paid (支付失败), with the line reasons. */
    UNPAID(true),
    /** The peer store could not take it (接收失败): structure, signature, certificate, duplicate. */
    FAILED(true),
    /** The peer's business refused it (签收失败). */
    REFUSED(true),
    /** The peer returned it (退回). */
    RETURNED(true),
    VOIDED(true),
    RECEIVED(false),
    /** The receiver sent its signed receipt back. */
    REPLIED(true);

    private final boolean terminal;

    VoucherState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isFinal() {
        return terminal;
    }
}
