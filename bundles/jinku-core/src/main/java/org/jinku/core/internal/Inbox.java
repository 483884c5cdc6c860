package org.jinku.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jinku.api.DeliveryStatus;
import org.jinku.api.Direction;
import org.jinku.api.EnvelopeEntry;
import org.jinku.api.FieldError;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.SignatureEntry;
import org.jinku.api.VerifiedSignature;
import org.jinku.api.Voucher;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.spi.PeerTransport;
import org.jinku.api.spi.StoreRecords.SignatureRow;
import org.jinku.api.spi.StoreRecords.VoucherRow;
import org.jinku.api.spi.VoucherType;
import org.jinku.api.spi.VoucherType.StampPosition;

/**
 * Everything that arrives from peers. An envelope is checked completely — structure, base64, fields,
 * every signature, certificate chain, duplicates — before anything is stored; a refusal is recorded
 * with its reason and answered to the sender, and touches nothing already stored. A redelivered
 * message (same key, same content) changes nothing and is answered with the current status again.
 * Throwing from here means "not processed": the transport redelivers.
 */
final class Inbox implements PeerTransport.Listener {

    /** Order in which statuses may advance; a late or repeated acknowledgement never moves one back. */
    private static final Map<DeliveryStatus, Integer> RANK = new EnumMap<>(DeliveryStatus.class);

    static {
        int[] ranks = {0, 1, 2, 3, 3, 4, 4, 5};
        DeliveryStatus[] order = {DeliveryStatus.NOT_SENT, DeliveryStatus.SENT, DeliveryStatus.RECEIVED,
                DeliveryStatus.RECEIVE_FAILED, DeliveryStatus.ACCEPTED, DeliveryStatus.REFUSED, DeliveryStatus.RETURNED,
                DeliveryStatus.RECEIPT_BACK};
        for (int i = 0; i < order.length; i++) {
            RANK.put(order[i], ranks[i]);
            if (order[i].code() >= 0 && order[i].code() <= 5) {
                RANK.put(order[i].forFlag(1), ranks[i]);
            }
        }
        RANK.put(DeliveryStatus.RECEIPT_NOT_SENT, 0);
    }

    private final NodeEngine node;

    Inbox(NodeEngine node) {
        this.node = node;
    }

    /**
     * Messages that arrived together are processed in one transaction (one commit, one log flush);
     * each still has its own outcome, since every step inside is a nested transaction (a savepoint).
     */
    @Override
    public void onMessages(List<PeerTransport.Message> messages) {
        node.store().inTransaction(s -> {
            for (PeerTransport.Message m : messages) {
                onMessage(m);
            }
            return null;
        });
    }

    @Override
    public void onMessage(PeerTransport.Message m) {
        if (!node.settings().accepts(m.from())) {
            // Not a configured peer: record and drop, never answer (no queue is created for strangers).
            node.recordRejection(String.valueOf(m.from()), messageId(m), new JinkuException(RejectCode.NOT_AUTHORIZED,
                    "message from '" + m.from() + "', which is not a peer of this node"), node.digestHex(m.body()));
            return;
        }
        String from = m.from();
        if (Ack.TYPE.equals(m.type())) {
            onAck(from, m);
        } else if ("VOUCHER".equals(m.type())) {
            onEnvelope(from, m);
        } else {
            node.recordRejection(from, messageId(m), new JinkuException(RejectCode.MALFORMED_XML,
                    "unknown message type '" + m.type() + "'"), node.digestHex(m.body()));
        }
    }

    /** The sender's message id, bounded: it is echoed in answers and stored. */
    private static String messageId(PeerTransport.Message m) {
        String id = m.messageId();
        return id == null || id.isEmpty() ? "?" : id.length() > 120 ? id.substring(0, 120) : id;
    }

    // ------------------------------------------------------------------ envelopes

    private void onEnvelope(String from, PeerTransport.Message m) {
        List<EnvelopeEntry> entries;
        try {
            entries = node.catalog().readEnvelope(m.body());
        } catch (JinkuException e) {
            // Without a readable key, answer by the message id, which names the voucher for our own senders.
            refuse(from, messageId(m), messageId(m), e, node.digestHex(m.body()));
            return;
        }
        for (EnvelopeEntry entry : entries) {
            String ref = Ack.ref(entry.key(), entry.voucherFlag());
            try {
                receive(from, entry);
            } catch (JinkuException e) {
                refuse(from, entry.key().toString(), ref, e, node.digestHex(entry.voucherBase64()));
            }
        }
    }

