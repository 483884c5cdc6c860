package org.jinku.api.spi;

import org.jinku.api.Node;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherView;

/**
 * Connects a node to its party's host system (budget-execution system, bank core, PBoC system) or to
 * a simulator. Registered with {@code jinku.adapter=<id>}; a node binds the one its configuration
 * names. Callbacks run on the node's worker threads after the change is committed; an adapter answers
 * through the {@link Node} methods (accept, refuse, returnVoucher, reply), which are idempotent.
 */
public interface PartyAdapter {

    String SERVICE_PROPERTY = "jinku.adapter";

    String id();

    /** A verified voucher from a peer was stored and acknowledged (接收). */
    void voucherReceived(Node node, VoucherView view, Voucher content);

    /** A peer's signed receipt (回单) for one of our vouchers was verified and stored. */
    default void receiptReceived(Node node, VoucherView view, Voucher receipt) {
    }

    /** A peer refused or returned one of our vouchers. */
    default void voucherRejected(Node node, VoucherView view) {
    }
}
