package org.jinku.core.internal;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.spi.StoreRecords.VoucherRow;
import org.jinku.api.spi.VoucherStore;

/**
 * Applies an acknowledgement to what it answers, only when three things hold: it names a voucher (or
 * receipt) sent from here to that peer; it is signed by that peer's organisation certificate; and it
 * answers the very content sent (its SM3 digest). A repeated or late answer changes nothing; a change the
 * transition table does not allow is refused.
 */
final class ApplyAck implements InboundStep {

    private final NodeEngine node;

    ApplyAck(NodeEngine node) {
        this.node = node;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        Ack ack = in.ack;
        Object[] ref = Ack.parseRef(ack.ref());
        if (ref == null) {
            // The peer could not read a message (or holds other content under a key): it names nothing of ours.
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "peer " + in.peer.address() + " answered "
                    + ack.step() + " to message " + ack.answers() + " without naming a voucher: "
                    + (ack.code() == null ? "" : ack.code() + " ") + ack.reason());
        }
        VoucherKey key = (VoucherKey) ref[0];
        int flag = (Integer) ref[1];
        String from = in.peer.address();
        VoucherRow row = s.lock(key, flag).filter(r -> r.direction() == Direction.OUT && (from.equals(r.peer())
                || s.deliveries(r.id()).stream().anyMatch(d -> d.destination().equals(from)))).orElseThrow(() -> new JinkuException(RejectCode.UNKNOWN_VOUCHER,
                "acknowledgement " + ack.step() + " from " + in.peer.address() + " for " + ack.ref()
                        + ", which was not sent from here to " + in.peer.address()));
        try {
            node.peers().requireOrganisation(in.peer, in.ackSigner, "acknowledgement");
        } catch (JinkuException e) {
            throw new JinkuException(RejectCode.ACK_WRONG_SIGNER, e.getMessage());
        }
        if (!row.digest().equals(ack.digest())) {
            s.olderVersion(key, flag, ack.digest()).ifPresent(older -> {
                throw new JinkuException(RejectCode.OLD_VERSION, "acknowledgement " + ack.step() + " for " + ack.ref()
                        + " answers version " + older.version() + " (" + older.state() + "); version "
                        + row.version() + " is live; ignored");
            });
            throw new JinkuException(RejectCode.ACK_DIGEST_MISMATCH, "acknowledgement " + ack.step() + " for "
                    + ack.ref() + " answers content with SM3 " + ack.digest() + ", but the content sent has SM3 "
                    + row.digest() + "; ignored");
        }
        DeliveryStatus next = ack.step().status.forFlag(flag);
        DeliveryStatus current = node.deliveryTo(s, row, in.peer.address());
        if (Transitions.behind(current, next)) {
            in.done = true; // repeated or late: a status never moves back
            return;
        }
        if (!Transitions.allowed(current, next)) {
            throw new JinkuException(RejectCode.WRONG_STATE, "acknowledgement " + ack.step() + " for " + ack.ref()
                    + ": status " + current.code() + " cannot become " + next.code());
        }
        s.setDelivery(row.id(), in.peer.address(), next, ack.reason());
        // A copy's recipient (回单抄送) has its own status; the row's state follows the party it answers.
        VoucherState state = from.equals(row.peer())
                ? Transitions.nextIfAllowed(row.state(), ack.step().event).orElse(null) : null;
        if (state != null) {
            s.updateState(row.id(), state, ack.reason());
        }
        node.events().append(s, row.id(), "ACK_" + ack.step(), in.peer.address(), ack.reason() == null ? next.text()
                : next.text() + ": " + (ack.code() == null ? "" : ack.code() + " ") + ack.reason());
        if (ack.step() == Ack.Step.ACCEPTED && flag == 0) {
            node.notifyAdapter("voucherAccepted " + key, a -> node.find(key, flag).ifPresent(v ->
                    a.voucherAccepted(node, v)));
        } else if (ack.step() != Ack.Step.RECEIVED && ack.step() != Ack.Step.ACCEPTED) {
            node.notifyAdapter("voucherRejected " + key, a -> node.find(key, flag).ifPresent(v ->
                    a.voucherRejected(node, v)));
        }
    }
}
