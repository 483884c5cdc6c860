package org.jinku.core.internal;

import org.jinku.api.Direction;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.StoreRecords.VoucherRow;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherStore;

/**
 * A 回单 must answer a voucher sent from here to that very peer, in a state where a receipt may come
 * (never DRAFT or SIGNING, never one already answered), and must be that voucher with only the X fields
 * filled and amounts within what was ordered, line by line.
 */
final class MatchReceipt implements InboundStep {

    private final VoucherCatalog catalog;

    MatchReceipt(VoucherCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        if (in.flag() != 1) {
            return;
        }
        VoucherRow original = s.lock(in.entry.key(), 0).orElse(null);
        if (original == null || original.direction() != Direction.OUT || !in.peer.address().equals(original.peer())) {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "receipt for " + in.entry.key()
                    + ", but no voucher with that key was sent from here to " + in.peer.address());
        }
        ReceiptCheck.Result result = ReceiptCheck.check(catalog.fromBase64(original.bodyBase64()), in.voucher,
                NodeEngine.payField(in.type));
        Transitions.next(original.state(), result.outcome().event, "voucher " + in.entry.key());
        in.original = original;
        in.receipt = result;
    }
}
