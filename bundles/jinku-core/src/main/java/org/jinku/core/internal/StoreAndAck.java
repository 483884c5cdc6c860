package org.jinku.core.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.VoucherState;
import org.jinku.api.spi.StoreRecords.SignatureRow;
import org.jinku.api.spi.StoreRecords.VoucherRow;
import org.jinku.api.spi.VoucherStore;

/**
 * Stores the verified voucher or receipt with its signatures and answers 接收, in one transaction. A
 * receipt is taken at once (接收 and 签收) and moves the voucher it answers to its outcome: paid in
 * full (status 12, CONFIRMED), partly paid or not paid.
 */
final class StoreAndAck implements InboundStep {

    private final NodeEngine node;

    StoreAndAck(NodeEngine node) {
        this.node = node;
    }

    @Override
    public void apply(VoucherStore.Session s, Inbound in) {
        Instant now = Instant.now();
        int flag = in.flag();
        String from = in.peer.address();
        int version = 1;
        if (in.replaces != null) {
            s.supersede(in.replaces.id());
            version = in.replaces.version() + 1;
        } else if (flag == 1 && in.original != null) {
            version = in.original.version();
        }
        Optional<VoucherRow> inserted = s.insert(new VoucherRow(0, in.entry.key(), flag, Direction.IN, from,
                VoucherState.RECEIVED, in.entry.voucherBase64(), in.digest,
                in.voucher.get((flag == 1 ? "X" : "") + NodeEngine.payField(in.type)), null, now, now, version));
        if (inserted.isEmpty()) {
            in.done = true; // lost a race with a redelivery of the same message: answered by that one
            return;
        }
        VoucherRow r = inserted.get();
        for (SignatureRow g : in.signatures) {
            s.addSignature(new SignatureRow(r.id(), g.seq(), g.position(), g.userId(), g.post(), g.certSerialHex(),
                    g.signer(), g.cmsBase64(), g.at()));
        }
        List<SignatureRow> stamps = NodeEngine.stampsOnly(in.signatures);
        node.events().append(s, r.id(), "RECEIVED", from, "verified " + (in.signatures.size() - stamps.size())
                + " signature(s) of " + from + ": " + NodeEngine.signaturesOnly(in.signatures).stream()
                .map(SignatureRow::position).toList() + (stamps.isEmpty() ? "" : " and " + stamps.size()
                + " stamp(s) of registered seals: " + stamps.stream().map(SignatureRow::position).toList())
                + (in.replaces == null ? "" : "; version " + version + ", replacing version " + in.replaces.version()
                + " (" + in.replaces.state() + ")") + (in.copy ? "; a copy of the receipt for our records" : ""));
        node.enqueueAck(s, from, Ack.of(r.key(), flag, in.digest, Ack.Step.RECEIVED, null, null));
        if (flag == 1) {
            s.updateState(r.id(), Transitions.next(VoucherState.RECEIVED, Transitions.Event.ACCEPT, "receipt"), null);
            node.enqueueAck(s, from, Ack.of(r.key(), flag, in.digest, Ack.Step.ACCEPTED, null, null));
            VoucherRow original = in.original;
            if (in.copy) {
                node.wakeOutbox();
                return;
            }
            DeliveryStatus current = node.deliveryTo(s, original, from);
            if (!Transitions.behind(current, DeliveryStatus.RECEIPT_BACK)) {
                s.setDelivery(original.id(), from, DeliveryStatus.RECEIPT_BACK, null);
            }
            VoucherState next = Transitions.next(original.state(), in.receipt.outcome().event, "voucher " + r.key());
            s.updateState(original.id(), next, next == VoucherState.CONFIRMED ? null : in.receipt.describe());
            node.events().append(s, original.id(), "RECEIPT", from, "receipt received and verified: "
                    + in.receipt.describe());
        }
        node.wakeOutbox();
    }
}
