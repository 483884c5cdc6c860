package org.jinku.core.internal;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.EnvelopeEntry;
import org.jinku.api.JinkuException;
import org.jinku.api.RejectCode;
import org.jinku.api.spi.PeerTransport;
import org.jinku.api.spi.VoucherStore;
import org.jinku.api.spi.StoreUnavailableException;

/**
 * Everything that arrives from peers, as a chain of small steps sharing one {@link Inbound} context:
 * authorise sender → read → dedupe → validate → verify signatures (bound to party and post) → match
 * receipt → store and ack → notify; for acknowledgements, verify → apply.
 * <p>
 * Each message (and each voucher body of an envelope) runs in its own savepoint: whatever goes wrong with
 * it is a recorded refusal of that message alone, answered to the peer where an answer is due, and
 * touches nothing already stored. Only {@link StoreUnavailableException} — the database is down — leaves
 * this class, so the transport delivers the messages again later.
 */
final class Inbox implements PeerTransport.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    /** How a refusal is answered to the peer. */
    private enum Answer {
        /** Not at all: a stranger, an acknowledgement, a message that is not ours. */
        NONE,
        /** 接收失败 naming no voucher, bound to the digest of the whole message. */
        MESSAGE,
        /** 接收失败 of one voucher body, bound to its digest (naming its key unless told not to). */
        ENTRY
    }

    private final NodeEngine node;
    private final InboundStep authorise;
    private final InboundStep readEnvelope;
    private final InboundStep decrypt;
    private final List<InboundStep> entrySteps;
    private final List<InboundStep> ackSteps;

    Inbox(NodeEngine node) {
        this.node = node;
        authorise = new AuthoriseSender(node.peers());
        readEnvelope = new ReadEnvelope(node.catalog());
        decrypt = new DecryptPayload(node);
        // Dedupe first: a copy of what is stored is answered from what is stored (never re-judged by
        // today's certificates or settings), and other content under a held key is refused without its key.
        // Verified before anything else is decided: a copy whose signatures fail is refused as such even when
        // the same content is already held here (a tampered resend is a forgery, not a redelivery).
        entrySteps = List.of(new ValidateVoucher(node.catalog(), node.role()),
                new VerifySignatures(node.crypto(), node.peers(), node.settings(), node.revocations()),
                new VerifyStamps(node.sealDesk()), new Dedupe(node), new MatchReceipt(node.catalog(), node.settings().role()),
                new StoreAndAck(node), new Notify(node));
        ackSteps = List.of(new VerifyAck(node.crypto(), node.settings(), node.revocations()), new ApplyAck(node));
    }

    /** Messages that arrived together commit together (one log flush); each keeps its own outcome. */
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
        Inbound in = new Inbound(m);
        if (!run(in, Answer.NONE, List.of(authorise))) {
            return;
        }
        if (Ack.TYPE.equals(m.type())) {
            run(in, Answer.NONE, ackSteps);
        } else if ("VOUCHER".equals(m.type())) {
            if (run(in, Answer.MESSAGE, List.of(decrypt, readEnvelope))) {
                for (EnvelopeEntry e : in.entries) {
                    run(in.forEntry(e, node.digestHex(e.voucherBase64())), Answer.ENTRY, entrySteps);
                }
            }
        } else if (NodeEngine.CRL.equals(m.type())) {
            run(in, Answer.NONE, List.of((s, i) -> node.revocations().accept(i.message.body(), i.from())));
        } else if (SealDesk.SEAL.equals(m.type())) {
            run(in, Answer.NONE, List.of((s, i) -> node.sealDesk().onSeal(s, i.peer, i.message.body(),
                    i.message.header("signature"))));
        } else if (DataChannel.TYPE.equals(m.type())) {
            run(in, Answer.NONE, List.of((s, i) -> node.dataChannel().receive(i.peer, i.message.messageId(), i.message.body(),
                    i.message.header(SignedMessages.SIGNATURE))));
        } else if (SealDesk.SEAL_ACK.equals(m.type())) {
            run(in, Answer.NONE, List.of((s, i) -> node.sealDesk().onSealAck(i.peer, i.message.body(),
                    i.message.header("signature"))));
        } else {
            String why = PeerTransport.INVALID.equals(m.type()) ? String.valueOf(m.header("invalid"))
                    : "unknown message type '" + m.type() + "'";
            refuse(in, Answer.NONE, new JinkuException(RejectCode.INVALID_MESSAGE, why));
        }
    }

    /** Runs steps in a savepoint; false when the message was refused (and the refusal recorded). */
    private boolean run(Inbound in, Answer answer, List<InboundStep> steps) {
        try {
            node.store().inTransaction(s -> {
                for (InboundStep step : steps) {
                    if (in.done) {
                        break;
                    }
                    step.apply(s, in);
                }
                return null;
            });
            return true;
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (JinkuException e) {
            refuse(in, answer, e);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // A fault of ours on this one message: recorded and answered, never holding up the others.
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("node {}: error id {} processing message {} from {}", node.name(), id, in.messageId(),
                    in.from(), e);
            refuse(in, answer, new JinkuException(RejectCode.INTERNAL_ERROR, "internal error while processing this"
                    + " message; error id " + id));
        }
        return false;
    }

    private void refuse(Inbound in, Answer answer, JinkuException e) {
        try {
            record(in, answer, e);
        } catch (StoreUnavailableException down) {
            throw down;
        } catch (RuntimeException | LinkageError | AssertionError failed) {
            // Even answering failed (e.g. the signing key is unavailable): keep the refusal, unanswered.
            LOG.error("node {}: could not answer the refusal of message {} from {} ({} {})", node.name(),
                    in.messageId(), in.from(), e.code(), e.getMessage(), failed);
            if (answer != Answer.NONE) {
                record(in, Answer.NONE, e);
            }
        }
    }

    /**
     * Whether this very content is already stored here: then a refusal concerns only this copy and must not
     * name the key, or the sender would read it as the fate of the voucher this node holds (and may pay).
     */
    private static boolean heldHere(VoucherStore.Session s, Inbound in) {
        return s.find(in.entry.key(), in.flag()).filter(r -> r.digest().equals(in.digest)).isPresent();
    }

    private void record(Inbound in, Answer answer, JinkuException e) {
        String from = String.valueOf(in.from());
        node.store().inTransaction(s -> {
            if (in.entry != null) {
                node.recordRejection(s, from, in.entry.key().toString() + (in.flag() == 1 ? "#1" : ""), e, in.digest);
            } else {
                node.recordRejection(s, from, in.messageId(), e, node.digestHex(in.message.body()));
            }
            switch (answer) {
                case NONE -> {
                }
                case MESSAGE -> node.enqueueAck(s, from, new Ack(null, node.digestHex(in.message.body()),
                        Ack.Step.RECEIVE_FAILED, e.code(), e.getMessage(), in.messageId()));
                case ENTRY -> node.enqueueAck(s, from, in.refuseWithoutKey || heldHere(s, in)
                        ? new Ack(null, in.digest, Ack.Step.RECEIVE_FAILED, e.code(), e.getMessage(),
                        in.messageId())
                        : Ack.of(in.entry.key(), in.flag(), in.digest, Ack.Step.RECEIVE_FAILED, e.code(),
                        e.getMessage()));
            }
            return null;
        });
        if (answer != Answer.NONE) {
            node.wakeOutbox();
        }
    }
}