    private void refuse(String from, String what, String ref, JinkuException e, String digest) {
        node.store().inTransaction(s -> {
            node.recordRejection(s, from, what, e, digest);
            node.enqueueAck(s, from, new Ack(ref, Ack.Step.RECEIVE_FAILED, e.code(), e.getMessage()));
            return null;
        });
        node.wakeOutbox();
    }

    private void receive(String from, EnvelopeEntry entry) {
        VoucherKey key = entry.key();
        int flag = entry.voucherFlag();
        String digest = node.digestHex(entry.voucherBase64());

        Optional<VoucherRow> stored = node.store().read(s -> s.find(key, flag));
        if (stored.isPresent()) {
            answerDuplicate(from, entry, stored.get(), digest);
            return;
        }
        Voucher voucher = node.catalog().fromBase64(entry.voucherBase64());
        if (!key.equals(voucher.key())) {
            throw new JinkuException(RejectCode.ENVELOPE_MISMATCH, "VoucherBody says " + key + " but the voucher inside is "
                    + voucher.key());
        }
        VoucherType type = node.catalog().type(key.vtCode()).orElseThrow(() -> new JinkuException(
                RejectCode.UNKNOWN_VOUCHER_TYPE, "voucher type " + key.vtCode() + " is not in the catalogue"));
        List<FieldError> errors = node.catalog().validate(voucher, flag);
        if (!errors.isEmpty()) {
            throw JinkuException.invalid(errors);
        }
        if (flag == 0 && type.receiver() != node.role()) {
            throw new JinkuException(RejectCode.NOT_AUTHORIZED, "voucher type " + key.vtCode() + " goes to "
                    + type.receiver() + ", this node is " + node.role());
        }
        List<SignatureRow> sigs = verifySignatures(type, flag, entry);

        Instant now = Instant.now();
        VoucherRow row = node.store().inTransaction(s -> {
            VoucherRow original = null;
            if (flag == 1) {
                original = s.lock(key, 0).orElse(null);
                if (original == null || original.direction() != Direction.OUT || !from.equals(original.peer())) {
                    throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "receipt for " + key
                            + ", but no voucher with that key was sent from here to " + from);
                }
                if (original.state().isFinal()) {
                    throw new JinkuException(RejectCode.WRONG_STATE, "receipt for " + key + ", which is already "
                            + original.state() + " here");
                }
                String mismatch = receiptMismatch(node.catalog().fromBase64(original.bodyBase64()), voucher,
                        NodeEngine.payField(type));
                if (mismatch != null) {
                    throw new JinkuException(RejectCode.ENVELOPE_MISMATCH, "receipt for " + key
                            + " is not the voucher sent: " + mismatch);
                }
            }
            Optional<VoucherRow> inserted = s.insert(new VoucherRow(0, key, flag, Direction.IN, from,
                    VoucherState.RECEIVED, entry.voucherBase64(), digest,
                    voucher.get((flag == 1 ? "X" : "") + NodeEngine.payField(type)), null, now, now));
            if (inserted.isEmpty()) {
                return null; // lost a race with a redelivery of the same message: answered by that one
            }
            VoucherRow r = inserted.get();
            for (SignatureRow g : sigs) {
                s.addSignature(new SignatureRow(r.id(), g.seq(), g.position(), g.userId(), g.post(), g.certSerialHex(),
                        g.signer(), g.cmsBase64(), g.at()));
            }
            node.events().append(s, r.id(), "RECEIVED", from, "verified " + sigs.size() + " signature(s): "
                    + sigs.stream().map(SignatureRow::position).toList());
            node.enqueueAck(s, from, new Ack(Ack.ref(key, flag), Ack.Step.RECEIVED, null, null));
            if (flag == 1) {
                // A verified receipt is taken at once: 接收 and 签收 of the 回单.
                s.updateState(r.id(), VoucherState.ACCEPTED, null);
                node.enqueueAck(s, from, new Ack(Ack.ref(key, flag), Ack.Step.ACCEPTED, null, null));
                s.setDelivery(original.id(), from, DeliveryStatus.RECEIPT_BACK, null);
                s.updateState(original.id(), VoucherState.CONFIRMED, null);
                node.events().append(s, original.id(), "RECEIPT", from, "receipt received and verified, "
                        + r.payAmt() + " yuan paid");
            }
            return r;
        });
        node.wakeOutbox();
        if (row == null) {
            return;
        }
        if (flag == 0) {
            node.notifyReceived(key);
        } else {
            node.notifyAdapter("receiptReceived " + key, a -> node.find(key, 1).ifPresent(v ->
                    a.receiptReceived(node, v, voucher)));
        }
    }

    /**
     * The same key again. Identical content is a redelivery: nothing changes and the sender hears the
     * current state again. Other content under a stored key is refused; the stored voucher stays.
     */
    private void answerDuplicate(String from, EnvelopeEntry entry, VoucherRow stored, String digest) {
        if (stored.direction() != Direction.IN || !stored.digest().equals(digest) || !from.equals(stored.peer())) {
            throw new JinkuException(RejectCode.DUPLICATE_VOUCHER, "voucher " + entry.key()
                    + (entry.voucherFlag() == 1 ? " (receipt)" : "") + " is already stored here ("
                    + (stored.direction() == Direction.OUT ? "made here" : "received on " + stored.created())
                    + ") with other content; the stored one is kept and this one refused");
        }
        node.store().inTransaction(s -> {
            VoucherRow row = s.lock(entry.key(), entry.voucherFlag()).orElseThrow();
            String ref = Ack.ref(entry.key(), entry.voucherFlag());
            node.enqueueAck(s, from, new Ack(ref, Ack.Step.RECEIVED, null, null));
            switch (row.state()) {
                case ACCEPTED, REPLIED -> node.enqueueAck(s, from, new Ack(ref, Ack.Step.ACCEPTED, null, null));
                case REFUSED -> node.enqueueAck(s, from, new Ack(ref, Ack.Step.REFUSED, RejectCode.BUSINESS_REFUSED,
                        row.reason()));
                case RETURNED -> node.enqueueAck(s, from, new Ack(ref, Ack.Step.RETURNED, RejectCode.RETURNED,
                        row.reason()));
                default -> {
                }
            }
            node.events().append(s, row.id(), "DUPLICATE", from, "identical copy received again; answered "
                    + row.state());
            return null;
        });
        node.wakeOutbox();
    }

    /**
     * A receipt is the voucher sent with the X fields filled in: every other field must be as sent, line
     * by line, and the amount paid may not exceed the amount ordered. Null when it is so.
     */
    static String receiptMismatch(Voucher sent, Voucher receipt, String payField) {
        String h = fieldsDiffer("", sent.header(), receipt.header());
        if (h != null) {
            return h;
        }
        if (sent.details().size() != receipt.details().size()) {
            return sent.details().size() + " detail line(s) sent, " + receipt.details().size() + " in the receipt";
        }
        for (int i = 0; i < sent.details().size(); i++) {
            String d = fieldsDiffer("DetailList[" + i + "].", sent.details().get(i), receipt.details().get(i));
            if (d != null) {
                return d;
            }
        }
        String paid = receipt.get("X" + payField);
        String ordered = sent.get(payField);
        if (paid != null && ordered != null) {
            java.math.BigDecimal p = new java.math.BigDecimal(paid);
            if (p.signum() < 0 || p.compareTo(new java.math.BigDecimal(ordered)) > 0) {
                return "X" + payField + " " + paid + " is outside 0.." + ordered;
            }
        }
        return null;
    }

    private static String fieldsDiffer(String prefix, Map<String, String> sent, Map<String, String> receipt) {
        for (Map.Entry<String, String> f : sent.entrySet()) {
            if (!f.getKey().startsWith("X") && !f.getValue().equals(receipt.get(f.getKey()))) {
                return prefix + f.getKey() + " was '" + f.getValue() + "', receipt says '" + receipt.get(f.getKey()) + "'";
            }
        }
        for (String name : receipt.keySet()) {
            if (!name.startsWith("X") && !sent.containsKey(name)) {
                return prefix + name + " was not in the voucher sent";
            }
        }
        return null;
    }

    private List<SignatureRow> verifySignatures(VoucherType type, int flag, EnvelopeEntry entry) {
        byte[] content = entry.voucherBase64().getBytes(StandardCharsets.US_ASCII);
        List<SignatureRow> out = new ArrayList<>();
        List<String> personalSigners = new ArrayList<>();
        for (StampPosition p : type.positions(flag)) {
            SignatureEntry sig = entry.signatures().stream().filter(g -> g.position().equals(p.no())).findFirst()
                    .orElseThrow(() -> new JinkuException(RejectCode.MISSING_SIGNATURE, "signature at position " + p.no()
                            + " (" + p.label() + ") is missing"));
            byte[] cms;
            try {
                cms = Base64.getMimeDecoder().decode(sig.cmsBase64());
            } catch (IllegalArgumentException e) {
                throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature at " + p.no() + " is not base64");
            }
            VerifiedSignature v;
            try {
                v = node.crypto().verify(content, cms);
            } catch (JinkuException e) {
                throw new JinkuException(e.code(), "signature at " + p.no() + ": " + e.getMessage());
            }
            if (!sig.certSerialHex().isEmpty() && !sig.certSerialHex().equalsIgnoreCase(v.serialHex())) {
                throw new JinkuException(RejectCode.BAD_SIGNATURE, "signature at " + p.no() + " claims SN "
                        + sig.certSerialHex() + " but was made with certificate " + v.serialHex());
            }
            if (!p.organisation()) {
                if (personalSigners.contains(v.subject())) {
                    throw new JinkuException(RejectCode.SAME_SIGNER_TWICE, "signature at " + p.no()
                            + " is by " + v.subject() + ", who already signed another post of this voucher");
                }
                personalSigners.add(v.subject());
            }
            out.add(new SignatureRow(0, out.size() + 1, p.no(), null, p.post().name(), v.serialHex(), v.subject(),
                    sig.cmsBase64(), Instant.now()));
        }
        return out;
    }

    // ------------------------------------------------------------------ acknowledgements

    private void onAck(String from, PeerTransport.Message m) {
        Ack ack;
        try {
            String signature = m.header("signature");
            if (signature == null) {
                throw new JinkuException(RejectCode.MISSING_SIGNATURE, "acknowledgement is not signed");
            }
            node.crypto().verify(m.body(), Base64.getDecoder().decode(signature));
            ack = Ack.fromJson(m.body());
        } catch (JinkuException e) {
            node.recordRejection(from, messageId(m), e, node.digestHex(m.body()));
            return;
        } catch (IllegalArgumentException e) {
            node.recordRejection(from, messageId(m), new JinkuException(RejectCode.BAD_SIGNATURE,
                    "acknowledgement signature is not base64"), node.digestHex(m.body()));
            return;
        }
        Object[] ref = Ack.parseRef(ack.ref());
        if (ref == null) {
            node.recordRejection(from, ack.ref(), new JinkuException(RejectCode.UNKNOWN_VOUCHER,
                    "acknowledgement names no voucher of ours: " + ack.ref()), node.digestHex(m.body()));
            return;
        }
        VoucherKey key = (VoucherKey) ref[0];
        int flag = (Integer) ref[1];
        boolean failed;
        try {
            failed = applyAck(from, ack, key, flag);
        } catch (JinkuException e) {
            node.recordRejection(from, ack.ref(), e, node.digestHex(m.body()));
            return;
        }
        if (failed) {
            node.notifyAdapter("voucherRejected " + key, a -> node.find(key, flag).ifPresent(v ->
                    a.voucherRejected(node, v)));
        }
    }

    /** Applies an acknowledgement; true when it reports a failure, refusal or return. */
    private boolean applyAck(String from, Ack ack, VoucherKey key, int flag) {
        return node.store().inTransaction(s -> {
            Optional<VoucherRow> found = s.lock(key, flag);
            if (found.isEmpty() || found.get().direction() != Direction.OUT || !from.equals(found.get().peer())) {
                throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "acknowledgement " + ack.step() + " from " + from
                        + " for " + ack.ref() + ", which was not sent from here to " + from);
            }
            VoucherRow row = found.get();
            DeliveryStatus next = ack.step().status.forFlag(flag);
            DeliveryStatus current = s.deliveries(row.id()).stream().filter(d -> d.destination().equals(from))
                    .map(d -> d.status()).findFirst().orElse(DeliveryStatus.NOT_SENT.forFlag(flag));
            if (RANK.getOrDefault(next, 0) <= RANK.getOrDefault(current, 0)) {
                return false; // repeated or late: status never moves back
            }
            s.setDelivery(row.id(), from, next, ack.reason());
            VoucherState state = switch (ack.step()) {
                case RECEIVED -> flag == 0 ? VoucherState.DELIVERED : null;
                case ACCEPTED -> flag == 0 ? VoucherState.ACCEPTED : VoucherState.CONFIRMED;
                case RECEIVE_FAILED -> VoucherState.FAILED;
                case REFUSED -> VoucherState.REFUSED;
                case RETURNED -> VoucherState.RETURNED;
            };
            if (state != null && !row.state().isFinal()) {
                s.updateState(row.id(), state, ack.reason());
            }
            node.events().append(s, row.id(), "ACK_" + ack.step(), from, ack.reason() == null ? next.text()
                    : next.text() + ": " + (ack.code() == null ? "" : ack.code() + " ") + ack.reason());
            return ack.step() != Ack.Step.RECEIVED && ack.step() != Ack.Step.ACCEPTED;
        });
    }
}
