package org.jinku.core.internal;

import java.util.Optional;

import org.jinku.api.Direction;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherState;
import org.jinku.api.spi.StoreRecords.VoucherRow;
import org.jinku.api.spi.VoucherStore;

/**
 * The same key again. Identical content from the same peer is a redelivery: nothing changes and the
 * sender hears the current state again. Other content under a stored key is refused without naming the
 * key, so the refusal can never be read as a status of the voucher this node holds (and may pay).
 */
final class Dedupe implements InboundStep {

    private final NodeEngine node;

    Dedupe(NodeEngine node) {
        this.node = node;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        Optional<VoucherRow> found = s.lock(in.entry.key(), in.flag());
        if (found.isEmpty()) {
            return;
        }
        VoucherRow row = found.get();
        boolean samePeer = row.direction() == Direction.IN && in.peer.address().equals(row.peer());
        if (samePeer && !row.digest().equals(in.digest)) {
            Optional<VoucherRow> older = s.olderVersion(in.entry.key(), in.flag(), in.digest);
            if (older.isPresent()) {
                in.refuseWithoutKey = true;
                throw new JinkuException(RejectCode.OLD_VERSION, "voucher " + in.entry.key() + " version "
                        + older.get().version() + " arrived after version " + row.version() + "; only the newest is live");
            }
            if (row.state() == VoucherState.REFUSED || row.state() == VoucherState.RETURNED) {
                // The sender voided what this node refused or returned and sends it corrected (same VoucherNo);
                // or, for a 回单 refused here, its sender corrected it.
                in.replaces = row;
                return;
            }
        }
        if (!samePeer || !row.digest().equals(in.digest)) {
            in.refuseWithoutKey = true;
            throw new JinkuException(RejectCode.DUPLICATE_VOUCHER, "voucher " + in.entry.key()
                    + (in.flag() == 1 ? " (receipt)" : "") + " is already stored here ("
                    + (row.direction() == Direction.OUT ? "made here" : "received on " + row.created())
                    + ") with other content; the stored one is kept and this one refused");
        }
        int flag = in.flag();
        node.enqueueAck(s, in.peer.address(), Ack.of(row.key(), flag, row.digest(), Ack.Step.RECEIVED, null, null));
        switch (row.state()) {
            case ACCEPTED, REPLIED -> node.enqueueAck(s, in.peer.address(), Ack.of(row.key(), flag, row.digest(),
                    Ack.Step.ACCEPTED, null, null));
            case REFUSED -> node.enqueueAck(s, in.peer.address(), Ack.of(row.key(), flag, row.digest(),
                    Ack.Step.REFUSED, RejectCode.BUSINESS_REFUSED, row.reason()));
            case RETURNED -> node.enqueueAck(s, in.peer.address(), Ack.of(row.key(), flag, row.digest(),
                    Ack.Step.RETURNED, RejectCode.RETURNED, row.reason()));
            default -> {
            }
        }
        node.events().append(s, row.id(), "DUPLICATE", in.peer.address(), "identical copy received again; answered "
                + row.state());
        node.wakeOutbox();
        in.done = true;
    }
}
