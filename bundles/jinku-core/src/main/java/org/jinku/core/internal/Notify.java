package org.jinku.core.internal;

import org.jinku.api.spi.VoucherStore;

/** Tells the party adapter, after commit and off the transport thread, what was received. */
final class Notify implements InboundStep {

    private final NodeEngine node;

    Notify(NodeEngine node) {
        this.node = node;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        if (in.flag() == 0) {
            node.notifyReceived(in.entry.key());
        } else {
            node.notifyAdapter("receiptReceived " + in.entry.key(), a -> node.find(in.entry.key(), 1).ifPresent(v ->
                    a.receiptReceived(node, v, in.voucher)));
        }
    }
}
