package org.jinku.core.internal;

import org.jinku.api.Direction;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherState;
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
    private final org.jinku.api.PartyRole role;

    MatchReceipt(VoucherCatalog catalog, org.jinku.api.PartyRole role) {
        this.catalog = catalog;
        this.role = role;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        if (in.flag() != 1) {
            return;
        }
        VoucherRow original = s.lock(in.entry.key(), 0).orElse(null);
        if (original == null && in.type.receiptCopyTo().contains(role) && in.peer.role() == in.type.receiver()) {
            // A copy of a receipt between two other parties (the PBoC's 划款 回单 to finance, a bank's payment
            // 回单 to the PBoC): kept and acknowledged, it answers nothing of ours.
            in.copy = true;
            return;
        }
        if (original != null && original.direction() == Direction.OUT && original.state() == VoucherState.VOIDED) {
            throw new JinkuException(RejectCode.VOIDED, "receipt for " + in.entry.key() + " version "
                    + original.version() + ", which was voided here (作废); a voided version is never paid");
        }
        if (original == null || original.direction() != Direction.OUT || !in.peer.address().equals(original.peer())) {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "receipt for " + in.entry.key()
                    + ", but no voucher with that key was sent from here to " + in.peer.address());
        }
        ReceiptCheck.Result result = ReceiptCheck.check(in.type, catalog.fromBase64(original.bodyBase64()),
                in.voucher);
        Transitions.next(original.state(), result.outcome().event, "voucher " + in.entry.key());
        in.original = original;
        in.receipt = result;
    }
}
