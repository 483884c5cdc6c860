package org.jinku.api.spi;

import java.util.List;
import java.util.Map;

import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.RejectCode;
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

    /** A peer accepted (签收) one of our vouchers; for types without a 回单 this is the final answer. */
    default void voucherAccepted(Node node, VoucherView view) {
    }

    /**
     * The party's books for this node as the adapter keeps them (a simulator's ledger: quotas, paid,
     * cleared), as a tree of maps, lists, strings and exact decimals (as strings) for REST and the shell.
     */
    default Map<String, Object> ledger(Node node) {
        return Map.of();
    }

    /** Names of the actions {@link #command} runs on demand, e.g. {@code clearing-request}, {@code reports}. */
    default List<String> commands() {
        return List.of();
    }

    /**
     * Runs a named action now for this node (what a timer would run at its configured time) and says
     * what it did.
     *
     * @throws JinkuException NOT_AUTHORIZED when the command is unknown here
     */
    default String command(Node node, String command, Map<String, String> args) {
        throw new JinkuException(RejectCode.NOT_AUTHORIZED, "adapter " + id() + " has no command '" + command
                + "'; it has " + commands());
    }
}
